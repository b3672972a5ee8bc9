import pytest
from corpus_fixtures import clauses


def test_parenthesised_numbers_nest_under_dotted_under_parenthesised_chinese():
    c = clauses("2022")
    req = c["三、（一）1.（2）1）"]
    assert req.own_text() == "1）申报学会上一年度综合能力评价等级不低于B等。"
    assert c["三、（一）1.（2）"].trail == ["项目内容及相关要求", "学会建设", "一流学会建设", "相关要求"]


def test_circled_numbers_nest_under_right_parenthesis_numbers():
    c = clauses("2022")
    assert c["三、（一）1.（1）1）①"].own_text().startswith("①坚持党建强会。")
    assert c["三、（一）1.（1）4）④"].own_text().startswith("④管理运营方面。")


def test_dun_numbers_nest_under_parenthesised_chinese():
    c = clauses("2022")
    assert "互不兼报" in c["二、（三）1、"].own_text()
    assert "二、（三）6、" in c and "二、（三）7、" not in c


def test_parenthesised_numbers_under_dotted_numbers_inside_the_layout_table():
    c = clauses("2023")
    assert "应提前6个月进行筹备并成立换届领导小组" in c["附件1 一、2.（4）"].own_text()


def test_dun_and_dot_numbering_are_different_levels_of_one_document():
    c = clauses("2023")
    assert "参会人数200人以上（线上500人以上）" in c["附件1 二、1、（二）（2）"].own_text()
    assert c["附件1 二、1、（二）"].heading == "目标及预期成果"


def test_ascii_parentheses_are_clause_markers():
    c = clauses("2024")
    assert "前位30%、中位40%、后位30%" in c["四、（二）"].own_text()
    assert c["四、（二）"].heading == "建立升降機制"


def test_heading_cell_that_lost_its_dot_continues_the_sequence():
    c = clauses("2023")
    assert c["附件1 一、6."].own_text().startswith("6服务广大会员")
    assert "附件1 一、6.（4）" in c


def test_running_text_that_starts_with_a_year_is_not_a_clause():
    c = clauses("2022")
    assert c["三、（一）4.（2）3）"].own_text() == "3）2020、2021连续两年获得立项的学会不得申报。"


def test_attachments_restart_numbering_under_their_own_prefix():
    c = clauses("2018")
    assert c["附件3 7."].own_text().startswith("7．学会重点项目申报时间为2018年5月31日前")
    assert c["三、（四）"].heading == "择优资助"


def test_text_before_the_first_clause_is_the_preamble():
    c = clauses("2018")
    assert "盐科协﹝2018﹞20号" in c["（前言）"].own_text()


def test_table_rows_are_addressable_parts_of_their_clause():
    from indexer._clauses import parse
    from indexer._tables import Table

    table = Table(title="项目设置", headers=["子项目", "数量"], rows=[["甲项目", "10"], ["乙项目", "20"]])
    roots = parse(["一、项目类别", "（一）项目设置", table, "（二）申报条件"])
    parts = {c.path: c for r in roots for c in r.walk()}
    row = parts["一、（一） 项目设置 乙项目"]
    assert row.style == "row" and row.full_text() == "项目设置｜子项目：乙项目；数量：20"
    assert row.trail == ["项目类别", "项目设置", "项目设置"]
    assert [c.path for c in parts["一、（一）"].children] == []  # rows are parts, not child clauses


def test_malformed_numbers_open_no_clause():
    from indexer._clauses import parse

    roots = parse(["一、总则", "一一、不是条款", "二、附则"])
    assert [c.path for r in roots for c in r.walk()] == ["（前言）", "一、", "二、"]
    assert "一一、不是条款" in roots[0].children[0].lines  # running text of 一、


# -- an attachment keeps its printed label --------------------------------------------------------

@pytest.mark.parametrize("label", ["附件3", "附件三", "附 件 3"])
def test_an_attachment_keeps_its_label_line_as_its_first_line(label):
    # "附件3是什么" must find the words the document prints: the label is part of the attachment.
    from indexer._clauses import parse

    roots = parse(["一、总则", "正文。", label, "项目编号：001", "申报书"])
    part = next(c for r in roots for c in r.walk() if c.path == "附件3")
    assert part.lines[0] == label
    assert part.full_text().startswith(label + "\n项目编号：001")
    assert label not in next(c for r in roots for c in r.walk() if c.path == "一、").full_text()
