"""Rank arithmetic on built values: half-up rounding (not Python's half-even), ties, 1/3 shares."""
from __future__ import annotations

from fractions import Fraction

import eligibility
from eligibility import _ranking, _score

SPLIT = {"A": 0.3, "B": 0.4, "C": 0.3}


def test_a_and_c_places_round_half_up_where_half_even_would_round_down() -> None:
    assert round(0.3 * 15) == 4                     # what Python's round would give (4.5 → 4)
    assert _ranking.tier_sizes(15, SPLIT) == (5, 5, 5)
    assert _ranking.tier_sizes(5, SPLIT) == (2, 1, 2)   # 1.5 → 2
    assert _ranking.tier_sizes(10, SPLIT) == (3, 4, 3)


def test_a_share_of_a_grade_rounds_half_up() -> None:
    assert _ranking.share(3, (1, 2)) == 2            # 1.5 → 2
    assert _ranking.share(1, (1, 3)) == 0


def test_tied_totals_share_the_better_rank() -> None:
    assert _ranking.rank_of(Fraction(90), [Fraction(95), Fraction(90), Fraction(90), Fraction(80)]) == 2


def test_the_steps_read_shares_caps_and_fractions_from_the_rule_file(monkeypatch) -> None:
    """A new year's numbers are a new rule file: change them and the steps and bounds follow."""
    real = _score.select("assessment", None)
    other = real.model_copy(update={
        "bonus_max": 30,
        "grades": real.grades.model_copy(update={"split": {"A": 0.2, "B": 0.6, "C": 0.2}}),
        "promotion": real.promotion.model_copy(update={"share_of_grade": (1, 2)})})
    monkeypatch.setattr(_score, "select", lambda *a, **k: other)
    r = eligibility.score({"category": 2, "central": {"basic": 100, "capability": 100, "innovation": 25},
                           "info_reporting": 100, "performance": 100, "peers": [1, 2, 3, 4, 5, 6, 7, 8, 9]})
    text = " ".join(s.what for s in r.steps)
    assert "20%×10" in text and "× 1/2" in text and "30%" not in text and "1/3" not in text
    assert r.central == 125 and r.grade == "A"
