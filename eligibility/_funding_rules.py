"""The 资助标准 rule file's model (kind: funding): the table's rows, their standards and 备注.

Model only (no evaluation), so that `_catalog` can import it without importing the engine.
"""
from __future__ import annotations

from pydantic import BaseModel, ConfigDict, model_validator

from ._rules import Assumption, SeeAlso


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Unit(_Strict):
    amount: int
    unit: str
    label: str


class Standard(_Strict):
    fixed: int | None = None
    range: tuple[int, int] | None = None
    per_unit: dict[str, Unit] = {}

    @model_validator(mode="after")
    def _priced(self) -> Standard:
        if self.fixed is None and self.range is None and not self.per_unit:
            raise ValueError("standard needs fixed, range or per_unit")
        return self


class FundedProject(_Strict):
    name: str
    category: str
    clause: str
    row: str
    standard: Standard
    quote: str
    standard_quote: str
    note_quote: str


class FundingRules(_Strict):
    programme: str
    aliases: tuple[str, ...] = ()
    doc: str
    year: int
    title: str
    currency: str
    projects: tuple[FundedProject, ...]
    assumptions: tuple[Assumption, ...] = ()

    def cited(self) -> list:
        quotes = [SeeAlso(clause=p.clause, quote=q) for p in self.projects
                  for q in (p.quote, p.standard_quote, p.note_quote)]
        return [*quotes, *self.assumptions]
