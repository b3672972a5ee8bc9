"""Dev-set figures of 学会助手 beside the plain baseline, measured in the same run.

    .venv/bin/python bench/qa_bench.py            # needs ../shared/eval/dev.jsonl

Prints a Markdown table (the README's "Measured" section is pasted from it).
"""
from __future__ import annotations

import time

from baseline import Baseline
from evalkit import load_gold, score

from kb import KnowledgeBase

gold = load_gold()
questions = [g["question"] for g in gold]

t0 = time.perf_counter()
kb = KnowledgeBase.open()
ours = {g["id"]: a.to_json(g["id"]) for g, a in zip(gold, kb.batch_ask(questions), strict=True)}
t_ours = time.perf_counter() - t0

t0 = time.perf_counter()
base = Baseline()
theirs = {g["id"]: {"id": g["id"], **base.ask(g["question"])} for g in gold}
t_base = time.perf_counter() - t0

m_ours, _ = score(gold, ours)
m_base, _ = score(gold, theirs)
cited = sum(bool(o["citations"] and o["citations"][0]["clause"]) for o in ours.values())
print(f"dev questions: {len(gold)} ({sum(g['answerable'] for g in gold)} answerable)\n")
print("| figure | baseline (300-char windows, BM25/jieba, top window) | 学会助手 |")
print("|---|---|---|")
for k in m_ours:
    print(f"| {k} | {m_base[k]:.2f} | {m_ours[k]:.2f} |")
print(f"| answers citing a clause path | 0/{len(gold)} | {cited}/{len(gold)} |")
print(f"| wall time, whole batch (load included) | {t_base:.1f} s | {t_ours:.1f} s |")
