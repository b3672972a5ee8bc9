"""The one clause-numbering grammar, on built strings (no corpus, no model)."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from indexer._numbering import (
    NumeralError,
    attachment_number,
    cn_to_int,
    find_ordinals_in_text,
    find_paths_in_text,
    int_to_cn,
    label,
    match_marker,
    ordinal_value,
    parse_numeral,
    parse_ref,
    ref_tokens,
    same_clause,
    starts_with_marker,
)


@pytest.mark.parametrize(
    ("text", "n"),
    [("一", 1), ("九", 9), ("十", 10), ("十二", 12), ("二十", 20), ("二十三", 23), ("九十九", 99), ("一十二", 12), ("7", 7)],
)
def test_well_formed_numerals_read_as_their_value(text, n):
    assert parse_numeral(text) == n
    assert cn_to_int(text) == n


@pytest.mark.parametrize("text", ["一一", "二三", "十十", "十1", "1十", "十二三", "二十十", "", "零", "百", "三、"])
def test_malformed_numerals_are_none_never_a_partial_reading(text):
    assert parse_numeral(text) is None


def test_strict_reader_names_the_malformed_numeral_in_chinese():
    with pytest.raises(NumeralError, match="“二三”不是有效的数字"):
        cn_to_int("二三")
    assert issubclass(NumeralError, ValueError)


def test_numbers_written_back_in_chinese_round_trip():
    for n in range(1, 100):
        assert parse_numeral(int_to_cn(n)) == n
    assert int_to_cn(100) == "100"


@pytest.mark.parametrize(
    ("token", "n"),
    [("三", 3), ("十二", 12), ("3", 3), ("（三）", 3), ("(3)", 3), ("③", 3), ("第三", 3), ("三、", 3), ("第 十一", 11)],
)
def test_ordinal_tokens_in_every_spelling(token, n):
    assert ordinal_value(token) == n


@pytest.mark.parametrize("token", ["二三", "十1", "一一", "（二三）", "第", "abc"])
def test_malformed_ordinals_are_none(token):
    assert ordinal_value(token) is None


@pytest.mark.parametrize(
    ("line", "style", "n"),
    [
        ("三、项目内容", "cn", 3),
        ("（一）学会建设", "pcn", 1),
        ("(2)相关要求", "pnum", 2),
        ("1．一流学会建设", "dot", 1),
        ("1.一流学会建设", "dot", 1),
        ("2、上一年度已参加", "dun", 2),
        ("1）申报学会", "rnum", 1),
        ("④坚持建家交友", "circ", 4),
        ("第十二条 附则", "article", 12),
    ],
)
def test_document_line_markers(line, style, n):
    found = match_marker(line)
    assert found is not None and found[:2] == (style, n)


@pytest.mark.parametrize("line", ["一一、不是条款", "二三、也不是", "1.5万元以上", "2022年", "学会建设"])
def test_lines_that_only_look_numbered_open_no_clause(line):
    assert match_marker(line) is None


def test_labels_are_written_as_documents_write_them():
    assert [label(s, 3) for s in ("cn", "pcn", "pnum", "dot", "dun", "rnum", "circ")] == [
        "三、", "（三）", "（3）", "3.", "3、", "3）", "③"]


def test_cells_that_open_a_numbered_item():
    assert starts_with_marker("（一）编制工作指南")
    assert starts_with_marker("2、诚信记录良好")
    assert not starts_with_marker("1）申报学会")  # a bracketed sub-item is not a layout cue
    assert not starts_with_marker("1100")


@pytest.mark.parametrize(("line", "n"), [("附件1", 1), ("附件一", 1), ("附 件 2", 2), (" 附件十二 ", 12)])
def test_attachment_lines_in_digits_or_chinese(line, n):
    assert attachment_number(line) == n


@pytest.mark.parametrize("line", ["附件：1.申报书", "附件1 说明", "附件一一"])
def test_other_attachment_mentions_are_not_attachment_labels(line):
    assert attachment_number(line) is None


@pytest.mark.parametrize(
    ("ref", "tokens"),
    [
        ("三、（一）1．（2）", [("cn", 3), ("pcn", 1), ("num", 1), ("pnum", 2)]),
        ("三(一)1(2)", [("cn", 3), ("pcn", 1), ("num", 1), ("pnum", 2)]),
        ("三.(一).1.(2)", [("cn", 3), ("pcn", 1), ("num", 1), ("pnum", 2)]),
        ("三 （一） 1 （2）", [("cn", 3), ("pcn", 1), ("num", 1), ("pnum", 2)]),
        ("三（一）1．（2）1）", [("cn", 3), ("pcn", 1), ("num", 1), ("pnum", 2), ("rnum", 1)]),
        ("二（三）5、", [("cn", 2), ("pcn", 3), ("num", 5)]),
        ("附件一 二、1、（二）（2）", [("att", 1), ("cn", 2), ("num", 1), ("pcn", 2), ("pnum", 2)]),
        ("附件1二、1、（二）（2）", [("att", 1), ("cn", 2), ("num", 1), ("pcn", 2), ("pnum", 2)]),
        ("第十二条", [("art", 12)]),
        ("①", [("circ", 1)]),
        ("（前言）一、", [("cn", 1)]),
    ],
)
def test_references_read_tolerantly(ref, tokens):
    assert ref_tokens(ref) == tokens


def test_two_spellings_of_one_clause_compare_equal():
    assert same_clause("三、（一）1．（2）1）", "三、(一)1.(2)1)")
    assert same_clause("附件一 二、", "附件1 二、")
    assert not same_clause("三、（一）", "三、（二）")
    assert not same_clause("不是条款", "不是条款")


@pytest.mark.parametrize(("ref", "bad"), [("一一、", "一一"), ("二三", "二三"), ("三、（二三）", "二三"),
                                          ("十1", "十1"), ("第十1条", "十1"), ("2三、", "2三")])
def test_malformed_numbers_in_a_reference_are_a_problem_naming_them(ref, bad):
    r = parse_ref(ref)
    assert f"“{bad}”不是有效的数字" in r.problem
    assert not r.is_path and ref_tokens(ref) is None


def test_a_reference_may_go_on_with_a_table_title_and_row_name():
    r = parse_ref("二、（一） 2022年度“提升计划”项目设置 发展助力专项")
    assert r.tokens == (("cn", 2), ("pcn", 1))
    assert r.rest == "2022年度“提升计划”项目设置 发展助力专项"  # "2022" is not clause 20
    assert parse_ref("射阳县科协").tokens == () and parse_ref("射阳县科协").rest == "射阳县科协"
    assert parse_ref("三、一流学会").tokens == (("cn", 3),)  # "一流" is a word, not clause 一


def test_paths_found_in_running_text():
    text = "按三（一）1．（2）的要求，附件1 二、1、（二）也适用；2022年有一、二、三类学会。"
    assert find_paths_in_text(text) == ["三（一）1．（2）", "附件1 二、1、（二）", "一、二、"]
    assert find_paths_in_text("第一一条和第二三条") == []
    assert find_paths_in_text("一一、二三、") == []


_ALPHABET = "一二三四五六七八九十百零两0123456789（）()、.．。·…①②③附件第条 \t项点年学会ab"


@given(st.text(alphabet=_ALPHABET, max_size=30))
def test_any_text_reads_without_an_exception(text):
    r = parse_ref(text)
    assert all(n >= 1 for _, n in r.tokens)
    find_paths_in_text(text)
    ordinal_value(text)
    match_marker(text)
    attachment_number(text)


@pytest.mark.parametrize(
    ("text", "ordinals"),
    [
        ("第三部分第（一）条讲什么", [3, 1]),
        ("“主要措施”第(四)条", [4]),
        ("第2项和第十二点", [2, 12]),
        ("第一一条讲什么", []),
        ("第十1条和第二三条分别讲什么", []),
        ("第一次申报", []),  # not a position in a document
    ],
)
def test_ordinals_named_in_a_question(text, ordinals):
    assert find_ordinals_in_text(text) == ordinals
