"""The rule files themselves: they load, and every quote occurs verbatim in its document."""
from __future__ import annotations

import pytest

import eligibility
from eligibility import _catalog

from .conftest import in_corpus

FILES = [r for rules in eligibility.rule_files().values() for r in rules]


def _cited(rules):
    return [(getattr(c, "clause", ""), c.quote) for c in rules.cited()]


@pytest.mark.parametrize("rules", FILES, ids=lambda r: r.programme)
def test_every_quote_of_a_rule_file_occurs_verbatim_in_its_document(rules) -> None:
    missing = [(clause, quote) for clause, quote in _cited(rules) if not in_corpus(rules.doc, quote)]
    assert not missing, missing


@pytest.mark.parametrize("rules", FILES, ids=lambda r: r.programme)
def test_every_cited_item_names_a_clause(rules) -> None:
    assert all(clause.strip() for clause, _ in _cited(rules))


def test_every_2022_rule_carries_id_doc_clause_quote_and_year() -> None:
    rules = _catalog.select("eligibility", "2022")
    for r in (*rules.general_rules, *rules.project_rules, *rules.plan_rules):
        assert r.id and r.doc == "2022-tisheng-jihua" and r.clause and r.quote and r.year == 2022


def test_the_2022_table_lists_every_sub_project_in_order() -> None:
    names = [p["name"] for p in eligibility.projects("2022提升计划")]
    assert names == ["一流学会建设", "一流学术学会", "一流科普学会", "一流科技服务学会", "会员之家建设", "发展助力专项",
                     "问道科学沙龙", "品牌学术交流", "特色学术交流", "梯队期刊建设", "优秀论文遴选", "学会联合体建设",
                     "标准制定", "科技评估", "科技奖励", "决策咨询", "青少年科普服务实事专项", "科技服务人民健康实事专项",
                     "助力乡村产业发展", "助力美丽乡村建设"]


def test_a_programme_can_be_named_by_alias_or_year() -> None:
    assert _catalog.select("eligibility", 2022).programme == "2022提升计划"
    assert _catalog.select("eligibility", "提升计划").programme == "2022提升计划"


def test_a_rule_naming_an_unknown_project_is_rejected_at_load() -> None:
    rules = _catalog.select("eligibility", "2022")
    raw = rules.model_dump(by_alias=True)
    raw["project_rules"][0]["projects"] = ["一流学会建设X"]
    bad = type(rules).model_validate(raw)
    with pytest.raises(eligibility.RuleFileError):
        _catalog._cross_check(bad, "test")
