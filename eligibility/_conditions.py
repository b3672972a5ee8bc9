"""Condition kinds: one small function each, (condition, profile) → (status, message, missing field).

Grades compare in the order A > B > C > D; 评估等级 compares as a number (0 = 未评估). A field the
condition needs but the profile lacks is `unknown`, with the field named in the message.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from ._profile import GRADES, ORG_TYPE_LABELS, Society, label
from ._results import Status
from ._rules import Condition

Outcome = tuple[Status, str, str | None]       # status, message, missing field
PASS: Final = "pass"
FAIL: Final = "fail"
UNKNOWN: Final = "unknown"


@dataclass(frozen=True)
class Subject:
    """The sub-project being judged and the programme's 项目类别 of every sub-project."""

    project: str
    categories: dict[str, str]


def _missing(field: str, what: str) -> Outcome:
    return UNKNOWN, f"缺少 society.{field}（{label(field)}），无法判断{what}", f"society.{field}"


def _rank(grade: str) -> int:
    return GRADES.index(grade)           # 0 = A (best)


def _field(c: Condition) -> str:
    """The profile field a profile condition reads."""
    assert c.field, "Condition._complete requires field for every profile condition"
    return c.field


def _threshold(c: Condition) -> int:
    """The number a level/count condition compares with."""
    assert c.value is not None, "Condition._complete requires value for every comparison"
    return int(c.value)


def _is_true(c: Condition, s: Society, _subject: Subject) -> Outcome:
    field = _field(c)
    v = getattr(s, field)
    if v is None:
        return _missing(field, "是否满足")
    return (PASS, f"{label(field)}：是", None) if v else (FAIL, f"{label(field)}：否", None)


def _one_of(c: Condition, s: Society, _subject: Subject) -> Outcome:
    field = _field(c)
    v = getattr(s, field)
    allowed = "、".join(ORG_TYPE_LABELS.get(x, x) for x in c.values)
    if v is None:
        return _missing(field, f"是否为{allowed}")
    shown = ORG_TYPE_LABELS.get(v, v)
    if v in c.values:
        return PASS, f"{label(field)}为{shown}", None
    return FAIL, f"{label(field)}为{shown}，不是{allowed}", None


def _grade_at_least(c: Condition, s: Society, _subject: Subject) -> Outcome:
    field = _field(c)
    v = getattr(s, field)
    if v is None:
        return _missing(field, f"是否不低于{c.value}等")
    if _rank(v) <= _rank(str(c.value)):
        return PASS, f"{label(field)}为{v}，不低于{c.value}等", None
    return FAIL, f"{label(field)}为{v}，低于{c.value}等", None


def _grade_at_most(c: Condition, s: Society, _subject: Subject) -> Outcome:
    field = _field(c)
    v = getattr(s, field)
    if v is None:
        return _missing(field, f"是否为{c.value}等以下（含{c.value}等）")
    if _rank(v) >= _rank(str(c.value)):
        return PASS, f"{label(field)}为{v}，属{c.value}等以下（含{c.value}等）", None
    return FAIL, f"{label(field)}为{v}，高于{c.value}等，不属{c.value}等以下", None


def _level_at_least(c: Condition, s: Society, _subject: Subject) -> Outcome:
    field = _field(c)
    v = getattr(s, field)
    if v is None:
        return _missing(field, f"是否不低于{c.value}A级")
    shown = f"{v}A级" if v else "未评估（0）"
    if v >= _threshold(c):
        return PASS, f"{label(field)}为{shown}，不低于{c.value}A级", None
    return FAIL, f"{label(field)}为{shown}，低于{c.value}A级", None


def _count_at_least(c: Condition, s: Society, _subject: Subject) -> Outcome:
    field = _field(c)
    v = getattr(s, field)
    if v is None:
        return _missing(field, f"是否不少于{c.value}")
    if v >= _threshold(c):
        return PASS, f"{label(field)}为{v}，不少于{c.value}", None
    return FAIL, f"{label(field)}为{v}，少于{c.value}", None


def _funded_years(c: Condition, s: Society) -> tuple[list[int], list[int], list[int]]:
    """(years funded with the project, years known without it, years not given)."""
    funded = s.funded
    if funded is None:
        return [], [], list(c.years)
    hit = [y for y in c.years if y in funded and c.project in funded[y]]
    clear = [y for y in c.years if y in funded and c.project not in funded[y]]
    return hit, clear, [y for y in c.years if y not in funded]


def _years(ys: list[int]) -> str:
    return "、".join(f"{y}年" for y in ys)


def _not_funded_in_years(c: Condition, s: Society, _subject: Subject) -> Outcome:
    hit, _clear, unknown = _funded_years(c, s)
    if hit:
        return FAIL, f"{_years(hit)}已获“{c.project}”立项或认定", None
    if unknown:
        return (UNKNOWN, f"society.funded 未列出{_years(unknown)}，无法判断当年是否获“{c.project}”立项"
                f"（当年无立项请写 {unknown[0]}: []）", "society.funded")
    return PASS, f"{_years(list(c.years))}未获“{c.project}”立项或认定", None


def _not_funded_in_all_years(c: Condition, s: Society, _subject: Subject) -> Outcome:
    hit, clear, unknown = _funded_years(c, s)
    if clear:
        return PASS, f"{_years(clear)}未获“{c.project}”立项，不属{_years(list(c.years))}连续立项", None
    if unknown:
        return (UNKNOWN, f"society.funded 未列出{_years(unknown)}，无法判断是否{_years(list(c.years))}连续获"
                f"“{c.project}”立项（当年无立项请写 {unknown[0]}: []）", "society.funded")
    return FAIL, f"{_years(hit)}连续获“{c.project}”立项", None


def _no_failed_same_category(c: Condition, s: Society, subject: Subject) -> Outcome:
    """Fail on a failed project of the same 项目类别; a year whose funded list has none of it cannot fail."""
    category = subject.categories[subject.project]
    same = [p for p, cat in subject.categories.items() if cat == category]
    failed, funded = s.failed or {}, s.funded or {}
    hit = [(y, p) for y in c.years for p in failed.get(y, []) if p in same]
    if hit:
        listed = "、".join(f"{y}年“{p}”" for y, p in hit)
        return FAIL, f"{listed}考核不合格，与“{subject.project}”同属“{category}”类别", None
    unknown = [y for y in c.years if y not in failed and (y not in funded or any(p in same for p in funded[y]))]
    if unknown:
        return (UNKNOWN, f"society.failed 未列出{_years(unknown)}，无法判断当年立项的“{category}”类别项目是否考核不合格"
                f"（没有不合格请写 {unknown[0]}: []）", "society.failed")
    return PASS, f"{_years(list(c.years))}没有“{category}”类别项目考核不合格", None


EVALUATORS: dict[str, Callable[[Condition, Society, Subject], Outcome]] = {
    "is_true": _is_true,
    "one_of": _one_of,
    "grade_at_least": _grade_at_least,
    "grade_at_most": _grade_at_most,
    "level_at_least": _level_at_least,
    "count_at_least": _count_at_least,
    "not_funded_in_years": _not_funded_in_years,
    "not_funded_in_all_years": _not_funded_in_all_years,
    "no_failed_same_category": _no_failed_same_category,
}


def evaluate(c: Condition, s: Society, subject: Subject) -> Outcome:
    """Judge one condition for one sub-project; deterministic, no side effects."""
    return EVALUATORS[c.kind](c, s, subject)


def fields_of(c: Condition) -> list[str]:
    """The profile fields (dotted under `society`) a condition reads; per-year lists name their year."""
    if c.kind.startswith("not_funded"):
        return [f"funded.{y}" for y in c.years]
    if c.kind == "no_failed_same_category":
        return [f"failed.{y}" for y in c.years]
    return [_field(c)]
