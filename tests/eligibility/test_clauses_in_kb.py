"""Every rule's clause path resolves with the KB's clause look-up (`xuehui clause DOC PATH`), and the
resolved clause contains the rule's quote. Uses the session's real index (tests/conftest.py)."""
from __future__ import annotations

import pytest

import eligibility
import indexer


def _norm(s: str) -> str:
    return indexer.compact(indexer.for_matching(s))


CITED = [(r.doc, c.clause, c.quote) for files in eligibility.rule_files().values() for r in files for c in r.cited()]


@pytest.mark.parametrize(("doc", "clause", "quote"), CITED, ids=[f"{d}:{c}:{q[:12]}" for d, c, q in CITED])
def test_clause_resolves_in_the_kb_and_contains_the_quote(knowledge_base, doc: str, clause: str, quote: str) -> None:
    view = knowledge_base.clause(doc, clause)
    assert _norm(quote) in _norm(view.to_json()["text"])
