"""Rank arithmetic of 四、（二）, exact (fractions) so that ties and cuts never depend on float noise.

Readings (stated in the rule file's assumptions): rank = 1 + the number of strictly higher totals;
A and C each take round(0.3·n) places (half up), B the rest; "前1/3 of A" takes round(a/3) places.
"""
from __future__ import annotations

from fractions import Fraction
from typing import Literal

Grade = Literal["A", "B", "C"]


def exact(x: Fraction | float | int | str) -> Fraction:
    """A number as the user wrote it (90.3 is 903/10, not the nearest binary float); a Fraction is kept."""
    return Fraction(str(x))


def round_half_up(x: Fraction) -> int:
    return int(x + Fraction(1, 2)) if x >= 0 else -int(-x + Fraction(1, 2))


def rank_of(total: Fraction, peers: list[Fraction]) -> int:
    """Competition ranking: tied totals share the better rank."""
    return 1 + sum(1 for p in peers if p > total)


def tier_sizes(n: int, split: dict[Grade, float]) -> tuple[int, int, int]:
    """(A, B, C) places among n societies; A and C rounded half up, B the remainder."""
    a = round_half_up(exact(split["A"]) * n)
    c = round_half_up(exact(split["C"]) * n)
    return a, n - a - c, c


def grade_of(rank: int, n: int, sizes: tuple[int, int, int]) -> Grade:
    a, _b, c = sizes
    if rank <= a:
        return "A"
    return "C" if rank > n - c else "B"


def share(places: int, fraction: tuple[int, int]) -> int:
    """round(places × num/den), half up: how many of a grade's places move up or down."""
    return round_half_up(Fraction(places * fraction[0], fraction[1]))
