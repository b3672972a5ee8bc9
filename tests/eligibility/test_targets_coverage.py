"""Every quantitative indicator of the 2023 guide is checked or listed as not checked, by clause.

The guide's own text decides what counts: each number with a unit (个/家/人/场次/次/项/%/平方米/万元) in
a 目标及预期成果 item of 二、能力部分 or in 三、创新部分 must occur in the quote of a target or a
`not_checked` entry of the same clause. A threshold must be in the quote it cites.
"""
from __future__ import annotations

import re

import pytest

import indexer
from eligibility import _catalog

RULES = _catalog.select("targets", None)
NUMBER = re.compile(r"(\d+)(个|家|人|场次|场|次|项|%|平方米|万元)")
CN = "一二三四五六七八九十"


def _indicators() -> list[tuple[str, str]]:
    """(clause, "3个") for every number with a unit in the guide's target items."""
    text = indexer.for_matching(indexer.matching_text(RULES.doc))
    found: list[tuple[str, str]] = []
    part = section = ""
    in_targets = False
    for raw in text.split("\n"):
        line = raw.strip()
        if m := re.match(rf"^([{CN}])、", line):
            part, section, in_targets = m.group(1), "", m.group(1) == "三"
            continue
        if m := re.match(r"^(\d+)[、.．]", line):
            section = m.group(1)
            if part == "三":
                found += [(f"附件1 三、{section}、", "".join(n)) for n in NUMBER.findall(line)]
            continue
        if part == "三" and section:
            found += [(f"附件1 三、{section}、", "".join(n)) for n in NUMBER.findall(line)]
            continue
        if line.startswith("（二）目标"):
            in_targets = part == "二"
            continue
        if line.startswith("（一）"):
            in_targets = False
        if in_targets and part == "二" and (m := re.match(r"^（(\d+)）", line)):
            found += [(f"附件1 二、{section}、（二）（{m.group(1)}）", "".join(n)) for n in NUMBER.findall(line)]
    return found


def test_the_guide_has_target_items_to_cover() -> None:
    assert len(_indicators()) > 60


@pytest.mark.parametrize(("clause", "number"), _indicators())
def test_every_number_of_the_guide_is_checked_or_listed_as_not_checked(clause: str, number: str) -> None:
    quotes = [indexer.for_matching(x.quote) for x in (*RULES.targets, *RULES.not_checked) if x.clause == clause]
    assert any(number in q for q in quotes), f"{clause} {number}: not in any target or not_checked quote"


def _thresholds(test) -> list[float]:
    out = [test.value] if test.at_least else []
    for sub in (*test.any_of, *test.all_of, *test.by_category.values()):
        out += _thresholds(sub)
    return out


@pytest.mark.parametrize("target", RULES.targets, ids=lambda t: t.id)
def test_each_threshold_is_written_in_the_quote_it_cites(target) -> None:
    for value in _thresholds(target.test):
        assert f"{value:g}" in target.quote, (target.id, value)


@pytest.mark.parametrize("target", RULES.targets, ids=lambda t: t.id)
def test_each_target_has_a_chinese_label(target) -> None:
    assert target.label and not target.label.isascii()
