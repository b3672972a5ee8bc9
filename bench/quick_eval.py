"""Dev-set figures of the knowledge base as configured, in-process (python bench/quick_eval.py -v)."""
from __future__ import annotations

import sys

from evalkit import fmt, load_gold, score

from kb import KnowledgeBase

gold = load_gold()
kb = KnowledgeBase.open()
answers = kb.batch_ask([g["question"] for g in gold])
outputs = {g["id"]: a.to_json(g["id"]) for g, a in zip(gold, answers, strict=True)}
m, fails = score(gold, outputs)
if "-v" in sys.argv:
    for f in fails:
        print("  ", *f)
print(fmt(m))
