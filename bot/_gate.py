"""Who may talk to the bot, and how fast: the access list, per-sender rate limit and per-sender queue."""
from __future__ import annotations

import asyncio
import re
import time
from collections import deque
from dataclasses import dataclass

_ITEM = re.compile(r"^([a-z][a-z0-9_]*):(\S+)$")


class ChatConfigError(Exception):
    """The bot cannot start with this configuration (bad XUEHUI_ALLOWED, no list without public); Chinese message."""


@dataclass(frozen=True)
class AccessList:
    """`channel:id` items (user or chat ids); `public` admits everyone."""

    items: frozenset[tuple[str, str]]
    public: bool = False

    @classmethod
    def parse(cls, text: str | None, public: bool = False) -> AccessList:
        """Read XUEHUI_ALLOWED ("wecom:zhangsan,telegram:1001"); no list at all needs `public`."""
        parts = [p.strip() for p in re.split(r"[,，\s]+", text or "") if p.strip()]
        if not parts and not public:
            raise ChatConfigError(
                "没有设置允许使用的用户：请设置环境变量 XUEHUI_ALLOWED（如 wecom:zhangsan,telegram:1001，"
                "用户或群聊编号，逗号分隔），或明确以 --public 启动让所有人都能使用")
        items = set()
        for p in parts:
            m = _ITEM.match(p)
            if not m:
                raise ChatConfigError(
                    f"XUEHUI_ALLOWED 中的“{p}”格式不对：每项应为 渠道:编号，例如 wecom:zhangsan 或 telegram:-5001")
            items.add((m.group(1), m.group(2)))
        return cls(frozenset(items), public)

    def admits(self, channel: str, sender: str, chat_id: str) -> bool:
        return self.public or (channel, sender) in self.items or (channel, chat_id) in self.items


class RateLimit:
    """At most `limit` messages per sender within a sliding `window` of seconds."""

    def __init__(self, limit: int, window: float) -> None:
        self.limit, self.window = limit, window
        self._times: dict[str, deque[float]] = {}

    def wait_needed(self, key: str, now: float | None = None) -> float:
        """0 and counts the message if within the limit, else the seconds until one more is allowed."""
        now = time.monotonic() if now is None else now
        q = self._times.setdefault(key, deque())
        while q and q[0] <= now - self.window:
            q.popleft()
        if len(q) >= self.limit:
            return q[0] + self.window - now
        q.append(now)
        return 0.0

    def __len__(self) -> int:
        return len(self._times)

    def prune(self, now: float | None = None) -> None:
        """Forget senders silent for a whole window (keeps memory bounded)."""
        now = time.monotonic() if now is None else now
        for k in [k for k, q in self._times.items() if not q or q[-1] <= now - self.window]:
            del self._times[k]


class SenderQueues:
    """One lock per sender: their messages are handled one at a time, in arrival order (asyncio.Lock is FIFO)."""

    def __init__(self) -> None:
        self._locks: dict[str, asyncio.Lock] = {}
        self._users: dict[str, int] = {}

    async def run(self, key: str, work):  # noqa: ANN001, ANN201
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._users[key] = self._users.get(key, 0) + 1
        try:
            async with lock:
                return await work()
        finally:
            self._users[key] -= 1
            if not self._users[key]:
                del self._users[key], self._locks[key]

    def __len__(self) -> int:
        return len(self._locks)


__all__ = ["AccessList", "ChatConfigError", "RateLimit", "SenderQueues"]
