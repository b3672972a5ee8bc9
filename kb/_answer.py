"""Answer composer: the sentences of the best clauses, quoted verbatim with [n] citations — or a
plain refusal when the passages found do not hold what the question asks for."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from indexer import for_matching, to_simplified

from ._query import Query, has_evidence
from ._types import Answer, Passage

if TYPE_CHECKING:
    from ._kb import KnowledgeBase

_WANT_NAMES = {"money": "金额", "hourly": "按小时计的标准", "age": "年龄规定", "validity": "有效期或复评规定",
               "percent": "比例", "time": "时间", "place": "地点"}


def _want_name(w: str) -> str:
    return f"“{w[6:]}”的数目" if w.startswith("count:") else _WANT_NAMES[w]
_UNIT = re.compile(r"(?<=[。；;！？!?])|\n")
WHOLE_CHARS = 220  # a passage this short is quoted whole
EXCERPT_CHARS = 160
CANDIDATES = 3  # how deep below the top passage the composer looks for one that answers
# A word in more than ~15% of passages (学会, 申报, 项目 …) does not say what a sentence is about.
FOCUS_IDF = 2.0


def _units(text: str) -> list[str]:
    return [u.strip() for u in _UNIT.split(text) if u and u.strip()]


def _excerpt(q: Query, p: Passage, kb: KnowledgeBase, limit: int) -> str:
    """The passage whole if short, else its best sentences (in document order) up to `limit`."""
    if p.kind == "row":
        return _row_excerpt(q, p, kb)
    if len(p.text) <= limit:
        return p.text.strip()
    units = _units(p.text)
    def score(u: str) -> float:
        return _unit_relevance(q, kb, u) + sum(3.0 for w in q.wants if has_evidence(w, u))

    ranked = sorted(range(len(units)), key=lambda i: -score(units[i]))
    floor = 0.25 * score(units[ranked[0]])  # a sentence sharing only "学会" with the question is not about it
    keep: list[int] = []
    size = 0
    for i in ranked:
        if keep and (size + len(units[i]) > limit or score(units[i]) <= floor):
            break
        keep.append(i)
        size += len(units[i])
    # A clause's first line names it ("（四）择优资助。…"): keep it for context when it fits.
    if 0 not in keep and size + len(units[0]) <= limit + 40 and len(units[0]) <= 40:
        keep.append(0)
    out = ""
    prev = None
    for i in sorted(keep):
        out += ("" if prev is None or i == prev + 1 else "……") + units[i]
        prev = i
    return out


def _row_excerpt(q: Query, p: Passage, kb: KnowledgeBase) -> str:
    """A table row: the cells naming it and those in the columns the question asks about.

    The whole row when no column stands out (or the row has no stored cells)."""
    if not p.fields:
        return p.text.strip()
    title = p.text.rpartition("｜")[0]
    naming = {i for i, (_, v) in enumerate(p.fields[:2]) if not re.fullmatch(r"[\d.\-]+", v)}
    rel = [_unit_relevance(q, kb, h) if i not in naming else 0.0 for i, (h, _) in enumerate(p.fields)]
    top = max(rel, default=0.0)
    asked = {i for i, r in enumerate(rel) if top > 0 and r >= 0.6 * top}
    if not asked or len(asked | naming) == len(p.fields):
        return p.text.strip()
    cells = "；".join(f"{h}：{v}" for i, (h, v) in enumerate(p.fields) if i in asked | naming)
    return f"{title}｜{cells}" if title else cells


def _unit_relevance(q: Query, kb: KnowledgeBase, unit: str) -> float:
    n = for_matching(unit)
    return sum(kb.idf(t) for t in set(q.keyword_tokens) if t in n)


def _focus(q: Query, kb: KnowledgeBase) -> set[str]:
    """The question's distinctive words the corpus uses (not 学会/申报-like words found everywhere)."""
    return {t for t in q.tokens if len(t) > 1 and kb.idf(t, unseen=0.0) >= FOCUS_IDF}


def _answers(q: Query, p: Passage, kb: KnowledgeBase) -> bool:
    """The passage holds what is asked (an amount, a date …) in a sentence about what is asked:
    "会员代表大会开几次" is not answered by "每年至少召开2次理事会"."""
    focus = _focus(q, kb)
    # A table row is one statement: its name cell and its figures belong together.
    units = [for_matching(u) for u in ([p.text] if p.kind == "row" else _units(p.text))]
    head = for_matching(" ".join(p.headings))
    for w in q.wants:
        hits = [u for u in units if has_evidence(w, u)]
        if not hits:
            return False
        if focus and not any(t in u or t in head for u in hits for t in focus):
            return False
    return True


def _evidence_relevance(q: Query, p: Passage, kb: KnowledgeBase) -> float:
    units = [for_matching(u) for u in _units(p.text) if all(has_evidence(w, u) for w in q.wants)]
    toks = {t for t in q.tokens if len(t) > 1}
    return max((sum(kb.idf(t) for t in toks if t in u) for u in units), default=0.0)


def _where(p: Passage) -> str:
    year = f"{p.year}年" if p.year else ""
    return f"《{p.title}》{('（' + year + '）') if year and year not in p.title else ''}{p.clause}"


def _abstain(q: Query, passages: list[Passage], why: str) -> Answer:
    near = "；".join(f"{_where(p)}" for p in passages[:3])
    text = f"知识库中没有找到能回答这个问题的条文{why}。"
    if near:
        text += f"最接近的条文是：{near}，可供参考，但它们并未回答所问。"
    return Answer(question=q.text, answer=text, abstained=True, citations=[], retrieved=passages,
                  reason=why.strip("（）") or "no-answer")


def compose(q: Query, passages: list[Passage], kb: KnowledgeBase) -> Answer:
    if not passages:
        return _abstain(q, passages, "")
    known = {d.year for d in kb.docs}
    unknown_years = [y for y in q.years if y not in known]
    # "2021年提升计划…" names a document the knowledge base does not have; "2021年立项过的" is a
    # fact the 2022 rules speak about, answerable when a passage mentions that year.
    if any(y not in known for y in q.doc_years) or (
        unknown_years and not any(str(y) in p.text for y in unknown_years for p in passages)
    ):
        unknown_years = [y for y in q.doc_years if y not in known] or unknown_years
        missing = "、".join(str(y) for y in unknown_years)
        return _abstain(q, passages, f"（知识库中没有{missing}年的文件）")
    scope = [p for p in passages if p.doc in q.doc_hints] if q.doc_hints else passages
    cands = scope[:CANDIDATES]
    if q.wants:
        fitting = [p for p in cands if _answers(q, p, kb)]
        if not fitting:
            asked = "、".join(_want_name(w) for w in q.wants)
            return _abstain(q, passages, f"（问的是{asked}，但相关条文中没有写明）")
        # The passage whose sentence holding the amount/date/… is most about the question wins;
        # rank breaks ties. ("会员每年要增长多少": the 3%-10% sentence, not another growth rate.)
        best = max(fitting, key=lambda p: (_evidence_relevance(q, p, kb), p.score))
    else:
        if not cands:
            return _abstain(q, passages, "（问题所指年度或地区的文件不在知识库中）")
        best = cands[0]
    cov = kb.coverage(q, best)
    if cov < kb.settings.min_coverage and best.score < 1.0:
        return _abstain(q, passages, "")
    cites = [best]
    for p in cands:
        if len(cites) >= kb.settings.max_citations:
            break
        if p is best or p.text == best.text or p.text in best.text:
            continue
        if kb.coverage(q, p) >= max(kb.settings.min_coverage, 0.8 * cov) and p.score >= 0.85 * best.score:
            cites.append(p)
    lines = []
    for n, p in enumerate(cites, 1):
        quote = _excerpt(q, p, kb, WHOLE_CHARS if n == 1 else EXCERPT_CHARS)
        simplified = to_simplified(quote)
        # Readers read simplified characters; a traditional original is quoted in its simplified
        # transcription (character for character) and says so. citations[].text stays verbatim.
        note = "（原文为繁体，此处按简体转写引用）" if simplified != quote else ""
        lines.append(f"{_where(p)}：“{simplified}”[{n}]{note}")
    years = sorted({p.year for p in cites if p.year})
    if len(years) > 1:
        which = "，".join(f"[{n}] 为{p.year}年" for n, p in enumerate(cites, 1) if p.year)
        lines.append(f"注意：以上条文出自不同年度的文件（{which}），请以适用年度的文件为准。")
    if q.about_eligibility:
        lines.append("如需按贵会的具体情况逐条核对能否申报，可用 `xuehui check 申报信息.yaml`（格式见 README）。")
    return Answer(question=q.text, answer="\n".join(lines), abstained=False, citations=cites, retrieved=passages)
