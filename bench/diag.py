"""Per-question detail for a gold set (debug aid): what failed, what was retrieved, what was answered.

    .venv/bin/python bench/diag.py bench/questions/tune.jsonl [ID …]
"""
from __future__ import annotations

import sys
from pathlib import Path

from evalkit import fmt, load_gold, norm, score

from kb import KnowledgeBase

gold = load_gold(Path(sys.argv[1]))
only = set(sys.argv[2:])
kb = KnowledgeBase.open()
answers = kb.batch_ask([g["question"] for g in gold])
outputs = {g["id"]: a.to_json(g["id"]) for g, a in zip(gold, answers, strict=True)}
m, fails = score(gold, outputs)
bad = {i for i, _ in fails}
for g, a in zip(gold, answers, strict=True):
    if (only and g["id"] not in only) or (not only and g["id"] not in bad):
        continue
    why = [w for i, w in fails if i == g["id"]]
    print("=" * 100)
    print(g["id"], g["kind"], g["question"], "| expect:", g["expect_any"], g["answer_has"])
    for w in why:
        print("  !!", w)
    exp = [norm(e) for e in g["expect_any"]]
    for i, p in enumerate(a.retrieved[:6]):
        mark = "*" if any(e in norm(p.text) for e in exp) else " "
        print(f"  {mark}{i} {p.score:.3f} {p.doc[:14]:14s} {p.kind:6s} {p.clause[:36]:36s} {p.text[:70]!r}")
    print("  CITES:", [(c.doc[:8], c.clause[:30]) for c in a.citations])
    print("  ANSWER:", a.answer[:500].replace("\n", " / "), "| ABSTAINED " + a.reason if a.abstained else "")
print(fmt(m))
