"""Chat benchmark: N simulated users ask at once through each channel's fake server (not a test).

    .venv/bin/python bench/chat_bench.py [--users 50] [--rounds 1] [--channels wecom,telegram] [--home DIR]

For each channel it starts the fake platform server on 127.0.0.1 and `xuehui bot <channel>` as a
real process (index home: --home, or one built into a temporary directory), warms it up with one
question (the knowledge base loads lazily), then has every user send one question from
bench/questions/tune.jsonl at the same moment, `--rounds` times. It prints, per channel: answers
per second over the burst, p50/p95 time to the first frame ("正在检索…") and to the full answer,
messages lost (no answer, or an error reply), the bot's resident memory (now and peak), and the
exit code after SIGTERM. Times are taken on the fake server's side, as a user would see them.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "support"))

from bot_process import BotProcess  # noqa: E402
from fake_telegram import FakeTelegram  # noqa: E402
from fake_wecom import FakeWeCom  # noqa: E402

ERROR_MARK = "出错了"


def questions() -> list[str]:
    lines = (ROOT / "bench" / "questions" / "tune.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["question"] for line in lines if line.strip()]


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def _env(home: Path, allowed: str, **extra: str) -> dict[str, str]:
    return {"XUEHUI_HOME": str(home), "XUEHUI_ALLOWED": allowed, "XUEHUI_BOT_RATE_LIMIT": "100000", **extra}


def bench_wecom(home: Path, data: Path, users: int, rounds: int, qs: list[str]) -> dict:
    fake = FakeWeCom().start()
    names = [f"u{i:03d}" for i in range(users)]
    bot = BotProcess("wecom", _env(home, ",".join(f"wecom:{n}" for n in [*names, "warm"]), WECOM_BOT_ID=fake.bot_id,
                                   WECOM_BOT_SECRET=fake.secret, WECOM_WS_URL=fake.url), data / "wecom")
    try:
        t0 = time.monotonic()
        fake.wait_subscribed(1, 120)
        ready = time.monotonic() - t0
        warm = fake.wait_done(fake.send_text("warm", qs[0]), 120)
        cold = warm.finished_at - warm.sent_at
        first, full, lost, spans = [], [], 0, []
        for r in range(rounds):
            start = time.monotonic()
            reqs = [fake.send_text(n, qs[(i + r * users) % len(qs)]) for i, n in enumerate(names)]
            done = []
            for req in reqs:
                try:
                    done.append(fake.wait_done(req, 600))
                except TimeoutError:
                    lost += 1
            for ex in done:
                if ERROR_MARK in ex.stream_content or not ex.stream_content.strip():
                    lost += 1
                first.append(ex.first_frame_at - ex.sent_at)
                full.append(ex.finished_at - ex.sent_at)
            spans.append(max(ex.finished_at for ex in done) - start)
        rss = bot.rss_kb()
        code = bot.terminate()
        return _result("wecom", users * rounds, first, full, lost, spans, rss, code, ready, cold,
                       len(fake.violations))
    finally:
        bot.stop()
        fake.stop()


def bench_telegram(home: Path, data: Path, users: int, rounds: int, qs: list[str]) -> dict:
    fake = FakeTelegram().start()
    ids = [2000 + i for i in range(users)]
    allowed = ",".join(f"telegram:{i}" for i in [*ids, 1999])
    bot = BotProcess("telegram", _env(home, allowed, TELEGRAM_BOT_TOKEN=fake.token,
                                      TELEGRAM_API_BASE_URL=fake.base_url), data / "telegram")

    def answered(msgs) -> bool:  # noqa: ANN001
        return bool(msgs) and not msgs[0].text.startswith("正在检索")

    try:
        t0 = time.monotonic()
        fake.wait_polled(120)
        ready = time.monotonic() - t0
        sent = time.monotonic()
        fake.send_text(1999, qs[0])
        cold = fake.wait_for(1999, answered, 120)[0].updated_at - sent
        first, full, lost, spans = [], [], 0, []
        for r in range(rounds):
            since = {u: len(fake.messages(u)) for u in ids}
            start = time.monotonic()
            sent_at = {}
            for i, u in enumerate(ids):
                sent_at[u] = time.monotonic()
                fake.send_text(u, qs[(i + r * users) % len(qs)])
            ends = []
            for u in ids:
                try:
                    fake.wait_for(u, answered, 600, since=since[u])
                except TimeoutError:
                    lost += 1
            _quiet(fake, ids)
            for u in ids:
                msgs = fake.messages(u)[since[u]:]
                if not msgs:
                    continue
                if ERROR_MARK in msgs[0].text:
                    lost += 1
                first.append(msgs[0].sent_at - sent_at[u])
                end = max(m.updated_at for m in msgs)
                full.append(end - sent_at[u])
                ends.append(end)
            spans.append(max(ends) - start)
        rss = bot.rss_kb()
        code = bot.terminate()
        return _result("telegram", users * rounds, first, full, lost, spans, rss, code, ready, cold,
                       len(fake.violations))
    finally:
        bot.stop()
        fake.stop()


def _quiet(fake: FakeTelegram, ids: list[int], quiet: float = 1.0) -> None:
    """Wait until the bot has sent nothing for `quiet` seconds (long answers come in several messages)."""
    def latest() -> float:
        return max((m.updated_at for u in ids for m in fake.messages(u)), default=0.0)
    while time.monotonic() - latest() < quiet:
        time.sleep(0.1)


def _result(channel: str, n: int, first: list[float], full: list[float], lost: int, spans: list[float],
            rss: tuple[int, int], code: int, ready: float, cold: float, violations: int) -> dict:
    return {"channel": channel, "messages": n, "answers_per_s": (n - lost) / sum(spans),
            "first_p50": pct(first, 50), "first_p95": pct(first, 95), "full_p50": pct(full, 50),
            "full_p95": pct(full, 95), "full_max": max(full, default=float("nan")), "lost": lost,
            "rss_mb": rss[0] / 1024, "peak_mb": rss[1] / 1024, "exit": code, "ready_s": ready, "cold_s": cold,
            "violations": violations, "mean_full": statistics.fmean(full) if full else float("nan")}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--users", type=int, default=50)
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--channels", default="wecom,telegram")
    ap.add_argument("--home", type=Path, default=None, help="a built index home (default: build one in a temp dir)")
    args = ap.parse_args()
    qs = questions()
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="chat-bench-") as tmp:
        home = args.home
        if home is None:
            import indexer

            home = Path(tmp) / "home"
            t = time.monotonic()
            indexer.build_index(home=home)
            print(f"index built in {time.monotonic() - t:.1f}s", file=sys.stderr)
        runs = {"wecom": bench_wecom, "telegram": bench_telegram}
        results = [runs[c](home, Path(tmp), args.users, args.rounds, qs) for c in args.channels.split(",")]
    print(f"\n{args.users} users × {args.rounds} round(s), all at once; times in seconds from the user's send; "
          f"{os.cpu_count()} CPUs, 1-minute load average {load_before:.1f} before and {os.getloadavg()[0]:.1f} after\n")
    print("| channel | messages | answers/s | first frame p50 / p95 | full answer p50 / p95 (max) | lost "
          "| RSS now / peak (MB) | start → ready | first answer (cold) | SIGTERM exit |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        print(f"| {r['channel']} | {r['messages']} | {r['answers_per_s']:.1f} | {r['first_p50']:.3f} / {r['first_p95']:.3f} "
              f"| {r['full_p50']:.2f} / {r['full_p95']:.2f} ({r['full_max']:.2f}) | {r['lost']} "
              f"| {r['rss_mb']:.0f} / {r['peak_mb']:.0f} | {r['ready_s']:.1f} | {r['cold_s']:.1f} | {r['exit']} |")
    bad = [r["channel"] for r in results if r["lost"] or r["violations"] or r["exit"]]
    if bad:
        print(f"\nPROBLEMS in {bad}: lost messages, protocol violations or a bad exit", file=sys.stderr)
        raise SystemExit(1)


if __name__ == "__main__":
    main()
