"""Show what the knowledge base retrieves and answers for given dev ids or questions (debug aid)."""
from __future__ import annotations

import sys

from evalkit import load_gold

from kb import KnowledgeBase

gold = {g["id"]: g for g in load_gold()}
kb = KnowledgeBase.open()
for arg in sys.argv[1:]:
    q = gold[arg]["question"] if arg in gold else arg
    a = kb.ask(q)
    print("=" * 80, "\n", arg, q, "| expect:", gold.get(arg, {}).get("expect_any"))
    for i, p in enumerate(a.retrieved[:6]):
        print(f"  {i} {p.score:.3f} {p.doc[:12]} {p.clause[:40]:40s} {p.text[:60]!r}")
    print("ANSWER:", a.answer[:400], "| abstained" if a.abstained else "")
