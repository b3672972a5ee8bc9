"""Clause parser: the numbering of Chinese official documents → a clause tree.

Nesting is decided by what the document itself does, not by a fixed hierarchy: a marker style
already open on the stack closes everything below it (a sibling); a style not yet open starts a
deeper level. A new level must start at 1 and a sibling must continue its sequence, so running
text that merely begins with a number ("2020、2021连续两年…") is not taken for a clause.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from ._numbering import attachment_number, label, match_marker
from ._numbering import cn_to_int as cn_to_int  # re-exported: indexer.cn_to_int
from ._tables import Block, Table

TABLE_AT = "\x00table:"  # marks where a table stood among a clause's lines

# A heading cell that lost its dot in export ("6服务广大会员"): accepted only where the
# sequence of an open dotted level expects exactly that number.
_BARE = re.compile(r"^(\d{1,2})(?=[\u4e00-\u9fff][^，。；：,;:]{1,14}$)")
_ATTACHMENT_LIST = re.compile(r"^\s*附\s*件\s*[:：]")
_HEADING_END = re.compile(r"[。：:；;]")


@dataclass
class Clause:
    """One numbered clause (or a part: 前言, 附件N) with its own lines, tables and children."""

    style: str
    number: int
    label: str
    path: str
    heading: str = ""
    lines: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    children: list[Clause] = field(default_factory=list)
    trail: list[str] = field(default_factory=list)

    def own_text(self) -> str:
        return "\n".join(ln for ln in self.lines if not ln.startswith(TABLE_AT))

    def own_segments(self) -> list[str]:
        """The clause's own text as the runs that stand contiguous in the document (tables cut them)."""
        runs: list[list[str]] = [[]]
        for ln in self.lines:
            if ln.startswith(TABLE_AT):
                runs.append([])
            else:
                runs[-1].append(ln)
        return ["\n".join(r) for r in runs if r]

    def full_text(self, tables: bool = False) -> str:
        """The subtree's text; with `tables`, each table's rows rendered where the table stood."""
        own = []
        for ln in self.lines:
            if ln.startswith(TABLE_AT):
                if tables:
                    own.append(self.tables[int(ln[len(TABLE_AT) :])].render())
            else:
                own.append(ln)
        parts = ["\n".join(own)] + [c.full_text(tables) for c in self.children]
        return "\n".join(p for p in parts if p)

    def table_rows(self) -> Iterator[tuple[Table, list[str], Clause]]:
        """Each data-table row of the clause with its addressable part: a `row` clause whose path
        is "<clause> <table title> <row name>" and whose text is the row's passage."""
        base = self.path if self.style != "preamble" else ""
        for t in self.tables:
            cols = t.name_columns()
            for i, r in enumerate(t.rows, 1):
                if not t.filled_fields(r):
                    continue
                name = t.row_name(r, cols)
                path = " ".join(p for p in (base, t.title, name) if p)
                part = Clause(style="row", number=i, label=name, path=path, heading=name,
                              lines=[t.row_text(r, t.verbatim[i - 1] if i <= len(t.verbatim) else "")],
                              trail=self.trail + [t.title])
                yield t, r, part

    def walk(self) -> Iterator[Clause]:
        """Every addressable part of the subtree: this clause, its table rows, its children's."""
        yield self
        for _, _, row in self.table_rows():
            yield row
        for c in self.children:
            yield from c.walk()


def _heading_of(rest: str) -> str:
    """The short title after a marker: "择优资助。市科协…" → 择优资助."""
    m = _HEADING_END.search(rest)
    head = rest[: m.start()] if m else rest
    return head.strip() if 0 < len(head.strip()) <= 20 else ""


class _Builder:
    def __init__(self) -> None:
        self.roots: list[Clause] = []
        self.stack: list[Clause] = []
        self.prefix = ""
        self._part("preamble", "（前言）", "")

    def _part(self, style: str, path: str, heading: str) -> None:
        part = Clause(style=style, number=0, label=path, path=path, heading=heading)
        part.trail = [heading] if heading else []
        self.roots.append(part)
        self.stack = [part]

    def _open_styles(self) -> dict[str, int]:
        return {c.style: i for i, c in enumerate(self.stack)}

    def feed_line(self, line: str) -> None:
        if not line.strip():
            return
        att = attachment_number(line)
        if att is not None:
            self.prefix = f"附件{att}"
            self._part("attachment", self.prefix, "")
            # The label line stays in the part's text, as printed: "附件3 项目编号：…".
            self.stack[-1].lines.append(line.strip())
            return
        if _ATTACHMENT_LIST.match(line):
            self._part("attachment-list", (self.prefix + " " if self.prefix else "") + "附件", "附件")
            self.stack[-1].lines.append(line.strip())
            return
        marker = self._accept(line)
        if marker is None:
            top = self.stack[-1]
            if (
                top.style == "attachment"
                and not top.heading
                and len(line.strip()) <= 40
                and not line.strip().endswith(("：", ":"))
            ):
                top.heading = line.strip()
                top.trail = [top.heading]
            top.lines.append(line.strip())
            return
        style, n, rest, level = marker
        del self.stack[level:]
        parent = self.stack[-1]
        lab = label(style, n)
        base = parent.path if parent.style not in ("preamble", "attachment-list") else ""
        if parent.style == "attachment":
            base = parent.path + " "
        clause = Clause(style=style, number=n, label=lab, path=base + lab, heading=_heading_of(rest))
        inherited = [] if parent.style == "preamble" else parent.trail
        clause.trail = inherited + ([clause.heading] if clause.heading else [])
        clause.lines.append(line.strip())
        parent.children.append(clause)
        self.stack.append(clause)

    def _accept(self, line: str) -> tuple[str, int, str, int] | None:
        """(style, number, rest, stack level) if the line opens a clause here."""
        open_ = self._open_styles()
        found = match_marker(line)
        if found is None:
            bare = _BARE.match(line.strip())
            if not bare:
                return None
            n = int(bare.group(1))
            for style in ("dot", "dun"):
                if style in open_ and self.stack[open_[style]].number + 1 == n:
                    return style, n, line.strip()[bare.end() :], open_[style]
            return None
        style, n, rest = found
        if style in open_:
            prev = self.stack[open_[style]].number
            if n == prev + 1 or n == 1:
                return style, n, rest, open_[style]
            return None
        if n != 1:
            return None
        return style, n, rest, len(self.stack)

    def feed_table(self, table: Table) -> None:
        top = self.stack[-1]
        top.lines.append(f"{TABLE_AT}{len(top.tables)}")
        top.tables.append(table)


def parse(blocks: list[Block]) -> list[Clause]:
    """Blocks of one document → its top-level parts, each a clause tree."""
    b = _Builder()
    for block in blocks:
        if isinstance(block, Table):
            b.feed_table(block)
        else:
            b.feed_line(block)
    return [r for r in b.roots if r.lines or r.children or r.tables]
