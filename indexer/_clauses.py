"""Clause parser: the numbering of Chinese official documents → a clause tree.

Nesting is decided by what the document itself does, not by a fixed hierarchy: a marker style
already open on the stack closes everything below it (a sibling); a style not yet open starts a
deeper level. A new level must start at 1 and a sibling must continue its sequence, so running
text that merely begins with a number ("2020、2021连续两年…") is not taken for a clause.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ._tables import Block, Table

_CN = "零一二三四五六七八九十"
TABLE_AT = "\x00table:"  # marks where a table stood among a clause's lines


def cn_to_int(s: str) -> int:
    """一 → 1, 十二 → 12, 二十 → 20 (enough for clause numbers)."""
    if s.isdigit():
        return int(s)
    if s == "十":
        return 10
    if s.startswith("十"):
        return 10 + _CN.index(s[1])
    if "十" in s:
        a, _, b = s.partition("十")
        return _CN.index(a) * 10 + (_CN.index(b) if b else 0)
    return _CN.index(s)


def int_to_cn(n: int) -> str:
    if n <= 10:
        return _CN[n] if n < 10 else "十"
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN[tens]) + "十" + (_CN[ones] if ones else "")


_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_N = r"[一二三四五六七八九十]{1,3}"

# style → (pattern at line start, display template). Order matters: longer forms first.
STYLES: dict[str, tuple[re.Pattern[str], str]] = {
    "article": (re.compile(rf"^第({_N})条"), "第{cn}条"),
    "cn": (re.compile(rf"^({_N})、"), "{cn}、"),
    "pcn": (re.compile(rf"^[（(]({_N})[）)]"), "（{cn}）"),
    "pnum": (re.compile(r"^[（(](\d{1,2})[）)]"), "（{n}）"),
    "dot": (re.compile(r"^(\d{1,2})[.．](?!\d)"), "{n}."),
    "dun": (re.compile(r"^(\d{1,2})、"), "{n}、"),
    "rnum": (re.compile(r"^(\d{1,2})[）)]"), "{n}）"),
    "circ": (re.compile(rf"^([{_CIRCLED}])"), "{circ}"),
}
# A heading cell that lost its dot in export ("6服务广大会员"): accepted only where the
# sequence of an open dotted level expects exactly that number.
_BARE = re.compile(r"^(\d{1,2})(?=[\u4e00-\u9fff][^，。；：,;:]{1,14}$)")
_ATTACHMENT = re.compile(r"^\s*附\s*件\s*(\d+)\s*$")
_ATTACHMENT_LIST = re.compile(r"^\s*附\s*件\s*[:：]")
_HEADING_END = re.compile(r"[。：:；;]")


def label(style: str, n: int) -> str:
    """How a reader writes the marker: 三、 （一） 1. 1、 （1） 1） ①."""
    return STYLES[style][1].format(cn=int_to_cn(n), n=n, circ=_CIRCLED[n - 1] if n <= 20 else str(n))


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

    def walk(self):
        yield self
        for c in self.children:
            yield from c.walk()


def match_marker(line: str) -> tuple[str, int, str] | None:
    """(style, number, rest of line) when `line` starts with a clause marker."""
    s = line.strip()
    for style, (pat, _) in STYLES.items():
        m = pat.match(s)
        if m:
            raw = m.group(1)
            n = _CIRCLED.index(raw) + 1 if style == "circ" else cn_to_int(raw)
            return style, n, s[m.end() :].strip()
    return None


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
        m = _ATTACHMENT.match(line)
        if m:
            self.prefix = f"附件{m.group(1)}"
            self._part("attachment", self.prefix, "")
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
