"""Parameter sweeps on the dev questions: where the defaults in kb/_settings.py and
indexer/_chunker.py come from.

    .venv/bin/python bench/tune.py            # ~2 min on 2 cores (one index build per chunk size)

Each row changes one knob from the defaults and reports the scorer's figures.
"""
from __future__ import annotations

import dataclasses
import os
import tempfile
from pathlib import Path

from evalkit import load_gold, score

import indexer
from kb import Fusion, KBSettings, KnowledgeBase

gold = load_gold()
questions = [g["question"] for g in gold]
FIGS = ("recall@5", "cite@1", "key-fact", "abstain", "false-abstain")


def figures(base: KnowledgeBase) -> dict:
    out = {g["id"]: a.to_json(g["id"]) for g, a in zip(gold, base.batch_ask(questions), strict=True)}
    return score(gold, out)[0]


def row(label: str, m: dict) -> None:
    print(f"| {label} | " + " | ".join(f"{m[k]:.2f}" for k in FIGS) + " |")


print("| setting | " + " | ".join(FIGS) + " |")
print("|---|" + "---|" * len(FIGS))
stored = indexer.read_index(indexer.default_home())
default = KBSettings()
row("defaults (weighted fusion, bm25_weight 0.5, max_chars 400)", figures(KnowledgeBase(stored, default)))
for w in (0.0, 0.3, 0.7, 1.0):
    s = dataclasses.replace(default, fusion=Fusion("weighted", bm25_weight=w))
    row(f"weighted fusion, bm25_weight {w}", figures(KnowledgeBase(stored, s)))
s = dataclasses.replace(default, fusion=Fusion("rrf", bm25_weight=0.5))
row("reciprocal rank fusion (k=60)", figures(KnowledgeBase(stored, s)))
for k in (5, 12):
    row(f"k_retrieved {k}", figures(KnowledgeBase(stored, dataclasses.replace(default, k_retrieved=k))))
for f in (1.0,):
    row(f"no form prior (form_factor {f})", figures(KnowledgeBase(stored, dataclasses.replace(default, form_factor=f))))
for c in (0.0, 0.4):
    row(f"min_coverage {c}", figures(KnowledgeBase(stored, dataclasses.replace(default, min_coverage=c))))

cache = indexer.default_home() / "embcache"
for size in (200, 300, 600):
    home = Path(tempfile.mkdtemp(prefix=f"xuehui-tune-{size}-"))
    if cache.exists():
        os.symlink(cache, home / "embcache")
    settings = indexer.IndexSettings(chunker=indexer.ChunkerSettings(max_chars=size))
    indexer.build_index(home=home, settings=settings)
    row(f"chunk max_chars {size}", figures(KnowledgeBase(indexer.read_index(home), default)))
