"""The 工作指南 rule file's model (kind: targets): declared figures, targets and their tests.

Model only (no evaluation), so that `_catalog` can import it without importing the engine.
"""
from __future__ import annotations

from fractions import Fraction
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ._ranking import exact
from ._rules import Assumption


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Figure(_Strict):
    """A figure a society reports: Chinese label, unit, type (counts are whole numbers) and aliases."""

    label: str
    unit: str = ""
    type: Literal["number", "int", "bool"] = "number"
    aliases: tuple[str, ...] = ()


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
    label: str | None = None            # the figure's name as this clause words it (三类/四类: 招聘, not 社会招聘)
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
    label: str = ""                     # Chinese name shown to users
    part: str
    encouraged: bool = False            # "鼓励…": not meeting it is not a failure
    only_if: str | None = None          # a yes/no figure: the target binds only societies for which it is true
    clause: str
    quote: str
    test: Test
    doc: str = ""
    year: int = 0

    def fields(self) -> list[str]:
        """The figures it reads (its `only_if` first), in the order the test names them."""
        return ([self.only_if] if self.only_if else []) + _fields(self.test)


class NotChecked(_Strict):
    """An indicator the guide states that the rule file does not check, and why."""

    clause: str
    quote: str
    why: str


class TargetRules(_Strict):
    programme: str
    aliases: tuple[str, ...] = ()
    doc: str
    year: int
    title: str
    fields: dict[str, Figure]
    targets: tuple[Target, ...]
    not_checked: tuple[NotChecked, ...] = ()
    assumptions: tuple[Assumption, ...] = ()

    def cited(self) -> list:
        return [*self.targets, *self.not_checked, *self.assumptions]

    @model_validator(mode="after")
    def _fields_declared(self) -> TargetRules:
        """Every field a test names must be declared under `fields` (caught at load, not at use)."""
        unknown = sorted({f for t in self.targets for f in t.fields()} - set(self.fields))
        if unknown:
            raise ValueError(f"targets name undeclared fields: {unknown}")
        roles = [t.only_if for t in self.targets if t.only_if and self.fields[t.only_if].type != "bool"]
        if roles:
            raise ValueError(f"only_if must name yes/no fields: {roles}")
        return self


def _fields(t: Test) -> list[str]:
    names = [x for x in (t.at_least, t.is_true, t.growth_at_least, t.base) if x]
    if t.growth_by_band:
        names += [t.growth_by_band.field, t.growth_by_band.base]
    for sub in (*t.any_of, *t.all_of, *t.by_category.values()):
        names += _fields(sub)
    return list(dict.fromkeys(names))
