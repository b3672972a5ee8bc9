"""First answer on a fresh install: `xuehui ask` on an empty XUEHUI_HOME, as setup.sh runs it.

    .venv/bin/python bench/first_answer.py            # 3 fresh homes, then 3 warm runs

A fresh home has no index: the bundled corpus is parsed and indexed on the spot, its vectors taken
from the package (indexer/corpus/vectors-*.npz, bench/ship_index.py) instead of being embedded.
Reports wall time and the child's CPU time (user+sys; on a shared machine wall time includes waiting
for a core), and the load average while measuring.
"""
from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

QUESTION = "申报一流学会要什么条件？"
XUEHUI = str(Path(sys.executable).with_name("xuehui"))


def _run(home: Path) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    p = subprocess.run([XUEHUI, "ask", QUESTION], capture_output=True, text=True,
                       env={**os.environ, "XUEHUI_HOME": str(home)})
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if p.returncode != 0:
        raise SystemExit(f"xuehui ask 失败：{p.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> int:
    fresh, warm = [], []
    with tempfile.TemporaryDirectory(prefix="xuehui-first-") as tmp:
        for i in range(3):
            home = Path(tmp) / f"home{i}"
            fresh.append(_run(home))
        for _ in range(3):
            warm.append(_run(Path(tmp) / "home0"))
    load = os.getloadavg()[0]
    for name, runs in (("首次回答（新安装、空索引目录）", fresh), ("之后每次回答（索引已建好）", warm)):
        walls = [w for w, _ in runs]
        cpus = [c for _, c in runs]
        print(f"{name}：墙钟中位数 {statistics.median(walls):.1f} 秒（{', '.join(f'{w:.1f}' for w in walls)}），"
              f"CPU {statistics.median(cpus):.1f} 秒")
    print(f"测量时 1 分钟平均负载 {load:.1f}（{os.cpu_count()} 核）")
    return 0


if __name__ == "__main__":
    sys.exit(main())
