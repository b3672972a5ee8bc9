"""Table recovery: cells exported as tab-led lines, rows separated by blank lines, rejoined.

A document comes out as a list of blocks: plain lines (str) and `Table`s. A data table keeps its
rows and headers so each row can answer on its own; a table used only for page layout (a
guideline typeset as 类别/条目/内容 columns) or a form is flattened back into lines, because its
cells are running text with their own clause numbering.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

_ATTACHMENT = re.compile(r"^\s*附\s*件\s*\d+\s*$")
_MARKER = re.compile(r"^\s*([一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}[.．、])")
# A data table's cells are labels and figures; a guideline typeset as a table has whole
# paragraphs in its cells. Longest cell in the corpus's data tables: ~110 characters.
LAYOUT_CELL_CHARS = 200
_HEADER_CELL_CHARS = 24
_TOTALS = {"合计", "小计", "总计", "合計", "小計", "總計"}


@dataclass
class Table:
    """A data table: its title lines, (merged) column headers and rows of cells."""

    title: str
    headers: list[str]
    rows: list[list[str]] = field(default_factory=list)

    def render(self) -> str:
        """The table as text: its title, then one line a row of "列名：值" (empty cells left out)."""
        rows = [render_fields(self.filled_fields(r)) for r in self.rows]
        return "\n".join([self.title] * bool(self.title) + [r for r in rows if r])

    def filled_fields(self, row: list[str]) -> list[tuple[str, str]]:
        """A row's (header, cell) pairs without the empty cells."""
        return [(h, v) for h, v in self.row_fields(row) if v]

    def row_fields(self, row: list[str]) -> list[tuple[str, str]]:
        """Pair a row's cells with headers; extra cells join the header before them."""
        n = len(self.headers)
        if len(row) <= n:
            return [(self.headers[i], row[i]) for i in range(len(row))]
        extra = len(row) - n
        # Extra cells come from a header cell spanning sub-columns: in this corpus the
        # spanning column sits before the last (e.g. 子项目 over two name columns).
        span_at = max(0, n - 2)
        out = [(self.headers[i], row[i]) for i in range(span_at)]
        out.append((self.headers[span_at], " ".join(c for c in row[span_at : span_at + extra + 1] if c)))
        out += [(self.headers[span_at + 1 + i], row[span_at + extra + 1 + i]) for i in range(n - span_at - 1)]
        return out


Block = str | Table


def render_fields(fields: list[tuple[str, str]]) -> str:
    """Cells as one line: "列名：值；列名：值"."""
    return "；".join(f"{h}：{v}" for h, v in fields)


def _is_blank(line: str) -> bool:
    return not line.strip()


def _rows_of(lines: list[str]) -> list[list[str]]:
    """Group a table region's lines into rows of cells."""
    rows: list[list[str]] = []
    row: list[str] | None = None
    blank_seen = True
    for line in lines:
        if _is_blank(line) and not line.startswith("\t"):
            blank_seen = True
            continue
        if line.startswith("\t"):
            if blank_seen or row is None:
                row = []
                rows.append(row)
            row.append(line.strip())
        elif row:
            # A wrapped cell: "项目数量" / "（上限）" or the running lines of a 内容 cell.
            row[-1] = (row[-1] + "\n" + line.strip()).strip()
        blank_seen = False
    return rows


def _region_end(lines: list[str], i: int) -> int:
    """Index just past the table region starting at line i."""
    n = len(lines)
    j = i
    while j < n:
        line = lines[j]
        if _ATTACHMENT.match(line):
            return j
        if line.startswith("\t") or _is_blank(line):
            j += 1
            continue
        if j > 0 and _is_blank(lines[j - 1]):
            # Text after a blank line continues a cell only if the table resumes right after.
            k = j + 1
            while k < n and _is_blank(lines[k]):
                k += 1
            if k < n and lines[k].startswith("\t") and not _MARKER.match(line):
                j = k
                continue
            return j
        j += 1
    return j


def _is_header(row: list[str]) -> bool:
    return len(row) >= 2 and all(c and len(c) <= _HEADER_CELL_CHARS and not _MARKER.match(c) for c in row)


def _merge_subheader(headers: list[str], sub: list[str]) -> list[str] | None:
    """Two header rows (a spanning cell over sub-columns) → one row of headers."""
    first = next((i for i, c in enumerate(sub) if c), None)
    if first is None or any(re.fullmatch(r"[\d.\-]+", c) for c in sub if c) or sub[0]:
        return None
    spanning = headers[first:]
    children = sub[first:]
    if len(spanning) != 1:
        return None
    return headers[:first] + [f"{spanning[0]}·{c}" for c in children]


def _flatten(rows: list[list[str]]) -> list[str]:
    """A layout or form table → lines of text, keeping each cell's own line breaks."""
    has_markers = any(_MARKER.match(c) for r in rows for c in r if c)
    lines: list[str] = []
    for r in rows:
        cells = [c for c in r if c]
        if not cells:
            continue
        if has_markers:
            for c in cells:
                lines.extend(x for x in c.split("\n") if x.strip())
        else:
            lines.append(" ".join(c.replace("\n", " ") for c in cells))
    if has_markers and lines and _is_header(rows[0]):
        lines = lines[len([c for c in rows[0] if c]) :]
    return lines


def _title_before(blocks: list[Block]) -> str:
    """The title of a table: the one or two text lines right above it."""
    parts: list[str] = []
    tail = list(blocks)
    while tail and isinstance(tail[-1], str) and _is_blank(tail[-1]):
        tail.pop()
    for b in reversed(tail):
        if not isinstance(b, str) or _is_blank(b) or b.strip().startswith("备注") or _ATTACHMENT.match(b):
            break
        parts.insert(0, b.strip())
        if len(parts) == 2:
            break
    return "".join(parts)


def _make_table(rows: list[list[str]], title: str) -> Table | None:
    if len(rows) < 3 or not _is_header(rows[0]):
        return None
    if max(len(c) for r in rows for c in r) > LAYOUT_CELL_CHARS:
        return None
    headers = [c.replace("\n", "") for c in rows[0]]
    body = rows[1:]
    merged = _merge_subheader(headers, body[0])
    if merged is not None:
        headers, body = merged, body[1:]
    # Merged cells arrive empty: the leading key columns take the value from the row above.
    filled: list[list[str]] = []
    prev: list[str] = []
    for r in body:
        r = [c.replace("\n", "") for c in r]
        lead = next((i for i, c in enumerate(r) if c), len(r))
        is_total = any(re.sub(r"\s+", "", c) in _TOTALS for c in r)
        if prev and lead > 0 and not is_total:
            r = prev[:lead] + r[lead:]
        filled.append(r)
        prev = r
    return Table(title=title, headers=headers, rows=filled)


def segment(text: str) -> list[Block]:
    """Split a document's text into plain lines and data tables."""
    lines = text.split("\n")
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.startswith("\t"):
            blocks.append(line.rstrip())
            i += 1
            continue
        end = _region_end(lines, i)
        rows = _rows_of(lines[i:end])
        table = _make_table(rows, _title_before(blocks))
        if table is not None:
            blocks.append(table)
        else:
            blocks.extend(_flatten(rows))
        i = end
    return blocks
