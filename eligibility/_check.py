"""`check`: a profile and a plan → every project's verdict with its reasons, and the plan's conflicts.

A project's verdict depends on the profile only (general conditions + its own rules), never on the
other projects of the plan; everything that involves several projects is a plan conflict.
"""
from __future__ import annotations

from ._catalog import select
from ._conditions import FAIL, UNKNOWN, Subject, evaluate
from ._outcome import blockers, hints, outcome, summary
from ._plan import plan_conflicts
from ._profile import CheckInput, Society, _name_list
from ._results import CheckResult, Note, ProjectResult, Reason, Requirement, Verdict
from ._rules import PlanRule, ProfileRule, ProgrammeRules
from ._validate import check_model, closest, normalise, simplified
from .errors import InputError


def _rules_for(rules: ProgrammeRules, project: str) -> list[ProfileRule]:
    general = [r for r in rules.general_rules
               if (not r.only or project in r.only) and project not in r.except_]
    return general + [r for r in rules.project_rules if project in r.projects]


def judge(rules: ProgrammeRules, society: Society, project: str) -> ProjectResult:
    """One project's verdict against the profile: ineligible on any fail, needs_info on any unknown."""
    reasons: list[Reason] = []
    missing: list[str] = []
    subject = Subject(project, {p.name: p.category for p in rules.projects})
    for rule in _rules_for(rules, project):
        status, message, field = evaluate(rule.condition, society, subject)
        reasons.append(Reason(rule=rule.id, status=status, message=message, clause=rule.clause,
                              quote=rule.quote, doc=rule.doc, year=rule.year, label=rule.label))
        if field and field not in missing:
            missing.append(field)
    statuses = {r.status for r in reasons}
    verdict: Verdict = "ineligible" if FAIL in statuses else "needs_info" if UNKNOWN in statuses else "eligible"
    other = [Requirement(kind=q.kind, clause=q.clause, quote=q.quote)
             for q in rules.other_requirements if project in q.projects]
    return ProjectResult(project=project, verdict=verdict, reasons=reasons, missing=missing,
                         other_requirements=other)


def canonical(rules: ProgrammeRules, name: object, field: str) -> str:
    """A project name as the guide's table writes it (aliases and traditional characters map to it)."""
    text = simplified(str(name))
    for p in rules.projects:
        if text == p.name or text in p.aliases:
            return p.name
    groups = [g for g in rules.groups if text and (text in g or g in text)]
    if groups:
        members = [m for g in groups for m in rules.groups[g]]
        raise InputError(field, f"“{text}”是项目类别“{'、'.join(groups)}”，不是子项目，请写出要申报的子项目（可写多个）",
                         valid=members)
    names = rules.project_names
    aliases = {a: p.name for p in rules.projects for a in p.aliases}
    near = closest(text, [*names, *aliases])
    raise InputError(field, f"未知的子项目“{text}”", valid=names,
                     closest=None if near is None else aliases.get(near, near))


def _names(rules: ProgrammeRules, items: object, where: str, problems: list[InputError]) -> list[str] | None:
    """Canonical names of a list of sub-projects; each unknown one is a problem (all are reported)."""
    if not isinstance(items, list):
        return None
    out = []
    for i, n in enumerate(items):
        try:
            out.append(canonical(rules, n, f"{where}[{i}]"))
        except InputError as e:
            problems.append(e)
    return out


def parse_check(data: dict) -> tuple[ProgrammeRules, Society, list[str] | None]:
    """Validate a check input: fields, values, programme and every project name (apply, funded, failed).

    Every problem of the input is collected and raised as one `InputError`.
    """
    inp, problems = check_model(CheckInput, data)
    raw = normalise(CheckInput, data)[0] if isinstance(data, dict) else {}
    try:
        rules = select("eligibility", raw.get("programme"))
    except InputError as e:
        problems.append(e)
        rules = select("eligibility", None)
    plan = _names(rules, _name_list(raw.get("apply")), "apply", problems)
    society_raw = raw.get("society")
    society_raw = society_raw if isinstance(society_raw, dict) else {}
    fixed: dict[str, dict] = {}
    for key in ("funded", "failed"):
        by_year = society_raw.get(key)
        if isinstance(by_year, dict):
            fixed[key] = {year: _names(rules, _name_list(names), f"society.{key}.{year}", problems)
                          for year, names in by_year.items() if names is not None}
    if problems:
        seen: set[str] = set()
        unique = [p for p in problems if not (p.field in seen or seen.add(p.field))]    # type: ignore[func-returns-value]
        raise InputError.of(unique)
    assert inp is not None, "no problems means the model validated"
    society = inp.society
    for key, by_year in fixed.items():
        society = society.model_copy(update={key: {int(y): v for y, v in sorted(by_year.items(), key=lambda x: int(x[0]))}})
    return rules, society, plan


def check(data: dict) -> CheckResult:
    """Judge a `xuehui check` input (see examples/eligibility-*.yaml).

    Without `apply` (or with an empty one), every project of the programme is judged (which can we
    apply for?) and there is no plan to conflict. Raises `InputError` listing every problem of the
    input (unknown programme, project, field or bad value).
    """
    rules, society, plan = parse_check(data)
    plan = plan or None
    notes: list[str] = []
    if plan is None:
        notes.append("未提供 apply：逐一核对了全部子项目，未判断组合（plan 为空）")
    names = list(dict.fromkeys(plan)) if plan is not None else list(rules.project_names)
    for name in names:
        if plan and plan.count(name) > 1:
            notes.append(f"“{name}”在 apply 中出现 {plan.count(name)} 次，按申报 {plan.count(name)} 项核对组合")
    projects = [judge(rules, society, n) for n in names]
    conflicts = plan_conflicts(rules, plan or [])
    in_plan = [p for p in projects if plan and p.project in plan]
    ok = not conflicts and all(p.verdict != "ineligible" for p in in_plan)
    state, headline = outcome(plan, projects, conflicts)
    return CheckResult(
        programme=rules.programme, plan_ok=ok, projects=projects, conflicts=conflicts, doc=rules.doc,
        title=rules.title, plan=plan or [], notes=notes,
        assumptions=[Note(id=a.id, clause=a.clause, quote=a.quote, text=a.text) for a in rules.assumptions],
        outcome=state, headline=headline, blocking=blockers(in_plan, conflicts),
        hints=hints(rules, plan or [], projects, conflicts), summary=summary(projects) if plan is None else None,
        assumptions_used=_used(rules, plan or [], projects),
    )


def _in_play(rule: PlanRule, plan: list[str]) -> bool:
    """A plan rule the plan exercises: its `if_applied` project, or two entries among its projects."""
    if rule.kind == "requires_one_of":
        return rule.if_applied in plan
    members = set(rule.projects) | {m for g in rule.groups.values() for m in g}
    return sum(1 for p in plan if p in members) >= 2


def _used(rules: ProgrammeRules, plan: list[str], projects: list[ProjectResult]) -> list[str]:
    """The readings that touched this result: a decided reason, or a plan rule the plan exercises."""
    touched = {r.rule for p in projects for r in p.reasons if r.status != "unknown"}
    touched |= {r.id for r in rules.plan_rules if _in_play(r, plan)}
    return [a.id for a in rules.assumptions if not a.applies_to or touched & set(a.applies_to)]


def projects(programme: str | int | None = None) -> list[dict]:
    """The projects of a programme (default: the latest), in the guide's table order."""
    rules = select("eligibility", programme)
    return [{"name": p.name, "category": p.category, "group": p.group, "clause": p.clause,
             "aliases": list(p.aliases)} for p in rules.projects]
