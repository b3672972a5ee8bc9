"""Shared helpers for the eligibility tests: the corpus check a quote must pass."""
from __future__ import annotations

from functools import cache

import indexer


@cache
def _doc(doc_id: str) -> str:
    return indexer.compact(indexer.matching_text(doc_id))


def in_corpus(doc_id: str, quote: str) -> bool:
    """The project's definition of "occurs verbatim in the corpus"."""
    return indexer.compact(indexer.for_matching(quote)) in _doc(doc_id)
