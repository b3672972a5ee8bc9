"""bot: everything that talks — the command line, and the chat conversation core its channels share.

    from bot import ChatCore, Incoming
    core = ChatCore.open(allowed="wecom:zhangsan")      # or public=True
    replies = await core.handle(Incoming("wecom", "zhangsan", "private", "zhangsan", "理事会一年开几次？"))

See docs/chat.md for the core's behaviour and settings.
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ._core import Asked, ChatCore, ChatSettings
    from ._gate import ChatConfigError
    from ._messages import Choice, Citation, Incoming, Reply

# Imported on first use: every `xuehui` command imports this package (the entry point is bot.cli), and
# the core pulls in kb, eligibility and their models — 0.8 s that `xuehui --help` or `check` need not pay.
_WHERE = {
    "Asked": "_core", "ChatCore": "_core", "ChatSettings": "_core", "ChatConfigError": "_gate",
    "Choice": "_messages", "Citation": "_messages", "Incoming": "_messages", "Reply": "_messages",
}


def __getattr__(name: str) -> object:
    if name in _WHERE:
        return getattr(importlib.import_module(f".{_WHERE[name]}", __name__), name)
    raise AttributeError(f"module 'bot' has no attribute {name!r}")


__all__ = ["Asked", "ChatConfigError", "ChatCore", "ChatSettings", "Choice", "Citation", "Incoming", "Reply"]
