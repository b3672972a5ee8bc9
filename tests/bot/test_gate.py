"""Access list, rate limit and per-sender queue on built values."""
from __future__ import annotations

import asyncio

import pytest

from bot import ChatConfigError
from bot._gate import AccessList, RateLimit, SenderQueues


def test_the_access_list_admits_listed_users_and_chats_per_channel():
    a = AccessList.parse("wecom:zhangsan, telegram:1001，telegram:-5001")
    assert a.admits("wecom", "zhangsan", "anychat")
    assert a.admits("telegram", "999", "-5001")            # a listed group chat admits its members
    assert not a.admits("telegram", "zhangsan", "x")       # ids are per channel
    assert not a.admits("wecom", "lisi", "lisi")


def test_public_admits_everyone_and_needs_no_list():
    assert AccessList.parse(None, public=True).admits("wecom", "anyone", "x")


@pytest.mark.parametrize("text", [None, "", " , "])
def test_no_list_without_public_is_refused_with_a_chinese_message(text):
    with pytest.raises(ChatConfigError, match="XUEHUI_ALLOWED.*--public"):
        AccessList.parse(text)


@pytest.mark.parametrize("item", ["zhangsan", "wecom:", ":123", "WeCom:1"])
def test_a_malformed_item_is_named(item):
    with pytest.raises(ChatConfigError, match=f"“{item}”格式不对"):
        AccessList.parse(f"wecom:ok,{item}")


def test_the_rate_limit_counts_within_a_sliding_window():
    r = RateLimit(limit=2, window=10)
    assert [r.wait_needed("a", now=t) for t in (0, 1)] == [0, 0]
    assert r.wait_needed("a", now=2) == pytest.approx(8)    # until the first leaves the window
    assert r.wait_needed("b", now=2) == 0                   # per sender
    assert r.wait_needed("a", now=10.5) == 0


def test_the_rate_limit_forgets_quiet_senders():
    r = RateLimit(limit=1, window=5)
    r.wait_needed("a", now=0)
    r.prune(now=6)
    assert r.wait_needed("a", now=6) == 0 and list(r._times) == ["a"]


def test_one_senders_work_runs_one_at_a_time_in_order_and_others_run_alongside():
    q = SenderQueues()
    log: list[str] = []

    async def work(name: str, delay: float) -> str:
        log.append(f"start {name}")
        await asyncio.sleep(delay)
        log.append(f"end {name}")
        return name

    async def main() -> list[str]:
        return await asyncio.gather(q.run("a", lambda: work("a1", 0.03)), q.run("a", lambda: work("a2", 0)),
                                     q.run("b", lambda: work("b1", 0.01)))

    assert asyncio.run(main()) == ["a1", "a2", "b1"]
    assert log.index("end a1") < log.index("start a2")       # a's second waits for its first
    assert log.index("start b1") < log.index("end a1")       # b does not wait for a
    assert len(q) == 0                                        # no lock left behind
