"""The document library: which documents the index holds, changed a file at a time.

The library *is* the published build's manifest: its `documents` list (the bundled corpus, then
the user's documents with their sha256, source path, stored copy, chunk count and when added).
So a library change and the index it describes are published together, atomically, and a crash
at any point leaves the previous pair answering.

Every change runs under the home's writer lock, from reading the current build to publishing
the next: two `add`s in two processes serialise, and neither drops the other's document.
Unchanged documents keep their chunk records and vectors from the current build; a new or changed
document is parsed, and only chunk texts neither cached nor shipped are embedded. A copy of each
user file is kept in the home (sources/, by content hash) so that a rebuild after an upgrade never
needs the original files, and asking a question never re-reads or re-hashes them.
"""
from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import re
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import yaml
from filelock import Timeout

from ._catalogue import DocumentInfo, bundled_corpus_dir, infer_info, load_catalogue
from ._embed import make_embedder
from ._formats import LoadedText, load, load_bytes, supported
from ._loader import read_text
from ._normalise import compact
from ._pipeline import (
    IndexSettings,
    ParsedDocument,
    Progress,
    chunk_records,
    clause_records,
    embed_texts,
    fingerprint,
    parse_document,
)
from ._store import StoredIndex, default_home, lock, read_index, read_manifest, write_index
from .errors import DocumentError, IndexNotFound

_log = logging.getLogger(__name__)
CATALOGUE_FILE = "catalogue.yaml"  # the user's overrides of what a document says about itself
_STATUS_WORD = {"added": "已添加", "updated": "已更新", "unchanged": "未变化", "skipped": "已跳过", "removed": "已移除"}


@dataclass
class FileResult:
    """What happened to one file (or document) in a library change."""

    path: str
    status: str  # added | updated | unchanged | skipped | removed
    doc: str = ""
    title: str = ""
    reason: str = ""
    chunks: int = 0

    def line(self) -> str:
        """One Chinese line naming the file and what happened to it (and why, when skipped)."""
        word = _STATUS_WORD[self.status]
        if self.status == "skipped":
            return f"{word}：{self.path} —— {self.reason}"
        what = f"《{self.title}》（{self.doc}，{self.chunks} 个段落）" if self.doc else ""
        note = f"；{self.reason}" if self.reason else ""
        return f"{word}：{self.path} {what}{note}".rstrip()

    def to_json(self) -> dict:
        return {"path": self.path, "status": self.status, "doc": self.doc, "title": self.title,
                "reason": self.reason, "chunks": self.chunks}


Report = Callable[[FileResult], None]


@dataclass
class _Entry:
    """One document of the next build: either reused from the current build or freshly parsed."""

    info: DocumentInfo
    record: dict  # library bookkeeping: sha256, text_sha, source, stored, added, bundled
    chunks: list[dict]
    clauses: list[dict]
    vectors: np.ndarray | None = None  # reused
    texts: list[str] = field(default_factory=list)  # to embed

    def manifest_record(self) -> dict:
        return self.info.to_dict() | self.record | {"chunks": len(self.chunks)}


def _now() -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S")


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _text_sha(text: str) -> str:
    return _sha(compact(text).encode("utf-8"))


def _parsed_entry(doc: ParsedDocument, record: dict) -> _Entry:
    records, texts = chunk_records(doc)
    return _Entry(info=doc.info, record=record, chunks=records, clauses=clause_records(doc), texts=texts)


# -- the bundled corpus --------------------------------------------------------------------------


def bundled_shas() -> list[str]:
    base = bundled_corpus_dir()
    return [_sha((base / info.file).read_bytes()) for info in load_catalogue()]


def _bundled_entries(settings: IndexSettings) -> list[_Entry]:
    base = bundled_corpus_dir()
    out = []
    for info in load_catalogue():
        data = (base / info.file).read_bytes()
        text = read_text(base / info.file)
        doc = parse_document(info, text, settings.chunker, _sha(data))
        rec = {"sha256": _sha(data), "text_sha": _text_sha(text), "source": "", "stored": "", "added": "",
               "bundled": True}
        out.append(_parsed_entry(doc, rec))
    return out


# -- overrides -----------------------------------------------------------------------------------


def _overrides(home: Path) -> list[dict]:
    """Entries of the home's catalogue.yaml: `id:` or `file:` (a file name) picks the document,
    the other keys (title, issuer, number, date, year, kind, level, region, aliases) replace what
    was read from the document."""
    path = home / CATALOGUE_FILE
    if not path.exists():
        return []
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as e:
        raise DocumentError(f"目录文件 {path} 无法读取（{e}）；格式见 README 的“文档库”一节") from e
    docs = raw.get("documents", []) if isinstance(raw, dict) else []
    return [d for d in docs if isinstance(d, dict)]


_OVERRIDABLE = ("title", "issuer", "number", "date", "year", "kind", "level", "region", "aliases")


def apply_overrides(info: DocumentInfo, overrides: list[dict]) -> DocumentInfo:
    for o in overrides:
        if o.get("id") == info.id or (o.get("file") and Path(str(o["file"])).name == Path(info.file).name):
            changes = {k: v for k, v in o.items() if k in _OVERRIDABLE}
            if "year" in changes:
                changes["year"] = int(changes["year"]) if changes["year"] else None
            info = DocumentInfo.from_dict({**info.to_dict(), **changes})
    return info


# -- reading the current build -------------------------------------------------------------------


def _current(home: Path, settings: IndexSettings) -> StoredIndex | None:
    """The published build, if it exists and was built from today's code, corpus and settings."""
    try:
        stored = read_index(home)
    except IndexNotFound:
        return None
    m = stored.manifest
    if m.get("settings") != settings.to_dict() or m.get("fingerprint") != fingerprint(settings, bundled_shas()):
        return None
    return stored


def _reused_entries(stored: StoredIndex) -> list[_Entry]:
    by_doc: dict[str, list[int]] = {}
    for i, c in enumerate(stored.chunks):
        by_doc.setdefault(c["doc"], []).append(i)
    n = stored.vectors.ntotal
    every = stored.vectors.reconstruct_n(0, n) if n else np.zeros((0, stored.vectors.d), dtype="float32")
    out = []
    for d in stored.manifest["documents"]:
        idx = by_doc.get(d["id"], [])
        vecs = every[idx] if idx else np.zeros((0, stored.vectors.d), dtype="float32")
        out.append(_Entry(info=DocumentInfo.from_dict(d), record=_bookkeeping(d),
                          chunks=[stored.chunks[i] for i in idx], clauses=stored.clauses.get(d["id"], []), vectors=vecs))
    return out


def _bookkeeping(d: dict) -> dict:
    return {k: d.get(k, "") for k in ("sha256", "text_sha", "source", "stored", "added")} | {
        "bundled": bool(d.get("bundled"))
    }


def _user_records(home: Path) -> list[dict]:
    """The user's documents as the published manifest lists them (an old or stale build included)."""
    manifest = read_manifest(home) or {}
    return [d for d in manifest.get("documents", []) if not d.get("bundled") and d.get("stored")]


def _reparse_user(home: Path, settings: IndexSettings, d: dict, overrides: list[dict]) -> _Entry:
    """A user document parsed again from the copy kept in the home (the original may be gone)."""
    stored = home / d["stored"]
    loaded = load_bytes(stored.read_bytes(), Path(d.get("file") or stored.name).with_suffix(stored.suffix))
    info = apply_overrides(infer_info(Path(d.get("file") or stored.name), loaded.text, d["id"]), overrides)
    doc = parse_document(info, loaded, settings.chunker, d.get("sha256", ""))
    return _parsed_entry(doc, _bookkeeping(d))


# -- publishing ----------------------------------------------------------------------------------


def _publish(home: Path, settings: IndexSettings, entries: list[_Entry], report: Progress,
             before_publish: Callable[[Path], None] | None) -> dict:
    texts = [t for e in entries for t in e.texts]
    fresh = embed_texts(home, settings.embedder, texts, report) if texts else None
    dim = (fresh.shape[1] if fresh is not None and len(fresh) else
           next((e.vectors.shape[1] for e in entries if e.vectors is not None and len(e.vectors)), 384))
    parts, pos = [], 0
    for e in entries:
        if e.vectors is not None:
            parts.append(e.vectors.reshape(-1, dim))
        else:
            n = len(e.texts)
            parts.append(fresh[pos : pos + n] if fresh is not None else np.zeros((0, dim), dtype="float32"))
            pos += n
    vectors = np.concatenate(parts).astype("float32") if parts else np.zeros((0, dim), dtype="float32")
    chunks = [c for e in entries for c in e.chunks]
    manifest = {
        "fingerprint": fingerprint(settings, bundled_shas()),
        "settings": settings.to_dict(),
        "embedder": make_embedder(settings.embedder).name,
        "dim": int(dim),
        "documents": [e.manifest_record() for e in entries],
        "extra": [],
        "n_chunks": len(chunks),
    }
    report("写入索引", 0, 1)
    write_index(home, manifest, chunks, {e.info.id: e.clauses for e in entries}, vectors, before_publish)
    _prune_sources(home, {e.record.get("stored") for e in entries})
    report("写入索引", 1, 1)
    return manifest


def _store_copy(home: Path, data: bytes, sha: str, suffix: str) -> str:
    """Keep a copy of a user's file in the home, by content hash; returns its path relative to home."""
    rel = f"sources/{sha[:24]}{suffix.lower()}"
    path = home / rel
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    return rel


def _prune_sources(home: Path, keep: set) -> None:
    """Drop stored copies no document refers to any more (called under the lock, after publish)."""
    folder = home / "sources"
    if not folder.is_dir():
        return
    for f in folder.iterdir():
        if f"sources/{f.name}" not in keep and not f.name.startswith(".tmp-"):
            f.unlink(missing_ok=True)


# -- adding files --------------------------------------------------------------------------------


def expand(paths: Iterable[Path], report: Report) -> list[Path]:
    """Files to consider: files as given, folders walked recursively (every file in them reported:
    an unsupported type is skipped with the reason, never silently)."""
    out: list[Path] = []
    for p in paths:
        p = Path(p)
        if not p.exists():
            report(FileResult(str(p), "skipped", reason="路径不存在"))
        elif p.is_dir():
            found = sorted(q for q in p.rglob("*") if q.is_file())
            if not found:
                report(FileResult(str(p), "skipped", reason="目录是空的"))
            for q in found:
                if q.name.startswith((".", "~$")):
                    report(FileResult(str(q), "skipped", reason="隐藏文件或 Office 打开文件时留下的临时文件"))
                elif supported(q):
                    out.append(q)
                else:
                    report(FileResult(str(q), "skipped", reason=f"不支持的文件类型 {q.suffix or '（无后缀）'}"))
        else:
            out.append(p)
    return out


def _slug(path: Path) -> str:
    return re.sub(r"[^0-9A-Za-z\u4e00-\u9fff]+", "-", path.stem).strip("-") or "doc"


class _Batch:
    """One library change in progress: the entries of the next build and what happened to each file."""

    def __init__(self, home: Path, settings: IndexSettings, entries: list[_Entry], report: Report,
                 strict: bool) -> None:
        self.home, self.settings, self.entries, self.strict = home, settings, entries, strict
        self.results: list[FileResult] = []
        self._report = report
        self.overrides = _overrides(home)
        self.changed = False

    def report(self, r: FileResult) -> None:
        if self.strict and r.status == "skipped":
            raise DocumentError(f"{r.reason}：{r.path}")
        self.results.append(r)
        self._report(r)

    def add(self, path: Path) -> None:
        try:
            self._add(path)
        except DocumentError as e:
            if self.strict:
                raise
            self.report(FileResult(str(path), "skipped", reason=_reason(str(e), path)))
        except (MemoryError, RecursionError, ValueError, LookupError, TypeError, AttributeError) as e:
            # A file that trips the parser must not take the rest of the batch down with it.
            _log.debug("parsing %s failed", path, exc_info=True)
            if self.strict:
                raise DocumentError(f"解析失败（内部错误 {type(e).__name__}）：{path}") from e
            self.report(FileResult(str(path), "skipped", reason=f"解析失败（内部错误 {type(e).__name__}），请把该文件反馈给维护者"))

    def _add(self, path: Path) -> None:
        source = str(path.resolve())
        loaded: LoadedText = load(path)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise DocumentError(f"文件在处理过程中消失了：{path}") from None
        sha, text_sha = _sha(data), _text_sha(loaded.text)
        same_source = next((e for e in self.entries if e.record.get("source") == source), None)
        if same_source is not None and same_source.record.get("sha256") == sha:
            self.report(FileResult(str(path), "unchanged", same_source.info.id, same_source.info.title,
                                   chunks=len(same_source.chunks)))
            return
        twin = next((e for e in self.entries if e is not same_source
                     and (e.record.get("sha256") == sha or e.record.get("text_sha") == text_sha)), None)
        if twin is not None:
            where = "内置文档" if twin.record.get("bundled") else f"已收录的 {twin.record.get('source') or twin.info.file}"
            raise DocumentError(f"与{where}《{twin.info.title}》（{twin.info.id}）内容相同，不重复收录")
        taken = {e.info.id for e in self.entries if e is not same_source}
        doc_id = same_source.info.id if same_source else f"user-{_slug(path)}"
        n = 2
        while doc_id in taken:
            doc_id = f"user-{_slug(path)}-{n}"
            n += 1
        info = apply_overrides(infer_info(path.resolve(), loaded.text, doc_id), self.overrides)
        doc = parse_document(info, loaded, self.settings.chunker, sha)
        if not doc.chunks:
            raise DocumentError("文件里没有可索引的正文")
        record = {"sha256": sha, "text_sha": text_sha, "source": source,
                  "stored": _store_copy(self.home, data, sha, path.suffix), "added": _now(), "bundled": False}
        entry = _parsed_entry(doc, record)
        if same_source is not None:
            self.entries[self.entries.index(same_source)] = entry
        else:
            self.entries.append(entry)
        self.changed = True
        self.report(FileResult(str(path), "updated" if same_source else "added", info.id, info.title,
                               chunks=len(entry.chunks)))


def _reason(message: str, path: Path) -> str:
    """A loader's message without the file name the report line already shows."""
    return re.sub(rf"[：:]\s*{re.escape(str(path))}$", "", message)


@contextlib.contextmanager
def _locked(home: Path, progress: Progress) -> Iterator[None]:
    """The writer lock; a wait for another process's change is shown, not a silent hang."""
    lk = lock(home)
    try:
        lk.acquire(timeout=0.5)
    except Timeout:
        progress("等待另一个进程写完索引", 0, 1)
        lk.acquire()
    try:
        yield
    finally:
        lk.release()


def _start(home: Path, settings: IndexSettings, progress: Progress, full: bool,
           problems: list[FileResult] | None = None) -> list[_Entry]:
    """The entries of the current build: reused when it is current, else every known document
    parsed again (bundled corpus, and the user's documents from their kept copies). A document
    whose kept copy cannot be read any more is left out and named in `problems`."""
    stored = None if full else _current(home, settings)
    if stored is not None:
        return _reused_entries(stored)
    overrides = _overrides(home)
    entries = _bundled_entries(settings)
    users = _user_records(home)
    for i, d in enumerate(users):
        progress("解析文档", i, len(users))
        try:
            entries.append(_reparse_user(home, settings, d, overrides))
        except (DocumentError, OSError) as e:
            if problems is not None:
                problems.append(FileResult(d.get("source") or d["id"], "skipped", d["id"], d.get("title", ""),
                                           reason=f"文档库里保存的副本无法读取（{e}），已移出索引；请重新 xuehui add 原文件"))
    return entries


def add_documents(
    paths: Iterable[Path],
    home: Path | None = None,
    settings: IndexSettings | None = None,
    progress: Progress | None = None,
    report: Report | None = None,
    before_publish: Callable[[Path], None] | None = None,
    strict: bool = False,
    full: bool = False,
) -> list[FileResult]:
    """Add or update files and folders; everything added before stays. Each file is reported as
    added, updated, unchanged or skipped with the reason; the rest of the batch goes on (unless
    `strict`, where the first bad file raises before anything is written)."""
    settings = settings or _settings_of(home)
    home = home or default_home()
    home.mkdir(parents=True, exist_ok=True)
    prog = progress or (lambda stage, done, total: None)
    with _locked(home, prog):
        stale = _current(home, settings) is None
        problems: list[FileResult] = []
        batch = _Batch(home, settings, _start(home, settings, prog, full, problems), report or (lambda r: None),
                       False)
        for r in problems:
            batch.report(r)
        batch.strict = strict
        files = expand(paths, batch.report)
        for i, path in enumerate(files):
            prog("解析文档", i, len(files))
            batch.add(path)
        prog("解析文档", len(files), len(files))
        if batch.changed or stale or full:
            _publish(home, settings, batch.entries, prog, before_publish)
    return batch.results


def _settings_of(home: Path | None) -> IndexSettings:
    """The settings the published index was built with (so `add` keeps its embedder)."""
    manifest = read_manifest(home or default_home())
    return IndexSettings(embedder=manifest["settings"]["embedder"]) if manifest else IndexSettings()


def remove_document(doc_id: str, home: Path | None = None, progress: Progress | None = None) -> FileResult:
    """Take one of the user's documents out of the library and the index."""
    home = home or default_home()
    settings = _settings_of(home)
    prog = progress or (lambda stage, done, total: None)
    with _locked(home, prog):
        entries = _start(home, settings, prog, full=False)
        target = next((e for e in entries if e.info.id == doc_id), None)
        if target is None:
            known = "、".join(e.info.id for e in entries if not e.record.get("bundled")) or "（还没有添加任何文档）"
            raise DocumentError(f"没有编号为 {doc_id} 的文档；可移除的文档：{known}（xuehui docs 可列出全部）")
        if target.record.get("bundled"):
            raise DocumentError(f"{doc_id} 是内置文档，不能移除；只能移除用 xuehui add 添加的文档")
        entries.remove(target)
        _publish(home, settings, entries, prog, None)
    return FileResult(target.record.get("source") or target.info.file, "removed", target.info.id, target.info.title,
                      chunks=len(target.chunks))


def rebuild(
    paths: Iterable[Path] = (),
    home: Path | None = None,
    settings: IndexSettings | None = None,
    progress: Progress | None = None,
    report: Report | None = None,
    strict: bool = False,
    before_publish: Callable[[Path], None] | None = None,
) -> list[FileResult]:
    """`xuehui index`: parse every known document again (user files from where they were added,
    when still there and changed; else from the kept copy), plus any new `paths`."""
    home = home or default_home()
    manifest = read_manifest(home) or {}
    known = [Path(d["source"]) for d in _user_records(home) if d.get("source") and Path(d["source"]).is_file()]
    known += [Path(p) for p in manifest.get("extra", []) if Path(p).is_file()]
    return add_documents([*known, *paths], home, settings, progress, report, before_publish, strict, full=True)


def build_index(
    extra: Iterable[Path] = (),
    home: Path | None = None,
    settings: IndexSettings | None = None,
    progress: Progress | None = None,
    before_publish: Callable[[Path], None] | None = None,
) -> dict:
    """Rebuild the index of everything known plus `extra`; a bad file raises before anything is
    written. Returns the new manifest."""
    home = home or default_home()
    rebuild(list(extra), home, settings or IndexSettings(), progress, strict=True, before_publish=before_publish)
    manifest = read_manifest(home)
    assert manifest is not None
    return manifest


def index_is_current(home: Path, settings: IndexSettings) -> bool:
    """True when the published index was built from today's code and bundled corpus with these
    settings. Reads only the manifest and the bundled corpus: never the user's own files."""
    manifest = read_manifest(home)
    if manifest is None or manifest.get("settings") != settings.to_dict():
        return False
    return manifest.get("fingerprint") == fingerprint(settings, bundled_shas())


def ensure_index(home: Path, settings: IndexSettings, progress: Progress | None = None) -> None:
    """Build the index if it is missing or stale; under the lock, so two processes opening a stale
    index rebuild it once."""
    if index_is_current(home, settings):
        return
    home.mkdir(parents=True, exist_ok=True)
    prog = progress or (lambda stage, done, total: None)
    with _locked(home, prog):
        if index_is_current(home, settings):
            return
        # An index from before the library kept copies lists the user's files under "extra".
        old = [Path(p) for p in (read_manifest(home) or {}).get("extra", []) if Path(p).is_file()]
        add_documents(old, home, settings, progress, full=True)


def list_documents(home: Path | None = None) -> list[dict]:
    """The library as `xuehui docs --json` shows it: one record a document, bundled ones first."""
    manifest = read_manifest(home or default_home())
    if manifest is None:
        return []
    out = []
    for d in manifest["documents"]:
        out.append({
            "id": d["id"], "title": d["title"], "issuer": d.get("issuer", ""), "number": d.get("number", ""),
            "date": d.get("date", ""), "year": d.get("year"), "level": d.get("level", ""), "kind": d.get("kind", ""),
            "region": d.get("region", ""), "file": d.get("source") or d.get("file", ""),
            "chunks": d.get("chunks", 0), "added": d.get("added", ""), "bundled": bool(d.get("bundled")),
        })
    return out
