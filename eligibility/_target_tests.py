"""Target tests: (test, figures, category) → (met / not_met / unknown, message, missing fields)."""
from __future__ import annotations

from fractions import Fraction
from typing import Final, Literal

from ._ranking import exact

Status = Literal["met", "not_met", "unknown"]
MET: Final = "met"
NOT_MET: Final = "not_met"
UNKNOWN: Final = "unknown"
Outcome = tuple[Status, str, list[str]]


def _fmt(x: Fraction | float) -> str:
    f = float(x)
    return str(int(f)) if f == int(f) else f"{f:.2f}".rstrip("0")


def _label(rules, field: str) -> str:
    spec = rules.fields[field]
    return spec.label


def _at_least(field: str, value: float, figures: dict, rules) -> Outcome:
    v = figures.get(field)
    unit = rules.fields[field].unit
    if v is None:
        return UNKNOWN, f"缺少 {field}（{_label(rules, field)}）", [field]
    ok = exact(v) >= exact(value)
    return (MET if ok else NOT_MET), (f"{_label(rules, field)} {_fmt(v)}{unit}，"
                                      f"{'达到' if ok else '未达到'} {_fmt(value)}{unit}以上"), []


def _is_true(field: str, figures: dict, rules) -> Outcome:
    v = figures.get(field)
    if v is None:
        return UNKNOWN, f"缺少 {field}（{_label(rules, field)}）", [field]
    return (MET, f"{_label(rules, field)}：是", []) if v else (NOT_MET, f"{_label(rules, field)}：否", [])


def _growth(field: str, base: str, figures: dict, rules) -> tuple[Fraction | None, str, list[str]]:
    missing = [f for f in (field, base) if figures.get(f) is None]
    if missing:
        return None, "缺少 " + "、".join(f"{m}（{_label(rules, m)}）" for m in missing), missing
    cur, last = exact(figures[field]), exact(figures[base])
    if last == 0:
        return None, f"{_label(rules, base)}为0，增幅无法计算", []
    g = (cur - last) / last * 100
    return g, f"服务性收入 {_fmt(last)}→{_fmt(cur)}万元，增幅 {_fmt(round(float(g), 2))}%", []


def _growth_at_least(field: str, base: str, percent: float, figures: dict, rules) -> Outcome:
    g, text, missing = _growth(field, base, figures, rules)
    if g is None:
        return UNKNOWN, text, missing
    ok = g >= exact(percent)
    return (MET if ok else NOT_MET), f"{text}，{'达到' if ok else '未达到'} {_fmt(percent)}%以上", []


def _growth_by_band(t, figures: dict, rules) -> Outcome:
    g, text, missing = _growth(t.field, t.base, figures, rules)
    if g is None:
        return UNKNOWN, text, missing
    last = exact(figures[t.base])
    band = next(b for b in t.bands if b.holds(last))
    ok = g >= exact(band.percent)
    return (MET if ok else NOT_MET), (f"{text}；上年收入所在档须提升 {_fmt(band.percent)}%，"
                                      f"{'达到' if ok else '未达到'}"), []


def _combine(parts: list[Outcome], need_all: bool) -> Outcome:
    statuses = [p[0] for p in parts]
    message = "；".join(p[1] for p in parts)
    missing = [m for p in parts for m in p[2]]
    status: Status
    if need_all:
        status = NOT_MET if NOT_MET in statuses else MET if all(s == MET for s in statuses) else UNKNOWN
    else:
        status = MET if MET in statuses else NOT_MET if all(s == NOT_MET for s in statuses) else UNKNOWN
    if status != UNKNOWN:
        missing = []
        decisive = [p[1] for p in parts if p[0] == status]       # the parts that decided it
        if status == (NOT_MET if need_all else MET):
            return status, "；".join(decisive), missing
    joiner = "，且" if need_all else "，或"
    return status, message.replace("；", joiner) if len(parts) > 1 else message, missing


def run(t, figures: dict, category: int | None, rules) -> Outcome:
    """Evaluate one target test (see rules/2023-targets.yaml for the kinds)."""
    if t.at_least:
        return _at_least(t.at_least, t.value, figures, rules)
    if t.is_true:
        return _is_true(t.is_true, figures, rules)
    if t.any_of or t.all_of:
        return _combine([run(x, figures, category, rules) for x in (t.all_of or t.any_of)], bool(t.all_of))
    if t.growth_at_least:
        return _growth_at_least(t.growth_at_least, t.base, t.percent, figures, rules)
    if t.growth_by_band:
        return _growth_by_band(t.growth_by_band, figures, rules)
    if t.by_category:
        if category is None:
            return UNKNOWN, "缺少 category（学会类别1–4），该指标按类别不同", ["category"]
        status, message, missing = run(t.by_category[category], figures, category, rules)
        return status, f"{category}类学会：{message}", missing
    raise ValueError("empty target test")
