"""Does anything retrieved answer the question? Picks the passage that does, or says why none.

A score threshold alone cannot tell "标准制定项目每项资助多少钱" (no amount anywhere) from an
answerable near miss, so the judge compares what the question asks for (an amount, a date, a
count of people …, see `_query.WANTS`) and which document it means with what the passages hold.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from indexer import for_matching

from ._excerpt import units
from ._query import Query, has_evidence
from ._types import Passage

if TYPE_CHECKING:
    from ._kb import KnowledgeBase

CANDIDATES = 3  # how deep below the top passage to look for one that answers
# A word in more than ~15% of passages (学会, 申报, 项目 …) does not say what a sentence is about.
FOCUS_IDF = 2.0
_WANT_NAMES = {"money": "金额", "hourly": "按小时计的标准", "age": "年龄规定", "validity": "有效期或复评规定",
               "percent": "比例", "time": "时间", "place": "地点"}


def want_name(w: str) -> str:
    return f"“{w[6:]}”的数目" if w.startswith("count:") else _WANT_NAMES[w]


def _focus(q: Query, kb: KnowledgeBase) -> set[str]:
    """The question's distinctive words the corpus uses (not 学会/申报-like words found everywhere)."""
    return {t for t in q.tokens if len(t) > 1 and kb.idf(t, unseen=0.0) >= FOCUS_IDF}


def _answers(q: Query, p: Passage, kb: KnowledgeBase) -> bool:
    """The passage holds what is asked (an amount, a date …) in a sentence about what is asked:
    "会员代表大会开几次" is not answered by "每年至少召开2次理事会"."""
    focus = _focus(q, kb)
    # A table row is one statement: its name cell and its figures belong together.
    parts = [for_matching(u) for u in ([p.text] if p.kind == "row" else units(p.text))]
    head = for_matching(" ".join(p.headings))
    for w in q.wants:
        hits = [u for u in parts if has_evidence(w, u)]
        if not hits:
            return False
        if focus and not any(t in u or t in head for u in hits for t in focus):
            return False
    return True


def _evidence_relevance(q: Query, p: Passage, kb: KnowledgeBase) -> float:
    parts = [for_matching(u) for u in units(p.text) if all(has_evidence(w, u) for w in q.wants)]
    toks = {t for t in q.tokens if len(t) > 1}
    return max((sum(kb.idf(t) for t in toks if t in u) for u in parts), default=0.0)


def _candidates(q: Query, passages: list[Passage]) -> list[Passage]:
    """The top passages of the documents the question names by year or city (all, if it names none)."""
    scope = [p for p in passages if p.doc in q.doc_hints] if q.doc_hints else passages
    return scope[:CANDIDATES]


def choose(q: Query, passages: list[Passage], kb: KnowledgeBase) -> tuple[Passage | None, str]:
    """(the passage that answers, "") or (None, why nothing does — "" when merely unrelated)."""
    if not passages:
        return None, ""
    known = {d.year for d in kb.docs}
    unknown_years = [y for y in q.years if y not in known]
    # "2021年提升计划…" names a document the knowledge base does not have; "2021年立项过的" is a
    # fact the 2022 rules speak about, answerable when a passage mentions that year.
    if any(y not in known for y in q.doc_years) or (
        unknown_years and not any(str(y) in p.text for y in unknown_years for p in passages)
    ):
        missing = [y for y in q.doc_years if y not in known] or unknown_years
        return None, f"（知识库中没有{'、'.join(map(str, missing))}年的文件）"
    cands = _candidates(q, passages)
    if not cands:
        return None, "（问题所指年度或地区的文件不在知识库中）"
    if q.wants:
        fitting = [p for p in cands if _answers(q, p, kb)]
        if not fitting:
            return None, f"（问的是{'、'.join(want_name(w) for w in q.wants)}，但相关条文中没有写明）"
        # The passage whose sentence holding the amount/date/… is most about the question wins;
        # rank breaks ties. ("会员每年要增长多少": the 3%-10% sentence, not another growth rate.)
        best = max(fitting, key=lambda p: (_evidence_relevance(q, p, kb), p.score))
    else:
        best = cands[0]
    if kb.coverage(q, best) < kb.settings.min_coverage and best.score < 1.0:
        return None, ""
    return best, ""


def companions(q: Query, best: Passage, passages: list[Passage], kb: KnowledgeBase) -> list[Passage]:
    """The best passage and those nearly as strong and as much about the question, up to the limit."""
    cov = kb.coverage(q, best)
    cites = [best]
    for p in _candidates(q, passages):
        if len(cites) >= kb.settings.max_citations:
            break
        if p is best or p.text == best.text or p.text in best.text:
            continue
        if kb.coverage(q, p) >= max(kb.settings.min_coverage, 0.8 * cov) and p.score >= 0.85 * best.score:
            cites.append(p)
    return cites
