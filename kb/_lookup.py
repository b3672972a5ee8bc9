"""Clause look-up by reference: a document (year or id) and a clause path → the clause."""
from __future__ import annotations

import difflib
import re

from indexer import DocumentInfo, for_matching

from ._refs import ref_tokens
from ._types import ClauseView
from .errors import ClauseNotFound, DocumentNotFound


def resolve_doc(ref: str, docs: list[DocumentInfo]) -> DocumentInfo:
    """"2022", a document id, or a word of its title/aliases → the document."""
    ref = ref.strip()
    for d in docs:
        if d.id == ref:
            return d
    if re.fullmatch(r"20\d\d", ref):
        hits = [d for d in docs if d.year == int(ref)]
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            raise DocumentNotFound(
                f"{ref} 年有多份文档，请用文档编号指定：{'、'.join(d.id for d in hits)}", [d.id for d in hits]
            )
    norm = for_matching(ref)
    hits = [d for d in docs if norm and (norm in for_matching(d.title) or norm in map(for_matching, d.aliases))]
    if len(hits) == 1:
        return hits[0]
    valid = [f"{d.id}（{d.year}）" for d in docs]
    raise DocumentNotFound(f"找不到文档 {ref!r}；可用年份或编号：{'、'.join(valid)}", [d.id for d in docs])


def _key(path: str) -> tuple | None:
    toks = ref_tokens(path)
    return tuple(toks) if toks else None


def find_clause(records: list[dict], path: str) -> dict | None:
    """The clause record whose path means the same as `path`, tolerating an omitted 附件 prefix."""
    want = _key(path)
    if want is None:
        return None
    exact = [r for r in records if _key(r["path"]) == want]
    if exact:
        return exact[0]
    # "二、1、（二）" for a clause of an attachment: accept when exactly one attachment has it.
    loose = [r for r in records if (k := _key(r["path"])) and k[0][0] == "att" and k[1:] == want]
    return loose[0] if len(loose) == 1 else None


def lookup(doc: DocumentInfo, records: list[dict], path: str) -> ClauseView:
    rec = find_clause(records, path)
    if rec is None:
        paths = [r["path"] for r in records if r["path"]]
        nearest = difflib.get_close_matches(path.strip(), paths, n=5, cutoff=0.3)
        if not nearest:
            nearest = [p for p in paths if ref_tokens(p) and len(ref_tokens(p) or []) == 1][:8]
        raise ClauseNotFound(
            f"《{doc.title}》中没有条款 {path!r}。相近的条款：{'、'.join(nearest) or '（无）'}", nearest
        )
    by_path = {r["path"]: r for r in records}
    children = [
        {"clause": p, "heading": by_path[p]["heading"], "text": by_path[p]["text"]} for p in rec["children"] if p in by_path
    ]
    return ClauseView(
        doc=doc.id, title=doc.title, clause=rec["path"], headings=rec["trail"], text=rec["text"], children=children
    )
