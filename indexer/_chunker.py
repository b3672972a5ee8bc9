"""Chunker: clause trees → clause-aligned chunks.

A chunk is the largest clause subtree that fits `max_chars` (so short sibling items such as the
1）–4） of a 相关要求 stay together and an answer can quote them all); a clause too long for that
gives its own text in sentence-bounded windows and lets its children chunk themselves. Every data
table row is a chunk of its own, carrying its table's title and column headers.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ._clauses import Clause
from .errors import ConfigError

_SENTENCE = re.compile(r"(?<=[。；;！？!?])")


@dataclass(frozen=True)
class ChunkerSettings:
    """max_chars: the size a clause subtree may have and still be one chunk.

    400 measured best with 200 on the dev questions (bench/tune.py: cite@1 1.00; 300 and 600 →
    0.97); of the two, 400 keeps more whole clauses, so answers quote a clause entire.
    """

    max_chars: int = 400
    min_window_chars: int = 40

    def __post_init__(self) -> None:
        if not 80 <= self.max_chars <= 4000:
            raise ConfigError(f"max_chars 须在 80–4000 之间，收到 {self.max_chars}")
        if not 0 <= self.min_window_chars < self.max_chars:
            raise ConfigError(f"min_window_chars 须在 0–max_chars 之间，收到 {self.min_window_chars}")


@dataclass
class Chunk:
    """One retrievable passage, quotable as is."""

    doc: str
    clause: str
    headings: list[str]
    text: str
    kind: str  # clause | window | row | form
    order: int = 0
    fields: list[tuple[str, str]] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "doc": self.doc,
            "clause": self.clause,
            "headings": self.headings,
            "text": self.text,
            "kind": self.kind,
            "order": self.order,
            "fields": [list(f) for f in self.fields],
        }

    @classmethod
    def from_dict(cls, d: dict) -> Chunk:
        return cls(
            doc=d["doc"],
            clause=d["clause"],
            headings=list(d["headings"]),
            text=d["text"],
            kind=d["kind"],
            order=d.get("order", 0),
            fields=[tuple(f) for f in d.get("fields", [])],
        )


def _windows(text: str, limit: int, min_chars: int) -> list[str]:
    """Sentence-bounded windows of at most `limit` characters (a longer sentence stands alone)."""
    sentences = [s for s in _SENTENCE.split(text) if s.strip()]
    out: list[str] = []
    cur = ""
    for s in sentences:
        if cur and len(cur) + len(s) > limit:
            out.append(cur)
            cur = ""
        cur += s
    if cur:
        if out and len(cur.strip()) < min_chars and len(out[-1]) + len(cur) <= limit:
            out[-1] += cur
        else:
            out.append(cur)
    return [w.strip("\n") for w in out]


def table_chunks(doc: str, clause: Clause) -> list[Chunk]:
    """One chunk a data-table row: "标题｜列名：值；列名：值…", addressed like the row's part."""
    return [
        Chunk(doc=doc, clause=part.path, headings=part.trail, text=part.lines[0], kind="row",
              fields=table.filled_fields(row))
        for table, row, part in clause.table_rows()
    ]


def chunk_clauses(doc: str, roots: list[Clause], settings: ChunkerSettings) -> list[Chunk]:
    """All chunks of one document, in reading order."""
    chunks: list[Chunk] = []

    def emit(c: Clause) -> None:
        full = c.full_text()
        chunks.extend(table_chunks(doc, c))
        # A subtree is one chunk only when it stands contiguous in the document (no table inside),
        # and a whole part (前言, 附件N) never is: its clauses must be cited by their own numbers.
        part = c.style in ("preamble", "attachment", "attachment-list") and bool(c.children)
        if len(full) <= settings.max_chars and not part and not any(k.tables for k in c.walk()):
            if full.strip():
                chunks.append(Chunk(doc=doc, clause=c.path, headings=c.trail, text=full, kind="clause"))
            return
        own = c.own_text()
        # A heading line alone ("（2）相关要求") says nothing its children don't: no chunk of its own.
        if own.strip() and (not c.children or len(own) > len(c.lines[0]) or len(own) > 20):
            for seg in c.own_segments():
                wins = _windows(seg, settings.max_chars, settings.min_window_chars)
                kind = "clause" if len(wins) == 1 else "window"
                chunks.extend(Chunk(doc=doc, clause=c.path, headings=c.trail, text=w, kind=kind) for w in wins)
        for child in c.children:
            emit(child)

    for root in roots:
        emit(root)
    for i, ch in enumerate(chunks):
        ch.order = i
        if ch.kind == "clause" and is_form(ch.text):
            ch.kind = "form"
    return chunks


def is_form(text: str) -> bool:
    """A blank form (field labels to fill in): many short lines and not one real sentence."""
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    return len(lines) >= 5 and all(len(ln) <= 40 for ln in lines) and sum(len(ln) <= 12 for ln in lines) >= 0.6 * len(lines)
