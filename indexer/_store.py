"""Index store: one directory per build, published by an atomic symlink swap.

A build is written into a fresh directory; only when every file is complete and synced does
the `current` link switch to it (os.replace of a link is atomic on POSIX). An interrupted or
failed build therefore leaves the previous index answering, and a reader never sees half an index.
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
        final = builds / f"b-{time.strftime('%Y%m%d-%H%M%S')}-{tmp.name[4:]}"
        os.rename(tmp, final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    link_tmp = home / f".{_LINK}.{os.getpid()}"
    if link_tmp.is_symlink() or link_tmp.exists():
        link_tmp.unlink()
    os.symlink(os.path.relpath(final, home), link_tmp)
    os.replace(link_tmp, home / _LINK)
    _prune(builds, keep=final)
    return final


STALE_TMP_SECONDS = 3600


def _prune(builds: Path, keep: Path) -> None:
    """Remove superseded builds (a reader still holding one open keeps its files on POSIX) and
    leftovers of killed builds — but not another process's build still being written."""
    now = time.time()
    for d in builds.iterdir():
        if d == keep or not d.is_dir():
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
    path = current_path(home)
    if path is None:
        raise IndexNotFound(f"{home} 下没有可用的索引；请先运行 xuehui index")
    try:
        manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
        chunks = json.loads((path / "chunks.json").read_text(encoding="utf-8"))
        clauses = json.loads((path / "clauses.json").read_text(encoding="utf-8"))
        vectors = faiss.read_index(str(path / "vectors.faiss"))
    except (OSError, ValueError, RuntimeError) as e:
        raise IndexNotFound(f"索引 {path} 已损坏（{e}）；请重新运行 xuehui index") from e
    return StoredIndex(manifest=manifest, chunks=chunks, clauses=clauses, vectors=vectors, path=path)
