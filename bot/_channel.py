"""What the channel adapters (WeCom, Telegram) share: the core they talk to, their configuration
error, reconnection back-off, log redaction of secrets, and running until SIGTERM/SIGINT."""
from __future__ import annotations

import asyncio
import logging
import random
import signal
from collections.abc import Awaitable, Callable, Iterable, Iterator
from typing import Protocol

from ._gate import ChatConfigError
from ._messages import Incoming, Reply

Ack = Callable[[Reply], Awaitable[None]]

# Said by an adapter itself, only when the core could not say anything (it failed, or the bot stops).
ERROR_TEXT = "抱歉，处理这条消息时出了问题，已记录下来；请稍后再试，或换个说法提问。"
STOPPING_TEXT = "助手正在重启，这条消息没有处理；请过一会儿再发一次。"
WORKING_TEXT = "正在检索…"
NOT_TEXT = "目前只能读文字消息（收到的是{kind}）；请用文字提问，发送“帮助”查看用法。"


class Core(Protocol):
    """The conversation core as an adapter sees it (bot._core.ChatCore)."""

    async def handle(self, msg: Incoming, ack: Ack | None = None) -> list[Reply]: ...


class ChannelConfigError(ChatConfigError):
    """A channel's environment is incomplete or invalid; the message (Chinese) names the variable."""


def backoff(base: float, cap: float, rng: random.Random | None = None) -> Iterator[float]:
    """Reconnection delays: exponential from `base`, capped at `cap`, each jittered to 50–100 %.

    The jitter spreads the reconnections of many bots after a server restart.
    """
    rng = rng or random.Random()
    n = 0
    while True:
        ceiling = min(cap, base * (2 ** n))
        yield rng.uniform(ceiling / 2, ceiling)
        n = min(n + 1, 30)


class RedactSecrets(logging.Filter):
    """Replaces every secret (tokens, bot secrets) in a log record's final text with ***.

    Libraries log request URLs (a Telegram token is part of every Bot API URL) and exception
    messages that may carry them; redacting the rendered message catches all of those.
    """

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self.secrets = sorted({s for s in secrets if s and len(s) >= 4}, key=len, reverse=True)

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.secrets:
            return True
        text = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        exc = record.exc_text or ""
        if any(s in text or s in exc for s in self.secrets):
            for s in self.secrets:
                text, exc = text.replace(s, "***"), exc.replace(s, "***")
            record.msg, record.args = text, None
            record.exc_text = exc or None
        return True


def setup_logging(secrets: Iterable[str], level: int = logging.INFO) -> None:
    """Log lines to stderr with time and source; secrets redacted; no per-request chatter from httpx."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactSecrets(secrets))
    handler.set_name("xuehui-bot")
    root = logging.getLogger()
    for h in list(root.handlers):
        if h.get_name() == "xuehui-bot":
            root.removeHandler(h)
    root.addHandler(handler)
    root.setLevel(level)
    # httpx logs every request URL at INFO, and a Telegram URL contains the token.
    for noisy in ("httpx", "httpcore", "websockets", "bm25s", "jieba", "faiss"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def run_until_signalled(main: Callable[[asyncio.Event], Awaitable[int]]) -> int:
    """Run `main(stop)` in a fresh event loop; SIGTERM or SIGINT sets `stop` for a clean shutdown."""

    async def runner() -> int:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        try:
            return await main(stop)
        finally:
            for sig in (signal.SIGTERM, signal.SIGINT):
                loop.remove_signal_handler(sig)

    return asyncio.run(runner())


__all__ = ["Ack", "ChannelConfigError", "Core", "ERROR_TEXT", "NOT_TEXT", "RedactSecrets", "STOPPING_TEXT",
           "WORKING_TEXT", "backoff", "run_until_signalled", "setup_logging"]
