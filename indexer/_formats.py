"""Document formats: a file on disk → the plain text the clause parser reads, plus page offsets.

Every format comes out in the one text convention the rest of the indexer already reads: numbered
lines as a reader sees them (一、 （一） 1．), and tables as tab-led cell lines with a blank line
between rows (see _tables.py), merged cells written into every row they cover. A PDF also gives
the character offset where each page starts, so a chunk can be cited with its page.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ._loader import decode
from .errors import DocumentError

TEXT_SUFFIXES = (".txt", ".md", ".text")
WORD_SUFFIXES = (".docx",)
LEGACY_SUFFIXES = (".doc", ".wps")
PDF_SUFFIXES = (".pdf",)
HTML_SUFFIXES = (".html", ".htm")
SUPPORTED_SUFFIXES = TEXT_SUFFIXES + WORD_SUFFIXES + LEGACY_SUFFIXES + PDF_SUFFIXES + HTML_SUFFIXES
# A policy document's text is well under 1 MB; a text file far larger is a log or a dump, not a
# document, and would stall the build. Binary formats carry images, so they may be larger.
MAX_TEXT_BYTES = 10 * 1024 * 1024
MAX_BINARY_BYTES = 100 * 1024 * 1024
# Below this many characters a page has no text layer worth the name (a scan, a photo).
_SCAN_CHARS_PER_PAGE = 20


@dataclass
class LoadedText:
    """A document's text in the indexer's convention; `pages[i]` is where page i+1 starts."""

    text: str
    format: str
    pages: list[int] = field(default_factory=list)

    def page_at(self, offset: int) -> int | None:
        """The 1-based page holding character `offset` (None for formats without pages)."""
        if not self.pages:
            return None
        page = 1
        for i, start in enumerate(self.pages):
            if offset >= start:
                page = i + 1
        return page


def supported(path: Path) -> bool:
    return path.suffix.lower() in SUPPORTED_SUFFIXES


def load(path: Path) -> LoadedText:
    """Read any supported document; a DocumentError names the file and what is wrong with it."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise DocumentError(
            f"不支持的文件类型 {suffix or '（无后缀）'}：{path}；可索引的类型：{'、'.join(SUPPORTED_SUFFIXES)}"
        )
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise DocumentError(f"文件不存在（可能在处理过程中被移走或删除）：{path}") from None
    if path.is_dir():
        raise DocumentError(f"这是一个目录，不是文件：{path}")
    limit = MAX_TEXT_BYTES if suffix in TEXT_SUFFIXES + HTML_SUFFIXES else MAX_BINARY_BYTES
    if size > limit:
        raise DocumentError(f"文件太大（{size / 1024 / 1024:.1f} MB，上限 {limit // 1024 // 1024} MB），不像一份政策文件：{path}")
    if size == 0:
        raise DocumentError(f"文件是空的：{path}")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise DocumentError(f"文件不存在（可能在处理过程中被移走或删除）：{path}") from None
    except OSError as e:
        raise DocumentError(f"无法读取文件（{e.strerror or e}）：{path}") from e
    return load_bytes(data, path)


def load_bytes(data: bytes, path: Path) -> LoadedText:
    """Turn a file's bytes (named by `path`, whose suffix picks the format) into text."""
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        text = decode(data, str(path))
        return LoadedText(markdown_to_text(text) if suffix == ".md" else text, "text")
    if suffix in WORD_SUFFIXES:
        return LoadedText(_docx_text(data, path), "docx")
    if suffix in PDF_SUFFIXES:
        return _pdf_text(data, path)
    if suffix in HTML_SUFFIXES:
        return LoadedText(html_text(data, str(path)), "html")
    return LoadedText(_legacy_text(data, path), "doc")


def _nonempty(text: str, path: Path, what: str) -> str:
    if not text.strip():
        raise DocumentError(f"{what}里没有任何文字：{path}")
    return text


# -- Markdown ------------------------------------------------------------------------------------

_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_MD_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")
_MD_QUOTE = re.compile(r"^\s{0,3}>\s?")


def markdown_to_text(text: str) -> str:
    """The text a reader of rendered Markdown sees: no "# ", "**", "> " markup."""
    out = []
    for line in text.split("\n"):
        line = _MD_QUOTE.sub("", _MD_HEADING.sub("", line))
        out.append(_MD_EMPHASIS.sub(r"\2", line).rstrip("# ").rstrip() if line.strip() else line)
    return "\n".join(out)


# -- Word (.docx) --------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CN_DIGITS = "零一二三四五六七八九"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"


def _cn_number(n: int) -> str:
    if n < 10:
        return _CN_DIGITS[n]
    if n < 20:
        return "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _CN_DIGITS[n // 10] + "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    return str(n)


def _roman(n: int) -> str:
    vals = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
            (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
    out = ""
    for v, s in vals:
        while n >= v:
            out += s
            n -= v
    return out


def format_number(fmt: str, n: int) -> str:
    """A list counter in Word's number format (w:numFmt), as it is displayed."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "chineseLegalSimplified", "taiwaneseCounting"):
        return _cn_number(n)
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= 20:
        return _CIRCLED[n - 1]
    if fmt == "decimalFullWidth":
        return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if fmt == "ideographTraditional" and 1 <= n <= 10:
        return _TIANGAN[n - 1]
    if fmt in ("upperLetter", "lowerLetter"):
        s = chr(ord("A") + (n - 1) % 26)
        return s if fmt == "upperLetter" else s.lower()
    if fmt in ("upperRoman", "lowerRoman"):
        return _roman(n).upper() if fmt == "upperRoman" else _roman(n)
    if fmt in ("none", "bullet"):
        return ""
    return str(n)


class _Numbering:
    """Word's automatic list numbering, replayed paragraph by paragraph as Word displays it."""

    def __init__(self, document) -> None:  # noqa: ANN001
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}  # numId → ilvl → (fmt, lvlText, start)
        self.counters: dict[str, list[int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for an in root.findall(f"{_W}abstractNum"):
            lv: dict[int, tuple[str, str, int]] = {}
            for lvl in an.findall(f"{_W}lvl"):
                lv[int(lvl.get(f"{_W}ilvl", "0"))] = (
                    _val(lvl, "numFmt", "decimal"), _val(lvl, "lvlText", ""), int(_val(lvl, "start", "1") or 1)
                )
            abstract[an.get(f"{_W}abstractNumId", "")] = lv
        for num in root.findall(f"{_W}num"):
            ref = num.find(f"{_W}abstractNumId")
            if ref is None:
                continue
            lv = dict(abstract.get(ref.get(f"{_W}val", ""), {}))
            for ov in num.findall(f"{_W}lvlOverride"):
                ilvl = int(ov.get(f"{_W}ilvl", "0"))
                start = ov.find(f"{_W}startOverride")
                if start is not None and ilvl in lv:
                    fmt, text, _ = lv[ilvl]
                    lv[ilvl] = (fmt, text, int(start.get(f"{_W}val", "1")))
            self.levels[num.get(f"{_W}numId", "")] = lv

    def label(self, paragraph) -> str:  # noqa: ANN001
        """The number Word shows in front of `paragraph` ("" when it is not in a list)."""
        num_id, ilvl = _num_pr(paragraph)
        if num_id is None or num_id == "0" or num_id not in self.levels:
            return ""
        levels = self.levels[num_id]
        if ilvl not in levels:
            return ""
        counters = self.counters.setdefault(num_id, [0] * 9)
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = 0
        for upper in range(ilvl):
            if counters[upper] == 0 and upper in levels:
                counters[upper] = levels[upper][2]
        counters[ilvl] = levels[ilvl][2] if counters[ilvl] == 0 else counters[ilvl] + 1
        fmt, text, _ = levels[ilvl]
        if fmt == "bullet":
            return ""

        def sub(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            kfmt = levels.get(k, ("decimal", "", 1))[0]
            return format_number(kfmt, counters[k])

        return re.sub(r"%(\d)", sub, text)


def _val(el, tag: str, default: str) -> str:  # noqa: ANN001
    child = el.find(f"{_W}{tag}")
    return child.get(f"{_W}val", default) if child is not None else default


def _num_pr(paragraph) -> tuple[str | None, int]:  # noqa: ANN001
    """(numId, ilvl) of a paragraph, from its own properties or its style's (and the style's bases)."""
    p_pr = paragraph._p.pPr
    candidates = [p_pr.numPr if p_pr is not None else None]
    style = paragraph.style
    while style is not None and len(candidates) < 8:
        s_pr = style.element.pPr
        candidates.append(s_pr.numPr if s_pr is not None else None)
        style = style.base_style
    num_id: str | None = None
    ilvl: int | None = None
    for npr in candidates:
        if npr is None:
            continue
        if num_id is None and npr.numId is not None:
            num_id = str(npr.numId.val)
        if ilvl is None and npr.ilvl is not None:
            ilvl = int(npr.ilvl.val)
    return num_id, ilvl or 0


def table_lines(rows: list[list[str]]) -> list[str]:
    """Rows of cells → the tab-led lines _tables.py reads (one blank line between rows)."""
    out: list[str] = [""]
    for row in rows:
        for cell in row:
            parts = [ln.strip() for ln in cell.split("\n") if ln.strip()] or [""]
            out.append("\t" + parts[0])
            out.extend(parts[1:])
        out.append("")
    return out


def _docx_rows(table) -> list[list[str]]:  # noqa: ANN001
    """A Word table's rows; a cell merged across rows is repeated in each, one across columns once."""
    rows = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue  # the same merged cell spanning columns
            seen.add(id(cell._tc))
            cells.append("\n".join(p.text for p in cell.paragraphs))
        rows.append(cells)
    return rows


def _docx_text(data: bytes, path: Path) -> str:
    import io

    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as e:
        raise DocumentError(f"无法打开 Word 文件（文件已损坏，或不是 .docx 格式）：{path}") from e
    except Exception as e:  # python-docx raises lxml and its own errors on damaged parts
        raise DocumentError(f"无法读取 Word 文件（{type(e).__name__}），文件可能已损坏：{path}") from e
    numbering = _Numbering(document)
    lines: list[str] = []
    for block in document.element.body.iterchildren():
        if block.tag == f"{_W}p":
            para = Paragraph(block, document)
            text = para.text.replace("\t", " ").strip()
            label = numbering.label(para)
            lines.append((label + text) if text else "")
        elif block.tag == f"{_W}tbl":
            lines.extend(table_lines(_docx_rows(Table(block, document))))
    return _nonempty("\n".join(lines), path, "Word 文件")


# -- PDF -----------------------------------------------------------------------------------------

# "3", "- 3 -", "— 3 —", "第3页", "第 3 页 共 9 页", "3/9": a page number standing alone.
_PAGE_NO = re.compile(r"^\s*(?:[-—–]\s*\d+\s*[-—–]|第\s*\d+\s*页(?:\s*[，,/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+|\d{1,4})\s*$")


_EDGE_NUMBER = re.compile(r"(?:第\d+页(?:共\d+页)?|\d+/\d+|[-—–]?\d+[-—–]?)$")
_EDGE_NUMBER_START = re.compile(r"^(?:第\d+页|[-—–]?\d+[-—–]?(?!\d*[.．、）)]))")


def _running_key(line: str) -> str:
    """A line as repeated page to page: the same text, except that a page-number line ("第3页",
    "江苏省科协 3") varies in its digits; a body line differing in a number ("第3条") stays itself."""
    key = re.sub(r"\s+", "", line)
    numbered = _EDGE_NUMBER.search(key) or _EDGE_NUMBER_START.match(key)
    return re.sub(r"\d+", "#", key) if numbered else key


def _pdf_text(data: bytes, path: Path) -> LoadedText:
    import io

    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = [(p.extract_text(layout=False) or "") for p in pdf.pages]
            has_images = any(p.images for p in pdf.pages[:5])
    except (PDFSyntaxError, ValueError, KeyError, TypeError) as e:
        raise DocumentError(f"无法打开 PDF 文件（文件已损坏，或不是 PDF）：{path}") from e
    except Exception as e:  # pdfminer raises a zoo of errors on damaged files
        raise DocumentError(f"无法读取 PDF 文件（{type(e).__name__}），文件可能已损坏：{path}") from e
    if not pages:
        raise DocumentError(f"PDF 文件没有任何页面：{path}")
    chars = sum(len(re.sub(r"\s+", "", p)) for p in pages)
    if chars < _SCAN_CHARS_PER_PAGE * len(pages):
        why = "像是扫描件（只有图片，没有文字层）" if has_images or chars == 0 else "几乎没有可提取的文字"
        raise DocumentError(f"PDF {why}，无法索引；请先用文字识别（OCR）转成带文字的 PDF 或 Word：{path}")
    page_lines = [strip_page_furniture(p.split("\n")) for p in pages]
    running = running_lines(page_lines)
    text_parts: list[str] = []
    starts: list[int] = []
    offset = 0
    for lines in page_lines:
        kept = [ln for ln in lines if _running_key(ln) not in running]
        starts.append(offset)
        part = "\n".join(kept) + "\n"
        text_parts.append(part)
        offset += len(part)
    return LoadedText("".join(text_parts), "pdf", starts)


def strip_page_furniture(lines: list[str]) -> list[str]:
    """A page's lines without a page number standing alone at its top or bottom."""
    lines = [ln.rstrip() for ln in lines]
    while lines and (not lines[-1].strip() or _PAGE_NO.match(lines[-1])):
        lines.pop()
    while lines and (not lines[0].strip() or _PAGE_NO.match(lines[0])):
        lines.pop(0)
    return lines


def running_lines(pages: list[list[str]]) -> set[str]:
    """Running headers and footers: a line at the top or bottom of most pages (digits ignored)."""
    if len(pages) < 3:
        return set()
    edges: Counter[str] = Counter()
    for lines in pages:
        keys = {_running_key(ln) for ln in lines[:2] + lines[-2:] if ln.strip()}
        edges.update(keys)
    return {k for k, n in edges.items() if n >= max(3, (len(pages) + 1) // 2) and len(k) <= 60}


# -- HTML ----------------------------------------------------------------------------------------

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.I)


def _decode_html(data: bytes, name: str) -> str:
    m = _CHARSET.search(data[:4096])
    if m:
        try:
            return data.decode(m.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            pass
    return decode(data, name)


def html_grid(table) -> list[list[str]]:  # noqa: ANN001
    """An HTML table's cells with rowspan/colspan expanded: a merged cell fills every row it covers,
    and appears once across the columns it spans."""
    grid: dict[tuple[int, int], str] = {}
    spans: dict[tuple[int, int], bool] = {}  # cells that continue a colspan
    r = 0
    for tr in table.iter("tr"):
        c = 0
        for cell in tr:
            if cell.tag not in ("td", "th"):
                continue
            while (r, c) in grid:
                c += 1
            text = "\n".join(t.strip() for t in cell.itertext() if t.strip())
            rowspan = _int_attr(cell, "rowspan")
            colspan = _int_attr(cell, "colspan")
            for dr in range(rowspan):
                for dc in range(colspan):
                    grid[(r + dr, c + dc)] = text
                    if dc:
                        spans[(r + dr, c + dc)] = True
            c += colspan
        r += 1
    if not grid:
        return []
    n_rows = max(k[0] for k in grid) + 1
    n_cols = max(k[1] for k in grid) + 1
    return [[grid.get((i, j), "") for j in range(n_cols) if not spans.get((i, j))] for i in range(n_rows)]


def _int_attr(el, name: str) -> int:  # noqa: ANN001
    try:
        return max(1, min(int(el.get(name, "1")), 200))
    except ValueError:
        return 1


def html_text(data: bytes, name: str) -> str:
    """A saved web page's main text (trafilatura), its tables rebuilt with merged cells filled."""
    import lxml.html
    import trafilatura

    raw = _decode_html(data, name)
    try:
        tree = lxml.html.fromstring(raw)
    except (ValueError, lxml.etree.ParserError) as e:
        raise DocumentError(f"无法解析网页文件：{name}") from e
    tables: list[list[str]] = []
    for table in list(tree.iter("table")):
        if table.getparent() is None or any(a.tag == "table" for a in table.iterancestors()):
            continue
        rows = html_grid(table)
        marker = lxml.html.Element("p")
        marker.text = f"XHTABLE{len(tables)}XH"
        tables.append(table_lines(rows))
        table.getparent().replace(table, marker)
    html = lxml.html.tostring(tree, encoding="unicode")
    text = trafilatura.extract(html, include_tables=False, include_comments=False, favor_precision=True,
                               deduplicate=False) or ""
    lines: list[str] = []
    for line in text.split("\n"):
        m = re.fullmatch(r"\s*XHTABLE(\d+)XH\s*", line)
        if m:
            lines.extend(tables[int(m.group(1))])
        else:
            lines.append(re.sub(r"XHTABLE\d+XH", "", line))
    return _nonempty("\n".join(lines), Path(name), "网页")


# -- .doc / .wps through LibreOffice -------------------------------------------------------------


def _office() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _legacy_text(data: bytes, path: Path) -> str:
    office = _office()
    if office is None:
        raise DocumentError(
            f"{path.suffix} 是旧版 Word/WPS 格式，需要安装 LibreOffice（soffice）才能读取；"
            f"也可以先另存为 .docx 再添加：{path}"
        )
    with tempfile.TemporaryDirectory(prefix="xuehui-doc-") as tmp:
        src = Path(tmp) / ("in" + path.suffix.lower())
        src.write_bytes(data)
        try:
            subprocess.run([office, "--headless", "--convert-to", "docx", "--outdir", tmp, str(src)],
                           check=True, capture_output=True, timeout=120)
            out = Path(tmp) / "in.docx"
            converted = out.read_bytes()
        except (subprocess.SubprocessError, OSError) as e:
            raise DocumentError(f"LibreOffice 无法转换该文件（可能已损坏）：{path}") from e
    return _docx_text(converted, path)
