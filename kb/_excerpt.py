"""What to quote: the sentences of a passage (or the cells of a table row) that answer."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from indexer import for_matching

from ._query import Query, has_evidence
from ._types import Passage

if TYPE_CHECKING:
    from ._stats import CorpusStats

_UNIT = re.compile(r"(?<=[。；;！？!?])|\n")
# A sentence that excludes or forbids ("…不列入本项目申报", "不得申报", "不单独申报") decides a
# yes/no question even when it shares few words with it.
EXCLUSION = re.compile(r"不列入|不得|不可|不在|不单独|不予|不能|除外|不含|不属于|不纳入|不计入|不允许|禁止|无经费|互不兼报|只能|最多可|至多|限报")
# A sentence that requires ("必须由省级学会独立主办", "须由…") decides "能报吗" as well.
RULE = re.compile(EXCLUSION.pattern + r"|必须|须由|应由|仅限|限于|方可|才能")
EVIDENCE_BONUS = 3.0  # a sentence holding the asked kind of fact outranks one merely sharing words
EXCLUSION_CHARS = 80  # an exclusion sentence this short is always quoted for a yes/no question
# Below this share of the best sentence's weight a sentence is not about the question (it shares
# only 学会-like words with it) and is left out of the excerpt.
SENTENCE_FLOOR = 0.25
# Remarks columns qualify the whole row ("不单独申报", "需有一支…团队"): always quoted.
_REMARKS = re.compile(r"^(备注|说明|注)$")
# A row's column is asked about when its header weighs at least this share of the best header's.
COLUMN_SHARE = 0.6


def units(text: str) -> list[str]:
    """A passage's sentences and lines, in order."""
    return [u.strip() for u in _UNIT.split(text) if u and u.strip()]


def relevance(q: Query, stats: CorpusStats, unit: str) -> float:
    """Summed weight of the question's words (synonyms included) that occur in `unit`."""
    n = for_matching(unit)
    return sum(stats.idf(t) for t in set(q.keyword_tokens) if t in n)


def sentence_score(q: Query, stats: CorpusStats, unit: str) -> float:
    """How much a sentence answers: the question's words in it, plus the asked kind of fact
    (an amount, a date …)."""
    return relevance(q, stats, unit) + sum(EVIDENCE_BONUS for w in q.wants if has_evidence(w, unit))


def excerpt(q: Query, p: Passage, stats: CorpusStats, limit: int) -> str:
    """The passage whole if short, else its best sentences (in document order) up to `limit`;
    a listing clause's enumerating lines; a table row's naming and asked cells."""
    if p.listing:
        return "……".join(p.listing)
    if p.kind == "row":
        return _row_excerpt(q, p, stats)
    if q.asks_whole:
        limit *= 2  # a list is answered only when all of it is quoted
    if len(p.text) <= limit:
        return p.text.strip()
    parts = units(p.text)

    def score(u: str) -> float:
        return sentence_score(q, stats, u)

    # The first line names the clause ("4．发展助力专项"); it is added back below for context and
    # must not set the bar for the body, which the question's other words select from.
    body = list(range(1, len(parts))) if len(parts) > 1 and len(parts[0]) <= 40 else list(range(len(parts)))
    ranked = sorted(body, key=lambda i: -score(parts[i]))
    top = score(parts[ranked[0]])
    if top == 0:
        ranked = body  # nothing stands out: the clause in its own order
    floor = SENTENCE_FLOOR * top  # a sentence sharing only "学会" with the question is not about it
    if q.asks_whole and top > 0:
        # A list or a whole clause: from the first sentence about the question on, in order.
        start = next(i for i in body if score(parts[i]) > floor)
        if start == body[0]:
            start = 0  # from the top: the first line is part of it
        head = [parts[0]] if start > 1 and body[0] == 1 else []
        return "".join(head + ["……"] * bool(head)) + _in_order(parts[start:], limit)
    keep: list[int] = []
    size = 0
    for i in ranked:
        if keep and (size + len(parts[i]) > limit or (top > 0 and score(parts[i]) <= floor)):
            break
        keep.append(i)
        size += len(parts[i])
    # A yes/no question is decided by the sentence that excludes ("…不列入本项目申报"): it is
    # quoted even past the limit, when it is about the question at all.
    if q.yes_no:
        keep += [i for i in body if i not in keep and len(parts[i]) <= EXCLUSION_CHARS
                 and EXCLUSION.search(for_matching(parts[i])) and relevance(q, stats, parts[i]) > 0]
    # A clause's first line names it ("（四）择优资助。…"): keep it for context when it fits.
    if 0 not in keep and size + len(parts[0]) <= limit + 40 and len(parts[0]) <= 40:
        keep.append(0)
    out = ""
    prev = None
    for i in sorted(keep):
        out += ("" if prev is None or i == prev + 1 else "……") + parts[i]
        prev = i
    return out


def _in_order(parts: list[str], limit: int) -> str:
    """A clause from its start, whole sentences up to `limit`: its items follow its title in order,
    and what it says as a whole is not the few sentences sharing most words with the question."""
    keep: list[str] = []
    size = 0
    for u in parts:
        if keep and size + len(u) > limit:
            keep.append("……")
            break
        keep.append(u)
        size += len(u)
    return "".join(keep)


def _row_excerpt(q: Query, p: Passage, stats: CorpusStats) -> str:
    """A table row: the cells naming it and those in the columns the question asks about.

    The whole row when no column stands out (or the row has no stored cells)."""
    if not p.fields:
        return p.reading.strip()
    title = p.reading.rpartition("｜")[0]
    naming = {i for i, (_, v) in enumerate(p.fields[:2]) if not re.fullmatch(r"[\d.\-]+", v)}
    rel = [relevance(q, stats, h) if i not in naming else 0.0 for i, (h, _) in enumerate(p.fields)]
    top = max(rel, default=0.0)
    asked = {i for i, r in enumerate(rel) if top > 0 and r >= COLUMN_SHARE * top}
    # A column holding the asked kind of fact (an amount for "奖励多少") is asked about too,
    # whatever its header is called.
    asked |= {i for i, (h, v) in enumerate(p.fields) if i not in naming and any(has_evidence(w, f"{h}：{v}") for w in q.wants)}
    if asked:
        asked |= {i for i, (h, v) in enumerate(p.fields) if _REMARKS.match(h.strip()) and v.strip()}
    if not asked or len(asked | naming) == len(p.fields):
        return p.reading.strip()
    cells = "；".join(f"{h}：{v}" for i, (h, v) in enumerate(p.fields) if i in asked | naming)
    return f"{title}｜{cells}" if title else cells
