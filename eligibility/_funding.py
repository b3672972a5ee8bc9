"""`yancheng_funding`: what the 2018 盐城 project table pays, computed from its 资助标准 column.

Input: `{"items": [{"project": "企业科技信息服务", "new_enterprises": 12, "cases": 3},
{"project": "精品学术交流活动", "count": 2}]}`. Fixed and per-unit standards give an amount; ranges
(择优资助) give a minimum and a maximum, never a point estimate.
"""
from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, create_model

from ._catalog import select
from ._funding_rules import FundingRules
from ._results import Note, _Out
from ._types import Count
from ._validate import closest, validate
from .errors import InputError


class FundingInput(BaseModel):
    model_config = ConfigDict(extra="forbid")
    year: int | None = None
    items: list[dict]


class FundingItem(_Out):
    project: str
    min: int | None
    max: int | None
    amount: int | None
    how: str
    clause: str
    row: str
    quote: str
    note: str
    doc: str


class FundingResult(_Out):
    programme: str
    doc: str
    currency: str
    items: list[FundingItem]
    total_min: int | None
    total_max: int | None
    total: int | None
    assumptions: list[Note] = []


def _item(rules: FundingRules, raw: dict, i: int) -> FundingItem:
    where = f"funding.items[{i}]"
    names = [p.name for p in rules.projects]
    name = str(raw.get("project", "")).strip()
    proj = next((p for p in rules.projects if p.name == name), None)
    if proj is None:
        raise InputError(f"{where}.project", f"未知的项目“{name}”" if name else "缺少 project",
                         valid=names, closest=closest(name, names) if name else None)
    units = proj.standard.per_unit
    keys = ["project", *(units or ["count"])]
    # Any: a `**` mapping could fill create_model's own keywords (__config__, …) as far as mypy knows.
    spec: dict[str, Any] = {k: (Count | None, None) for k in keys if k != "project"}
    model = create_model("Item", __config__=ConfigDict(extra="forbid"), project=(str, ...), **spec)
    item = validate(model, raw, where).model_dump()
    base = dict(project=proj.name, clause=proj.clause, row=proj.row, quote=proj.standard_quote, note=proj.note_quote, doc=rules.doc)
    if units:
        missing = [k for k in units if item[k] is None]
        if missing:
            return FundingItem(**base, min=None, max=None, amount=None,
                               how="缺少 " + "、".join(f"{where}.{k}（{units[k].label}）" for k in missing))
        amount = sum(item[k] * u.amount for k, u in units.items())
        how = " + ".join(f"{u.label}{item[k]}{u.unit}×{u.amount}元" for k, u in units.items()) + f" = {amount}元"
        return FundingItem(**base, min=amount, max=amount, amount=amount, how=how)
    count = 1 if item["count"] is None else item["count"]
    if proj.standard.fixed is not None:
        amount = count * proj.standard.fixed
        return FundingItem(**base, min=amount, max=amount, amount=amount,
                           how=f"{count}项×{proj.standard.fixed}元/项 = {amount}元")
    assert proj.standard.range is not None, "Standard._priced: neither per_unit nor fixed, so range"
    lo, hi = proj.standard.range
    return FundingItem(**base, min=count * lo, max=count * hi, amount=None,
                       how=f"{count}项×{lo}–{hi}元/项（择优资助）= {count * lo}–{count * hi}元")


def yancheng_funding(data: dict) -> FundingResult:
    """Compute the 2018 盐城 funding of a list of projects; raises `InputError` on unknown names/fields."""
    inp = validate(FundingInput, data, "funding")
    rules: FundingRules = select("funding", inp.year, "funding.year")
    items, problems = [], []
    for i, raw in enumerate(inp.items):
        try:
            items.append(_item(rules, raw if isinstance(raw, dict) else {"project": raw}, i))
        except InputError as e:
            problems.append(e)
    if problems:
        raise InputError.of(problems)
    mins = [it.min for it in items if it.min is not None]
    known = len(mins) == len(items)
    lo = sum(mins) if known else None
    hi = sum(it.max for it in items if it.max is not None) if known else None     # _item sets both or neither
    return FundingResult(programme=rules.programme, doc=rules.doc, currency=rules.currency, items=items,
                         total_min=lo, total_max=hi, total=lo if known and lo == hi else None,
                         assumptions=[Note(id=a.id, clause=a.clause, quote=a.quote, text=a.text)
                                      for a in rules.assumptions])


def funding_section(data: dict | None) -> dict | None:
    return None if data is None else yancheng_funding(data).to_json()


def funding_projects() -> list[dict]:
    rules: FundingRules = select("funding", None)
    return [{"name": p.name, "category": p.category, "clause": p.clause, "row": p.row, "standard": p.standard_quote}
            for p in rules.projects]
