"""Listing questions: when the listing clause answers, and what of it is quoted."""
from types import SimpleNamespace

import pytest

from kb import KnowledgeBase
from kb._listing import (
    ADDRESSEE_QUESTION,
    ATTACHMENT,
    DATE_QUESTION,
    LAST_PART,
    dated_record,
    group_rows,
    item_titles,
    named_listing,
    names_category,
    pick_group,
    prose,
    row_keys,
    row_naming,
    title_line,
)
from kb._types import Passage

from ._built import ask, passage

ITEMS = {"三、（一）": "三、", "三、（二）": "三、", "三、（三）": "三、"}


def _items(scores, headings=("培育典型", "搭建平台", "建立机制")):
    return [passage(f"（{i}）{h}。内容。", clause=c, score=s, headings=["主要措施", h])
            for i, (c, s, h) in enumerate(zip(ITEMS, scores, headings, strict=False), 1)]


def test_items_ranked_close_together_lift_to_their_clause():
    got = pick_group(ask("主要措施有哪几条"), _items([0.95, 0.92, 0.9]), lambda p: ITEMS.get(p.clause))
    assert got is not None and got[1] == "三、" and len(got[2]) == 3


def test_one_item_far_above_its_siblings_answers_alone():
    assert pick_group(ask("主要措施有哪几条"), _items([0.99, 0.7, 0.6]), lambda p: ITEMS.get(p.clause)) is None


def test_a_question_naming_one_item_is_answered_by_that_item():
    got = pick_group(ask("搭建平台这条措施有哪些内容"), _items([0.95, 0.92, 0.9]), lambda p: ITEMS.get(p.clause))
    assert got is None


def test_a_total_row_is_not_an_item():
    total = passage("表｜项目类别：合计；数量：277", kind="row", score=0.99, fields=[("项目类别", "合计"), ("数量", "277")])
    got = pick_group(ask("有哪几类项目"), [total] + _items([0.8, 0.78, 0.7]), lambda p: ITEMS.get(p.clause))
    assert got is not None and total not in got[2]


def test_titles_are_verbatim_prefixes():
    text = "（一）培育典型。深入开展主题实践活动，培育身边典型，树立创新争先模范，形成辐射带动作用。"
    assert title_line(text) == "（一）培育典型。"
    assert text.startswith(title_line("一段没有标点而且很长很长很长很长很长很长很长很长很长很长很长的文字"[:0] + text))
    recs = {"三、": {"text": "三、主要措施\n…", "children": ["三、（一）"]}, "三、（一）": {"text": text, "children": []}}
    assert item_titles(recs["三、"], recs) == ["三、主要措施", "（一）培育典型。"]


TABLE = {"text": "（一）项目类别\n项目包括四个类别。\n项目设置\n序号：3；项目类别：服务平台建设；子项目：标准制定\n"
                 "序号：3；项目类别：服务平台建设；子项目：科技评估\n序号：4；项目类别：专项；子项目：青少年"}


def _row(sub, cat="服务平台建设"):
    return passage(f"项目设置｜项目类别：{cat}；子项目：{sub}", kind="row", fields=[("项目类别", cat), ("子项目", sub)])


def test_the_named_group_of_a_table_is_quoted_row_by_row():
    lines = group_rows(ask("服务平台建设下面有哪些子项目"), TABLE, [_row("标准制定"), _row("科技评估")])
    assert lines[0] == "（一）项目类别" and len(lines) == 3 and all("服务平台建设" in ln for ln in lines[1:])


def test_without_a_named_group_the_prose_before_the_table_answers():
    assert group_rows(ask("有哪几类项目"), TABLE, [_row("标准制定"), _row("科技评估")]) == []
    assert prose(TABLE, _row("标准制定")) == ["（一）项目类别", "项目包括四个类别。"]


def test_a_cell_is_named_as_a_category_by_类_or_in_a_question_about_a_table():
    assert names_category("学会服务", "重点项目里学会服务类有哪些")
    assert names_category("学会服务", "重点项目表里学会服务有哪些")
    assert not names_category("学会建设", "一流学会建设包括哪几个方面")


def test_attachments_and_the_last_part_are_named_parts():
    assert ATTACHMENT.search("附件2是什么表").group(1) == "2"
    assert ATTACHMENT.search("附件二是什么").group(1) == "二"
    assert ATTACHMENT.search("附件1 二、1、讲什么") is None  # a path inside the attachment
    assert LAST_PART.search("最后一部分讲什么") and not LAST_PART.search("最后期限是哪天")


RECORDS = [
    {"path": "三、", "heading": "项目内容及相关要求", "trail": ["项目内容及相关要求"], "children": ["三、（一）"], "text": "三、…"},
    {"path": "三、（一）", "heading": "一流学会建设", "trail": ["项目内容及相关要求", "一流学会建设"],
     "children": ["三、（一）（1）", "三、（一）（2）"], "text": "（一）一流学会建设"},
    {"path": "三、（一）（1）", "heading": "项目内容", "trail": ["项目内容及相关要求", "一流学会建设", "项目内容"],
     "children": ["a", "b"], "text": "（1）项目内容"},
    {"path": "三、（一）（2）", "heading": "相关要求", "trail": ["项目内容及相关要求", "一流学会建设", "相关要求"],
     "children": ["c", "d"], "text": "（2）相关要求"},
    {"path": "四、", "heading": "项目内容", "trail": ["项目内容"], "children": ["e", "f"], "text": "四、项目内容"},
]


def test_a_listing_named_by_its_heading_is_the_most_specific_nested_one():
    assert named_listing(ask("一流学会建设的项目内容包括哪几个方面"), RECORDS)["path"] == "三、（一）（1）"
    assert named_listing(ask("一流学会建设包括哪几部分"), RECORDS)["path"] == "三、（一）"


def test_a_listing_descends_to_the_item_headed_by_what_is_listed():
    assert named_listing(ask("一流学会建设有哪些要求"), RECORDS)["path"] == "三、（一）（2）"


def test_no_heading_named_no_listing():
    assert named_listing(ask("会员之家有哪几条"), RECORDS) is None


def test_a_row_is_named_by_its_name_and_a_column_header_together():
    keys = row_keys("学会联合体建设", ["序号", "子项目", "项目数量（上限）"])
    assert row_naming("学会联合体建设项目数量上限", keys) > 0
    assert row_naming("学会联合体建设有哪些要求", keys) == 0
    assert row_naming("项目数量上限是多少", keys) == 0


DATED = [{"path": "（前言）", "text": "通知\n江苏省科学技术协会\n2022年4月22日"},
         {"path": "一、", "text": "一、目标任务\n申报时间为2022年5月5日至5月17日。"},
         {"path": "五、（三）", "text": "（三）联系方式\n江苏省科协办公室 2022年4月24日印发"}]


def test_a_documents_date_is_read_from_the_clause_stating_it():
    assert dated_record(DATED, "2022-04-22", issued=False)["path"] == "（前言）"
    assert dated_record(DATED, "2022-04-22", issued=True)["path"] == "五、（三）"
    assert dated_record([DATED[1]], "2022-04-22", issued=False)["path"] == "一、"
    assert dated_record([], "2022-04-22", issued=False) is None


def test_date_questions():
    assert DATE_QUESTION.search("这个通知是哪天印发的") and DATE_QUESTION.search("办法什么时候发布")
    assert not DATE_QUESTION.search("材料什么时候提交")


# -- a heading named without its leading verb --------------------------------------------------------

def _heading(path: str, heading: str, children: list[str]) -> dict:
    return {"path": path, "heading": heading, "trail": [heading], "children": children, "text": f"{path}{heading}"}


VERBED = [
    _heading("一、", "强化政治引领", ["一、（一）", "一、（二）"]),
    _heading("一、（一）", "坚持党建强会", []),
    _heading("一、（二）", "开展主题教育", []),
    _heading("二、", "加强党建", ["二、（一）", "二、（二）"]),
    _heading("二、（一）", "建立党组织", []),
    _heading("二、（二）", "发挥作用", []),
]


@pytest.mark.parametrize("q", ["政治引领这一块包括哪些", "政治引领有哪几条", "政治引领方面具体要做哪些事"])
def test_a_heading_is_named_without_its_leading_verb(q):
    assert named_listing(ask(q), VERBED)["path"] == "一、"


@pytest.mark.parametrize("q", ["强化政治引领有哪几条", "强化政治引领这一块包括哪些"])
def test_a_heading_named_in_full_is_named(q):
    assert named_listing(ask(q), VERBED)["path"] == "一、"


@pytest.mark.parametrize("q", ["党建这一块包括哪些", "党建有哪几条"])
def test_a_two_character_rest_after_the_verb_names_nothing(q):
    # "党建" alone is too common a word to name "加强党建" by.
    assert named_listing(ask(q), VERBED) is None


# -- a document's addressees and its date ------------------------------------------------------------

@pytest.mark.parametrize("q", ["这份办法是发给哪些单位的", "通知印发给哪些单位", "主送单位是哪些", "主送机关是谁",
                               "文件下发给哪几个部门", "这个通知的发文对象是谁"])
def test_addressee_questions(q):
    assert ADDRESSEE_QUESTION.search(ask(q).norm)


@pytest.mark.parametrize("q", ["申报材料发到哪个邮箱", "材料交给谁", "发给学会的经费有多少"])
def test_where_to_send_materials_is_no_addressee_question(q):
    assert not ADDRESSEE_QUESTION.search(ask(q).norm)


@pytest.mark.parametrize("q", ["这个文件是哪天发的", "通知什么时候发出的", "办法是哪一天发的"])
def test_when_a_document_was_sent_out_is_a_date_question(q):
    assert DATE_QUESTION.search(ask(q).norm)


@pytest.mark.parametrize("q", ["材料什么时候发给省科协", "经费哪天发"])
def test_when_something_else_is_sent_is_no_date_question(q):
    assert not DATE_QUESTION.search(ask(q).norm)


# -- a lifted listing answers only when its items name what is listed --------------------------------

def _lift(q: str, listing: list[str]) -> Passage | None:
    """KnowledgeBase._listing on a stand-in whose lifting step returns `listing` (no index built):
    what is tested is the check applied to what was lifted."""
    lifted = passage("\n".join(listing), score=1.0)
    lifted.listing = listing
    base = SimpleNamespace(_row_group=lambda q, top: None, _lifted_listing=lambda q, top: lifted)
    return KnowledgeBase._listing(base, ask(q), [passage("任意")])


@pytest.mark.parametrize("q", ["决策咨询认哪几种形式", "决策咨询有哪几种形式"])
def test_a_listing_whose_items_do_not_name_what_is_listed_is_not_lifted(q):
    # Items titled 项目内容/相关要求 are not the forms asked for.
    assert _lift(q, ["（四）决策咨询", "（1）项目内容", "（2）相关要求"]) is None


@pytest.mark.parametrize("q", ["决策咨询认哪几种形式", "决策咨询有哪几种形式"])
def test_a_listing_whose_items_name_what_is_listed_is_lifted(q):
    assert _lift(q, ["（四）决策咨询", "（1）咨询报告形式", "（2）专题研讨形式"]) is not None


@pytest.mark.parametrize("q", ["主要措施有哪几条", "有哪几类项目", "包括哪几个方面"])
def test_a_listing_of_the_documents_own_items_is_lifted_whatever_they_are_called(q):
    assert _lift(q, ["三、主要措施", "（一）培育典型。", "（二）搭建平台。"]) is not None
