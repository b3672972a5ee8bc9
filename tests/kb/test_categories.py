"""Table items and their categories, and caps on each applicant, on built rows and passages."""
from types import SimpleNamespace

import numpy as np
import pytest

from kb import KnowledgeBase
from kb._judge import answers, choose
from kb._listing import row_categories
from kb._query import CAP_WORDS, analyse, has_evidence

from ._built import DOCS, PROVINCE, passage, stats

TABLE = "项目设置"
TERMS = ("标准制定", "服务平台建设")  # the dictionary terms the table's document brings
ROWS = [
    (TABLE, "标准制定", [("序号", "3"), ("项目类别", "服务平台建设"), ("子项目", "标准制定"), ("项目数量（上限）", "50")]),
    (TABLE, "科技评估", [("序号", "3"), ("项目类别", "服务平台建设"), ("子项目", "科技评估"), ("项目数量（上限）", "50")]),
    (TABLE, "梯队期刊建设", [("序号", "2"), ("项目类别", "学术建设"), ("子项目", "梯队期刊建设"), ("项目数量（上限）", "10")]),
]


def test_a_rows_category_is_a_word_cell_other_rows_of_its_table_share():
    cats = row_categories(ROWS)
    assert cats["标准制定"] == ["服务平台建设"] and cats["科技评估"] == ["服务平台建设"]
    assert "梯队期刊建设" not in cats  # its 学术建设 is its own: no other row shares it
    assert all("3" not in c and "50" not in c for cs in cats.values() for c in cs)  # figures are no category


def test_a_cell_shared_only_across_two_tables_is_no_category():
    rows = [("甲表", "标准制定", [("类别", "服务平台建设")]), ("乙表", "科技评估", [("类别", "服务平台建设")])]
    assert row_categories(rows) == {}


@pytest.mark.parametrize("q", ["一个学会能报两项吗", "标准制定能不能报两个", "每个学会能报几项", "可以同时申报多个吗"])
def test_asking_how_many_one_may_apply_for_wants_a_cap_on_each_applicant(q):
    a = analyse(q, DOCS)
    assert "each_cap" in a.wants
    assert all(w in a.keyword_tokens for w in CAP_WORDS)


@pytest.mark.parametrize("q", ["标准制定项目数量上限是多少", "能报标准制定吗", "两个项目都要做吗"])
def test_other_questions_want_no_cap_on_each_applicant(q):
    assert "each_cap" not in analyse(q, DOCS).wants


@pytest.mark.parametrize("text,held", [
    ("服务平台建设项目的各子项目，每个学会最多可分别申报1项。", True),
    ("一流学会建设、一流平台学会建设三类项目互不兼报。", True),
    ("不申报一流学会建设项目的学会只能选择3个子项目之一进行申报。", True),
    ("项目数量（上限）：50（与科技评估共用）", False),  # the programme's quota, not each applicant's
])
def test_a_cap_on_each_applicant_is_stated_as_a_rule_on_each(text, held):
    assert has_evidence("each_cap", text) is held


def test_a_rule_on_the_category_answers_for_the_item_the_question_names():
    cats = row_categories(ROWS)
    q = analyse("标准制定我们一个学会能报两项吗", DOCS, TERMS, categories=cats)
    assert q.broader == {"标准制定": ["服务平台建设"]}
    rule = passage("服务平台建设项目的各子项目，每个学会最多可分别申报1项。", score=0.4)
    s = stats({"标准制定": 4.0, "服务平台建设": 4.0})
    assert answers(q, rule, s)
    assert not answers(analyse("标准制定我们一个学会能报两项吗", DOCS, TERMS), rule, s)  # without the table's categories
    assert s.coverage(q, rule) > s.coverage(analyse("标准制定我们一个学会能报两项吗", DOCS, TERMS), rule)


def test_a_cap_rule_below_the_usual_depth_is_still_found():
    cats = row_categories(ROWS)
    q = analyse("标准制定我们一个学会能报两项吗", DOCS, TERMS, categories=cats)
    s = stats({"标准制定": 4.0, "服务平台建设": 4.0})
    loose = [passage(f"标准制定须在11月底前完成第{i}稿。", score=1.0 - i / 10) for i in range(5)]
    rule = passage("服务平台建设项目的各子项目，每个学会最多可分别申报1项。", score=0.4)
    assert choose(q, [*loose, rule], s)[0] is rule


def test_the_knowledge_base_adds_its_documents_cap_rules_after_the_retrieved_passages():
    chunks = [
        {"doc": PROVINCE.id, "kind": "clause", "text": "标准制定须在11月底前完成。", "clause": "三、", "headings": []},
        {"doc": PROVINCE.id, "kind": "clause", "text": "每个学会最多可分别申报1项。", "clause": "二、（三）",
         "headings": []},
        {"doc": "other", "kind": "clause", "text": "每个学会最多可申报2项。", "clause": "一、", "headings": []},
    ]
    kb = object.__new__(KnowledgeBase)
    kb.chunks = chunks
    kb._matching = [c["text"] for c in chunks]  # already in matching form
    kb._doc = {PROVINCE.id: PROVINCE, "other": PROVINCE}
    kb.stored = SimpleNamespace()  # type: ignore[assignment]
    top = [kb._passage(0, 1.0)]
    scores = np.array([1.0, 0.2, 0.3])
    added = kb._cap_rules(analyse("一个学会能报两项吗", DOCS), top, scores)
    assert [p.clause for p in added] == ["二、（三）"]  # the top passage's document only
    assert kb._cap_rules(analyse("标准制定什么时候完成", DOCS), top, scores) == []
