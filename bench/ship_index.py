"""Regenerate the bundled corpus's vectors shipped inside the package (indexer/corpus/vectors-*.npz).

A fresh install then answers its first question without embedding the corpus (README: 首次回答).
Run after any change to parsing, chunking or the bundled corpus; tests/indexer/test_shipped.py
fails, naming this command, when the shipped vectors no longer cover the corpus's chunks:

    .venv/bin/python bench/ship_index.py

Vectors already computed (shipped, or in $XUEHUI_HOME's cache) are reused; only new texts are embedded.
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import numpy as np

import indexer
from indexer import _embcache
from indexer._library import _bundled_entries
from indexer._pipeline import IndexSettings, embed_texts, shipped_vectors_file


def main() -> int:
    settings = IndexSettings()
    name = indexer.make_embedder(settings.embedder).name
    texts = sorted({t for e in _bundled_entries(settings) for t in e.texts})
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        # Seed the scratch cache with the caller's own cache so nothing is embedded twice.
        home = Path(tmp)
        user = _embcache.load(indexer.default_home(), name)
        if user:
            _embcache.save(home, name, user)
        vectors = embed_texts(home, settings.embedder, texts, lambda *a: None)
    keys = np.array([_embcache.key(t) for t in texts])
    out = shipped_vectors_file(name)
    tmp_out = out.with_suffix(".tmp.npz")
    np.savez_compressed(tmp_out, keys=keys, vectors=vectors.astype("float32"))
    tmp_out.replace(out)
    print(f"{out}: {len(keys)} 个段落向量（{out.stat().st_size // 1024} KB），用时 {time.perf_counter() - t0:.1f} 秒")
    return 0


if __name__ == "__main__":
    sys.exit(main())
