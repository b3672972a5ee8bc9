"""Word, PDF and web pages built here become the same clause trees, table rows and pages a reader sees."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from doc_builders import cjk_font, make_docx, make_html, make_pdf

import indexer
from bot.cli import main
from indexer._formats import (
    format_number,
    html_grid,
    load,
    markdown_to_text,
    running_lines,
    strip_page_furniture,
    table_lines,
)
from indexer._pipeline import parse_document
from indexer._tables import segment

NEEDS_FONT = pytest.mark.skipif(
    cjk_font() is None,
    reason="没有中文字体，无法用 fpdf2 生成中文 PDF；./setup.sh 以 root 运行时会安装 fonts-wqy-microhei",
)

DOCX_ITEMS = [
    (None, "盐城市科学技术协会"),
    (None, "关于印发《2025年度盐城市学会工作要点》的通知"),
    (None, "盐科协〔2025〕3号"),
    (0, "工作目标"),
    (1, "会员发展。各学会年内新发展会员不少于50人。"),
    (1, "学术活动。各学会全年举办学术活动不少于4场。"),
    (0, "经费安排"),
    (None, "学会活动补助标准"),
    (0, "保障措施"),
    (2, "加强组织领导。"),
    (2, "强化经费保障，每个学会补助经费8000元。"),
]
TABLE = [["类别", "项目", "补助金额"], ["学术活动", "学术年会", "3万元"], ["", "青年论坛", "1万元"],
         ["科普活动", "科普讲座", "5000元"]]
PDF_PAGES = [
    ["盐城市科学技术协会", "关于开展2025年度学会评估工作的通知", "盐科协〔2025〕8号", "各学会：", "一、评估对象",
     "（一）市级学会。成立满两年的市级学会均须参加评估。"],
    ["（二）新成立学会。成立不满两年的学会自愿参加。", "二、评估内容", "1．组织建设。理事会每年至少召开1次会议。",
     "2．学术活动。每年举办学术活动不少于3场。"],
    ["三、结果运用", "评估结果分为优秀、良好、合格三个等次，优秀学会奖励2万元。", "盐城市科学技术协会", "2025年5月6日"],
]
HTML_BODY = (
    "<p>一、工作目标</p><p>（一）会员发展。各学会年内新发展会员不少于60人。</p>"
    "<p>（二）学术活动。各学会全年举办学术活动不少于5场。</p><p>二、经费安排</p><p>学会活动补助标准</p>"
    "<table><tr><th>类别</th><th>项目</th><th>补助金额</th></tr>"
    "<tr><td rowspan=2>学术活动</td><td>学术年会</td><td>4万元</td></tr><tr><td>青年论坛</td><td>2万元</td></tr>"
    "<tr><td>科普活动</td><td>科普讲座</td><td>6000元</td></tr></table>"
    "<p>三、保障措施</p><p>1．加强组织领导。</p><p>2．强化经费保障，每个学会补助经费9000元。</p>"
    "<p>无锡市科学技术协会</p><p>2025年3月1日</p>"
)


def _parsed(path: Path):
    loaded = load(path)
    info = indexer.DocumentInfo(id="t", title="t", issuer="", date="", year=None, kind="其他")
    return parse_document(info, loaded, indexer.ChunkerSettings())


def _clause_text(doc, path: str) -> str:
    for root in doc.roots:
        for c in root.walk():
            if c.path == path:
                return c.full_text(tables=True)
    raise AssertionError(f"no clause {path}: {[c.path for r in doc.roots for c in r.walk()]}")


def _rows(doc) -> list[dict]:
    return [dict(c.fields) for c in doc.chunks if c.kind == "row"]


# -- Word ------------------------------------------------------------------------------------------


def test_word_numbering_is_the_text_a_reader_sees(tmp_path):
    path = make_docx(tmp_path / "b.docx", DOCX_ITEMS, TABLE, merge_down=(0, 1, 2), table_after=7)
    text = load(path).text
    for line in ("一、工作目标", "（二）学术活动。", "三、保障措施", "2．强化经费保障"):
        assert line in text
    doc = _parsed(path)
    assert "4场" in _clause_text(doc, "一、（二）")
    assert "8000元" in _clause_text(doc, "三、2.")


def test_word_merged_cell_is_carried_down_to_every_row_it_covers(tmp_path):
    path = make_docx(tmp_path / "b.docx", DOCX_ITEMS, TABLE, merge_down=(0, 1, 2), table_after=7)
    rows = _rows(_parsed(path))
    assert {"类别": "学术活动", "项目": "青年论坛", "补助金额": "1万元"} in rows
    assert {"类别": "科普活动", "项目": "科普讲座", "补助金额": "5000元"} in rows


def test_broken_word_file_is_refused_naming_it(tmp_path):
    bad = tmp_path / "坏.docx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(indexer.DocumentError, match="Word.*坏.docx"):
        load(bad)


@pytest.mark.parametrize(
    "fmt, n, shown",
    [("chineseCounting", 3, "三"), ("chineseCounting", 12, "十二"), ("decimal", 7, "7"),
     ("decimalEnclosedCircle", 2, "②"), ("bullet", 1, "")],
)
def test_word_number_formats(fmt, n, shown):
    assert format_number(fmt, n) == shown


def test_table_lines_are_what_the_table_reader_takes():
    blocks = segment("标题\n" + "\n".join(table_lines([["类别", "项目"], ["甲", "一"], ["甲", "二"]])))
    table = next(b for b in blocks if not isinstance(b, str))
    assert table.headers == ["类别", "项目"] and table.rows == [["甲", "一"], ["甲", "二"]]


# -- PDF -------------------------------------------------------------------------------------------


@NEEDS_FONT
def test_pdf_keeps_reading_order_drops_running_header_and_page_numbers(tmp_path):
    path = make_pdf(tmp_path / "c.pdf", PDF_PAGES, header="盐城市科协文件汇编")
    text = load(path).text
    assert "文件汇编" not in text and "- 2 -" not in text
    assert text.index("一、评估对象") < text.index("二、评估内容") < text.index("三、结果运用")


@NEEDS_FONT
def test_pdf_chunks_carry_their_page(tmp_path):
    doc = _parsed(make_pdf(tmp_path / "c.pdf", PDF_PAGES, header="盐城市科协文件汇编"))
    pages = {c.clause: p for c, p in zip(doc.chunks, doc.pages, strict=True)}
    assert pages["二、"] == 2 and pages["三、"] == 3
    assert "2万元" in _clause_text(doc, "三、")


@NEEDS_FONT
def test_pdf_without_a_text_layer_is_reported_as_a_scan(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    for _ in range(2):
        pdf.add_page()
        pdf.rect(20, 20, 150, 200, style="F")
    path = tmp_path / "扫描.pdf"
    pdf.output(str(path))
    with pytest.raises(indexer.DocumentError, match="扫描件.*OCR"):
        load(path)


def test_broken_pdf_is_refused_naming_it(tmp_path):
    bad = tmp_path / "坏.pdf"
    bad.write_bytes(b"%PDF-1.4\n garbage without objects")
    with pytest.raises(indexer.DocumentError, match="PDF.*坏.pdf"):
        load(bad)


def test_running_header_is_a_line_on_most_pages_edges():
    pages = [["某某汇编", f"第{i}条", "正文甲", "正文乙", f"正文第{i}页的内容", f"第{i}页"] for i in range(1, 5)]
    assert running_lines(pages) == {"某某汇编", "第#页"}
    assert running_lines(pages[:2]) == set()  # two pages prove nothing


def test_page_number_lines_are_dropped_at_page_edges_only():
    assert strip_page_furniture(["- 3 -", "一、总则", "12", "正文", "第 3 页 共 9 页"]) == ["一、总则", "12", "正文"]


# -- HTML ------------------------------------------------------------------------------------------


def test_web_page_main_text_without_site_chrome(tmp_path):
    path = make_html(tmp_path / "d.html", HTML_BODY, title="关于印发《2025年度无锡市学会工作要点》的通知")
    text = load(path).text
    assert "一、工作目标" in text and "9000元" in text
    for chrome in ("栏目3", "备案号", "相关阅读", "版权所有"):
        assert chrome not in text


def test_web_page_table_rowspan_fills_every_row(tmp_path):
    path = make_html(tmp_path / "d.html", HTML_BODY, title="关于印发《2025年度无锡市学会工作要点》的通知")
    rows = _rows(_parsed(path))
    assert {"类别": "学术活动", "项目": "青年论坛", "补助金额": "2万元"} in rows


def test_web_page_in_gbk_without_a_declaration(tmp_path):
    path = make_html(tmp_path / "gbk.html", HTML_BODY, title="关于印发《工作要点》的通知", encoding="gbk",
                     declare=False)
    assert "会员发展" in load(path).text


def test_html_grid_expands_rowspan_and_keeps_colspan_once():
    import lxml.html

    t = lxml.html.fromstring("<table><tr><td rowspan=2>甲</td><td colspan=2>乙</td></tr><tr><td>丙</td><td>丁</td></tr></table>")
    assert html_grid(t) == [["甲", "乙"], ["甲", "丙", "丁"]]


# -- text, Markdown, legacy Word --------------------------------------------------------------------


def test_markdown_markup_is_not_part_of_the_text():
    assert markdown_to_text("# 关于印发**要点**的通知\n> 一、总则") == "关于印发要点的通知\n一、总则"


@pytest.mark.skipif(shutil.which("soffice") is not None, reason="LibreOffice 已安装")
def test_legacy_word_without_libreoffice_says_what_to_install(tmp_path):
    doc = tmp_path / "旧.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 600)
    with pytest.raises(indexer.DocumentError, match="LibreOffice.*另存为 .docx"):
        load(doc)


# -- the clause look-up on each format ------------------------------------------------------------


@pytest.fixture(scope="module")
def formats_home(kb_home, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("formats")
    home = tmp / "home"
    shutil.copytree(kb_home, home, symlinks=True)
    files = [make_docx(tmp / "要点.docx", DOCX_ITEMS, TABLE, merge_down=(0, 1, 2), table_after=7),
             make_html(tmp / "无锡要点.html", HTML_BODY, title="关于印发《2025年度无锡市学会工作要点》的通知")]
    if cjk_font():
        files.append(make_pdf(tmp / "评估.pdf", PDF_PAGES, header="盐城市科协文件汇编"))
    results = indexer.add_documents(files, home=home)
    assert [r.status for r in results] == ["added"] * len(files), [r.line() for r in results]
    return home


@pytest.mark.parametrize(
    "doc, path, words",
    [("user-要点", "三、2．", "8000元"), ("user-无锡要点", "一、（二）", "5场"), ("user-评估", "二、2．", "3场")],
)
def test_clause_command_resolves_clauses_in_each_format(formats_home, monkeypatch, capsys, doc, path, words):
    if doc == "user-评估" and not cjk_font():
        pytest.skip("没有中文字体，未生成 PDF")
    monkeypatch.setenv("XUEHUI_HOME", str(formats_home))
    code = main(["clause", doc, path, "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert words in out


@NEEDS_FONT
def test_pdf_page_is_kept_in_the_index(formats_home):
    stored = indexer.read_index(formats_home)
    rows = [c for c in stored.chunks if c["doc"] == "user-评估"]
    assert {c["clause"]: c.get("page") for c in rows}["三、"] == 3
    clause = next(r for r in stored.clauses["user-评估"] if r["path"] == "二、1.")
    assert clause["page"] == 2
