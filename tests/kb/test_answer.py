"""The composer: whose rules a citation quotes is said when the question did not name them."""
from kb._answer import compose, scope_notes

from ._built import CITY, PROVINCE, ask, passage, stats


def test_a_city_citation_says_it_is_the_citys_standard():
    notes = scope_notes(ask("科技服务站资助多少钱"), [passage("服务站资助3000元。", doc=CITY)], stats())
    assert notes and "盐城市2018年的市级规定" in notes[0]


def test_no_label_when_the_question_names_the_city_or_the_rule_is_provincial():
    assert scope_notes(ask("盐城科技服务站资助多少钱"), [passage("服务站资助3000元。", doc=CITY)], stats()) == []
    assert scope_notes(ask("服务站资助多少钱"), [passage("服务站资助3000元。", doc=PROVINCE)], stats()) == []


def test_refusal_names_the_nearest_clauses():
    a = compose(ask("苏州市科协服务站资助多少钱"), [passage("服务站资助3000元。", doc=CITY, clause="附件2")], stats())
    assert a.abstained and "苏州市" in a.answer and "附件2" in a.answer


def test_the_composed_answer_carries_the_label():
    a = compose(ask("科技服务站资助多少钱"), [passage("科技服务站资助3000元。", doc=CITY)], stats())
    assert not a.abstained and "市级规定" in a.answer and "3000元" in a.answer


def test_an_eligibility_question_is_flagged_to_suggest_a_check_not_given_the_hint_as_text():
    a = compose(ask("科技服务站能报吗"), [passage("科技服务站须有专职工作人员。")], stats())
    assert not a.abstained and a.suggest == "check"
    assert "xuehui" not in a.answer and "/check" not in a.answer
    assert a.to_json()["suggest"] == "check"


def test_other_questions_and_refusals_suggest_nothing_and_keep_the_json_shape():
    a = compose(ask("科技服务站资助多少钱"), [passage("科技服务站资助3000元。")], stats())
    refused = compose(ask("苏州市科协服务站能报吗"), [passage("服务站资助3000元。", doc=CITY)], stats())
    assert a.suggest is None and refused.suggest is None
    assert "suggest" not in a.to_json() and "suggest" not in refused.to_json()
