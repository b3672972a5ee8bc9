"""Index store: one directory per build, published by an atomic symlink swap.

A build is written into a fresh directory; only when every file is complete and synced does
the `current` link switch to it (os.replace of a link is atomic on POSIX). An interrupted or
failed build therefore leaves the previous index answering, and a reader never sees half an index.

Writers (add, remove, rebuild) hold `lock(home)` from reading the current build to publishing the
next, so two processes never lose each other's documents; pruning runs under the same lock and
spares the build `current` names, the one just published, the one before it (a reader may have
just resolved the link to it) and any build still being written. A reader that loses the race
anyway simply resolves the link again.
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import faiss
import numpy as np
from filelock import FileLock

from .errors import IndexNotFound

FORMAT_VERSION = 1
_LINK = "current"


def default_home() -> Path:
    """$XUEHUI_HOME, else ~/.cache/xuehui."""
    env = os.environ.get("XUEHUI_HOME")
    return Path(env).expanduser() if env else Path.home() / ".cache" / "xuehui"


@dataclass
class StoredIndex:
    """What a build holds: manifest, chunks (with tokens), clause trees and the faiss index."""

    manifest: dict
    chunks: list[dict]
    clauses: dict[str, list[dict]]
    vectors: faiss.Index
    path: Path


LOCK_FILE = ".lock"


_LOCKS: dict[str, FileLock] = {}


def lock(home: Path) -> FileLock:
    """The writers' lock of an index home: one object per home and process, re-entrant within a
    thread (a rebuild that publishes takes it again) and exclusive between threads and processes."""
    home.mkdir(parents=True, exist_ok=True)
    key = str((home / LOCK_FILE).resolve())
    if key not in _LOCKS:
        _LOCKS[key] = FileLock(key)
    return _LOCKS[key]


def _write_json(path: Path, obj) -> None:
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f, ensure_ascii=False)
        f.flush()
        os.fsync(f.fileno())


def write_index(
    home: Path,
    manifest: dict,
    chunks: list[dict],
    clauses: dict[str, list[dict]],
    vectors: np.ndarray,
    before_publish: Callable[[Path], None] | None = None,
) -> Path:
    """Write a complete build and publish it; returns the build directory."""
    builds = home / "builds"
    builds.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="tmp-", dir=builds))
    try:
        _write_json(tmp / "chunks.json", chunks)
        _write_json(tmp / "clauses.json", clauses)
        index = faiss.IndexFlatIP(int(vectors.shape[1]))
        if len(vectors):
            index.add(np.ascontiguousarray(vectors, dtype="float32"))
        faiss.write_index(index, str(tmp / "vectors.faiss"))
        # The manifest goes last: a build without one is incomplete by definition.
        _write_json(tmp / "manifest.json", {**manifest, "format": FORMAT_VERSION, "created": time.time()})
        if before_publish is not None:
            before_publish(tmp)
        final = builds / f"b-{time.strftime('%Y%m%d-%H%M%S')}-{time.time_ns() % 10**9:09d}-{tmp.name[4:]}"
        os.rename(tmp, final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    with lock(home):
        link_tmp = home / f".{_LINK}.{os.getpid()}"
        if link_tmp.is_symlink() or link_tmp.exists():
            link_tmp.unlink()
        os.symlink(os.path.relpath(final, home), link_tmp)
        _fsync_dir(home)
        os.replace(link_tmp, home / _LINK)
        _fsync_dir(home)
        _prune(builds, keep=final)
    return final


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


STALE_TMP_SECONDS = 3600


KEEP_BUILDS = 2


def _prune(builds: Path, keep: Path) -> None:
    """Remove superseded builds and leftovers of killed builds (call under `lock`). Spared: the
    build `current` names, `keep`, the newest KEEP_BUILDS complete builds, and another process's
    build still being written (a tmp- directory younger than STALE_TMP_SECONDS)."""
    now = time.time()
    current = current_path(builds.parent)
    complete = sorted((d for d in builds.iterdir() if d.is_dir() and d.name.startswith("b-")),
                      key=lambda d: d.name, reverse=True)
    spared = {keep, *complete[:KEEP_BUILDS]} | ({current} if current is not None else set())
    for d in builds.iterdir():
        if d in spared or not d.is_dir():
            continue
        if d.name.startswith("tmp-") and now - d.stat().st_mtime < STALE_TMP_SECONDS:
            continue
        shutil.rmtree(d, ignore_errors=True)


def current_path(home: Path) -> Path | None:
    link = home / _LINK
    if not link.exists():
        return None
    target = link.resolve()
    return target if (target / "manifest.json").exists() else None


def read_manifest(home: Path) -> dict | None:
    path = current_path(home)
    if path is None:
        return None
    try:
        return json.loads((path / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def read_index(home: Path) -> StoredIndex:
    """Load the published build into memory; a build pruned while being read is read again anew."""
    for attempt in range(5):
        path = current_path(home)
        if path is None:
            raise IndexNotFound(f"{home} 下没有可用的索引；请先运行 xuehui index")
        try:
            manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
            chunks = json.loads((path / "chunks.json").read_text(encoding="utf-8"))
            clauses = json.loads((path / "clauses.json").read_text(encoding="utf-8"))
            vectors = faiss.read_index(str(path / "vectors.faiss"))
        except (OSError, ValueError, RuntimeError) as e:
            if path.exists() and current_path(home) == path:
                raise IndexNotFound(f"索引 {path} 已损坏（{e}）；请重新运行 xuehui index") from e
            time.sleep(0.05 * (attempt + 1))  # superseded and pruned under us: take the new one
            continue
        return StoredIndex(manifest=manifest, chunks=chunks, clauses=clauses, vectors=vectors, path=path)
    raise IndexNotFound(f"{home} 下的索引在读取时不断被替换；请稍后重试")
