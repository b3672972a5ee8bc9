"""bot: everything that talks — the command line, and the chat conversation core its channels share.

    from bot import ChatCore, Incoming
    core = ChatCore.open(allowed="wecom:zhangsan")      # or public=True
    replies = await core.handle(Incoming("wecom", "zhangsan", "private", "zhangsan", "理事会一年开几次？"))

See docs/chat.md for the core's behaviour and settings.
"""
from ._core import Asked, ChatCore, ChatSettings
from ._gate import ChatConfigError
from ._messages import Choice, Citation, Incoming, Reply

__all__ = ["Asked", "ChatConfigError", "ChatCore", "ChatSettings", "Choice", "Citation", "Incoming", "Reply"]
