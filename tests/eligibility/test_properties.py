"""Properties over generated profiles and plans (hypothesis)."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import eligibility

from .conftest import in_corpus

NAMES = [p["name"] for p in eligibility.projects("2022提升计划")]
YEARS = st.sampled_from([2019, 2020, 2021])


def _maybe(s):
    return st.one_of(st.none(), s)


societies = st.fixed_dictionaries({}, optional={
    "org_type": _maybe(st.sampled_from(["provincial_society", "affiliated_institution", "other"])),
    "took_capability_evaluation": _maybe(st.booleans()),
    "annual_inspection_passed": _maybe(st.booleans()),
    "capability_grade": _maybe(st.sampled_from("ABCD")),
    "assessment_level": _maybe(st.integers(0, 5)),
    "integrity_clean": _maybe(st.booleans()),
    "has_fulltime_staff": _maybe(st.booleans()),
    "hosts_cn_journal": _maybe(st.booleans()),
    "award_registered": _maybe(st.booleans()),
    "medical_experts": _maybe(st.integers(0, 20)),
    "funded": _maybe(st.dictionaries(YEARS, st.lists(st.sampled_from(NAMES), max_size=3), max_size=3)),
})
plans = st.lists(st.sampled_from(NAMES), min_size=1, max_size=6)


@settings(max_examples=150, deadline=None)
@given(societies, plans)
def test_verdicts_are_deterministic(society: dict, plan: list[str]) -> None:
    data = {"programme": "2022提升计划", "society": society, "apply": plan}
    assert eligibility.check(data).to_json() == eligibility.check(dict(data)).to_json()


@settings(max_examples=150, deadline=None)
@given(societies, plans, st.sampled_from(NAMES))
def test_adding_a_project_never_changes_another_projects_verdict(society: dict, plan: list[str], extra: str) -> None:
    before = eligibility.check({"society": society, "apply": plan})
    after = eligibility.check({"society": society, "apply": [*plan, extra]})
    for p in before.projects:
        assert after.project(p.project).to_json() == p.to_json()


@settings(max_examples=150, deadline=None)
@given(societies, plans)
def test_every_fail_and_conflict_has_a_clause_and_a_verbatim_quote(society: dict, plan: list[str]) -> None:
    result = eligibility.check({"society": society, "apply": plan})
    cited = [r for p in result.projects for r in p.reasons if r.status == "fail"] + list(result.conflicts)
    for item in cited:
        assert item.clause and item.quote
        assert in_corpus(item.doc, item.quote), (item.rule, item.quote)


@settings(max_examples=150, deadline=None)
@given(societies, plans)
def test_a_verdict_is_needs_info_exactly_when_no_rule_fails_and_one_is_unknown(society: dict, plan: list[str]) -> None:
    for p in eligibility.check({"society": society, "apply": plan}).projects:
        statuses = {r.status for r in p.reasons}
        expected = "ineligible" if "fail" in statuses else "needs_info" if "unknown" in statuses else "eligible"
        assert p.verdict == expected
        assert bool(p.missing) == ("unknown" in statuses)


totals = st.floats(0, 116, allow_nan=False).map(lambda x: round(x, 1))


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 4), st.floats(0, 100).map(lambda x: round(x, 1)), st.lists(totals, max_size=30))
def test_a_higher_total_never_gets_a_worse_grade(category: int, basic: float, peers: list[float]) -> None:
    base = {"category": category, "central": {"basic": basic, "capability": 50, "innovation": 0},
            "info_reporting": 80, "performance": 80, "peers": peers}
    better = {**base, "central": {**base["central"], "innovation": 10}}
    low, high = eligibility.score(base), eligibility.score(better)
    assert "ABC".index(high.grade) <= "ABC".index(low.grade)
    assert high.rank <= low.rank
    for step in high.steps:
        assert in_corpus(high.doc, step.quote)
