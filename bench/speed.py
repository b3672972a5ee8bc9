"""Speed and memory on this machine, with the baseline measured in the same run.

    .venv/bin/python bench/speed.py

- warm `ask`: one question at a time through the in-process API after a warm-up, p50/p95 over
  the dev questions (the baseline: its BM25 top window, same questions);
- first answer on a fresh install: `xuehui ask` in a new process with an empty XUEHUI_HOME, so
  the bundled corpus is parsed, embedded and indexed before the answer (the embedding cache is
  empty too);
- resident memory: peak RSS of that first-answer process, and of a warm process that answers
  the dev questions.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from baseline import Baseline
from evalkit import load_gold

from kb import KnowledgeBase

questions = [g["question"] for g in load_gold()]
XUEHUI = str(Path(sys.executable).with_name("xuehui"))


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(p / 100 * (len(xs) - 1)))]


def timed(fn, qs: list[str]) -> list[float]:
    out = []
    for q in qs:
        t = time.perf_counter()
        fn(q)
        out.append((time.perf_counter() - t) * 1000)
    return out




def run_measured(cmd: list[str], env: dict, stdin: str | None = None) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of a child process."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t = time.perf_counter()
    p = subprocess.run(cmd, env=env, input=stdin, capture_output=True, text=True)
    wall = time.perf_counter() - t
    if p.returncode != 0:
        raise SystemExit(f"{cmd} failed: {p.stderr[-500:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return wall, max(after, before) / 1024


kb = KnowledgeBase.open()
kb.ask(questions[0])
ours = timed(kb.ask, questions)
base = Baseline()
base.ask(questions[0])
theirs = timed(base.ask, questions)

fresh = Path(tempfile.mkdtemp(prefix="xuehui-fresh-"))
try:
    env = {**os.environ, "XUEHUI_HOME": str(fresh)}
    first_wall, first_rss = run_measured([XUEHUI, "ask", "--json", "申报一流学会要什么条件？"], env)
    warm_env = {**os.environ}
    import json

    batch = "".join(json.dumps({"id": str(i), "question": q}, ensure_ascii=False) + "\n" for i, q in enumerate(questions))
    warm_wall, warm_rss = run_measured([XUEHUI, "ask", "--jsonl"], warm_env, batch)
finally:
    shutil.rmtree(fresh, ignore_errors=True)

print(f"machine: {os.cpu_count()} cores; python {sys.version.split()[0]}\n")
print("| measure | baseline | 学会助手 |")
print("|---|---|---|")
print(f"| warm ask p50 (in-process, {len(questions)} dev questions) | {pct(theirs, 50):.1f} ms | {pct(ours, 50):.1f} ms |")
print(f"| warm ask p95 | {pct(theirs, 95):.1f} ms | {pct(ours, 95):.1f} ms |")
print(f"| first answer on a fresh install (`xuehui ask`, index built) | – | {first_wall:.1f} s |")
print(f"| `xuehui ask --jsonl`, {len(questions)} questions, warm index | – | {warm_wall:.1f} s |")
print(f"| peak RSS, first-answer process / batch process (children max) | – | {first_rss:.0f} MB / {warm_rss:.0f} MB |")
