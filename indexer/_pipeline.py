"""The indexing pipeline: load → normalise → segment tables → parse clauses → chunk → embed → write.

This module turns one document into index records (chunks with tokens and pages, clause records)
and texts into vectors; which documents make up the index is the library's business (_library.py).
"""
from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from . import _embcache
from ._catalogue import DocumentInfo
from ._chunker import Chunk, ChunkerSettings, chunk_clauses
from ._clauses import Clause, parse
from ._embed import DEFAULT_EMBEDDER, make_embedder
from ._formats import LoadedText
from ._normalise import clean_original, compact, for_matching
from ._tables import row_reading, segment
from ._tokenize import corpus_terms, tokenize

# Bumped whenever parsing or chunking changes what an index holds, so old indexes rebuild. The
# fingerprint also hashes the sources of the modules that decide an index's content and the
# tokeniser's dictionary and stop list, so a change there rebuilds too even if nobody bumps this.
PIPELINE_VERSION = 14
Progress = Callable[[str, int, int], None]
_HERE = Path(__file__).resolve().parent
_CONTENT_MODULES = ("_chunker.py", "_clauses.py", "_tables.py", "_normalise.py", "_numbering.py",
                    "_tokenize.py", "_pipeline.py", "_formats.py", "_metadata.py")
EMBED_BATCH = 32
CHECKPOINT_SECONDS = 60


@dataclass(frozen=True)
class IndexSettings:
    """Everything that decides an index's content; validated at construction."""

    chunker: ChunkerSettings = field(default_factory=ChunkerSettings)
    embedder: str = DEFAULT_EMBEDDER

    def __post_init__(self) -> None:
        make_embedder(self.embedder)  # an unknown spec fails now, not mid-build

    def to_dict(self) -> dict:
        return {"chunker": asdict(self.chunker), "embedder": self.embedder}


@dataclass
class ParsedDocument:
    info: DocumentInfo
    roots: list[Clause]
    chunks: list[Chunk]
    sha256: str
    pages: list[int | None] = field(default_factory=list)  # page of each chunk, for paged formats
    clause_pages: dict[str, int | None] = field(default_factory=dict)  # page each clause starts on


def parse_document(
    info: DocumentInfo, raw: str | LoadedText, settings: ChunkerSettings, sha: str = ""
) -> ParsedDocument:
    """One document's text → clause trees and chunks (and each chunk's page, for a PDF)."""
    loaded = raw if isinstance(raw, LoadedText) else LoadedText(raw, "text")
    text = clean_original(loaded.text)
    roots = parse(segment(text))
    chunks = chunk_clauses(info.id, roots, settings)
    pages = chunk_pages(text, loaded, chunks) if loaded.pages else []
    doc = ParsedDocument(info=info, roots=roots, chunks=chunks, sha256=sha, pages=pages)
    if loaded.pages:
        finder = _PageFinder(text, loaded)
        doc.clause_pages = {c.path: finder.page(c.lines[0] if c.lines else c.heading)
                            for root in roots for c in root.walk()}
    return doc


class _PageFinder:
    """Where a passage's opening words stand in the document, as a page; searched in reading order."""

    def __init__(self, text: str, loaded: LoadedText) -> None:
        self.loaded = loaded
        self.where = [i for i, ch in enumerate(text) if not ch.isspace()]
        self.joined = "".join(text[i] for i in self.where)
        self.cursor = 0

    def page(self, passage: str, advance: bool = True) -> int | None:
        probe = compact(passage)[:12]
        if not probe:
            return None
        hit = self.joined.find(probe, self.cursor)
        if hit < 0:
            hit = self.joined.find(probe)
        if hit < 0:
            return None
        if advance:
            self.cursor = hit
        return self.loaded.page_at(self.where[hit])


def chunk_pages(text: str, loaded: LoadedText, chunks: list[Chunk]) -> list[int | None]:
    """The page each chunk starts on (a table row: the page of its first cell)."""
    finder = _PageFinder(text, loaded)
    return [finder.page(c.fields[0][1], advance=False) if c.kind == "row" and c.fields else finder.page(c.text)
            for c in chunks]


@lru_cache(maxsize=1)
def content_hash() -> str:
    """Hash of what decides an index's content besides the documents: the parsing and chunking
    code, the jieba domain dictionary and the stop list (in indexer/dict/ and _tokenize.py)."""
    return hash_sources(_HERE)


def hash_sources(base: Path) -> str:
    h = hashlib.sha256(str(PIPELINE_VERSION).encode())
    files = [base / m for m in _CONTENT_MODULES] + sorted((base / "dict").glob("*"))
    for f in files:
        if f.is_file():
            h.update(f.name.encode())
            h.update(f.read_bytes())
    return h.hexdigest()[:16]


def fingerprint(settings: IndexSettings, shas: list[str]) -> str:
    """What an index was built from, bar the user's documents (each tracked by its own sha)."""
    blob = json.dumps({"v": PIPELINE_VERSION, "c": content_hash(), "s": settings.to_dict(), "d": shas},
                      sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


def index_text(info: DocumentInfo, chunk: Chunk) -> str:
    """What retrieval sees of a chunk: its document, heading trail and text, in matching form.

    The title stays in the keyword side too: without it cite@1 on the dev questions fell from 1.00
    to 0.91 (questions name the document they mean: "盐城那个方案", "2022年提升计划")."""
    # A row's verbatim cells (`_tables.VERBATIM`) repeat its reading without the headers, and a
    # merged group's carry its neighbours' names: shown to reviewers, not searched.
    text = row_reading(chunk.text) if chunk.kind == "row" else chunk.text
    return for_matching(f"{info.title} {' '.join(chunk.headings)}\n{text}")


def shipped_vectors_file(embedder_name: str) -> Path:
    """Where the package keeps the bundled corpus's vectors for an embedder (bench/ship_index.py)."""
    return _HERE / "corpus" / ("vectors-" + re.sub(r"[^0-9A-Za-z._-]+", "_", embedder_name) + ".npz")


def load_shipped(embedder_name: str) -> dict[str, np.ndarray]:
    path = shipped_vectors_file(embedder_name)
    try:
        with np.load(path, allow_pickle=False) as z:
            return dict(zip(z["keys"].tolist(), z["vectors"], strict=True))
    except (OSError, ValueError, KeyError):
        return {}


def embed_texts(home: Path, spec: str, texts: list[str], report: Progress, batch: int = EMBED_BATCH) -> np.ndarray:
    """Vectors for `texts`, computing only those neither the shipped vectors nor the cache hold."""
    embedder = make_embedder(spec)
    cache = _embcache.load(home, embedder.name)
    shipped = load_shipped(embedder.name)
    keys = [_embcache.key(t) for t in texts]
    todo = sorted({k: t for k, t in zip(keys, texts, strict=True) if k not in cache and k not in shipped}.items())
    saved = time.monotonic()
    for start in range(0, len(todo), batch):
        report("计算向量", start, len(todo))
        part = todo[start : start + batch]
        for (k, _), v in zip(part, embedder.embed_passages([t for _, t in part]), strict=True):
            cache[k] = np.asarray(v, dtype="float32")
        if time.monotonic() - saved > CHECKPOINT_SECONDS:
            # A long build killed midway keeps what it has embedded; the rerun starts from there.
            _embcache.save(home, embedder.name, cache)
            saved = time.monotonic()
    report("计算向量", len(todo), len(todo))
    if todo:
        _embcache.save(home, embedder.name, cache)
    if not texts:
        dim = next(iter(shipped.values())).shape[0] if shipped else 384
        return np.zeros((0, dim), dtype="float32")
    return np.stack([cache[k] if k in cache else shipped[k] for k in keys]).astype("float32")


def clause_records(doc: ParsedDocument) -> list[dict]:
    recs: list[dict] = []
    for root in doc.roots:
        for c in root.walk():
            recs.append(
                {
                    "path": c.path,
                    "label": c.label,
                    "heading": c.heading,
                    "trail": c.trail,
                    "text": c.full_text(tables=True),
                    "children": [k.path for k in c.children],
                    "tables": [t.title for t in c.tables],
                }
            )
    for r in recs:
        if doc.clause_pages.get(r["path"]) is not None:
            r["page"] = doc.clause_pages[r["path"]]
    return recs


def document_terms(chunks: list[dict]) -> list[str]:
    """The dictionary terms a document brings, from its chunk records as stored (quoted names in
    the text, heading trails, table header cells): the build cuts the document's tokens with them,
    and the kb derives the same from the stored index for cutting questions. Row cells are left
    out: measured, a row name cut whole let a short clause naming the row outrank the row itself
    (tune cite@1 1.00 → 0.98, holdout refusals 0.85 → 0.77)."""
    names = [h for c in chunks for h in c.get("headings", ())]
    names += [pair[0] for c in chunks for pair in c.get("fields", ())]
    return corpus_terms((c.get("text", "") for c in chunks), names)


def chunk_records(doc: ParsedDocument) -> tuple[list[dict], list[str]]:
    """A document's chunk records (with tokens, and page where known) and the texts to embed."""
    records, texts = [], []
    terms = document_terms([c.to_dict() for c in doc.chunks])
    for i, c in enumerate(doc.chunks):
        t = index_text(doc.info, c)
        rec = c.to_dict()
        rec["tokens"] = tokenize(t, terms)
        if doc.pages and doc.pages[i] is not None:
            rec["page"] = doc.pages[i]
        records.append(rec)
        texts.append(t)
    return records, texts
