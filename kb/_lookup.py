"""Clause look-up by reference: a document (year or id) and a clause path → the clause.

A reference is read with the one numbering grammar (`_refs`), so whatever a reader copies from a
printed page finds its clause when it leaves exactly one match: 、 and dots, spaces, bracket width
and 附件一/附件1 do not matter, an attachment's prefix may be left out, and "1）" may stand for
"（1）". A table row is addressed by its clause, table title and row name as citations print it,
or by fewer of them when they still name one row ("二、（一） 品牌学术交流", "射阳县科协").
Anything else is a `ClauseNotFound` naming the nearest clauses — never a traceback.
"""
from __future__ import annotations

import difflib
import re
from functools import lru_cache

from indexer import DocumentInfo, compact, for_matching

from ._refs import Ref, parse_ref
from ._types import ClauseView
from .errors import ClauseNotFound, DocumentNotFound

Key = tuple[tuple[str, int], ...]
_ELLIPSIS = re.compile(r"…+|\.{3,}|\s+")


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


@lru_cache(maxsize=4096)
def _parsed(path: str) -> Ref:
    return parse_ref(path)


@lru_cache(maxsize=8192)
def _norm(text: str) -> str:
    return compact(for_matching(text))


def _words(text: str) -> list[str]:
    """A reference's free text as words to find: spaces and "…" only separate them."""
    return [compact(for_matching(w)) for w in _ELLIPSIS.split(text) if w.strip()]


def _fold_brackets(key: Key) -> Key:
    """"1）" and "（1）" alike: a reader may not copy which bracket style a level used."""
    return tuple(("pnum" if k == "rnum" else k, n) for k, n in key)


def _unique(cands: list[dict]) -> dict | None:
    return cands[0] if len(cands) == 1 else None


def _clause_match(records: list[dict], want: Key) -> list[dict]:
    """Clause records (not rows) meaning `want`, from the strictest reading to the loosest."""
    clauses = [r for r in records if _parsed(r["path"]).is_path]
    for same in (
        lambda k: k == want,
        # "二、1、（二）" for a clause of an attachment: the 附件 prefix left out.
        lambda k: k[0][0] == "att" and want[0][0] != "att" and k[1:] == want,
        lambda k: _fold_brackets(k) == _fold_brackets(want),
        lambda k: k[0][0] == "att" and want[0][0] != "att" and _fold_brackets(k[1:]) == _fold_brackets(want),
    ):
        hits = [r for r in clauses if same(_parsed(r["path"]).tokens)]
        if hits:
            return hits
    return []


def _base_matches(base: Key, want: Key) -> bool:
    if not want:
        return True
    if base == want or _fold_brackets(base) == _fold_brackets(want):
        return True
    return bool(base) and base[0][0] == "att" and want[0][0] != "att" and _fold_brackets(base[1:]) == _fold_brackets(want)


def _row_match(records: list[dict], ref: Ref) -> list[dict]:
    """Table rows named by `ref`: its path part is the row's clause, its last word the row's name
    (or part of it) and every other word part of the table's title, in order."""
    words = _words(ref.rest)
    if not words:
        return []
    *title_words, name = words
    hits: list[tuple[int, dict]] = []
    for r in records:
        p = _parsed(r["path"])
        if p.is_path or not p.rest or not _base_matches(p.tokens, ref.tokens):
            continue
        row_name = _norm(r.get("label") or r["heading"])
        title = _norm(p.rest)[: -len(row_name) or None]
        if name not in row_name and _norm(p.rest) != "".join(words):
            continue
        pos = 0
        for w in title_words:
            pos = title.find(w, pos)
            if pos < 0:
                break
            pos += len(w)
        else:
            # The row named exactly, else one whose name ends so ("县科协"), else one holding it
            # ("问道科学沙龙" for 问道科学沙龙（年度序列小型高端学术活动）).
            hits.append((0 if row_name == name else 1 if row_name.endswith(name) else 2, r))
    best = min((rank for rank, _ in hits), default=0)
    return [r for rank, r in hits if rank == best]


def _heading_match(records: list[dict], ref: Ref) -> list[dict]:
    """A clause named by its number and/or its title ("三、（一） 学会建设", "主要措施")."""
    head = compact(for_matching(ref.rest))
    cands = _clause_match(records, ref.tokens) if ref.tokens else [r for r in records if _parsed(r["path"]).is_path]
    return [r for r in cands if head and _norm(r["heading"]) == head]


def find_clause(records: list[dict], path: str) -> dict | None:
    """The clause (or table row) record that `path` names, when exactly one does."""
    found, _ = _find(records, path)
    return found


def _find(records: list[dict], path: str) -> tuple[dict | None, list[dict]]:
    """(the one record `path` names, or None; the candidates when several fit)."""
    exact = [r for r in records if _norm(r["path"]) == _norm(path)]
    if len(exact) == 1:
        return exact[0], exact
    ref = _parsed(path)
    if ref.problem:
        return None, []
    if ref.is_path:
        hits = _clause_match(records, ref.tokens)
        return _unique(hits), hits
    if not ref.rest:
        return None, []
    for match in (_heading_match, _row_match):
        hits = match(records, ref)
        if hits:
            return _unique(hits), hits
    return None, []


def _nearest(records: list[dict], path: str, ref: Ref) -> list[str]:
    """Existing clauses closest to a reference that names none: those sharing its longest
    leading part (siblings of the missing one), else similar spellings, else the top level."""
    paths = [r["path"] for r in records if r["path"]]
    clause_paths = [p for p in paths if _parsed(p).is_path]
    for n in range(len(ref.tokens), 0, -1):
        head = _fold_brackets(ref.tokens[:n])
        near = [p for p in clause_paths if _fold_brackets(_parsed(p).tokens[:n]) == head
                and len(_parsed(p).tokens) <= n + 1]
        near = near or [p for p in clause_paths if _fold_brackets(_parsed(p).tokens[1 : n + 1]) == head
                        and _parsed(p).tokens[0][0] == "att"]
        if near:
            return near[:8]
    close = set(difflib.get_close_matches(path.strip(), paths, n=5, cutoff=0.3)) if not ref.problem else set()
    if close:
        return [p for p in paths if p in close]  # in document order
    tops = [p for p in clause_paths if len([k for k in _parsed(p).tokens if k[0] != "att"]) == 1]
    return tops[:8]


def lookup(doc: DocumentInfo, records: list[dict], path: str) -> ClauseView:
    rec, cands = _find(records, path)
    if rec is None:
        ref = _parsed(path)
        if len(cands) > 1:
            nearest = [r["path"] for r in cands][:8]
            why = f"“{path.strip()}”可指多处，请写得更完整。符合的有"
        else:
            nearest = _nearest(records, path, ref)
            why = f"没有条款 {path!r}" + (f"：{ref.problem}" if ref.problem else "") + "。相近的条款"
        raise ClauseNotFound(f"《{doc.title}》中{why}：{'；'.join(nearest) or '（无）'}", nearest)
    by_path = {r["path"]: r for r in records}
    children = [
        {"clause": p, "heading": by_path[p]["heading"], "text": by_path[p]["text"]} for p in rec["children"] if p in by_path
    ]
    return ClauseView(
        doc=doc.id, title=doc.title, clause=rec["path"], headings=rec["trail"], text=rec["text"], children=children,
        page=rec.get("page"),
    )


def holds_quote(text: str, quote: str) -> bool:
    """Does a passage hold a quote taken from it? Compared as a reader would (whitespace,
    traditional/simplified and punctuation width ignored); an excerpt's pieces ("……" between
    sentences, "；" between the chosen cells of a table row) must each stand in the passage."""
    hay = compact(for_matching(text))
    pieces = [compact(for_matching(p)) for p in re.split(r"……|[｜；;]", quote)]
    return all(p in hay for p in pieces if p)
