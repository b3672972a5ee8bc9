"""Helpers over the real bundled corpus, shared by the test modules (importable: tests/support is on pythonpath)."""
from __future__ import annotations

import indexer
from indexer._chunker import ChunkerSettings, chunk_clauses
from indexer._clauses import parse
from indexer._loader import read_text
from indexer._normalise import clean_original
from indexer._tables import segment

FILES = {
    "2023": "000_3a31f64f52274ab7.txt",
    "2022": "001_525510a2b60d5479.txt",
    "2018": "002_0e968d075c8aacbd.txt",
    "2024": "004_6958e9ec7383d9bc.txt",
}


def raw(year: str) -> str:
    return read_text(indexer.bundled_corpus_dir() / FILES[year])


def clean(year: str) -> str:
    return clean_original(raw(year))


def clauses(year: str) -> dict[str, object]:
    """path → Clause for one bundled document."""
    return {c.path: c for root in parse(segment(clean(year))) for c in root.walk()}


def chunks(year: str, max_chars: int = 400):
    return chunk_clauses(year, parse(segment(clean(year))), ChunkerSettings(max_chars=max_chars))
