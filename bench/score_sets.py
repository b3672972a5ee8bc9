"""Figures on every question set, in-process, with the official scorer's own metric definitions
(bench/evalkit.py mirrors ../shared/eval/score_qa.py exactly):

    .venv/bin/python bench/score_sets.py [-v]

dev is ../shared/eval/dev.jsonl (skipped when absent). The rest are bench/questions/, written
from the documents before the answering rules were changed: round 1 (tune, holdout) and round 2
(tune2, holdout2) and round 3 (tune3, holdout3), by writers who never saw the code. Round 1's
holdout was measured and reported, then released for tuning in round 2; holdout2 and holdout3
are only scored, so -v never lists their failures. Round 4 (tune4) is tune material only. Round 5
(tune5, holdout5) was written and split after round 4's changes, round 6 (tune6, holdout6) during
round 5's, round 7 (tune7, holdout7) during round 6's; holdout5 was measured, then released for
tuning in round 6; holdout6 and holdout7 are only scored.
"""
from __future__ import annotations

import sys

from evalkit import DEV, ROOT, fmt, load_gold, score

from kb import KnowledgeBase

SETS = [("dev", DEV), ("tune", ROOT / "bench" / "questions" / "tune.jsonl"),
        ("holdout", ROOT / "bench" / "questions" / "holdout.jsonl"),
        ("tune2", ROOT / "bench" / "questions" / "tune2.jsonl"),
        ("holdout2", ROOT / "bench" / "questions" / "holdout2.jsonl"),
        ("tune3", ROOT / "bench" / "questions" / "tune3.jsonl"),
        ("holdout3", ROOT / "bench" / "questions" / "holdout3.jsonl"),
        ("tune4", ROOT / "bench" / "questions" / "tune4.jsonl"),
        ("tune5", ROOT / "bench" / "questions" / "tune5.jsonl"),
        ("holdout5", ROOT / "bench" / "questions" / "holdout5.jsonl"),
        ("tune6", ROOT / "bench" / "questions" / "tune6.jsonl"),
        ("holdout6", ROOT / "bench" / "questions" / "holdout6.jsonl"),
        ("tune7", ROOT / "bench" / "questions" / "tune7.jsonl"),
        ("holdout7", ROOT / "bench" / "questions" / "holdout7.jsonl")]
HIDDEN = {"holdout2", "holdout3", "holdout6", "holdout7"}

kb = KnowledgeBase.open()
for name, path in SETS:
    if not path.exists():
        print(f"{name}: {path} not found, skipped")
        continue
    gold = load_gold(path)
    answers = kb.batch_ask([g["question"] for g in gold])
    m, fails = score(gold, {g["id"]: a.to_json(g["id"]) for g, a in zip(gold, answers, strict=True)})
    print(f"{name} ({len(gold)}): {fmt(m)}")
    if "-v" in sys.argv and name not in HIDDEN:
        for f in fails:
            print("  ", *f)
