"""Which documents a newer one of the same kind replaces: the 2025 工作指南 over the 2023 one.

Documents are the same series when they share kind and level/region (the province's 指南 is not
replaced by a city's). Among a series, every document older than the newest is superseded: a
question that names no year is answered from the newest (older ones are down-weighted, see
KBSettings.superseded_factor), and an answer still quoting an older one says a newer one exists.
"""
from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from indexer import DocumentInfo

from ._judge import level_of
from ._query import Query
from ._types import Passage


def series_key(d: DocumentInfo) -> tuple[str, str, str] | None:
    """(kind, level, region) — None when the document's kind or year is unknown (it joins no series)."""
    if not d.kind or d.year is None:
        return None
    return (d.kind, level_of(d), d.region)


def newest_of_series(docs: Iterable[DocumentInfo]) -> dict[str, DocumentInfo]:
    """Each superseded document's id → the newest document of its series."""
    newest: dict[tuple[str, str, str], DocumentInfo] = {}
    members: dict[tuple[str, str, str], list[DocumentInfo]] = {}
    for d in docs:
        key = series_key(d)
        if key is None:
            continue
        members.setdefault(key, []).append(d)
        if key not in newest or (d.year or 0) > (newest[key].year or 0):
            newest[key] = d
    return {d.id: newest[k] for k, ds in members.items() for d in ds if (d.year or 0) < (newest[k].year or 0)}


def down_weighted(q: Query, superseded: dict[str, DocumentInfo]) -> set[str]:
    """The superseded documents a question's passages are down-weighted from: all of them, except
    one the question names by its year (a named year restricts to that year's document). Naming a
    city alone spares none: "盐城的方案" means the city's newest one."""
    return {doc for doc in superseded if not (q.years and doc in q.doc_hints)}


def year_weights(doc_of: np.ndarray, q: Query, superseded: dict[str, DocumentInfo], factor: float) -> np.ndarray:
    """Each chunk's weight (chunks as their document ids, `doc_of`): `factor` for a superseded
    document's chunks the question does not name by year or city, 1 for the rest."""
    older = down_weighted(q, superseded)
    if not older:
        return np.ones(len(doc_of))
    return np.where(np.isin(doc_of, list(older)), factor, 1.0)


def newer_notes(cites: list[Passage], superseded: dict[str, DocumentInfo]) -> list[str]:
    """"（注意：已有更新的同类文件《…》（2025年））", once per newer document that replaces a cited one."""
    out: list[str] = []
    for p in cites:
        newer = superseded.get(p.doc)
        if newer is None:
            continue
        note = f"（注意：已有更新的同类文件《{newer.title}》（{newer.year}年））"
        if note not in out:
            out.append(note)
    return out


__all__ = ["down_weighted", "newer_notes", "newest_of_series", "series_key", "year_weights"]
