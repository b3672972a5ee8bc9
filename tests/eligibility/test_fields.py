"""The field catalogue: derived from the rules and the input models, in interview order, valid as input."""
from __future__ import annotations

import pytest

import eligibility
from eligibility import _catalog
from eligibility._assessment import max_total
from eligibility._fields import fields_for

from .conftest import in_corpus

RULES = _catalog.select("eligibility", "2022")


def _names(specs) -> list[str]:
    return [s.name for s in specs]


def _built(project_rules: list[dict], general_rules: list[dict] | None = None):
    """A small programme built in memory (no corpus): two projects of two categories."""
    raw = {"programme": "测试计划", "doc": "d", "year": 2030, "title": "t",
           "projects": [{"name": "甲", "category": "一类", "clause": "一、"},
                        {"name": "乙", "category": "二类", "clause": "二、"}],
           "general_rules": general_rules or [], "project_rules": project_rules}
    return type(RULES).model_validate(raw)


def test_a_rule_on_a_field_puts_that_field_in_the_catalogue_and_removing_it_takes_it_out() -> None:
    rule = {"id": "r", "projects": ["甲"], "condition": {"kind": "is_true", "field": "hosts_cn_journal"},
            "clause": "一、1", "quote": "须主办期刊"}
    with_rule = fields_for(_built([rule]), ["甲", "乙"])
    assert _names(with_rule) == ["society.hosts_cn_journal"]
    assert (with_rule[0].clause, with_rule[0].quote, with_rule[0].needed_by) == ("一、1", "须主办期刊", ("甲",))
    assert fields_for(_built([]), ["甲", "乙"]) == []


def test_a_project_not_chosen_does_not_bring_its_fields() -> None:
    rule = {"id": "r", "projects": ["甲"], "condition": {"kind": "count_at_least", "field": "medical_experts",
                                                          "value": 6}, "clause": "一、1", "quote": "q"}
    assert fields_for(_built([rule]), ["乙"]) == []


def test_general_conditions_come_first_then_each_projects_own_rules() -> None:
    general = [{"id": "g", "condition": {"kind": "is_true", "field": "integrity_clean"}, "clause": "总", "quote": "g"}]
    own = [{"id": "r", "projects": ["乙"], "condition": {"kind": "grade_at_least", "field": "capability_grade",
                                                         "value": "B"}, "clause": "二、1", "quote": "q"}]
    assert _names(fields_for(_built(own, general), ["乙"])) == ["society.integrity_clean", "society.capability_grade"]


def test_funding_history_is_asked_per_year_with_the_sub_projects_its_rules_test() -> None:
    rule = {"id": "r", "projects": ["甲"], "condition": {"kind": "not_funded_in_years", "project": "甲",
                                                          "years": [2029]}, "clause": "一、2", "quote": "q"}
    (spec,) = fields_for(_built([rule]), ["甲"])
    assert (spec.name, spec.kind, spec.choices) == ("society.funded.2029", "funded", (("甲", "甲"),))
    assert spec.label.startswith("2029年") and spec.minimum is None


def test_every_field_of_the_2022_programme_with_its_label_kind_and_cited_rule() -> None:
    specs = eligibility.profile_fields()
    assert _names(specs) == [
        "society.org_type", "society.took_capability_evaluation", "society.annual_inspection_passed",
        "society.integrity_clean", "society.failed.2021", "society.capability_grade", "society.assessment_level",
        "society.funded.2021", "society.has_fulltime_staff", "society.funded.2020", "society.hosts_cn_journal",
        "society.award_registered", "society.medical_experts"]
    by = {s.name: s for s in specs}
    assert by["society.capability_grade"].kind == "choice" and ("A等", "A") in by["society.capability_grade"].choices
    assert by["society.assessment_level"].choices[4] == ("4A级", "4")
    assert by["society.medical_experts"].kind == "int" and by["society.medical_experts"].minimum == 0
    assert by["society.integrity_clean"].choices == (("是", "true"), ("否", "false"))
    assert "等级" in by["society.capability_grade"].aliases and "专职人员" in by["society.has_fulltime_staff"].aliases
    for s in specs:
        assert s.label and s.help and s.clause and in_corpus(s.doc, s.quote), s


def test_only_the_fields_a_chosen_sub_project_needs() -> None:
    names = _names(eligibility.profile_fields("2022提升计划", ["科技服务人民健康实事专项"]))
    assert names == ["society.org_type", "society.took_capability_evaluation", "society.annual_inspection_passed",
                     "society.integrity_clean", "society.failed.2021", "society.medical_experts"]


def test_sub_projects_may_be_named_by_alias_or_in_traditional_characters() -> None:
    assert eligibility.profile_fields(projects=["一流學術學會"]) == eligibility.profile_fields(projects=["一流学术学会"])
    with pytest.raises(eligibility.InputError) as e:
        eligibility.profile_fields(projects=["一流学会建设", "没有这个项目"])
    assert e.value.field == "projects[1]"


def test_every_choice_value_is_valid_input_for_check() -> None:
    for spec in eligibility.profile_fields():
        for _label, value in spec.choices:
            section, *rest = spec.name.split(".")
            data: dict = {}
            node = data.setdefault(section, {})
            for part in rest[:-1]:
                node = node.setdefault(part, {})
            node[rest[-1]] = [value] if spec.kind == "funded" else value
            eligibility.check(data)          # raises InputError if a suggested value is not accepted


def test_score_fields_take_their_bounds_from_the_rule_file() -> None:
    r = _catalog.select("assessment", None)
    by = {s.name: s for s in eligibility.score_fields()}
    assert list(by)[:3] == ["category", "participated", "participated_previous_year"]
    assert by["central.innovation"].maximum == r.bonus_max
    assert by["peers"].maximum == float(max_total(r)) and by["peers"].kind == "numbers"
    assert by["category"].choices == (("一类", "1"), ("二类", "2"), ("三类", "3"), ("四类", "4"))
    for s in by.values():
        assert s.clause and in_corpus(s.doc, s.quote), s


def test_the_highest_total_follows_the_rule_files_shares_and_bonus() -> None:
    r = _catalog.select("assessment", None)
    assert float(max_total(r)) == 116
    bigger = r.model_copy(update={"bonus_max": 30})
    assert float(max_total(bigger)) == pytest.approx(0.8 * 130 + 10 + 10)


def test_every_score_choice_is_valid_input_for_score() -> None:
    for spec in eligibility.score_fields():
        for _label, value in spec.choices:
            eligibility.score({spec.name: value})


def test_target_fields_list_every_figure_with_the_first_target_that_needs_it() -> None:
    specs = eligibility.target_fields()
    by = {s.name: s for s in specs}
    assert by["targets.large_events"].clause == "附件1 二、1、（二）（7）"
    assert by["targets.major_platform_created"].kind == "bool"
    assert all(s.clause and in_corpus(s.doc, s.quote) for s in specs)


def test_task_fields_ask_only_the_units_own_tasks_and_are_valid_input() -> None:
    specs = eligibility.task_fields("市物理学会")
    assert [s.name for s in specs] == ["tasks.achieved.contest_projects", "tasks.achieved.new_platform_enterprises",
                                       "tasks.achieved.patent_cases", "tasks.achieved.small_events",
                                       "tasks.achieved.medium_events"]
    assert "任务 5家" in specs[1].help and in_corpus(specs[1].doc, specs[1].quote)
    achieved = {s.name.rsplit(".", 1)[1]: 1 for s in specs}
    assert eligibility.tasks({"unit": "市物理学会", "achieved": achieved}).counts["unknown"] == 0
