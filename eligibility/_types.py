"""Input value types shared by every input model: one coercion policy for the whole package.

- A quoted number is a number everywhere ("12", " 90.5 "); a boolean is never a number.
- Yes/no fields accept true/false and 是/否 (有/无, 对/不对 …).
- Numbers must be finite and below `ABSURD`; counts of things (events, staff, projects) are whole.
- A category is 1–4, "2", "二" or "二类".
"""
from __future__ import annotations

import math
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field
from pydantic_core import PydanticCustomError

# Not a programme rule: a bound on what can be a real figure (people, m², 万元, points), so that a typo
# such as 1e400 or 9999999999999 is an input error naming the field instead of a silent result.
ABSURD = 10**12

_YES = {"是", "有", "对", "已", "true", "yes", "y", "t", "1", "✓", "√"}
_NO = {"否", "无", "没有", "不是", "不", "未", "false", "no", "n", "f", "0", "✗", "×"}
_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4}


def yes_no(v: object) -> object:
    """是/否 and friends → bool; anything else is left for pydantic to judge."""
    if isinstance(v, str):
        s = v.strip().lower()
        if s in _YES:
            return True
        if s in _NO:
            return False
        raise PydanticCustomError("yes_no", "应为 true 或 false（也可写 是/否）")
    if isinstance(v, int | float) and not isinstance(v, bool) and v not in (0, 1):
        raise PydanticCustomError("yes_no", "应为 true 或 false（也可写 是/否）")
    return v


def number(v: object) -> object:
    """A number as written: quoted is fine, a boolean or a non-finite value is refused."""
    if isinstance(v, bool):
        raise PydanticCustomError("bool_not_number", "应为数字，不是是/否（true/false）")
    if isinstance(v, str):
        s = v.strip().replace(",", "").replace("，", "")
        try:
            v = float(s) if any(c in s for c in ".eE") else int(s)
        except ValueError:
            raise PydanticCustomError("not_a_number", "应为数字") from None
    if isinstance(v, float) and not math.isfinite(v):
        raise PydanticCustomError("not_finite", "应为有限的数字（不能是无穷大或 NaN）")
    if isinstance(v, int | float) and abs(v) > ABSURD:
        raise PydanticCustomError("absurd", "数值大得不合常理，请检查单位或是否多打了位数")
    return v


def count(v: object) -> object:
    """A whole number of things: 6.5 events is an error, 6.0 is 6."""
    v = number(v)
    if isinstance(v, float):
        if not v.is_integer():
            raise PydanticCustomError("not_whole", "应为整数（个数不能有小数）")
        return int(v)
    return v


def category(v: object) -> object:
    """1–4 written as a number, a quoted number, 一…四 or 一类…四类."""
    if isinstance(v, bool):
        raise PydanticCustomError("bool_not_number", "应为类别 1–4，不是是/否（true/false）")
    if isinstance(v, str):
        s = v.strip().removesuffix("类").removesuffix("类学会")
        if s in _CN_DIGITS:
            return _CN_DIGITS[s]
        if s.isdigit():
            return int(s)
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v


def upper(v: object) -> object:
    """Accept "b" for "B": a grade's case carries no meaning."""
    return v.strip().upper() if isinstance(v, str) else v


def number_list(v: object) -> object:
    """"91.2, 88 86.5" (one line of totals, as typed into a form) → a list; a list stays a list."""
    if isinstance(v, str):
        return [x for x in v.replace("，", ",").replace("、", ",").replace(",", " ").split()]
    if isinstance(v, int | float) and not isinstance(v, bool):
        return [v]
    return v


YesNo = Annotated[bool, BeforeValidator(yes_no)]
Number = Annotated[float, BeforeValidator(number), Field(ge=0)]
Count = Annotated[int, BeforeValidator(count), Field(ge=0)]
Category = Annotated[Literal[1, 2, 3, 4], BeforeValidator(category)]
