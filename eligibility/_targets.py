"""`targets`: a society's figures for the year against the 工作指南's quantitative targets.

Each target is met / not_met / unknown (a figure it needs is missing). The accepted figures are the
`fields` of the rule file, so a new year's guide is a new YAML file.
"""
from __future__ import annotations

from fractions import Fraction
from functools import lru_cache
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model, model_validator

from ._catalog import select
from ._ranking import exact
from ._results import Note, _Out
from ._rules import Assumption
from ._target_tests import MET, NOT_MET, UNKNOWN, Status, run
from ._validate import validate


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FieldSpec(_Strict):
    label: str
    unit: str = ""
    type: Literal["number", "bool"] = "number"


class Band(_Strict):
    percent: float
    above: float | None = None          # base > above
    from_: float | None = Field(None, alias="from")   # base >= from
    upto: float | None = None           # base <= upto (or < when not upto_inclusive)
    upto_inclusive: bool = True

    def holds(self, base: Fraction) -> bool:
        if self.above is not None and not base > exact(self.above):
            return False
        if self.from_ is not None and not base >= exact(self.from_):
            return False
        if self.upto is not None:
            return base <= exact(self.upto) if self.upto_inclusive else base < exact(self.upto)
        return True


class BandTest(_Strict):
    field: str
    base: str
    bands: tuple[Band, ...]


class Test(_Strict):
    at_least: str | None = None
    value: float | None = None
    is_true: str | None = None
    any_of: tuple[Test, ...] = ()
    all_of: tuple[Test, ...] = ()
    growth_at_least: str | None = None
    base: str | None = None
    percent: float | None = None
    growth_by_band: BandTest | None = None
    by_category: dict[int, Test] = {}


class Target(_Strict):
    id: str
    part: str
    clause: str
    quote: str
    test: Test
    doc: str = ""
    year: int = 0


class TargetRules(_Strict):
    programme: str
    aliases: tuple[str, ...] = ()
    doc: str
    year: int
    title: str
    fields: dict[str, FieldSpec]
    targets: tuple[Target, ...]
    assumptions: tuple[Assumption, ...] = ()

    def cited(self) -> list:
        return [*self.targets, *self.assumptions]

    @model_validator(mode="after")
    def _fields_declared(self) -> TargetRules:
        """Every field a test names must be declared under `fields` (caught at load, not at use)."""
        unknown = sorted({f for t in self.targets for f in _fields(t.test)} - set(self.fields))
        if unknown:
            raise ValueError(f"targets name undeclared fields: {unknown}")
        return self


def _fields(t: Test) -> set[str]:
    names = {x for x in (t.at_least, t.is_true, t.growth_at_least, t.base) if x}
    if t.growth_by_band:
        names |= {t.growth_by_band.field, t.growth_by_band.base}
    for sub in (*t.any_of, *t.all_of, *t.by_category.values()):
        names |= _fields(sub)
    return names


class TargetResult(_Out):
    id: str
    part: str
    status: Status
    message: str
    clause: str
    quote: str
    doc: str
    missing: list[str] = []


class TargetsResult(_Out):
    programme: str
    doc: str
    year: int
    category: int | None
    counts: dict[str, int]
    items: list[TargetResult]
    assumptions: list[Note] = []


@lru_cache(maxsize=8)
def _input_model(programme: str) -> type[BaseModel]:
    rules: TargetRules = select("targets", programme)
    # Any: a `**` mapping could fill create_model's own keywords (__config__, …) as far as mypy knows.
    spec: dict[str, Any] = {
        name: ((bool | None) if f.type == "bool" else (Annotated[float, Field(ge=0)] | None), None)
        for name, f in rules.fields.items()}
    return create_model("TargetsInput", __config__=ConfigDict(extra="forbid"), year=(int | None, None),
                        category=(Literal[1, 2, 3, 4] | None, None), **spec)


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
    items = []
    for t in rules.targets:
        status, message, missing = run(t.test, figures, cat, rules)
        items.append(TargetResult(id=t.id, part=t.part, status=status, message=message, clause=t.clause,
                                  quote=t.quote, doc=t.doc, missing=[f"targets.{m}" for m in missing]))
    counts = {s: sum(1 for i in items if i.status == s) for s in (MET, NOT_MET, UNKNOWN)}
    return TargetsResult(programme=rules.programme, doc=rules.doc, year=rules.year, category=cat, counts=counts,
                         items=items,
                         assumptions=[Note(id=a.id, clause=a.clause, quote=a.quote, text=a.text)
                                      for a in rules.assumptions])


def targets_section(data: dict | None, category: int | None) -> dict | None:
    return None if data is None else targets(data, category).to_json()
