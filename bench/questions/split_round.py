"""A round of questions written from the documents only (writers who never saw the code, brief
in written/BRIEF.md), split into tuneN and holdoutN by alternating within each kind, in id order:

    .venv/bin/python bench/questions/split_round.py 2 bench/questions/written/round2-*.jsonl
    .venv/bin/python bench/questions/split_round.py 3 bench/questions/written/round3-*.jsonl

writes bench/questions/tuneN.jsonl and holdoutN.jsonl. Written and split before the round's code
changes; holdoutN is only ever scored, never read while changing code.
"""
import json
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
n = sys.argv[1]
rows = [json.loads(line) for src in sys.argv[2:] for line in open(src, encoding="utf-8") if line.strip()]
by_kind: dict[str, list[dict]] = defaultdict(list)
for row in sorted(rows, key=lambda r: r["id"]):
    by_kind[row["kind"]].append(row)
halves: dict[str, list[dict]] = {f"tune{n}": [], f"holdout{n}": []}
flip = 0
for kind in sorted(by_kind):
    for row in by_kind[kind]:
        halves[f"tune{n}" if flip % 2 == 0 else f"holdout{n}"].append(row)
        flip += 1
for name, part in halves.items():
    with open(HERE / f"{name}.jsonl", "w", encoding="utf-8") as out:
        for row in sorted(part, key=lambda r: r["id"]):
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(name, len(part), sum(not r["answerable"] for r in part), "refusals")
