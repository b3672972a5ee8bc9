"""The indexing pipeline: load → normalise → segment tables → parse clauses → chunk → embed → write."""
from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from . import _embcache
from ._catalogue import DocumentInfo, bundled_corpus_dir, infer_info, load_catalogue
from ._chunker import Chunk, ChunkerSettings, chunk_clauses
from ._clauses import Clause, parse
from ._embed import DEFAULT_EMBEDDER, make_embedder
from ._loader import SUPPORTED_SUFFIXES, read_text
from ._normalise import clean_original, for_matching
from ._store import default_home, read_manifest, write_index
from ._tables import segment
from ._tokenize import tokenize
from .errors import DocumentError

# Bumped whenever parsing or chunking changes what an index holds, so old indexes rebuild.
PIPELINE_VERSION = 11
Progress = Callable[[str, int, int], None]


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


def parse_document(info: DocumentInfo, raw: str, settings: ChunkerSettings, sha: str = "") -> ParsedDocument:
    """One document's text → clause trees and chunks."""
    roots = parse(segment(clean_original(raw)))
    return ParsedDocument(info=info, roots=roots, chunks=chunk_clauses(info.id, roots, settings), sha256=sha)


def _expand(paths: Iterable[Path]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        if not p.exists():
            raise DocumentError(f"路径不存在：{p}")
        if p.is_dir():
            found = sorted(q for q in p.rglob("*") if q.is_file() and q.suffix.lower() in SUPPORTED_SUFFIXES)
            if not found:
                raise DocumentError(f"目录中没有可索引的文件（{', '.join(SUPPORTED_SUFFIXES)}）：{p}")
            out.extend(found)
        else:
            out.append(p)
    return out


def load_sources(extra: Iterable[Path] = ()) -> list[tuple[DocumentInfo, str, str]]:
    """(info, raw text, sha256) of the bundled corpus plus the user's own files."""
    out = []
    base = bundled_corpus_dir()
    for info in load_catalogue():
        data = (base / info.file).read_bytes()
        out.append((info, read_text(base / info.file), hashlib.sha256(data).hexdigest()))
    seen = {i.id for i, _, _ in out}
    for path in _expand(extra):
        path = path.resolve()
        raw = read_text(path)
        info = infer_info(path, raw)
        n = 2
        while info.id in seen:
            info = DocumentInfo(**{**info.to_dict(), "aliases": (), "id": f"{info.id}-{n}"})
            n += 1
        seen.add(info.id)
        out.append((info, raw, hashlib.sha256(path.read_bytes()).hexdigest()))
    return out


def fingerprint(settings: IndexSettings, shas: list[str]) -> str:
    blob = json.dumps({"v": PIPELINE_VERSION, "s": settings.to_dict(), "d": shas}, sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


def index_text(info: DocumentInfo, chunk: Chunk) -> str:
    """What retrieval sees of a chunk: its document, heading trail and text, in matching form.

    The title stays in the keyword side too: without it cite@1 on the dev questions fell from 1.00
    to 0.91 (questions name the document they mean: "盐城那个方案", "2022年提升计划")."""
    return for_matching(f"{info.title} {' '.join(chunk.headings)}\n{chunk.text}")


def _embed_all(home: Path, spec: str, texts: list[str], report: Progress) -> np.ndarray:
    """Vectors for `texts`, computing only those the cache does not hold."""
    embedder = make_embedder(spec)
    cache = _embcache.load(home, embedder.name)
    keys = [_embcache.key(t) for t in texts]
    todo = sorted({k: t for k, t in zip(keys, texts, strict=True) if k not in cache}.items())
    step = 32
    for start in range(0, len(todo), step):
        report("计算向量", start, len(todo))
        batch = todo[start : start + step]
        for (k, _), v in zip(batch, embedder.embed_passages([t for _, t in batch]), strict=True):
            cache[k] = np.asarray(v, dtype="float32")
    report("计算向量", len(todo), len(todo))
    if todo:
        _embcache.save(home, embedder.name, cache)
    if not texts:
        return np.zeros((0, 384), dtype="float32")
    return np.stack([cache[k] for k in keys]).astype("float32")


def _clause_records(doc: ParsedDocument) -> list[dict]:
    recs = []
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
    return recs


def build_index(
    extra: Iterable[Path] = (),
    home: Path | None = None,
    settings: IndexSettings | None = None,
    progress: Progress | None = None,
    before_publish: Callable[[Path], None] | None = None,
) -> dict:
    """Index the bundled corpus plus `extra` files or folders; returns the new manifest."""
    settings = settings or IndexSettings()
    home = home or default_home()
    home.mkdir(parents=True, exist_ok=True)  # an unusable home fails now, not after the embedding
    extra = [Path(p) for p in extra]
    sources = load_sources(extra)
    report = progress or (lambda stage, done, total: None)
    docs = []
    for i, (info, raw, sha) in enumerate(sources):
        report("解析文档", i, len(sources))
        docs.append(parse_document(info, raw, settings.chunker, sha))
    report("解析文档", len(sources), len(sources))
    by_id = {d.info.id: d.info for d in docs}
    chunks = [c for d in docs for c in d.chunks]
    texts = [index_text(by_id[c.doc], c) for c in chunks]
    vectors = _embed_all(home, settings.embedder, texts, report)
    records = []
    for c, t in zip(chunks, texts, strict=True):
        rec = c.to_dict()
        rec["tokens"] = tokenize(t)
        records.append(rec)
    manifest = {
        "fingerprint": fingerprint(settings, [d.sha256 for d in docs]),
        "settings": settings.to_dict(),
        "embedder": make_embedder(settings.embedder).name,
        "dim": int(vectors.shape[1]),
        "documents": [d.info.to_dict() | {"sha256": d.sha256} for d in docs],
        "extra": [str(p.resolve()) for p in extra],
        "n_chunks": len(records),
    }
    report("写入索引", 0, 1)
    write_index(home, manifest, records, {d.info.id: _clause_records(d) for d in docs}, vectors, before_publish)
    report("写入索引", 1, 1)
    return manifest


def index_is_current(home: Path, settings: IndexSettings) -> bool:
    """True when the published index was built from today's sources with these settings."""
    manifest = read_manifest(home)
    if manifest is None or manifest.get("settings") != settings.to_dict():
        return False
    extra = [Path(p) for p in manifest.get("extra", [])]
    if any(not p.exists() for p in extra):
        return True  # user files moved away: keep serving what was indexed rather than drop them
    try:
        shas = [sha for _, _, sha in load_sources(extra)]
    except DocumentError:
        return True
    return manifest.get("fingerprint") == fingerprint(settings, shas)
