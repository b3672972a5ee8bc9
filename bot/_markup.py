"""Platform rendering of a `Reply`: escaping hostile text and splitting within a platform's limit.

Pure functions, no I/O. A reply is cut into *sections* (the reading, the text, each citation, the
list of choices — the same order as `Reply.sections()`); a section is one or more *blocks* of plain
text with a style. Splitting happens on the plain text, before escaping and wrapping, so a message
can never end inside an escape sequence or inside a quote's markup: every piece is wrapped on its own.

Limits are measured on the rendered text: Telegram counts characters (4096 a message), WeCom counts
UTF-8 bytes (2048 for a text or markdown message, 20,480 for a stream's content).
"""
from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Literal

from ._messages import Reply

Style = Literal["plain", "reading", "title", "quote"]
Measure = Callable[[str], int]

TELEGRAM_LIMIT = 4096            # characters in one sendMessage text
WECOM_MESSAGE_LIMIT = 2048       # bytes in one text or markdown message
WECOM_STREAM_LIMIT = 20480       # bytes in one stream frame's content

SECTION_GAP = "\n\n"             # between sections
BLOCK_GAP = "\n"                 # between the blocks of one section


@dataclass(frozen=True)
class Block:
    """A run of plain text rendered with one style (a citation's title line, its quote …)."""

    text: str
    style: Style = "plain"


Section = tuple[Block, ...]
Renderer = Callable[[Block], str]


def reply_sections(reply: Reply, *, choices_as_list: bool = True) -> list[Section]:
    """The reply as atomic sections, in `Reply.sections()` order; the choices list only if asked."""
    out: list[Section] = []
    if reply.reading:
        out.append((Block(reply.reading, "reading"),))
    if reply.text.strip():
        out.append((Block(reply.text),))
    for c in reply.citations:
        head = Block(f"[{c.n}] {c.title} {c.clause}".strip(), "title")
        out.append((head, Block(c.quote, "quote")) if c.quote.strip() else (head,))
    if choices_as_list and reply.choices:
        out.append((Block("\n".join(f"{i}. {c.label}" for i, c in enumerate(reply.choices, 1))),))
    return out


# ---- measures ---------------------------------------------------------------------------------------

def chars(s: str) -> int:
    return len(s)


def utf8_bytes(s: str) -> int:
    return len(s.encode("utf-8"))


def utf16_units(s: str) -> int:
    """Telegram counts message length in UTF-16 code units (an emoji outside the BMP counts 2)."""
    return len(s.encode("utf-16-le")) // 2


def json_bytes(s: str) -> int:
    """UTF-8 bytes of the string as it travels inside a JSON frame (quotes and newlines escaped).

    Never less than `utf8_bytes`, so a content within this measure is within the cap whether the
    platform counts the raw content or its JSON form.
    """
    return len(json.dumps(s, ensure_ascii=False).encode("utf-8")) - 2


# ---- escaping ---------------------------------------------------------------------------------------

def escape_html(text: str) -> str:
    """Text safe for Telegram's HTML parse mode: `&`, `<`, `>` become entities; nothing else is markup."""
    return html.escape(text, quote=False)


# Characters WeCom's markdown (a CommonMark subset plus <font>/<@user> tags) would read as markup.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#~|])")


def escape_markdown(text: str) -> str:
    """Text safe for WeCom markdown: CommonMark backslash escapes before every markup character."""
    return _MD_SPECIAL.sub(r"\\\1", text)


# ---- renderers --------------------------------------------------------------------------------------

def telegram_html(block: Block) -> str:
    """One block in Telegram HTML: the reading in italics, a citation's title bold, its quote quoted."""
    body = escape_html(block.text)
    if block.style == "reading":
        return f"<i>{body}</i>"
    if block.style == "title":
        return f"<b>{body}</b>"
    if block.style == "quote":
        return f"<blockquote>{body}</blockquote>"
    return body


def wecom_markdown(block: Block) -> str:
    """One block in WeCom markdown: bold reading and titles, `>`-quoted quotes."""
    body = escape_markdown(block.text)
    if block.style in ("reading", "title"):
        # Bold never spans a line break in CommonMark, so each line is bolded on its own.
        return "\n".join(f"**{line}**" if line.strip() else line for line in body.split("\n"))
    if block.style == "quote":
        return "\n".join(f"> {line}" if line.strip() else ">" for line in body.split("\n"))
    return body


def render_section(section: Section, render: Renderer) -> str:
    return BLOCK_GAP.join(render(b) for b in section)


# ---- splitting --------------------------------------------------------------------------------------

# A unit ends after a line break, or after a run of sentence-ending punctuation (and closing quotes).
_UNIT = re.compile(r"[^\n]*?(?:[。！？；!?;…]+[」』”’）)]*|\n)|[^\n]+$")


def _units(text: str) -> list[str]:
    """Lines, then sentences within a line: the places a too-long block may be broken."""
    units = [m.group(0) for m in _UNIT.finditer(text) if m.group(0)]
    # the regex can leave nothing only for an empty text
    return units or [text]


def _hard_cut(text: str, style: Style, render: Renderer, limit: int, measure: Measure) -> Iterator[str]:
    """A unit with no break that fits: the longest prefixes whose rendering fits, found by bisection."""
    while text:
        lo, hi = 1, len(text)
        if measure(render(Block(text[:1], style))) > limit:
            raise ValueError(f"limit {limit} cannot hold even one character rendered")
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if measure(render(Block(text[:mid], style))) <= limit:
                lo = mid
            else:
                hi = mid - 1
        yield text[:lo]
        text = text[lo:]


def block_pieces(block: Block, render: Renderer, limit: int, measure: Measure) -> list[Block]:
    """A block cut between lines or sentences (characters only as a last resort) so each piece fits."""
    if measure(render(block)) <= limit:
        return [block]
    pieces: list[str] = []
    cur = ""
    for unit in _units(block.text):
        if measure(render(Block((cur + unit).rstrip("\n"), block.style))) <= limit:
            cur += unit
            continue
        if cur:
            pieces.append(cur)
            cur = ""
        if measure(render(Block(unit.rstrip("\n"), block.style))) <= limit:
            cur = unit
        else:
            pieces.extend(_hard_cut(unit.rstrip("\n"), block.style, render, limit, measure))
    if cur:
        pieces.append(cur)
    return [Block(p.rstrip("\n"), block.style) for p in pieces if p.strip()]


def split_sections(sections: list[Section], render: Renderer, limit: int, measure: Measure) -> list[str]:
    """Pack rendered sections into messages within `limit`, breaking between sections only.

    A section that alone exceeds the limit is broken between its blocks, and a block that alone
    exceeds it between its lines or sentences; every piece carries its own complete markup.
    """
    pages: list[str] = []
    cur = ""

    def add(text: str, gap: str) -> None:
        nonlocal cur
        joined = f"{cur}{gap}{text}" if cur else text
        if measure(joined) <= limit:
            cur = joined
        else:
            if cur:
                pages.append(cur)
            cur = text

    for section in sections:
        whole = render_section(section, render)
        if not whole.strip():
            continue
        if measure(whole) <= limit:
            add(whole, SECTION_GAP)
            continue
        gap = SECTION_GAP
        for block in section:
            for piece in block_pieces(block, render, limit, measure):
                add(render(piece), gap)
                gap = BLOCK_GAP
    if cur:
        pages.append(cur)
    return pages


# ---- per platform -----------------------------------------------------------------------------------

def telegram_messages(reply: Reply, limit: int = TELEGRAM_LIMIT, *, choices_as_list: bool = False) -> list[str]:
    """A reply as Telegram HTML messages; choices go on an inline keyboard, so no list by default."""
    return split_sections(reply_sections(reply, choices_as_list=choices_as_list), telegram_html, limit, utf16_units)


def wecom_pages(replies: list[Reply], limit: int = WECOM_STREAM_LIMIT) -> list[str]:
    """Replies (one turn's) as WeCom markdown pages within `limit` bytes, choices as a numbered list."""
    sections = [s for r in replies for s in reply_sections(r, choices_as_list=True)]
    return split_sections(sections, wecom_markdown, limit, json_bytes)


__all__ = [
    "TELEGRAM_LIMIT", "WECOM_MESSAGE_LIMIT", "WECOM_STREAM_LIMIT",
    "Block", "Section", "block_pieces", "chars", "escape_html", "escape_markdown", "json_bytes",
    "render_section", "reply_sections", "split_sections", "telegram_html", "telegram_messages",
    "utf8_bytes", "utf16_units", "wecom_markdown", "wecom_pages",
]
