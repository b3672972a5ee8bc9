"""What the answering steps need to know about the corpus, and nothing else.

The judge, the excerpt and the composer read word weights, the documents' metadata and two
settings from this narrow object; they never call back into the KnowledgeBase. Tests build one
from a handful of words and documents.
"""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from indexer import DocumentInfo, for_matching

from ._query import ASKERS_YEAR, Query, is_figure
from ._types import Passage


def words_of(tokens: Iterable[str]) -> list[str]:
    """The longest tokens: those no other token contains ("考核办法", not 考核/核办/办法)."""
    toks = set(tokens)
    return sorted(t for t in toks if not any(t != o and t in o for o in toks))


@dataclass(frozen=True)
class CorpusStats:
    """Word weights (IDF over the indexed passages), the documents, and the answering thresholds."""

    idf_table: dict[str, float]
    unseen_idf: float = 1.0
    docs: tuple[DocumentInfo, ...] = ()
    # Below this share of the question's (IDF-weighted) words found in the best passage, the
    # knowledge base says it does not know.
    min_coverage: float = 0.25
    max_citations: int = 3
    # An extra citation must be this nearly as strong (fused score) and as much about the
    # question (coverage) as the first.
    companion_ratio: float = 0.85
    companion_coverage_ratio: float = 0.8
    _doc: dict[str, DocumentInfo] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._doc.update({d.id: d for d in self.docs})

    @classmethod
    def from_tokens(cls, token_lists: Iterable[list[str]], docs: Iterable[DocumentInfo] = (), **kw) -> CorpusStats:
        lists = list(token_lists)
        df = Counter(t for ts in lists for t in set(ts))
        n = len(lists)
        idf = {t: math.log(1 + (n - c + 0.5) / (c + 0.5)) for t, c in df.items()}
        # A question word the corpus never uses weighs like a typical word, not like the rarest:
        # users' phrasing ("门槛", "硬指标") should not sink an answerable question's coverage.
        vals = sorted(idf.values())
        unseen = vals[len(vals) // 2] if vals else 1.0
        return cls(idf_table=idf, unseen_idf=unseen, docs=tuple(docs), **kw)

    def idf(self, token: str, unseen: float | None = None) -> float:
        """How distinctive a word is among the indexed passages (a typical word's weight if unseen)."""
        return self.idf_table.get(token, self.unseen_idf if unseen is None else unseen)

    def coverage(self, q: Query, passage: Passage) -> float:
        """IDF-weighted share of the question's words that occur in the passage (its headings, its
        document's title and the names users call that document by).

        Words the corpus never uses, cut into overlapping pieces ("报上去" → 报上/上去/报上去), count
        once as the longest: a user's own phrasing must not weigh three times a word of the rules."""
        text = self._covered_text(passage)
        # A story before the question ("我们学会是去年刚成立的，…，想问问…") dilutes its words: the
        # asking clause alone may show what the passage is about.
        return max(self._share(q.tokens, text, q.broader), self._share(q.asking_tokens, text, q.broader))

    def asked_share(self, q: Query, passage: Passage) -> float:
        """Coverage of the asking sentences' words alone (0 when no statement was set aside)."""
        if not q.asked_tokens:
            return 0.0
        return self._share(q.asked_tokens, self._covered_text(passage), q.broader)

    def _covered_text(self, passage: Passage) -> str:
        """What a question's words are looked for in: the passage, its headings, its document's
        title and the names users call that document by."""
        d = self.doc(passage.doc)
        names = " ".join(d.aliases) if d is not None else ""
        return for_matching(" ".join([passage.reading, *passage.headings, passage.title, names]))

    def _share(self, tokens: list[str], text: str, broader: dict[str, list[str]]) -> float:
        toks = {t for t in tokens if not is_figure(t) and t not in ASKERS_YEAR}
        known = {t for t in toks if t in self.idf_table}
        weights = {t: self.idf(t) for t in known | set(words_of(toks - known))}
        total = sum(weights.values())
        # A table item the question names is found where its category is ("标准制定" in "服务平台建设项目").
        return sum(w for t, w in weights.items() if t in text or any(c in text for c in broader.get(t, ())))/total \
            if total else 0.0

    def doc(self, doc_id: str) -> DocumentInfo | None:
        return self._doc.get(doc_id)

    @property
    def known_years(self) -> set[int]:
        return {d.year for d in self.docs if d.year}
