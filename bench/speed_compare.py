"""Warm `ask` latency of an earlier commit's answering code against this checkout's, under the same
load: each runs in its own process with its own index (XUEHUI_HOME), the two alternating.

    .venv/bin/python bench/speed_compare.py REV [ROUNDS]

REV is a git revision (e.g. the commit before a change); ROUNDS alternations (default 2). Each
process opens its knowledge base, answers the dev questions once to warm up, then times each of
them 3 times in process; p50/p95 are printed per process. Run from the repository root.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORKER = r"""
import json, os, statistics, sys, time
sys.path.insert(0, sys.argv[1])
from evalkit import load_gold
from kb import KnowledgeBase
qs = [g["question"] for g in load_gold()]
kb = KnowledgeBase.open()
for q in qs:
    kb.ask(q)
times = []
for _ in range(3):
    for q in qs:
        t = time.perf_counter(); kb.ask(q); times.append((time.perf_counter() - t) * 1000)
times.sort()
print(json.dumps({"p50": statistics.median(times), "p95": times[int(0.95 * (len(times) - 1))]}))
"""


def run(tree: Path, home: Path) -> dict:
    env = {**os.environ, "PYTHONPATH": str(tree), "XUEHUI_HOME": str(home), "OMP_WAIT_POLICY": "PASSIVE"}
    p = subprocess.run([sys.executable, "-c", WORKER, str(ROOT / "bench")], env=env, cwd=tree,
                       capture_output=True, text=True, timeout=900, check=True)
    return json.loads(p.stdout.strip().splitlines()[-1])


def main() -> int:
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    rev, rounds = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 2
    with tempfile.TemporaryDirectory() as tmp:
        old = Path(tmp) / "old"
        old.mkdir()
        archive = subprocess.run(["git", "archive", rev], cwd=ROOT, capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(old)], input=archive, check=True)
        trees = {rev: old, "HEAD (working tree)": ROOT}
        for r in range(rounds):
            for name, tree in trees.items():
                m = run(tree, Path(tmp) / ("home-" + ("old" if tree == old else "new")))
                print(f"round {r + 1} {name}: p50 {m['p50']:.1f} ms, p95 {m['p95']:.1f} ms", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
