"""The 资助标准 rule file's model (kind: funding): the table's rows, their standards and 备注.

Model only (no evaluation), so that `_catalog` can import it without importing the engine.
"""
from __future__ import annotations

from datetime import date

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


class Window(_Strict):
    """When the funded activity must take place (inclusive), as the row's 备注 states it."""

    start: date
    end: date
    text: str            # the period as the document words it
    quote: str


class Exclusion(_Strict):
    """Activities the row's 备注 excludes: any name containing one of `words` is refused, citing `quote`."""

    words: tuple[str, ...]
    quote: str


class FundedProject(_Strict):
    name: str
    category: str
    clause: str
    row: str
    standard: Standard
    quote: str
    standard_quote: str
    note_quote: str                          # the row's whole 备注, verbatim
    aliases: tuple[str, ...] = ()            # names the document itself uses for it (附件3, 项目内容)
    aliases_quote: str = ""
    window: Window | None = None
    excludes: tuple[Exclusion, ...] = ()


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
                  for q in (p.quote, p.standard_quote, p.note_quote, p.aliases_quote,
                            *([p.window.quote] if p.window else []), *(e.quote for e in p.excludes)) if q]
        return [*quotes, *self.assumptions]
