"""`targets`: a society's figures for the year against the 工作指南's quantitative targets.

Each target is met / not_met / unknown (a figure it needs is missing). The accepted figures are the
`fields` of the rule file, so a new year's guide is a new YAML file.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, create_model

from ._catalog import select
from ._results import Note, _Out
from ._target_rules import Target, TargetRules
from ._target_tests import ENCOURAGED, MET, NOT_APPLICABLE, NOT_MET, UNKNOWN, Status, run
from ._types import Category, Count, Number, YesNo
from ._validate import validate


class TargetResult(_Out):
    id: str
    part: str
    status: Status           # met | not_met | unknown | encouraged (a 鼓励 item not done) | not_applicable
    message: str
    clause: str
    quote: str
    doc: str
    missing: list[str] = []
    label: str = ""
    encouraged: bool = False


class TargetsResult(_Out):
    programme: str
    doc: str
    year: int
    category: int | None
    counts: dict[str, int]
    items: list[TargetResult]
    assumptions: list[Note] = []
    not_checked: list[dict] = []          # {clause, quote, why}: stated in the guide, not checked here
    assumptions_used: list[str] = []
    notes: list[str] = []


@lru_cache(maxsize=8)
def _input_model(programme: str) -> type[BaseModel]:
    rules: TargetRules = select("targets", programme)
    # Any: a `**` mapping could fill create_model's own keywords (__config__, …) as far as mypy knows.
    types: dict[str, Any] = {"bool": YesNo | None, "int": Count | None, "number": Number | None}
    spec: dict[str, Any] = {
        name: (types[f.type], Field(default=None, title=f.label,
                                    json_schema_extra={"aliases": list(f.aliases), "unit": f.unit}))
        for name, f in rules.fields.items()}
    return create_model("TargetsInput", __config__=ConfigDict(extra="forbid"), year=(int | None, None),
                        category=(Category | None, Field(default=None, title="学会类别",
                                                         json_schema_extra={"aliases": ["类别"]})), **spec)


def input_model(rules: TargetRules) -> type[BaseModel]:
    """The accepted `targets:` section: year, category and the file's fields (numbers ≥ 0 or booleans)."""
    return _input_model(rules.programme)


def targets(data: dict, category: int | None = None) -> TargetsResult:
    """Judge a `targets:` section; `category` (1–4) is used when the section has none."""
    raw = dict(data) if isinstance(data, dict) else data
    rules: TargetRules = select("targets", raw.get("year") if isinstance(raw, dict) else None, "targets.year")
    inp = validate(input_model(rules), raw, "targets")
    figures = inp.model_dump()
    cat = figures.pop("category") or category
    items = [_judge(t, figures, cat, rules) for t in rules.targets]
    counts = {s: sum(1 for i in items if i.status == s) for s in (MET, NOT_MET, UNKNOWN, ENCOURAGED, NOT_APPLICABLE)}
    decided = {i.id for i in items if i.status not in (UNKNOWN, NOT_APPLICABLE)}
    notes = [] if any(v is not None for v in figures.values()) else ["targets 中没有任何数据：全部指标缺数据"]
    return TargetsResult(programme=rules.programme, doc=rules.doc, year=rules.year, category=cat, counts=counts,
                         items=items,
                         assumptions=[Note(id=a.id, clause=a.clause, quote=a.quote, text=a.text)
                                      for a in rules.assumptions],
                         not_checked=[n.model_dump() for n in rules.not_checked],
                         assumptions_used=[a.id for a in rules.assumptions
                                           if (not a.applies_to and decided) or decided & set(a.applies_to)],
                         notes=notes)


def _judge(t: Target, figures: dict, category: int | None, rules: TargetRules) -> TargetResult:
    """One target: its role first (only_if), then the test; an encouragement not met is not a failure."""
    base: dict[str, Any] = dict(id=t.id, part=t.part, clause=t.clause, quote=t.quote, doc=t.doc, label=t.label,
                encouraged=t.encouraged)
    if t.only_if:
        role = figures.get(t.only_if)
        name = rules.fields[t.only_if].label
        if role is None:
            return TargetResult(**base, status=UNKNOWN, message=f"先回答 {t.only_if}（{name}）：该指标只约束这类学会",
                                missing=[f"targets.{t.only_if}"])
        if role is False:
            return TargetResult(**base, status=NOT_APPLICABLE, message=f"{name}：否，本指标不适用")
    status, message, missing = run(t.test, figures, category, rules)
    if t.encouraged and status == NOT_MET:
        status, message = ENCOURAGED, f"{message}（鼓励项，不计为未达到）"
    return TargetResult(**base, status=status, message=message,
                        missing=[m if m == "category" else f"targets.{m}" for m in missing])


def targets_section(data: dict | None, category: int | None) -> dict | None:
    return None if data is None else targets(data, category).to_json()
