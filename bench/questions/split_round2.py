"""Round 2 of questions written from the documents only (two writers who never saw the code),
split into tune2 and holdout2 by alternating within each kind, in id order:

    .venv/bin/python bench/questions/split_round2.py bench/questions/written/round2-*.jsonl

writes bench/questions/tune2.jsonl and holdout2.jsonl. Written and split before any code change
of the round; holdout2 is only ever scored, never read while changing code.
"""
import json
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
rows = [json.loads(line) for src in sys.argv[1:] for line in open(src, encoding="utf-8") if line.strip()]
by_kind: dict[str, list[dict]] = defaultdict(list)
for row in sorted(rows, key=lambda r: r["id"]):
    by_kind[row["kind"]].append(row)
halves: dict[str, list[dict]] = {"tune2": [], "holdout2": []}
flip = 0
for kind in sorted(by_kind):
    for row in by_kind[kind]:
        halves["tune2" if flip % 2 == 0 else "holdout2"].append(row)
        flip += 1
for name, part in halves.items():
    with open(HERE / f"{name}.jsonl", "w", encoding="utf-8") as out:
        for row in sorted(part, key=lambda r: r["id"]):
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(name, len(part), sum(not r["answerable"] for r in part), "refusals")
