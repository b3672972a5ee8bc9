"""Target tests: (test, figures, category) → (met / not_met / unknown, message, missing fields).

Every number and name in a message comes from the rule file: the threshold from the test, the
figure's label and unit from `fields` (or the test's own `label` where the clause words it
differently), so a new year's guide is a new YAML file.
"""
from __future__ import annotations

from fractions import Fraction
from typing import Final, Literal

from ._ranking import exact
from ._target_rules import Band, BandTest, TargetRules, Test

Status = Literal["met", "not_met", "unknown", "encouraged", "not_applicable"]
MET: Final = "met"
NOT_MET: Final = "not_met"
UNKNOWN: Final = "unknown"
ENCOURAGED: Final = "encouraged"
NOT_APPLICABLE: Final = "not_applicable"
Outcome = tuple[Status, str, list[str]]
_CAT = {1: "一类", 2: "二类", 3: "三类", 4: "四类"}


def _fmt(x: Fraction | float) -> str:
    f = float(x)
    return str(int(f)) if f == int(f) else f"{f:.2f}".rstrip("0").rstrip(".")


def _label(rules: TargetRules, field: str, override: str | None = None) -> str:
    return override or rules.fields[field].label


def missing_text(rules: TargetRules, fields: list[str]) -> str:
    return "缺少 " + "、".join(f"{f}（{_label(rules, f)}）" for f in fields)


def _at_least(t: Test, figures: dict, rules: TargetRules) -> Outcome:
    assert t.at_least is not None and t.value is not None, "an at_least test names a field and a value"
    field, value = t.at_least, t.value
    name = _label(rules, field, t.label)
    unit = rules.fields[field].unit
    v = figures.get(field)
    if v is None:
        return UNKNOWN, f"缺少 {field}（{name}）", [field]
    ok = exact(v) >= exact(value)
    return (MET if ok else NOT_MET), f"{name} {_fmt(v)}{unit}，{'达到' if ok else '未达到'} {_fmt(value)}{unit}以上", []


def _is_true(field: str, figures: dict, rules: TargetRules) -> Outcome:
    v = figures.get(field)
    if v is None:
        return UNKNOWN, f"缺少 {field}（{_label(rules, field)}）", [field]
    return (MET, f"{_label(rules, field)}：是", []) if v else (NOT_MET, f"{_label(rules, field)}：否", [])


def _growth(field: str, base: str, figures: dict, rules: TargetRules) -> tuple[Fraction | None, str, list[str]]:
    missing = [f for f in (field, base) if figures.get(f) is None]
    if missing:
        return None, missing_text(rules, missing), missing
    cur, last = exact(figures[field]), exact(figures[base])
    unit = rules.fields[field].unit
    if last == 0:
        return None, (f"{_label(rules, base)}为0：增幅是相对上年的百分比，上年为0时无法计算（本年 {_fmt(cur)}{unit}），"
                      "不判达到或未达到"), []
    g = (cur - last) / last * 100
    return g, f"{_label(rules, field)} {_fmt(last)}→{_fmt(cur)}{unit}，增幅 {_fmt(round(float(g), 2))}%", []


def _growth_at_least(field: str, base: str, percent: float, figures: dict, rules: TargetRules) -> Outcome:
    g, text, missing = _growth(field, base, figures, rules)
    if g is None:
        return UNKNOWN, text, missing
    ok = g >= exact(percent)
    return (MET if ok else NOT_MET), f"{text}，{'达到' if ok else '未达到'} {_fmt(percent)}%以上", []


def _band_text(b: Band, unit: str) -> str:
    lo = f"{_fmt(b.above)}以上（不含）" if b.above is not None else f"{_fmt(b.from_)}{unit}以上" if b.from_ is not None else ""
    hi = "" if b.upto is None else f"{_fmt(b.upto)}{unit}{'以下' if b.upto_inclusive else '以下（不含）'}"
    return "–".join(x for x in (lo, hi) if x)


def _growth_by_band(t: BandTest, figures: dict, rules: TargetRules) -> Outcome:
    g, text, missing = _growth(t.field, t.base, figures, rules)
    if g is None:
        return UNKNOWN, text, missing
    last = exact(figures[t.base])
    band = next(b for b in t.bands if b.holds(last))
    ok = g >= exact(band.percent)
    where = _band_text(band, rules.fields[t.base].unit)
    return (MET if ok else NOT_MET), (f"{text}；上年收入属{where}档，须提升 {_fmt(band.percent)}%以上，"
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


def _by_category(t: Test, figures: dict, category: int | None, rules: TargetRules) -> Outcome:
    """The category's test; without a category, every category's, and a result when they all agree."""
    if category is not None:
        status, message, missing = run(t.by_category[category], figures, category, rules)
        return status, f"{_CAT.get(category, category)}学会：{message}", missing
    outcomes = {c: run(sub, figures, c, rules) for c, sub in t.by_category.items()}
    statuses = {o[0] for o in outcomes.values()}
    if len(statuses) == 1 and UNKNOWN not in statuses:
        status = statuses.pop()
        groups: dict[str, list[int]] = {}
        for c, o in outcomes.items():
            groups.setdefault(o[1], []).append(c)
        text = "；".join(f"{'、'.join(_CAT.get(c, str(c)) for c in cs)}学会：{m}" for m, cs in groups.items())
        return status, f"未填类别，按各类别标准结论相同（{'均达到' if status == MET else '均未达到'}）：{text}", []
    missing = list(dict.fromkeys(m for o in outcomes.values() for m in o[2]))
    if UNKNOWN in statuses and len(statuses - {UNKNOWN}) <= 1 and missing:
        return UNKNOWN, missing_text(rules, missing) + "（该指标按类别不同）", missing
    return UNKNOWN, "各类别标准下结论不同，需填写 category（学会类别1–4）", ["category"]


def run(t: Test, figures: dict, category: int | None, rules: TargetRules) -> Outcome:
    """Evaluate one target test (see rules/2023-targets.yaml for the kinds)."""
    if t.at_least:
        return _at_least(t, figures, rules)
    if t.is_true:
        return _is_true(t.is_true, figures, rules)
    if t.any_of or t.all_of:
        return _combine([run(x, figures, category, rules) for x in (t.all_of or t.any_of)], bool(t.all_of))
    if t.growth_at_least:
        assert t.base is not None and t.percent is not None, "a growth test names its base and percent"
        return _growth_at_least(t.growth_at_least, t.base, t.percent, figures, rules)
    if t.growth_by_band:
        return _growth_by_band(t.growth_by_band, figures, rules)
    if t.by_category:
        return _by_category(t, figures, category, rules)
    raise ValueError("empty target test")
