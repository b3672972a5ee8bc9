"""Shared by the benchmark scripts: the dev questions and the scorer's own metric definitions.

The metrics mirror ../shared/eval/score_qa.py exactly (same normalisation, same cut-offs) so an
in-process sweep reports what the official scorer would.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import opencc

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "eval" / "dev.jsonl"
_cc = opencc.OpenCC("t2s")


def norm(s: str) -> str:
    s = re.sub(r"\([a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)", "", s or "")
    return re.sub(r"\s+", "", _cc.convert(s))


def load_gold(path: Path = DEV) -> list[dict]:
    if not path.exists():
        raise SystemExit(f"dev questions not found at {path} (expected ../shared/eval/dev.jsonl beside the repo)")
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def score(gold: list[dict], outputs: dict[str, dict]) -> tuple[dict, list[tuple[str, str]]]:
    rec = cite1 = ans = nans = fa = ab = nun = 0
    fails = []
    for g in gold:
        o = outputs[g["id"]]
        if not g["answerable"]:
            nun += 1
            ab += bool(o.get("abstained"))
            if not o.get("abstained"):
                fails.append((g["id"], "answered unanswerable: " + g["question"]))
            continue
        exp = [norm(e) for e in g["expect_any"]]
        ret = [norm(c.get("text", "")) for c in (o.get("retrieved") or [])[:5]]
        cit = [norm(c.get("text", "")) for c in (o.get("citations") or [])[:1]]
        hit = any(e in t for e in exp for t in ret)
        c1 = any(e in t for e in exp for t in cit)
        rec += hit
        cite1 += c1
        fa += bool(o.get("abstained"))
        if g.get("answer_has"):
            nans += 1
            aok = all(norm(x) in norm(o.get("answer", "")) for x in g["answer_has"])
            ans += aok
            if not aok and not o.get("abstained"):
                fails.append((g["id"], f"key-fact missing {g['answer_has']}: " + g["question"]))
        if not hit:
            fails.append((g["id"], "not in top 5: " + g["question"]))
        elif not c1:
            fails.append((g["id"], "not cited first: " + g["question"]))
        if o.get("abstained"):
            fails.append((g["id"], "falsely abstained: " + g["question"]))
    n = sum(1 for g in gold if g["answerable"])
    m = {
        "recall@5": rec / n,
        "cite@1": cite1 / n,
        "key-fact": ans / nans if nans else 1.0,
        "abstain": ab / nun if nun else 1.0,
        "false-abstain": fa / n,
    }
    return m, fails


def fmt(m: dict) -> str:
    return ", ".join(f"{k} {v:.2f}" for k, v in m.items())
