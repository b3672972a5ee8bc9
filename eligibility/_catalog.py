"""Which rule files exist, loaded once and cross-checked: a new year's programme is a new YAML file.

Each file under `rules/` declares its `kind` (eligibility, assessment, targets, funding) and its
`programme` name with `aliases`; inputs pick a programme by name, alias or year.
"""
from __future__ import annotations

from functools import lru_cache

from pydantic import BaseModel

from ._assessment import AssessmentRules
from ._funding_rules import FundingRules
from ._profile import Society
from ._rules import RULES_DIR, ProgrammeRules, parse, read_yaml, stamp
from ._target_rules import TargetRules
from ._task_rules import TaskRules
from ._validate import closest, simplified
from .errors import InputError, RuleFileError

_CITED = ("general_rules", "project_rules", "other_requirements", "plan_rules", "assumptions", "targets")


def _models() -> dict[str, type[BaseModel]]:
    return {"eligibility": ProgrammeRules, "assessment": AssessmentRules, "targets": TargetRules,
            "funding": FundingRules, "tasks": TaskRules}


@lru_cache(maxsize=1)
def _load() -> dict[str, tuple[BaseModel, ...]]:
    models = _models()
    found: dict[str, list[BaseModel]] = {k: [] for k in models}
    for path in sorted(RULES_DIR.glob("*.yaml")):
        raw = read_yaml(path)
        kind = raw.get("kind") if isinstance(raw, dict) else None
        if kind not in models:
            raise RuleFileError(path.name, f"kind 应为 {', '.join(models)} 之一")
        raw = stamp({k: v for k, v in raw.items() if k != "kind"}, _CITED)
        rules = parse(models[kind], path, raw)
        if isinstance(rules, ProgrammeRules):
            _cross_check(rules, path.name)
        found[kind].append(rules)
    return {k: tuple(v) for k, v in found.items()}


def all_rules(kind: str) -> tuple:
    """Every loaded rule file of a kind, in file-name order."""
    return _load()[kind]


def select(kind: str, name: object | None, field: str = "programme"):
    """The rule file a programme name, alias or year refers to; None picks the only/latest one.

    An unknown one is an error whose suggestions are valid input for that field: years for a
    `year` field (saying that another year's rules may differ), programme names otherwise.
    """
    files = all_rules(kind)
    if name is None:
        return files[-1]
    key = simplified(str(name))
    for r in files:
        if key == r.programme or key in r.aliases or key == str(r.year):
            return r
    what = _KIND_TEXT[kind]
    if field.endswith("year"):
        years = [str(r.year) for r in files]
        have = "、".join(f"{r.year}（{r.programme}）" for r in files)
        raise InputError(field, f"没有{name}年的{what}规则；现有：{have}。不同年度的规定可能不同，"
                         f"用现有年度估算请写明该年度", valid=years)
    names = [r.programme for r in files]
    raise InputError(field, f"未知的{what}“{name}”", valid=names, closest=closest(key, names))


_KIND_TEXT = {"eligibility": "申报计划", "assessment": "考核办法", "targets": "工作指南", "funding": "资助方案", "tasks": "任务分解表"}


def _cross_check(r: ProgrammeRules, where: str) -> None:
    """Names in a programme file must refer to its projects, the profile's fields and its own rules."""
    names = set(r.project_names)
    fields = set(Society.model_fields)
    problems: list[str] = []
    if len(names) != len(r.projects):
        problems.append("duplicate project names")
    for group, members in r.groups.items():
        problems += [f"group {group}: unknown project {m}" for m in members if m not in names]
    ids = [x.id for x in (*r.general_rules, *r.project_rules)] + [p.id for p in r.plan_rules]
    if len(ids) != len(set(ids)):
        problems.append("duplicate rule ids")
    for rule in (*r.general_rules, *r.project_rules):
        refs = (*rule.projects, *rule.only, *rule.except_)
        if rule.condition.project:
            refs += (rule.condition.project,)
        problems += [f"{rule.id}: unknown project {p}" for p in refs if p not in names]
        if rule.condition.field and rule.condition.field not in fields:
            problems.append(f"{rule.id}: unknown profile field {rule.condition.field}")
    for req in r.other_requirements:
        problems += [f"requirement {req.clause}: unknown project {p}" for p in req.projects if p not in names]
    plan_ids = {p.id: p for p in r.plan_rules}
    for plan_rule in r.plan_rules:
        refs = (*plan_rule.projects, *plan_rule.one_of, *plan_rule.unless_applied,
                *(m for g in plan_rule.groups.values() for m in g))
        refs += (plan_rule.if_applied,) if plan_rule.if_applied else ()
        problems += [f"{plan_rule.id}: unknown project {p}" for p in refs if p not in names]
        for o in plan_rule.overrides:
            target = plan_ids.get(o.rule)
            if target is None:
                problems.append(f"{plan_rule.id}: overrides unknown rule {o.rule}")
            elif not set(o.between) <= set(target.groups):
                problems.append(f"{plan_rule.id}: overrides unknown groups {o.between} of {o.rule}")
    if problems:
        raise RuleFileError(where, "; ".join(problems))
