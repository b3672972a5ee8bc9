"""Web API benchmark: 50 concurrent clients on loopback for 30 s against POST /api/ask (not a test).

    .venv/bin/python bench/web_bench.py [--clients 50] [--seconds 30] [--conversations] [--home DIR]

Starts `xuehui serve` as a real process on 127.0.0.1 (index home: --home, else XUEHUI_HOME, else one
built into a temporary directory), warms it with one question, then runs `--clients` clients, each
sending the questions of bench/questions/tune.jsonl one after another (each waits for its answer
before asking again) for `--seconds`. With --conversations every client keeps its own conversation
id, so each question also goes through the conversation core (follow-up reading, context, audit).
The per-client rate limit is turned off (--rate-limit 0): all clients share one address here.

Prints one Markdown table: requests per second, p50/p95/p99 latency, errors (any non-200 answer or
failed connection; must be 0), the server's resident memory sampled under load (max) and its peak
(VmHWM), the exit code after SIGTERM, and the machine's load average (other work on the same cores
slows every figure down; the table says how busy the machine was).
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "support"))

from web_process import ServeProcess  # noqa: E402


def questions() -> list[str]:
    lines = (ROOT / "bench" / "questions" / "tune.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["question"] for line in lines if line.strip()]


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))] if ordered else float("nan")


async def client(n: int, url: str, qs: list[str], until: float, conversations: bool, http: httpx.AsyncClient,
                 latencies: list[float], errors: list[str]) -> None:
    i = n  # clients start at different questions
    while time.monotonic() < until:
        body: dict = {"question": qs[i % len(qs)]}
        if conversations:
            body["conversation"] = f"bench-{n}"
        i += 1
        t0 = time.monotonic()
        try:
            r = await http.post(url + "/api/ask", json=body)
            ok = r.status_code == 200 and "answer" in r.json()
            if not ok:
                errors.append(f"{r.status_code} {r.text[:200]}")
        except httpx.HTTPError as e:
            errors.append(f"{type(e).__name__}: {e}")
            continue
        latencies.append(time.monotonic() - t0)


async def sample_rss(server: ServeProcess, until: float, out: list[int]) -> None:
    while time.monotonic() < until:
        out.append(server.rss_kb()[0])
        await asyncio.sleep(0.5)


async def load(server: ServeProcess, clients: int, seconds: float, conversations: bool) -> dict:
    qs = questions()
    latencies: list[float] = []
    errors: list[str] = []
    rss: list[int] = []
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(timeout=120, limits=limits, trust_env=False) as http:
        warm = await http.post(server.url + "/api/ask", json={"question": qs[0]})
        warm.raise_for_status()
        start = time.monotonic()
        until = start + seconds
        await asyncio.gather(sample_rss(server, until, rss),
                             *(client(n, server.url, qs, until, conversations, http, latencies, errors)
                               for n in range(clients)))
        elapsed = time.monotonic() - start
    return {"requests": len(latencies), "elapsed": elapsed, "rps": len(latencies) / elapsed,
            "p50": pct(latencies, 50), "p95": pct(latencies, 95), "p99": pct(latencies, 99),
            "errors": errors, "rss_max_mb": max(rss) / 1024 if rss else float("nan"),
            "peak_mb": server.rss_kb()[1] / 1024}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--conversations", action="store_true", help="each client in its own conversation (via the core)")
    ap.add_argument("--home", type=Path, default=None, help="index home (default XUEHUI_HOME, else a fresh one)")
    args = ap.parse_args()
    home = args.home or (Path(os.environ["XUEHUI_HOME"]) if os.environ.get("XUEHUI_HOME") else None)
    with tempfile.TemporaryDirectory(prefix="xuehui-web-bench-") as tmp:
        home = home or Path(tmp) / "home"
        load_before = os.getloadavg()[0]
        t0 = time.monotonic()
        server = ServeProcess(home, Path(tmp) / "data", "--rate-limit", "0")
        ready = time.monotonic() - t0
        try:
            r = asyncio.run(load(server, args.clients, args.seconds, args.conversations))
        finally:
            load_after = os.getloadavg()[0]
            code = server.stop()
    mode = "每个客户端一个会话（经对话核心）" if args.conversations else "不带会话"
    print(f"`bench/web_bench.py --clients {args.clients} --seconds {args.seconds:g}"
          f"{' --conversations' if args.conversations else ''}`（{mode}；服务启动到 /healthz 可用 {ready:.1f} s）\n")
    print("| 项目 | 数值 |\n|---|---|")
    print(f"| 并发客户端 × 时长 | {args.clients} × {r['elapsed']:.1f} s |")
    print(f"| 完成的请求 | {r['requests']} |")
    print(f"| 每秒请求数 | {r['rps']:.1f} |")
    print(f"| 延迟 p50 / p95 / p99 | {r['p50'] * 1000:.0f} / {r['p95'] * 1000:.0f} / {r['p99'] * 1000:.0f} ms |")
    print(f"| 错误 | {len(r['errors'])} |")
    print(f"| 负载下常驻内存（采样最大） / 峰值 | {r['rss_max_mb']:.0f} MB / {r['peak_mb']:.0f} MB |")
    print(f"| SIGTERM 后退出码 | {code} |")
    print(f"| 机器 1 分钟负载（开始 / 结束，{os.cpu_count()} 核） | {load_before:.1f} / {load_after:.1f} |")
    for e in r["errors"][:5]:
        print("error:", e, file=sys.stderr)
    return 1 if r["errors"] or code != 0 else 0


if __name__ == "__main__":
    raise SystemExit(main())
