"""`yancheng_funding`: what the 2018 盐城 project table pays, computed from its 资助标准 column.

Input: `{"items": [{"project": "企业科技信息服务", "new_enterprises": 12, "cases": 3},
{"project": "精品学术交流活动", "count": 2}]}`. Fixed and per-unit standards give an amount; ranges
(择优资助) give a minimum and a maximum, never a point estimate.
"""
from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, create_model

from ._catalog import select
from ._funding_rules import FundedProject, FundingRules
from ._results import Note, _Out
from ._types import Count
from ._validate import closest, simplified, validate
from .errors import InputError


class FundingInput(BaseModel):
    model_config = ConfigDict(extra="forbid")
    year: int | str | None = Field(default=None, title="资助方案年度", json_schema_extra={"aliases": ["年度"]})
    items: list[dict] = Field(min_length=1, title="申报项目", json_schema_extra={"aliases": ["项目"]})


class FundingItem(_Out):
    project: str
    min: int | None
    max: int | None
    amount: int | None
    how: str
    clause: str
    row: str
    quote: str
    note: str                 # this row's own 备注, verbatim
    doc: str
    activity: str | None = None          # the name the input used when it was one of the row's kinds
    conditions: list[str] = []           # the 备注's checkable conditions for this item (activity window …)
    missing: list[str] = []


class FundingResult(_Out):
    programme: str
    doc: str
    currency: str
    items: list[FundingItem]
    total_min: int | None
    total_max: int | None
    total: int | None
    assumptions: list[Note] = []
    title: str = ""
    total_text: str = ""
    assumptions_used: list[str] = []


def _dates(value: object, where: str) -> list[date]:
    """Activity dates as written: 2018-05-20, "2018-05-20", "2018年5月20日"; a list or one."""
    items = value if isinstance(value, list) else [value]
    out = []
    for j, v in enumerate(items):
        if isinstance(v, datetime):
            v = v.date()
        if isinstance(v, date):
            out.append(v)
            continue
        m = re.fullmatch(r"\s*(\d{4})\s*[-/年.]\s*(\d{1,2})\s*[-/月.]\s*(\d{1,2})\s*日?\s*", str(v))
        try:
            out.append(date(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else date.fromisoformat(str(v)))
        except ValueError:
            raise InputError(f"{where}.dates[{j}]" if isinstance(value, list) else f"{where}.dates",
                             f"日期“{v}”无法识别", valid=["2018-05-20", "2018年5月20日"]) from None
    return out


def _find(rules: FundingRules, name: str, where: str) -> tuple[FundedProject, str | None]:
    """The row a name refers to (its own name or a name the document uses for it), or an error.

    A name the row's 备注 excludes (继续教育培训) is refused with that 备注 cited.
    """
    text = simplified(name)
    for p in rules.projects:
        for ex in p.excludes:
            if any(w in text for w in ex.words):
                raise InputError(where, f"“{text}”不在资助范围：{p.clause}（{p.row}）备注“{ex.quote}”")
    for p in rules.projects:
        if text == p.name:
            return p, None
        if text in p.aliases:
            return p, text
    names = [p.name for p in rules.projects]
    aliases = {a: p.name for p in rules.projects for a in p.aliases}
    near = closest(text, [*names, *aliases]) if text else None
    raise InputError(where, f"未知的项目“{text}”" if text else "缺少 project", valid=names,
                     closest=None if near is None else aliases.get(near, near))


def _window(proj: FundedProject, dates: list[date] | None, count: int) -> tuple[int, list[str]]:
    """(how many of the activities count, the window conditions as text) for a row with a time window."""
    w = proj.window
    if w is None:
        return count, []
    cite = f"（{proj.clause} {proj.row}行备注“{w.quote}”）"
    if dates is None:
        return count, [f"? 日期待核对：活动须在{w.text}内举办，请填 dates（每次活动的日期）{cite}"]
    inside = [d for d in dates if w.start <= d <= w.end]
    out = [f"✓ {d.isoformat()} 在{w.text}内" for d in inside]
    out += [f"✗ {d.isoformat()} 不在{w.text}内，不计入资助{cite}" for d in dates if not w.start <= d <= w.end]
    return len(inside), out


def _item(rules: FundingRules, raw: dict, i: int) -> FundingItem:
    where = f"funding.items[{i}]"
    raw = {("project" if k in ("项目", "项目名称") else "count" if k in ("数量", "项数") else
            "dates" if k in ("日期", "活动日期", "举办日期") else k): v for k, v in raw.items()}
    proj, activity = _find(rules, str(raw.get("project", "")), f"{where}.project")
    units = proj.standard.per_unit
    keys = [*(units or ["count"])]
    # Any: a `**` mapping could fill create_model's own keywords (__config__, …) as far as mypy knows.
    spec: dict[str, Any] = {k: (Count | None, Field(default=None, title=units[k].label if k in units else "项数"))
                            for k in keys}
    if proj.window is not None:
        spec["dates"] = (Any, None)
    model = create_model("Item", __config__=ConfigDict(extra="forbid"), project=(str, ...), **spec)
    item = validate(model, raw, where).model_dump()
    base: dict[str, Any] = dict(project=proj.name, clause=proj.clause, row=proj.row, quote=proj.standard_quote, note=proj.note_quote,
                doc=rules.doc, activity=activity)
    if units:
        known = {k: item[k] for k in units if item[k] is not None}
        missing = [k for k in units if item[k] is None]
        part = sum(known[k] * units[k].amount for k in known)
        how = " + ".join(f"{units[k].label}{known[k]}{units[k].unit}×{units[k].amount}元" for k in known)
        if missing:
            lack = "、".join(f"{where}.{k}（{units[k].label}）" for k in missing)
            how = (f"{how} = {part}元（已知部分）；" if known else "") + f"缺 {lack}"
            return FundingItem(**base, min=part if known else None, max=None, amount=None, how=how,
                               missing=[f"{where}.{k}" for k in missing])
        return FundingItem(**base, min=part, max=part, amount=part, how=f"{how} = {part}元")
    dates = _dates(item["dates"], where) if item.get("dates") is not None else None
    count = item["count"] if item["count"] is not None else (len(dates) if dates is not None else 1)
    if dates is not None and item["count"] is not None and len(dates) != count:
        raise InputError(f"{where}.dates", f"填了 {len(dates)} 个日期，但 count 为 {count}：每项活动填一个日期")
    counted, conditions = _window(proj, dates, count)
    if proj.standard.fixed is not None:
        amount = counted * proj.standard.fixed
        return FundingItem(**base, min=amount, max=amount, amount=amount, conditions=conditions,
                           how=f"{counted}项×{proj.standard.fixed}元/项 = {amount}元")
    assert proj.standard.range is not None, "Standard._priced: neither per_unit nor fixed, so range"
    lo, hi = proj.standard.range
    return FundingItem(**base, min=counted * lo, max=counted * hi, amount=None, conditions=conditions,
                       how=f"{counted}项×{lo}–{hi}元/项（择优资助）= {counted * lo}–{counted * hi}元")


def _total_text(items: list[FundingItem], lo: int, hi: int | None) -> str:
    missing = [m for it in items for m in it.missing]
    if hi is None:
        return f"至少 {lo} 元；另有未计入的：{'、'.join(missing)}"
    return f"{lo} 元" if lo == hi else f"{lo}–{hi} 元"


def yancheng_funding(data: dict) -> FundingResult:
    """Compute the 2018 盐城 funding of a list of projects; every input problem in one `InputError`."""
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
    lo = sum(it.min or 0 for it in items)
    complete = all(it.max is not None for it in items)
    hi = sum(it.max or 0 for it in items) if complete else None
    used = {it.project for it in items}
    return FundingResult(programme=rules.programme, doc=rules.doc, currency=rules.currency, items=items,
                         total_min=lo if complete else None, total_max=hi,
                         total=lo if complete and lo == hi else None, title=rules.title,
                         total_text=_total_text(items, lo, hi),
                         assumptions=[Note(id=a.id, clause=a.clause, quote=a.quote, text=a.text)
                                      for a in rules.assumptions],
                         assumptions_used=[a.id for a in rules.assumptions
                                           if not a.applies_to or used & set(a.applies_to)])


def funding_section(data: dict | None) -> dict | None:
    return None if data is None else yancheng_funding(data).to_json()


def funding_projects() -> list[dict]:
    rules: FundingRules = select("funding", None)
    return [{"name": p.name, "category": p.category, "clause": p.clause, "row": p.row, "standard": p.standard_quote}
            for p in rules.projects]
