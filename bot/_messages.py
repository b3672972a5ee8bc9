"""The neutral shapes between the conversation core and its channel adapters (WeCom, Telegram, web, CLI).

An adapter parses its platform's message into an `Incoming`, awaits `ChatCore.handle(...)`, and renders
each `Reply` for its platform (markup, keyboards, splitting within the platform's limit). Nothing
here knows about a platform; nothing in an adapter knows about kb or eligibility.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

ChatType = Literal["private", "group"]
ReplyKind = Literal[
    "answer",     # a question answered, with citations
    "refusal",    # the knowledge base does not answer; citations are the nearest clauses
    "clause",     # a clause looked up by reference
    "question",   # an interview asks for one fact; `choices` are the valid answers
    "verdict",    # an eligibility interview's result
    "score",      # a score interview's result
    "help",
    "notice",     # acknowledgements and short status lines ("正在检索…", "已重新开始")
    "denied",     # a stranger: names their id so an administrator can add them
    "error",      # something went wrong on our side; the user is told, the log has the traceback
]


@dataclass(frozen=True)
class Incoming:
    """One user message, as every channel delivers it."""

    channel: str                 # "wecom" | "telegram" | "web" | "cli"
    chat_id: str
    chat_type: ChatType
    sender: str
    text: str                    # mention already stripped by the adapter
    mentioned: bool = False      # in a group: the bot was @-mentioned or replied to
    message_id: str = ""         # for de-duplication of redelivered messages
    choice: str | None = None    # the value of a pressed button (Telegram inline keyboard), if any


@dataclass(frozen=True)
class Citation:
    """A cited clause under an answer: the n of its [n] marker, where it is, and the quoted text."""

    n: int
    doc: str
    title: str
    clause: str
    quote: str


@dataclass(frozen=True)
class Choice:
    """A valid answer offered by an interview question (button label and the value it sends)."""

    label: str
    value: str


@dataclass
class Reply:
    """What the core says back; plain text with [n] markers, no platform markup."""

    kind: ReplyKind
    text: str
    citations: list[Citation] = field(default_factory=list)
    choices: list[Choice] = field(default_factory=list)
    reading: str | None = None   # how a follow-up was understood: "按上一问理解为：…"

    def sections(self) -> list[str]:
        """The reply as atomic plain-text sections, in order: a splitter may break between them only."""
        out = [self.reading] if self.reading else []
        out.append(self.text)
        out += [f"[{c.n}] {c.title} {c.clause}\n{c.quote}" for c in self.citations]
        if self.choices:
            out.append("\n".join(f"{i}. {c.label}" for i, c in enumerate(self.choices, 1)))
        return out


__all__ = ["ChatType", "Choice", "Citation", "Incoming", "Reply", "ReplyKind"]
