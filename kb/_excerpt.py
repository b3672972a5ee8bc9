"""What to quote: the sentences of a passage (or the cells of a table row) that answer."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from indexer import for_matching

from ._query import Query, has_evidence
from ._types import Passage

if TYPE_CHECKING:
    from ._kb import KnowledgeBase

_UNIT = re.compile(r"(?<=[。；;！？!?])|\n")


def units(text: str) -> list[str]:
    """A passage's sentences and lines, in order."""
    return [u.strip() for u in _UNIT.split(text) if u and u.strip()]


def relevance(q: Query, kb: KnowledgeBase, unit: str) -> float:
    """Summed weight of the question's words (synonyms included) that occur in `unit`."""
    n = for_matching(unit)
    return sum(kb.idf(t) for t in set(q.keyword_tokens) if t in n)


def excerpt(q: Query, p: Passage, kb: KnowledgeBase, limit: int) -> str:
    """The passage whole if short, else its best sentences (in document order) up to `limit`."""
    if p.kind == "row":
        return _row_excerpt(q, p, kb)
    if len(p.text) <= limit:
        return p.text.strip()
    parts = units(p.text)

    def score(u: str) -> float:
        return relevance(q, kb, u) + sum(3.0 for w in q.wants if has_evidence(w, u))

    # The first line names the clause ("4．发展助力专项"); it is added back below for context and
    # must not set the bar for the body, which the question's other words select from.
    body = list(range(1, len(parts))) if len(parts) > 1 and len(parts[0]) <= 40 else list(range(len(parts)))
    ranked = sorted(body, key=lambda i: -score(parts[i]))
    top = score(parts[ranked[0]])
    if top == 0:
        ranked = body  # nothing stands out: the clause in its own order
    floor = 0.25 * top  # a sentence sharing only "学会" with the question is not about it
    keep: list[int] = []
    size = 0
    for i in ranked:
        if keep and (size + len(parts[i]) > limit or (top > 0 and score(parts[i]) <= floor)):
            break
        keep.append(i)
        size += len(parts[i])
    # A clause's first line names it ("（四）择优资助。…"): keep it for context when it fits.
    if 0 not in keep and size + len(parts[0]) <= limit + 40 and len(parts[0]) <= 40:
        keep.append(0)
    out = ""
    prev = None
    for i in sorted(keep):
        out += ("" if prev is None or i == prev + 1 else "……") + parts[i]
        prev = i
    return out


def _row_excerpt(q: Query, p: Passage, kb: KnowledgeBase) -> str:
    """A table row: the cells naming it and those in the columns the question asks about.

    The whole row when no column stands out (or the row has no stored cells)."""
    if not p.fields:
        return p.text.strip()
    title = p.text.rpartition("｜")[0]
    naming = {i for i, (_, v) in enumerate(p.fields[:2]) if not re.fullmatch(r"[\d.\-]+", v)}
    rel = [relevance(q, kb, h) if i not in naming else 0.0 for i, (h, _) in enumerate(p.fields)]
    top = max(rel, default=0.0)
    asked = {i for i, r in enumerate(rel) if top > 0 and r >= 0.6 * top}
    if not asked or len(asked | naming) == len(p.fields):
        return p.text.strip()
    cells = "；".join(f"{h}：{v}" for i, (h, v) in enumerate(p.fields) if i in asked | naming)
    return f"{title}｜{cells}" if title else cells
