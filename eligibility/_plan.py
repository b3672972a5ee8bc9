"""Plan constraints of a programme: which combinations of applied projects the rules forbid.

Precedence is explicit data: a rule's `overrides` names another rule and two of its groups; while
the overriding rule is in force (for `requires_one_of`: its `if_applied` project is in the plan;
otherwise always), the overridden rule raises no conflict between those two groups.
"""
from __future__ import annotations

from collections import Counter
from itertools import combinations

from ._results import Conflict
from ._rules import PlanRule, ProgrammeRules


def _in_force(rule: PlanRule, applied: set[str]) -> bool:
    return rule.if_applied in applied if rule.kind == "requires_one_of" else True


def _lifted(rules: ProgrammeRules, applied: set[str]) -> set[tuple[str, frozenset[str]]]:
    """(overridden rule id, pair of groups) that an in-force rule exempts."""
    return {(o.rule, frozenset(o.between)) for r in rules.plan_rules if _in_force(r, applied) for o in r.overrides}


def _conflict(rule: PlanRule, projects: list[str], message: str) -> Conflict:
    return Conflict(rule=rule.id, projects=projects, message=message, clause=rule.clause, quote=rule.quote,
                    doc=rule.doc, year=rule.year, label=rule.label)


def _exclusive(rule: PlanRule, plan: list[str], lifted: set) -> list[Conflict]:
    present = {g: [p for p in dict.fromkeys(plan) if p in members] for g, members in rule.groups.items()}
    present = {g: ps for g, ps in present.items() if ps}
    out = []
    for a, b in combinations(present, 2):
        if (rule.id, frozenset((a, b))) in lifted:
            continue
        names = present[a] + present[b]
        out.append(_conflict(rule, names, f"“{a}”与“{b}”互不兼报，计划同时申报了{'、'.join(names)}"))
    return out


def _at_most_one(rule: PlanRule, plan: list[str], applied: set[str]) -> list[Conflict]:
    if applied & set(rule.unless_applied):
        return []
    out = []
    for group, members in rule.groups.items():
        entries = [p for p in plan if p in members]
        if len(entries) > 1:
            counts = Counter(entries)
            listed = "、".join(f"{p}×{n}" if n > 1 else p for p, n in counts.items())
            why = f"（未申报{'、'.join(rule.unless_applied)}）" if rule.unless_applied else ""
            out.append(_conflict(rule, list(counts), f"“{group}”最多申报1项{why}，计划申报了{len(entries)}项：{listed}"))
    return out


def _at_most_n(rule: PlanRule, plan: list[str]) -> list[Conflict]:
    entries = [p for p in plan if p in rule.projects]
    if len(entries) <= rule.n:
        return []
    counts = Counter(entries)
    listed = "、".join(f"{p}×{n}" if n > 1 else p for p, n in counts.items())
    return [_conflict(rule, list(counts), f"{'、'.join(rule.projects)}合计最多申报{rule.n}项，计划申报了"
                      f"{len(entries)}项：{listed}")]


def _requires(rule: PlanRule, applied: set[str]) -> list[Conflict]:
    if rule.if_applied not in applied or applied & set(rule.one_of):
        return []
    return [_conflict(rule, [rule.if_applied], f"申报“{rule.if_applied}”须同时申报至少1个："
                      f"{'、'.join(rule.one_of)}，计划中没有")]


def plan_conflicts(rules: ProgrammeRules, plan: list[str]) -> list[Conflict]:
    """Every conflict of the plan (a list of applied project names, repeats meaning several items)."""
    applied = set(plan)
    lifted = _lifted(rules, applied)
    out: list[Conflict] = []
    for rule in rules.plan_rules:
        if rule.kind == "mutually_exclusive_groups":
            out += _exclusive(rule, plan, lifted)
        elif rule.kind == "at_most_one_per_group":
            out += _at_most_one(rule, plan, applied)
        elif rule.kind == "at_most_n_of":
            out += _at_most_n(rule, plan)
        else:
            out += _requires(rule, applied)
    return out
