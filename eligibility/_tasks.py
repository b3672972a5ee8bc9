"""`tasks`: a unit's row of the 2018 盐城 任务分解表 — its targets and, given what it achieved, which are met.

Input (`tasks:` of a `xuehui score` file): `{unit: 市物理学会, achieved: {new_platform_enterprises: 6, …}}`;
`achieved` keys are the table's column keys or their Chinese headings. A column the unit has no task in
is not listed; a target without an achieved figure is `unknown`.
"""
from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, create_model

from ._catalog import select
from ._results import Note, _Out
from ._task_rules import Row, TaskRules, TaskTable
from ._types import Count
from ._validate import closest, simplified, validate
from .errors import InputError


class TaskInput(BaseModel):
    model_config = ConfigDict(extra="forbid")
    year: int | str | None = Field(default=None, title="任务年度", json_schema_extra={"aliases": ["年度"]})
    unit: str = Field(title="单位名称", json_schema_extra={"aliases": ["单位", "学会", "单位名称", "市级学会"]})
    achieved: dict | None = Field(default=None, title="实际完成", json_schema_extra={"aliases": ["完成", "实际完成"]})


class TaskItem(_Out):
    key: str
    label: str
    target: int
    achieved: int | None
    status: str              # met | not_met | unknown
    message: str
    clause: str
    quote: str


class TasksResult(_Out):
    programme: str
    doc: str
    title: str
    table: str
    unit: str
    clause: str
    items: list[TaskItem]
    counts: dict[str, int]
    note: str = ""           # the table's own 备注
    assumptions: list[Note] = []
    assumptions_used: list[str] = []


def _row(rules: TaskRules, name: str) -> tuple[TaskTable, int]:
    text = simplified(name)
    for t in rules.tables:
        for i, r in enumerate(t.rows):
            if text in (r.unit, r.unit.removeprefix("市"), r.unit.removesuffix("科协")):
                return t, i
    units = [r.unit for t in rules.tables for r in t.rows]
    raise InputError("tasks.unit", f"任务分解表中没有“{text}”", valid=units, closest=closest(text, units))


def unit_row(name: str) -> tuple[TaskTable, Row]:
    """The table and row of a unit named as the table writes it (or without 市 / 科协)."""
    rules: TaskRules = select("tasks", None)
    table, i = _row(rules, name)
    return table, table.rows[i]


def _achieved_model(table: TaskTable) -> type[BaseModel]:
    spec: dict[str, Any] = {c.key: (Count | None, Field(default=None, title=c.label)) for c in table.columns}
    return create_model("Achieved", __config__=ConfigDict(extra="forbid"), **spec)


def tasks(data: dict) -> TasksResult:
    """A unit's targets from the task table and, where its achieved figures are given, met or not."""
    inp = validate(TaskInput, data, "tasks")
    rules: TaskRules = select("tasks", inp.year, "tasks.year")
    table, i = _row(rules, inp.unit)
    row = table.rows[i]
    achieved = validate(_achieved_model(table), inp.achieved or {}, "tasks.achieved").model_dump()
    items = []
    for c in table.columns:
        if c.key not in row.targets:
            continue
        target, got = row.targets[c.key], achieved.get(c.key)
        if got is None:
            status, message = "unknown", f"任务 {target}{c.unit}；缺少 tasks.achieved.{c.key}（实际完成数）"
        else:
            ok = got >= target
            status = "met" if ok else "not_met"
            message = f"任务 {target}{c.unit}，实际 {got}{c.unit}，{'完成' if ok else f'差 {target - got}{c.unit}'}"
        items.append(TaskItem(key=c.key, label=c.label, target=target, achieved=got, status=status, message=message,
                              clause=table.clause, quote=row.unit))
    counts = {s: sum(1 for x in items if x.status == s) for s in ("met", "not_met", "unknown")}
    return TasksResult(programme=rules.programme, doc=rules.doc, title=rules.title, table=table.name, unit=row.unit,
                       clause=table.clause, items=items, counts=counts, note=table.note_quote,
                       assumptions=[Note(id=a.id, clause=a.clause, quote=a.quote, text=a.text) for a in rules.assumptions],
                       assumptions_used=[a.id for a in rules.assumptions
                                         if not a.applies_to or table.name in a.applies_to])


def tasks_section(data: dict | None) -> dict | None:
    return None if data is None else tasks(data).to_json()


def task_units() -> list[dict]:
    """Every unit of the task tables with its table and targets (for forms and documentation)."""
    rules: TaskRules = select("tasks", None)
    return [{"unit": r.unit, "table": t.name, "clause": t.clause, "targets": dict(r.targets)}
            for t in rules.tables for r in t.rows]
