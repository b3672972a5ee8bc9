from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indexer import DocumentInfo
from kb import ClauseNotFound, DocumentNotFound, KnowledgeBase
from kb._lookup import find_clause, holds_quote, lookup
from kb._query import analyse
from kb._refs import ref_tokens, same_clause

DOC = DocumentInfo.from_dict({"id": "t", "file": "t.txt", "title": "测试文档", "issuer": "", "date": "2022",
                              "year": 2022, "kind": "", "region": "", "aliases": []})


def test_clause_refs_compare_equal_across_bracket_and_dot_styles():
    assert same_clause("三、（一）1．（2）1）", "三、(一)1.(2)1)")
    assert ref_tokens("附件3 7.") == [("att", 3), ("num", 7)]
    assert ref_tokens("不是条款") is None


def test_clause_lookup_returns_whole_text_with_headings_and_children(knowledge_base):
    v = knowledge_base.clause("2022", "三、（二）1．（2）")
    assert v.title == "2022年度江苏省科协提升学会服务科技创新能力计划项目指南"
    assert v.headings == ["项目内容及相关要求", "学术建设", "学术交流", "相关要求"]
    assert "2022年11月30日前" in v.text
    assert [c["clause"] for c in v.children] == [f"三、（二）1.（2）{i}）" for i in range(1, 5)]


def test_clause_lookup_by_document_id_and_with_tables(knowledge_base):
    v = knowledge_base.clause("2018-yancheng-fangan", "附件2")
    assert "新注册企业200元/家；征集案例400元/个" in v.text


def test_attachment_prefix_may_be_left_out_when_unambiguous(knowledge_base):
    v = knowledge_base.clause("2023", "二、1、（二）（2）")
    assert v.clause == "附件1 二、1、（二）（2）" and "参会人数200人以上" in v.text


def test_unknown_clause_names_the_nearest_existing_ones(knowledge_base):
    with pytest.raises(ClauseNotFound) as e:
        knowledge_base.clause("2022", "三、（九）")
    assert e.value.nearest and all(n.startswith("三、") for n in e.value.nearest)
    assert "三、（九）" in str(e.value)


def test_unknown_document_lists_the_valid_ones(knowledge_base):
    with pytest.raises(DocumentNotFound) as e:
        knowledge_base.clause("2030", "一、")
    assert "2022-tisheng-jihua" in e.value.valid and "2022" in str(e.value)


# -- the look-up's rules on built clause records (no corpus, no model) ----------------------------

def _rec(path: str, heading: str = "", text: str = "", label: str = "") -> dict:
    return {"path": path, "label": label or path, "heading": heading, "trail": [heading],
            "text": text or path, "children": [], "tables": []}


RECORDS = [
    _rec("（前言）", text="前言正文"),
    _rec("二、", "项目类别"),
    _rec("二、（一）", "项目类别"),
    _rec("二、（一） 2022年度项目设置 品牌学术交流", "品牌学术交流", "2022年度项目设置｜子项目：品牌学术交流；数量：20",
         label="品牌学术交流"),
    _rec("二、（一） 2022年度项目设置 发展助力专项", "发展助力专项", "2022年度项目设置｜子项目：发展助力专项；数量：10",
         label="发展助力专项"),
    _rec("二、（一） 2022年度项目设置 合计", "合计", "2022年度项目设置｜项目类别：合计；数量：277", label="合计"),
    _rec("三、", "项目内容"),
    _rec("三、（一）", "学会建设"),
    _rec("三、（一）1.", "一流学会建设"),
    _rec("三、（一）1.（2）", "相关要求"),
    _rec("三、（一）1.（2）1）", "", "1）申报学会上一年度综合能力评价等级不低于B等。"),
    _rec("附件1", "分解表"),
    _rec("附件1 分解表（涉县部分） 射阳县科协", "射阳县科协", "分解表（涉县部分）｜单位名称：射阳县科协；人数：100",
         label="射阳县科协"),
    _rec("附件1 分解表（市级学会） 小计", "小计", "分解表（市级学会）｜小计：50", label="小计"),
    _rec("附件1 分解表（高校） 小计", "小计", "分解表（高校）｜小计：70", label="小计"),
    _rec("附件2 二、1、（二）", "学术交流"),
]


@pytest.mark.parametrize(
    ("ref", "path"),
    [
        ("三、（一）1．（2）", "三、（一）1.（2）"),
        ("三(一)1(2)", "三、（一）1.（2）"),
        ("三.(一).1.(2)", "三、（一）1.（2）"),
        ("三（一）1．（2）1）", "三、（一）1.（2）1）"),
        ("三（一）1．（2）（1）", "三、（一）1.（2）1）"),  # bracket style of a level not copied
        ("二、1、（二）", "附件2 二、1、（二）"),  # 附件 prefix left out, one attachment has it
        ("附件二 二、1、（二）", "附件2 二、1、（二）"),
        ("（前言）", "（前言）"),
        ("三、（一） 学会建设", "三、（一）"),  # number and heading as a printed page shows them
        ("二、（一） 2022年度项目设置 品牌学术交流", "二、（一） 2022年度项目设置 品牌学术交流"),
        ("二、（一） 品牌学术交流", "二、（一） 2022年度项目设置 品牌学术交流"),
        ("二（一）项目设置 发展助力专项", "二、（一） 2022年度项目设置 发展助力专项"),
        ("射阳县科协", "附件1 分解表（涉县部分） 射阳县科协"),
        ("附件1 … 射阳县科协", "附件1 分解表（涉县部分） 射阳县科协"),
        ("附件1 市级学会 小计", "附件1 分解表（市级学会） 小计"),
    ],
)
def test_references_find_their_one_record(ref, path):
    assert find_clause(RECORDS, ref)["path"] == path


@pytest.mark.parametrize("ref", ["小计", "三、（二）", "二、（一） 不存在的行", "一一、", "十1", "附件1 涉县 合计", ""])
def test_references_naming_no_single_record_find_none(ref):
    assert find_clause(RECORDS, ref) is None


def test_a_row_name_in_two_tables_is_ambiguous_and_lists_both():
    with pytest.raises(ClauseNotFound) as e:
        lookup(DOC, RECORDS, "小计")
    assert e.value.nearest == ["附件1 分解表（市级学会） 小计", "附件1 分解表（高校） 小计"]
    assert "可指多处" in str(e.value)


@pytest.mark.parametrize("ref", ["一一、", "二三", "十1", "第二三条"])
def test_malformed_numbers_are_a_chinese_error_naming_the_top_level(ref):
    with pytest.raises(ClauseNotFound) as e:
        lookup(DOC, RECORDS, ref)
    assert "不是有效的数字" in str(e.value)
    assert e.value.nearest == ["二、", "三、"]


def test_a_missing_clause_names_its_siblings_and_parent_level():
    with pytest.raises(ClauseNotFound) as e:
        lookup(DOC, RECORDS, "三、（一）1.（9）")
    assert "三、（一）1.（2）" in e.value.nearest
    assert all(p.startswith("三、（一）1.") for p in e.value.nearest)


@pytest.mark.parametrize(
    ("text", "quote", "held"),
    [
        ("（一）择优资助。市科协每年评选。对优秀学会给予奖励。", "（一）择优资助。……对优秀学会给予奖励。", True),
        ("表｜子项目：品牌学术交流；数量：20；备注：无", "表｜子项目：品牌学术交流；备注：无", True),
        ("學會（協會）每年", "学会（协会）每年", True),
        ("（一）择优资助。", "择优资助。……对优秀学会给予奖励。", False),
    ],
)
def test_quotes_are_held_piece_by_piece(text, quote, held):
    assert holds_quote(text, quote) is held


# -- the documented references on the real corpus -------------------------------------------------

@pytest.mark.parametrize(
    ("doc", "ref", "path"),
    [
        ("2022", "三(一)1(2)", "三、（一）1.（2）"),
        ("2022", "三（一）1．（2）1）", "三、（一）1.（2）1）"),
        ("2022", "二（三）5、", "二、（三）5、"),
        ("2022", "四（二）", "四、（二）"),
        ("2024", "四（二）", "四、（二）"),
        ("2023", "附件一 二、1、（二）（2）", "附件1 二、1、（二）（2）"),
        ("2022", "三.(一).4.(2)", "三、（一）4.（2）"),
        ("2018", "射阳县科协", "附件1 市科协2018年服务创新发展重点任务分解表（涉县部分） 射阳县科协"),
        ("2018", "附件1 … 射阳县科协", "附件1 市科协2018年服务创新发展重点任务分解表（涉县部分） 射阳县科协"),
        ("2022", "二、（一） 品牌学术交流", "二、（一） 2022年度“提升计划”项目设置 品牌学术交流"),
        ("2022", "问道科学沙龙", "三、（二）1.（1）1）"),  # a clause titled so comes before a row holding it
        ("2022", "美丽乡村", "二、（一） 2022年度“提升计划”项目设置 助力美丽乡村建设"),
        ("2022", "二、（一） 2022年度“提升计划”项目设置 发展助力专项", "二、（一） 2022年度“提升计划”项目设置 发展助力专项"),
    ],
)
def test_printed_references_resolve_on_the_real_corpus(knowledge_base, doc, ref, path):
    assert knowledge_base.clause(doc, ref).clause == path


def test_table_rows_are_clauses_holding_their_cells(knowledge_base):
    v = knowledge_base.clause("2022", "二、（一） 一流科普学会")
    assert "项目数量（上限）：40（与一流学术学会、一流科技服务学会共用）" in v.text
    total = knowledge_base.clause("2022", "二、（一） 合计")
    assert "项目类别：合计；项目数量（上限）：277" in total.text


@pytest.mark.parametrize(("doc", "ref"), [("2022", "一一、"), ("2022", "三（九）"), ("2018", "四（二）")])
def test_unknown_references_exit_2_with_the_nearest_clauses(knowledge_base, doc, ref):
    with pytest.raises(ClauseNotFound) as e:
        knowledge_base.clause(doc, ref)
    assert e.value.nearest and "相近的条款" in str(e.value)


def test_a_row_named_exactly_wins_over_rows_whose_name_only_ends_alike():
    records = [_rec("附件1 表 县科协", "县科协", label="县科协"), _rec("附件1 表 射阳县科协", "射阳县科协", label="射阳县科协")]
    assert find_clause(records, "县科协")["path"] == "附件1 表 县科协"
    assert find_clause(records, "阳县科协")["path"] == "附件1 表 射阳县科协"
    assert find_clause(records, "射阳")["path"] == "附件1 表 射阳县科协"  # part of a name, once
    assert find_clause(records, "科协") is None  # part of both: ambiguous


@given(st.text(alphabet="一二三四五六七八九十0123456789（）()、.．…附件第条 小计射阳县科协表", max_size=25))
def test_any_reference_finds_a_record_or_names_the_nearest(ref):
    try:
        v = lookup(DOC, RECORDS, ref)
    except ClauseNotFound as e:
        assert str(e).startswith("《测试文档》中")
    else:
        assert v.clause in {r["path"] for r in RECORDS}


# -- "最后一条" and a heading's aside, on built clause records (no index built) ------------------------

PROVINCE = DocumentInfo(id="p", title="省计划指南", issuer="", date="2022", year=2022, kind="指南", region="江苏省",
                        aliases=("计划指南",))


def _part(path: str, heading: str, children: list[str]) -> dict:
    return {"path": path, "heading": heading, "trail": [heading], "children": children, "text": f"{path}{heading}"}


SCORED = [
    _part("（前言）", "", []),
    _part("一、", "能力部分", ["一、1.", "一、2."]),
    _part("一、1.", "组织建设", []),
    _part("一、2.", "会员服务", []),
    _part("二、", "创新部分（加分项）", ["二、1.", "二、2.", "二、3."]),
    _part("二、1.", "科技奖励", []),
    _part("二、2.", "决策咨询", []),
    _part("二、3.", "国际交流", []),
]


def _stand_in(records: list[dict]) -> KnowledgeBase:
    """A KnowledgeBase holding only built clause records of one document: no index, no model."""
    kb = object.__new__(KnowledgeBase)
    kb.stored = SimpleNamespace(clauses={PROVINCE.id: records})  # type: ignore[assignment]  # records only: no index
    kb.docs = [PROVINCE]
    kb._doc = {PROVINCE.id: PROVINCE}
    kb._records = {PROVINCE.id: {r["path"]: r for r in records}}
    return kb


def _by_ordinal(question: str, records: list[dict] = SCORED) -> dict | None:
    return _stand_in(records)._clause_by_ordinal(analyse(question, [PROVINCE]), PROVINCE)


@pytest.mark.parametrize("q", ["加分项最后一条是什么", "加分项的最后一项讲什么", "加分项里最后一点说的啥"])
def test_a_heading_is_anchored_by_its_trailing_aside(q):
    # "创新部分（加分项）": users call it 加分项 as often as 创新部分.
    assert _by_ordinal(q)["path"] == "二、3."


@pytest.mark.parametrize("q,path", [("创新部分最后一条是什么", "二、3."), ("能力部分最后一项讲什么", "一、2."),
                                    ("加分项第二条是什么", "二、2.")])
def test_the_last_item_of_the_named_clause(q, path):
    assert _by_ordinal(q)["path"] == path


def test_the_last_item_of_a_named_document_is_not_its_last_part():
    # With no clause named, "最后一条" of a document is left to the last-part look-up (最后一部分).
    assert _by_ordinal("计划指南最后一条是什么") is None
    assert _by_ordinal("计划指南第二条是什么")["path"] == "二、"  # a numbered one still is the top level's


def test_an_aside_of_one_character_anchors_nothing():
    records = [_part("二、", "创新部分（加）", ["二、1.", "二、2."]), _part("二、1.", "甲", []), _part("二、2.", "乙", [])]
    assert _by_ordinal("加最后一条是什么", records) is None


def _addressees(question: str, records: list[dict] = SCORED) -> dict | None:
    return _stand_in(records)._addressee_clause(analyse(question, [PROVINCE]), PROVINCE)


@pytest.mark.parametrize("q", ["计划指南是发给哪些单位的", "计划指南的主送单位是哪些", "计划指南印发给谁"])
def test_a_named_documents_addressees_are_in_its_opening(q):
    assert _addressees(q)["path"] == "（前言）"


def test_addressees_need_a_named_document_and_an_opening():
    assert _addressees("这个文件是发给哪些单位的") is None  # which document is not said
    assert _addressees("计划指南是发给哪些单位的", SCORED[1:]) is None  # no opening: no guess
    assert _addressees("计划指南有哪些部分") is None


# -- "依据啥制定的": the document's own "根据…，制定本办法" (built records, no index) ------------------


def _basis(question: str, records: list[dict]) -> dict | None:
    return _stand_in(records)._basis_clause(analyse(question, [PROVINCE]), PROVINCE)


BASIS_RECORDS = [
    {"path": "（前言）", "heading": "", "trail": [], "children": [], "text": "各省级学会：现印发你们。"},
    {"path": "一、", "heading": "总则", "trail": ["总则"], "children": [],
     "text": "一、总则\n为提升学会能力，根据省科协年度工作部署，制定本办法。"},
    {"path": "二、", "heading": "考核", "trail": ["考核"], "children": [], "text": "二、考核\n按本办法考核。"},
]


@pytest.mark.parametrize("q", ["计划指南是依据啥制定的", "计划指南根据什么制定", "计划指南的制定依据是什么"])
def test_a_basis_question_finds_the_documents_own_statement_of_its_basis(q):
    assert _basis(q, BASIS_RECORDS)["path"] == "一、"


def test_a_basis_question_needs_a_named_document_and_a_stated_basis():
    assert _basis("这是依据啥制定的", BASIS_RECORDS) is None  # which document is not said
    assert _basis("计划指南是依据啥制定的", BASIS_RECORDS[:1] + BASIS_RECORDS[2:]) is None  # none stated: no guess
    assert _basis("计划指南有哪些部分", BASIS_RECORDS) is None


def _referenced(question: str) -> object:
    return _stand_in(SCORED)._referenced_clause(analyse(question, [PROVINCE]), [])


def test_a_part_named_by_number_for_a_listing_question_is_quoted_as_its_items():
    # "第二部分下面分了哪几块": the part's items' titles answer, not its first sentences.
    listed = _referenced("计划指南第二部分下面分了哪几块")
    assert listed.clause == "二、" and len(listed.listing) == 4  # its title and its three items
    assert _referenced("计划指南第二部分讲什么").listing == []


def test_an_attachment_the_named_document_neither_has_nor_mentions_is_absent():
    import numpy as np
    kb = _stand_in([_part("一、", "总则", [])])
    kb._matching = ["编制年度工作指南(附件1)并发布"]
    kb._doc_of = np.array([PROVINCE.id])
    q = analyse("计划指南的附件2是什么表", [PROVINCE])
    assert kb._absent_part(q) == "附件2"
    assert kb._absent_part(analyse("计划指南的附件1是什么", [PROVINCE])) == ""  # its text names 附件1
    assert kb._absent_part(analyse("附件2是什么表", [PROVINCE])) == ""  # no document named
    kb.terms, kb._categories = (), {}
    assert kb._analyse_all(["计划指南的附件2是什么表"])[0].absent_part == "附件2"  # set on every question read
