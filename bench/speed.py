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

# As every `xuehui` command does (bot/cli.py): waiting OpenMP threads sleep instead of spinning, which
# on a busy 2-core machine otherwise turns a 40 ms answer into seconds. Set before numpy/faiss load.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

from baseline import Baseline  # noqa: E402
from evalkit import load_gold  # noqa: E402

from kb import KnowledgeBase  # noqa: E402

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
    """Wall seconds and that one child's own peak RSS (MB, from wait4)."""
    t = time.perf_counter()
    p = subprocess.Popen(cmd, env=env, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                         text=True)
    p.stdin.write(stdin or "")
    p.stdin.close()
    err = p.stderr.read()
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{cmd} failed: {err[-500:]}")
    return wall, usage.ru_maxrss / 1024


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
print(f"| peak RSS of the first-answer process (index build included) | – | {first_rss:.0f} MB |")
print(f"| peak RSS of a warm `ask --jsonl` process ({len(questions)} questions) | – | {warm_rss:.0f} MB |")
