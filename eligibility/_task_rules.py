"""The task-table rule file's model (kind: tasks): each unit's own targets, table by table.

Model only (no evaluation), so that `_catalog` can import it without importing the engine.
"""
from __future__ import annotations

from pydantic import BaseModel, ConfigDict, model_validator

from ._rules import Assumption, SeeAlso


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Column(_Strict):
    key: str
    label: str
    unit: str = ""


class Row(_Strict):
    unit: str                         # the unit's name as the table writes it
    targets: dict[str, int]           # column key → target; a column left out has no target


class TaskTable(_Strict):
    name: str
    who: str                          # what kind of unit the table assigns tasks to
    clause: str
    quote: str
    heading_quote: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    total: dict[str, int] = {}
    note_quote: str = ""              # the table's 备注

    @model_validator(mode="after")
    def _known_columns(self) -> TaskTable:
        keys = {c.key for c in self.columns}
        bad = sorted({k for r in self.rows for k in r.targets} - keys)
        if bad:
            raise ValueError(f"{self.name}: rows name unknown columns {bad}")
        return self


class TaskRules(_Strict):
    programme: str
    aliases: tuple[str, ...] = ()
    doc: str
    year: int
    title: str
    tables: tuple[TaskTable, ...]
    assumptions: tuple[Assumption, ...] = ()

    def cited(self) -> list:
        quotes = [SeeAlso(clause=t.clause, quote=q) for t in self.tables
                  for q in (t.quote, t.heading_quote, t.note_quote, *(r.unit for r in t.rows)) if q]
        return [*quotes, *self.assumptions]
