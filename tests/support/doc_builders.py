"""Real user documents built in the test itself: Word with automatic numbering and a merged-cell
table (python-docx), a text PDF over several pages with running headers and page numbers (fpdf2,
needs a CJK font) and a saved web page with site chrome (plain HTML)."""
from __future__ import annotations

import subprocess
from pathlib import Path

# The corpus's own numbering, as Word stores it: one list whose levels display 一、 （一） 1．
_NUMBERING = """
<w:abstractNum xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" w:abstractNumId="90">
  <w:multiLevelType w:val="multilevel"/>
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3．"/></w:lvl>
</w:abstractNum>
"""
_NUM = """<w:num xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" w:numId="90">
<w:abstractNumId w:val="90"/></w:num>"""


def make_docx(path: Path, items: list[tuple[int | None, str]], table: list[list[str]] | None = None,
              merge_down: tuple[int, int, int] | None = None, table_after: int = -1) -> Path:
    """items: (list level or None for a plain paragraph, text). `table` rows go after item
    `table_after`; merge_down=(col, first_row, last_row) merges that column's cells vertically."""
    import docx
    from lxml import etree

    d = docx.Document()
    numbering = d.part.numbering_part.element
    numbering.insert(0, etree.fromstring(_NUMBERING))
    numbering.append(etree.fromstring(_NUM))
    for i, (level, text) in enumerate(items):
        p = d.add_paragraph(text)
        if level is not None:
            num_pr = p._p.get_or_add_pPr().get_or_add_numPr()
            num_pr.get_or_add_ilvl().val = level
            num_pr.get_or_add_numId().val = 90
        if table is not None and i == table_after:
            t = d.add_table(rows=len(table), cols=len(table[0]))
            for r, row in enumerate(table):
                for c, cell in enumerate(row):
                    if cell:
                        t.cell(r, c).text = cell
            if merge_down is not None:
                col, first, last = merge_down
                text = table[first][col]
                merged = t.cell(first, col).merge(t.cell(last, col))
                merged.text = text
    d.save(str(path))
    return path


def cjk_font() -> str | None:
    """A TrueType font with Chinese glyphs, if the machine has one (fc-list :lang=zh)."""
    try:
        out = subprocess.run(["fc-list", ":lang=zh", "file"], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    files = [ln.split(":")[0].strip() for ln in out.splitlines() if ln.strip()]
    good = [f for f in files if f.lower().endswith((".ttf", ".ttc", ".otf"))]
    return sorted(good, key=lambda f: (not f.lower().endswith(".ttf"), f))[0] if good else None


def make_pdf(path: Path, pages: list[list[str]], header: str = "", font: str | None = None) -> Path:
    """One PDF page a list of lines, each page with a running header and a centred page number."""
    from fpdf import FPDF

    font = font or cjk_font()
    assert font, "no CJK font"
    pdf = FPDF()
    pdf.add_font("cjk", "", font)
    pdf.set_auto_page_break(False)
    for n, lines in enumerate(pages, 1):
        pdf.add_page()
        pdf.set_font("cjk", size=9)
        if header:
            pdf.set_xy(10, 8)
            pdf.cell(0, 6, header, align="C")
        pdf.set_font("cjk", size=12)
        y = 25
        for line in lines:
            pdf.set_xy(15, y)
            pdf.cell(0, 8, line)
            y += 9
        pdf.set_font("cjk", size=9)
        pdf.set_xy(10, 282)
        pdf.cell(0, 6, f"- {n} -", align="C")
    pdf.output(str(path))
    return path


def make_html(path: Path, body: str, title: str = "", encoding: str = "utf-8", declare: bool = True) -> Path:
    """A saved page: site navigation, the article, a related-links box and a footer around `body`."""
    nav = "".join(f'<li><a href="/c{i}">栏目{i}</a></li>' for i in range(12))
    links = "".join(f'<li><a href="/n{i}">关于开展第{i}批科普基地认定工作的通知</a></li>' for i in range(8))
    meta = f'<meta charset="{encoding}">' if declare else ""
    html = f"""<!DOCTYPE html><html><head>{meta}<title>{title} - 某市科学技术协会</title></head><body>
<header><div class="logo">某市科学技术协会</div><nav><ul>{nav}</ul></nav></header>
<div class="crumb">当前位置：首页 &gt; 通知公告</div>
<main><article><h1>{title}</h1><div class="info">发布时间：2025-03-01 来源：学会部 浏览次数：1024</div>
<div class="content">{body}</div></article></main>
<aside><h3>相关阅读</h3><ul>{links}</ul></aside>
<footer><p>版权所有：某市科学技术协会 地址：某市某路1号 电话：0000-00000000</p>
<p>备案号：苏ICP备00000000号-1 技术支持：某网络公司</p></footer></body></html>"""
    path.write_bytes(html.encode(encoding))
    return path
