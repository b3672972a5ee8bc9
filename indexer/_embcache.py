"""Embedding cache: a passage's vector is computed once per embedder and kept beside the index.

Re-indexing after adding one document (or after a failed build) then embeds only what is new.
The cache file is replaced atomically; a damaged or missing cache only costs time.
"""
from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path

import numpy as np


def _file(home: Path, embedder: str) -> Path:
    return home / "embcache" / (re.sub(r"[^0-9A-Za-z._-]+", "_", embedder) + ".npz")


def key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def load(home: Path, embedder: str) -> dict[str, np.ndarray]:
    path = _file(home, embedder)
    try:
        with np.load(path, allow_pickle=False) as z:
            return dict(zip(z["keys"].tolist(), z["vectors"], strict=True))
    except (OSError, ValueError, KeyError):
        return {}


def save(home: Path, embedder: str, cache: dict[str, np.ndarray]) -> None:
    if not cache:
        return
    path = _file(home, embedder)
    path.parent.mkdir(parents=True, exist_ok=True)
    keys = np.array(sorted(cache))
    vectors = np.stack([cache[k] for k in keys.tolist()]).astype("float32")
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".npz", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            np.savez(f, keys=keys, vectors=vectors)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
