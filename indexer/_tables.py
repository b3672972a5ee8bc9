"""Table recovery: cells exported as tab-led lines, rows separated by blank lines, rejoined.

A document comes out as a list of blocks: plain lines (str) and `Table`s. A data table keeps its
rows and headers so each row can answer on its own; a table used only for page layout (a
guideline typeset as 类别/条目/内容 columns) or a form is flattened back into lines, because its
cells are running text with their own clause numbering.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ._numbering import attachment_number, starts_with_marker

# A data table's cells are labels and figures; a guideline typeset as a table has whole
# paragraphs in its cells. Longest cell in the corpus's data tables: ~110 characters.
LAYOUT_CELL_CHARS = 200
_HEADER_CELL_CHARS = 24
_TOTALS = {"合计", "小计", "总计", "合計", "小計", "總計"}


_NUMBER = re.compile(r"[\d.\-]+")
# Where a row passage's reading ends and the row's words as the document has them begin.
VERBATIM = "\n原表："


def row_reading(text: str) -> str:
    """A row passage without its verbatim cells: what is searched, judged and quoted."""
    return text.partition(VERBATIM)[0]
# A row is named by a short text cell: longer cells are contents (a 项目内容 column), not names.
NAME_CELL_CHARS = 30


@dataclass
class Table:
    """A data table: its title lines, (merged) column headers and rows of cells."""

    title: str
    headers: list[str]
    rows: list[list[str]] = field(default_factory=list)
    # Each row as the document has it, cell after cell ("标准制定 50 / 科技评估 / 科技奖励 / 决策咨询"
    # for rows sharing a merged cell): the reading above carries merged cells and aligns totals,
    # and a reviewer checks that reading against these words.
    verbatim: list[str] = field(default_factory=list)

    def render(self) -> str:
        """The table as text: its title, then one line a row of "列名：值" (empty cells left out)."""
        rows = [render_fields(self.filled_fields(r)) for r in self.rows]
        return "\n".join([self.title] * bool(self.title) + [r for r in rows if r])

    def row_text(self, row: list[str], verbatim: str = "") -> str:
        """One row as a passage: "标题｜列名：值；列名：值…" (empty cells left out), then the
        row's own words as the document has them after `VERBATIM`."""
        body = render_fields(self.filled_fields(row))
        text = f"{self.title}｜{body}" if self.title else body
        return text + VERBATIM + verbatim if verbatim else text

    def filled_fields(self, row: list[str]) -> list[tuple[str, str]]:
        """A row's (header, cell) pairs without the empty cells."""
        return [(h, v) for h, v in self.row_fields(row) if v]

    def row_fields(self, row: list[str]) -> list[tuple[str, str]]:
        """Pair a row's cells with headers; extra cells join the header before them."""
        return [(h, " ".join(c for c in cells if c)) for h, cells in self._columns(row)]

    def _columns(self, row: list[str]) -> list[tuple[str, list[str]]]:
        """(header, the row's cells under it): one cell each, several under a spanning header."""
        n = len(self.headers)
        if len(row) <= n:
            return [(self.headers[i], [row[i]]) for i in range(len(row))]
        extra = len(row) - n
        # Extra cells come from a header cell spanning sub-columns: in this corpus the
        # spanning column sits before the last (e.g. 子项目 over two name columns).
        span_at = max(0, n - 2)
        out = [(self.headers[i], [row[i]]) for i in range(span_at)]
        out.append((self.headers[span_at], row[span_at : span_at + extra + 1]))
        out += [(self.headers[span_at + 1 + i], [row[span_at + extra + 1 + i]]) for i in range(n - span_at - 1)]
        return out

    def name_columns(self) -> set[int]:
        """Columns (among the first three) that name rows: short text in every filled cell."""
        cols: dict[int, list[str]] = {}
        for r in self.rows:
            if _is_total(r):
                continue
            for i, (_, v) in enumerate(self.row_fields(r)[:3]):
                if v:
                    cols.setdefault(i, []).append(v)
        return {
            i for i, vs in cols.items()
            if all(len(v) <= NAME_CELL_CHARS for v in vs) and not all(_NUMBER.fullmatch(v) for v in vs)
        }

    def row_name(self, row: list[str], name_columns: set[int] | None = None) -> str:
        """The row's most specific name: the last text cell of its naming columns (子项目 rather
        than 项目类别, the sub-cell 一流科普学会 rather than the 一流平台学会建设 spanning it)."""
        cols = self.name_columns() if name_columns is None else name_columns
        name = ""
        for i, (_, cells) in enumerate(self._columns(row)[:3]):
            if i in cols:
                for c in cells:
                    if c and not _NUMBER.fullmatch(c) and len(c) <= NAME_CELL_CHARS:
                        name = c
        return re.sub(r"\s+", "", name)


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
        if attachment_number(line) is not None:
            return j
        if line.startswith("\t") or _is_blank(line):
            j += 1
            continue
        if j > 0 and _is_blank(lines[j - 1]):
            # Text after a blank line continues a cell only if the table resumes right after.
            k = j + 1
            while k < n and _is_blank(lines[k]):
                k += 1
            if k < n and lines[k].startswith("\t") and not starts_with_marker(line):
                j = k
                continue
            return j
        j += 1
    return j


def _is_header(row: list[str]) -> bool:
    return len(row) >= 2 and all(c and len(c) <= _HEADER_CELL_CHARS and not starts_with_marker(c) for c in row)


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
    has_markers = any(starts_with_marker(c) for r in rows for c in r if c)
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
        # The column headers ("类别 条目 内容 备注") as one line, not one line a cell.
        width = len([c for c in rows[0] if c])
        lines = [" ".join(lines[:width])] + lines[width:]
    return lines


def _title_before(blocks: list[Block]) -> str:
    """The title of a table: the one or two text lines right above it."""
    parts: list[str] = []
    tail = list(blocks)
    while tail and isinstance(tail[-1], str) and _is_blank(tail[-1]):
        tail.pop()
    for b in reversed(tail):
        if not isinstance(b, str) or _is_blank(b) or b.strip().startswith("备注") or attachment_number(b) is not None:
            break
        parts.insert(0, b.strip())
        if len(parts) == 2:
            break
    return "".join(parts)


def _is_total(row: list[str]) -> bool:
    return any(re.sub(r"\s+", "", c) in _TOTALS for c in row)


def _align_total(row: list[str], width: int, name_col: int) -> list[str]:
    """A short total row ("合计", "277") under its columns: the label in the name column, the
    figures in the last columns (where a table's counts stand), not in the first ones."""
    if len(row) >= width:
        return row
    labels = [c for c in row if c and not _NUMBER.fullmatch(c)]
    figures = [c for c in row if c and _NUMBER.fullmatch(c)]
    if len(labels) != 1 or len(figures) + 1 > width:
        return row
    out = [""] * width
    out[min(name_col, width - len(figures) - 1)] = labels[0]
    if figures:
        out[width - len(figures) :] = figures
    return out


def _carry_merged(rows: list[list[str]], continued: list[bool]) -> list[list[int]]:
    """Trailing cells merged over several rows arrive empty in the rows below the first: those
    rows (continuing a group whose key cells were merged too) take the value from above. Returns
    the groups of row indices that share a cell, by column: [[col, row, row, …], …]."""
    groups: dict[tuple[int, int], list[int]] = {}  # (column, first row) → rows sharing its cell
    owner: dict[tuple[int, int], tuple[int, int]] = {}
    for i in range(1, len(rows)):
        r, prev = rows[i], rows[i - 1]
        if not continued[i] or len(r) != len(prev) or _is_total(r):
            continue
        last = max((j for j, c in enumerate(r) if c), default=-1)
        for j in range(last + 1, len(r)):
            if not prev[j]:
                continue
            key = owner.get((i - 1, j), (j, i - 1))
            groups.setdefault(key, [i - 1]).append(i)
            owner[(i, j)] = key
            r[j] = prev[j]
    return [[col, *members] for (col, _), members in groups.items()]


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
    raw = [" ".join(c.replace("\n", "") for c in r if c.strip()) for r in body]
    # Merged cells arrive empty: the leading key columns take the value from the row above.
    filled: list[list[str]] = []
    continued: list[bool] = []
    prev: list[str] = []
    for r in body:
        r = [c.replace("\n", "") for c in r]
        lead = next((i for i, c in enumerate(r) if c), len(r))
        if prev and lead > 0 and not _is_total(r):
            r = prev[:lead] + r[lead:]
        filled.append(r)
        continued.append(bool(prev) and lead > 0)
        prev = r
    shared = _carry_merged(filled, continued)
    table = Table(title=title, headers=headers, rows=filled, verbatim=_verbatim(raw, shared))
    name_col = min(table.name_columns(), default=0)
    table.rows = [_align_total(r, len(headers), name_col) if _is_total(r) else r for r in filled]
    _note_shared(table, shared)
    return table


def _verbatim(raw: list[str], shared: list[list[int]]) -> list[str]:
    """Each row's words as the document has them; rows sharing a merged cell get the whole group's,
    since the shared cell stands in the first row only."""
    span = [(i, i) for i in range(len(raw))]
    for _, *members in shared:
        lo, hi = min(members), max(members)
        for i in members:
            span[i] = (min(span[i][0], lo), max(span[i][1], hi))
    return ["\n".join(r for r in raw[lo : hi + 1] if r) for lo, hi in span]


def _note_shared(table: Table, shared: list[list[int]]) -> None:
    """A cell merged over rows says so in each row: "40（与一流科普学会、一流科技服务学会共用）"."""
    cols = table.name_columns()
    names = [table.row_name(r, cols) for r in table.rows]
    for col, *members in shared:
        value = table.rows[members[0]][col]
        for i in members:
            others = [names[k] for k in members if k != i and names[k]]
            if others:
                table.rows[i][col] = f"{value}（与{'、'.join(others)}共用）"


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
