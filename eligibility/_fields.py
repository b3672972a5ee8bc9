"""The field catalogue: which input fields a programme's rules need, in interview order, with labels.

Derived, never listed by hand: the fields come from the rules' conditions (a rule file names them),
their labels, help, aliases and choices from the pydantic input models (`Society`, `ScoreInput`,
`Central`), their bounds from the models and the rule files (the innovation bonus's cap, the highest
possible total), and each field's clause and quote from the first rule that needs it. The chat
interview, the web forms and `xuehui check --template` are built from these.
"""
from __future__ import annotations

import typing
from collections.abc import Iterable
from dataclasses import dataclass

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from ._assessment import AssessmentRules, Central, ScoreInput, max_total
from ._catalog import select
from ._check import canonical
from ._conditions import fields_of
from ._profile import Society
from ._rules import ProfileRule, ProgrammeRules
from ._target_rules import TargetRules
from ._tasks import unit_row

BOOL_CHOICES = (("是", "true"), ("否", "false"))


@dataclass(frozen=True)
class FieldSpec:
    """One input field: where it goes, how to ask for it, what is valid, and the rule that needs it."""

    name: str                  # dotted path in the input mapping: "society.capability_grade", "central.basic"
    label: str                 # the Chinese question label
    kind: str                  # bool | choice | int | number | text | funded (| numbers: a list of numbers)
    choices: tuple[tuple[str, str], ...]   # (label, value) for bool/choice (and funded: the sub-projects)
    minimum: float | None
    maximum: float | None
    help: str                  # one line: what it means, valid values
    clause: str                # the first rule that needs it
    quote: str
    # Extensions (not in the agreed interface; defaults keep older callers working):
    aliases: tuple[str, ...] = ()       # Chinese names accepted in an input file for the last path part
    unit: str = ""
    doc: str = ""                       # the document the clause belongs to
    needed_by: tuple[str, ...] = ()     # the sub-projects (check) whose rules need it; () = all / n.a.


def _extra(info: FieldInfo) -> dict:
    extra = info.json_schema_extra
    return extra if isinstance(extra, dict) else {}


def _bounds(info: FieldInfo) -> tuple[float | None, float | None]:
    lo = hi = None
    for meta in [*info.metadata, *_nested_metadata(info.annotation)]:
        lo = getattr(meta, "ge", None) if getattr(meta, "ge", None) is not None else lo
        hi = getattr(meta, "le", None) if getattr(meta, "le", None) is not None else hi
    return lo, hi


def _nested_metadata(ann: object) -> list:
    out: list = []
    for meta in getattr(ann, "__metadata__", ()):
        out += [meta, *getattr(meta, "metadata", ())]
    for arg in typing.get_args(ann):
        out += _nested_metadata(arg)
    return out


def _base_types(ann: object) -> set[object]:
    """The plain types under Optional/Annotated (Literal kept as such)."""
    if typing.get_origin(ann) is typing.Literal:
        return {typing.Literal}
    if hasattr(ann, "__metadata__"):
        return _base_types(typing.get_args(ann)[0])
    args = typing.get_args(ann)
    if args and typing.get_origin(ann) not in (list, dict):
        return set().union(*(_base_types(a) for a in args if a is not type(None)))
    return {typing.get_origin(ann) or ann}


def _kind(info: FieldInfo) -> str:
    extra = _extra(info)
    if "kind" in extra:
        return str(extra["kind"])
    types = _base_types(info.annotation)
    for t, kind in ((typing.Literal, "choice"), (bool, "bool"), (int, "int"), (float, "number"),
                    (list, "numbers"), (str, "text")):
        if t in types:
            return kind
    raise TypeError(f"no field kind for {info.annotation}")


def _choices(info: FieldInfo, kind: str) -> tuple[tuple[str, str], ...]:
    extra = _extra(info)
    if "choices" in extra:
        return tuple((str(label), str(value)) for label, value in extra["choices"])   # type: ignore[union-attr]
    return BOOL_CHOICES if kind == "bool" else ()


def _help(description: str, kind: str, choices: tuple[tuple[str, str], ...], lo: float | None,
          hi: float | None, unit: str) -> str:
    """The model's description plus the valid values, so that one line says both."""
    if kind in ("bool", "choice"):
        valid = "、".join(v if v == label else f"{v}（{label}）" for label, v in choices)
        if kind == "bool":
            valid = "true/false（也可写 是/否）"
        return f"{description}。可填：{valid}"
    if kind in ("int", "number", "numbers"):
        what = "整数" if kind == "int" else "数字"
        rng = (f"{_num(lo)}–{_num(hi)}" if lo is not None and hi is not None
               else f"≥ {_num(lo)}" if lo is not None else "")
        many = "，多个用逗号分隔" if kind == "numbers" else ""
        return f"{description}。可填：{what}{'，' + rng if rng else ''}{unit}{many}"
    if kind == "funded":
        valid = "、".join(label for label, _v in choices)
        return f"{description}。可填：子项目名称列表" + (f"（与规则有关的：{valid}）" if valid else "")
    return description


def _num(x: float | None) -> str:
    return "" if x is None else (str(int(x)) if float(x) == int(x) else str(x))


def _spec(path: str, info: FieldInfo, clause: str, quote: str, doc: str, *, label: str | None = None,
          bounds: tuple[float | None, float | None] | None = None, choices: tuple | None = None,
          needed_by: tuple[str, ...] = ()) -> FieldSpec:
    kind = _kind(info)
    extra = _extra(info)
    unit = str(extra.get("unit", ""))
    lo, hi = bounds if bounds is not None else _bounds(info)
    ch = choices if choices is not None else _choices(info, kind)
    aliases = tuple(str(a) for a in extra.get("aliases", ()))          # type: ignore[union-attr]
    return FieldSpec(name=path, label=label or info.title or path, kind=kind, choices=ch, minimum=lo, maximum=hi,
                     help=_help(info.description or (label or info.title or path), kind, ch, lo, hi, unit),
                     clause=clause, quote=quote, aliases=aliases, unit=unit, doc=doc, needed_by=needed_by)


def _applies(rule: ProfileRule, project: str, general: bool) -> bool:
    if general:
        return (not rule.only or project in rule.only) and project not in rule.except_
    return project in rule.projects


def _chosen(rules: ProgrammeRules, projects: Iterable[str] | None) -> list[str]:
    if projects is None:
        return list(rules.project_names)
    if isinstance(projects, str):
        projects = [projects]
    return list(dict.fromkeys(canonical(rules, p, f"projects[{i}]") for i, p in enumerate(projects)))


def profile_fields(programme: str = "2022提升计划", projects: Iterable[str] | None = None) -> list[FieldSpec]:
    """The `society` fields that the chosen sub-projects' rules and the general conditions need.

    In interview order (the general conditions first, then each sub-project's own rules in the guide's
    order); `projects=None` gives every field any rule of the programme needs. Raises `InputError` for
    an unknown programme or sub-project (aliases and traditional characters are accepted).
    """
    rules: ProgrammeRules = select("eligibility", programme)
    return fields_for(rules, _chosen(rules, projects))


def fields_for(rules: ProgrammeRules, chosen: list[str]) -> list[FieldSpec]:
    """`profile_fields` on a loaded (or built) rule file and canonical sub-project names."""
    order: dict[str, tuple[ProfileRule, list[str]]] = {}
    relevant: dict[str, list[str]] = {}        # funded.YEAR / failed.YEAR → the sub-projects its rules test
    for general, group in ((True, rules.general_rules), (False, rules.project_rules)):
        for rule in group:
            users = [p for p in chosen if _applies(rule, p, general)]
            if not users:
                continue
            for path in fields_of(rule.condition):
                entry = order.setdefault(path, (rule, []))
                entry[1].extend(u for u in users if u not in entry[1])
                tested = relevant.setdefault(path, [])
                if rule.condition.project and rule.condition.project not in tested:
                    tested.append(rule.condition.project)
                if rule.condition.kind == "no_failed_same_category":
                    cats = {p.category for p in rules.projects if p.name in users}
                    tested += [p.name for p in rules.projects if p.category in cats and p.name not in tested]
    out = []
    for path, (rule, users) in order.items():
        field, _, year = path.partition(".")
        info = Society.model_fields[field]
        needed_by = () if len(users) == len(chosen) else tuple(users)
        if year:
            choices = tuple((p, p) for p in relevant.get(path, []))
            out.append(_spec(f"society.{path}", info, rule.clause, rule.quote, rule.doc, label=f"{year}年{info.title}",
                             bounds=(None, None), choices=choices, needed_by=needed_by))
        else:
            out.append(_spec(f"society.{path}", info, rule.clause, rule.quote, rule.doc, needed_by=needed_by))
    return out


def score_fields(year: str | int | None = None) -> list[FieldSpec]:
    """The `xuehui score` input of an assessment year (default: the latest rule file), in interview order."""
    r: AssessmentRules = select("assessment", year, "year")
    comp = r.composition
    np_ = r.non_participation
    specs: list[tuple[str, type[BaseModel], str, str, str, tuple[float | None, float | None] | None]] = [
        ("category", ScoreInput, r.weights_clause, r.weights_quote, "category", None),
        ("participated", ScoreInput, np_.clause, np_.quote, "participated", None),
        ("participated_previous_year", ScoreInput, np_.clause, np_.two_years_quote, "participated_previous_year",
         None),
        ("central.basic", Central, r.weights_clause, r.weights_quote, "basic", None),
        ("central.capability", Central, r.weights_clause, r.weights_quote, "capability", None),
        ("central.innovation", Central, r.bonus_clause, r.bonus_quote, "innovation", (0, r.bonus_max)),
        ("info_reporting", ScoreInput, comp["info_reporting"].clause, comp["info_reporting"].quote,
         "info_reporting", None),
        ("performance", ScoreInput, comp["performance"].clause, comp["performance"].quote, "performance", None),
        ("peers", ScoreInput, r.grades.clause, r.grades.quote, "peers", (0, float(max_total(r)))),
    ]
    return [_spec(path, model.model_fields[attr], clause, quote, r.doc, bounds=bounds)
            for path, model, clause, quote, attr, bounds in specs]


def target_fields(programme: str | int | None = None) -> list[FieldSpec]:
    """The `targets:` figures of a 工作指南 rule file, in the guide's order, each with its first target."""
    rules: TargetRules = select("targets", programme, "targets.year")
    first: dict[str, tuple[str, str]] = {}
    for t in rules.targets:
        for name in t.fields():
            first.setdefault(name, (t.clause, t.quote))
    out = []
    for name, f in rules.fields.items():
        clause, quote = first.get(name, ("", ""))
        kind = "bool" if f.type == "bool" else f.type
        choices = BOOL_CHOICES if kind == "bool" else ()
        lo = None if kind == "bool" else 0.0
        out.append(FieldSpec(name=f"targets.{name}", label=f.label, kind=kind, choices=choices, minimum=lo,
                             maximum=None, help=_help(f.label, kind, choices, lo, None, f.unit), clause=clause,
                             quote=quote, aliases=tuple(f.aliases), unit=f.unit, doc=rules.doc))
    return out


def task_fields(unit: str) -> list[FieldSpec]:
    """The achieved figures a unit of the 2018 task table is asked for: one per task in its own row."""
    table, row = unit_row(unit)
    return [FieldSpec(name=f"tasks.achieved.{c.key}", label=f"{c.label}（实际完成）", kind="int", choices=(), minimum=0,
                      maximum=None, help=f"{row.unit}本项任务 {row.targets[c.key]}{c.unit}。可填：整数，≥ 0{c.unit}",
                      clause=table.clause, quote=row.unit, aliases=(c.label,), unit=c.unit, doc=table_doc())
            for c in table.columns if c.key in row.targets]


def table_doc() -> str:
    return select("tasks", None).doc
