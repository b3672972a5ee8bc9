"""The follow-up reading rules on built vocabularies (no corpus, no model): each test fails when its rule goes."""
from __future__ import annotations

from dataclasses import dataclass

import pytest

from bot._followup import Previous, Vocabulary, is_fragment, read, slots


@dataclass(frozen=True)
class Doc:
    id: str
    title: str
    year: int | None
    aliases: tuple[str, ...] = ()


DOCS = [
    Doc("a-2030", "2030年度甲乙丙计划项目指南", 2030, ("甲乙丙计划", "项目指南")),
    Doc("b-2031", "2031年度某某考核办法", 2031, ("考核办法", "实施办法")),
    Doc("c-2029", "某市实施方案", 2029, ("某市", "实施办法")),
]
PROJECTS = [
    {"name": "星火专项", "group": None, "aliases": []},
    {"name": "灯塔学会建设", "group": "平台建设", "aliases": ["灯塔学会"]},
    {"name": "青苗交流", "group": "平台建设", "aliases": []},
]
V = Vocabulary.build(DOCS, PROJECTS)
CITES = ({"doc": "a-2030", "title": "甲", "clause": "一、", "quote": "甲一"},
         {"doc": "a-2030", "title": "甲", "clause": "二、", "quote": "甲二"})


def prev(question: str, doc: str | None = None) -> Previous:
    return Previous(question=question, doc=doc, citations=CITES)


# -- the vocabulary comes from the data -------------------------------------------------------

def test_slots_recognise_categories_projects_documents_and_years_from_the_data():
    found = slots("2030年灯塔学会二类学会星火专项考核办法2035年", V)
    assert [(s.kind, s.value) for s in found] == [
        ("document", "a-2030"), ("project", "灯塔学会建设"), ("category", "2"), ("project", "星火专项"),
        ("document", "b-2031"), ("year", "2035")]


def test_an_alias_two_documents_share_names_neither():
    assert [s.kind for s in slots("实施办法", V)] == []


def test_a_document_is_mentioned_by_year_and_an_unshared_alias():
    assert V.mention == {"a-2030": "2030年甲乙丙计划", "b-2031": "2031年考核办法", "c-2029": "2029年某市"}


# -- fragments ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["那二类学会呢？", "这个项目的截止时间呢", "二类的", "星火专项呢", "该项目要交什么材料",
                                  "那么2031年", "还有青苗交流"])
def test_fragments_lean_on_the_previous_question(text):
    assert is_fragment(text, V)


@pytest.mark.parametrize("text", ["星火专项的申报条件是什么？", "二类学会考核得分怎么算", "理事会一年至少开几次？"])
def test_a_question_with_its_own_subject_and_question_is_not_a_fragment(text):
    assert not is_fragment(text, V)


@pytest.mark.parametrize("text", ["二类学会的考核得分怎么算？", "星火专项的申报条件是什么？", "理事会一年至少开几次？"])
def test_a_full_question_is_never_rewritten(text):
    r = read(text, prev("一类学会的考核得分怎么算"), V)
    assert r.rule is None and r.question == text and r.note is None


def test_without_context_nothing_is_rewritten():
    assert read("那二类学会呢？", None, V).rule is None


# -- 1. CITE ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("text,n", [("上一条的第2个引用", 2), ("第二个引用是什么", 2), ("引用2", 2), ("看看[1]", 1),
                                    ("第1条依据的原文", 1), ("刚才那条的第二条引文", 2)])
def test_cite_picks_the_previous_answers_nth_citation(text, n):
    r = read(text, prev("星火专项的申报条件"), V)
    assert (r.rule, r.cite) == ("CITE", n)
    assert f"第{n}个引用" in (r.note or "")


def test_cite_needs_a_previous_answer_with_citations():
    r = read("第2个引用", Previous("星火专项的申报条件"), V)
    assert r.cite is None


# -- 2. SOURCE ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["原文是什么", "给我看原文", "条文全文呢", "原话怎么说的？", "具体条款"])
def test_source_shows_the_first_cited_clause(text):
    r = read(text, prev("星火专项的申报条件"), V)
    assert (r.rule, r.cite) == ("SOURCE", 1)


def test_source_with_a_subject_of_its_own_is_a_question():
    r = read("星火专项的原文是什么", prev("一类学会的考核得分怎么算"), V)
    assert r.cite is None


# -- 3. SWAP ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["那二类学会呢？", "二类呢", "那么二类学会的呢", "如果是二类学会呢", "2类学会呢"])
def test_swap_replaces_the_category(text):
    r = read(text, prev("一类学会的考核得分怎么算"), V)
    assert r.rule == "SWAP"
    assert r.question.endswith("二类学会的考核得分怎么算") or r.question.endswith("2类学会的考核得分怎么算")
    assert "一类" not in r.question


@pytest.mark.parametrize("text", ["那青苗交流呢", "星火专项呢？", "换成灯塔学会呢"])
def test_swap_replaces_the_project(text):
    r = read(text, prev("平台建设里灯塔学会建设要什么条件"), V) if "灯塔" not in text else \
        read(text, prev("星火专项要什么条件"), V)
    assert r.rule == "SWAP"
    new = [s.value for s in slots(r.question, V) if s.kind == "project"]
    assert len(new) >= 1 and new[-1] == slots(text, V)[0].value


@pytest.mark.parametrize("text,doc", [("那2031年的呢", "b-2031"), ("考核办法里呢", "b-2031"), ("某市的呢", "c-2029")])
def test_swap_switches_the_document_by_year_or_name(text, doc):
    r = read(text, prev("2030年甲乙丙计划的申报条件"), V)
    assert r.rule == "SWAP"
    assert [s.value for s in slots(r.question, V) if s.kind == "document"] == [doc]
    assert r.question.endswith("的申报条件")


def test_swap_switches_a_year_that_names_no_document():
    r = read("2027年的呢", prev("2026年立项的学会能否申报"), V)
    assert r.rule == "SWAP" and r.question == "2027年立项的学会能否申报"


def test_swap_puts_a_missing_slot_in_front():
    r = read("二类学会呢", Previous("星火专项的申报条件"), V)
    assert r.rule == "SWAP" and r.question.startswith("二类学会") and "星火专项的申报条件" in r.question


# -- 4. GRAFT --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text,expected", [
    ("这个项目的截止时间呢", "星火专项的截止时间"),
    ("该项目要交什么材料", "星火专项要交什么材料"),
    ("截止时间呢？", "星火专项的截止时间"),
    ("那申报材料呢", "星火专项的申报材料"),
    ("上述项目有名额限制吗", "星火专项有名额限制"),
])
def test_graft_asks_the_new_thing_about_the_previous_subject(text, expected):
    r = read(text, Previous("星火专项什么样的学会能报"), V)
    assert r.rule == "GRAFT" and r.question.endswith(expected)


def test_graft_keeps_every_subject_slot_of_the_previous_question():
    r = read("截止时间呢", Previous("二类学会申报星火专项的条件"), V)
    assert r.question == "二类学会星火专项的截止时间"


# -- 5. CARRY -------------------------------------------------------------------------------------------

def test_carry_keeps_the_previous_answers_document():
    r = read("那二类学会呢", prev("一类学会的考核得分怎么算", doc="b-2031"), V)
    assert r.question == "2031年考核办法 二类学会的考核得分怎么算"


def test_carry_prefers_the_document_the_previous_question_named():
    r = read("截止时间呢", prev("2030年星火专项的条件", doc="b-2031"), V)
    assert r.question.startswith("2030年甲乙丙计划 ")


def test_carry_leaves_a_document_the_follow_up_names():
    r = read("那2031年的呢", prev("2030年星火专项的条件", doc="a-2030"), V)
    assert r.question.startswith("2031年") and "甲乙丙" not in r.question


def test_reading_note_shows_the_question_asked():
    r = read("那二类学会呢", prev("一类学会的考核得分怎么算"), V)
    assert r.note == f"按上一问理解为：{r.question}"


# -- PARALLEL --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("before,text,expected", [
    ("一类学会考核的基础部分占比多少", "能力部分呢", "能力部分占比多少"),
    ("理事会一年至少开几次", "常务理事会呢", "常务理事会一年至少开几次"),
    ("年底集中考核占比多少", "那日常考核呢", "日常考核占比多少"),
    ("线上活动的场次有什么要求", "线下活动呢？", "线下活动的场次有什么要求"),
])
def test_parallel_replaces_the_phrase_with_the_same_head(before, text, expected):
    r = read(text, Previous(before), V)
    assert r.rule == "PARALLEL" and r.question.endswith(expected)


def test_a_fragment_that_asks_is_grafted_not_paralleled():
    r = read("各占比多少呢", Previous("学会年度考核由哪几个方面组成"), V)
    assert r.rule == "GRAFT" and r.question == "学会年度考核的各占比多少"


def test_graft_without_slots_uses_the_previous_questions_topic():
    r = read("截止时间呢", Previous("秘书处人员招聘有哪些要求"), V)
    assert r.rule == "GRAFT" and r.question == "秘书处人员招聘的截止时间"


@pytest.mark.parametrize("text", ["应该怎么申报星火专项？", "因此申报材料有哪些要求？", "此外理事会有什么要求？"])
def test_demonstrative_characters_inside_other_words_are_not_markers(text):
    assert not is_fragment(text, V)
    assert read(text, Previous("一类学会的考核得分怎么算"), V).rule is None


@pytest.mark.parametrize("text", ["此项目的截止时间", "此类项目有名额限制吗"])
def test_ci_as_a_demonstrative_is_a_marker(text):
    r = read(text, Previous("星火专项什么样的学会能报"), V)
    assert r.rule == "GRAFT" and "星火专项" in r.question


@pytest.mark.parametrize("text", ["在理事会换届时要报什么材料？", "对于分支机构有什么要求？", "另外，理事会多久开一次？",
                                  "那些获得立项的学会要做什么？", "如果是理事会换届，需要什么材料？"])
def test_words_that_also_open_full_questions_are_not_markers(text):
    assert read(text, Previous("星火专项什么样的学会能报"), V).rule is None


@pytest.mark.parametrize("text", ["在考核办法里呢", "对于二类学会呢", "如果是二类学会呢"])
def test_framing_words_are_dropped_from_a_fragment(text):
    assert read(text, Previous("2030年一类学会的申报条件"), V).rule == "SWAP"


def test_a_document_named_between_na_and_li_is_swapped():
    r = read("那考核办法里呢", Previous("2030年甲乙丙计划对党建有什么要求"), V)
    assert r.rule == "SWAP" and r.question == "考核办法对党建有什么要求"
