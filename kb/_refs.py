"""Clause references as readers write them ("三、（一）1．（2）", "附件1 二、2、", "（四）") → tokens.

Two spellings of one clause compare equal: ASCII or fullwidth brackets, 1. / 1． alike.
"""
from __future__ import annotations

import re

from indexer import cn_to_int, for_matching

_CN = "一二三四五六七八九十"
_CIRC = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_TOKEN = re.compile(
    rf"附件\s*(?P<att>\d+)"
    rf"|第(?P<art>[{_CN}]{{1,3}})条"
    rf"|(?P<cn>[{_CN}]{{1,3}})、"
    rf"|（(?P<pcn>[{_CN}]{{1,3}})）"
    rf"|（(?P<pnum>\d{{1,2}})）"
    rf"|(?P<dot>\d{{1,2}})[.．](?!\d)"
    rf"|(?P<dun>\d{{1,2}})、"
    rf"|(?P<rnum>\d{{1,2}})）"
    rf"|(?P<circ>[{_CIRC}])"
    rf"|(?P<bare>\d{{1,2}})(?=\s|$)"
)




def ref_tokens(ref: str) -> list[tuple[str, int]] | None:
    """("cn", 3), ("pcn", 1), … for a path; None when the text is not a clause path."""
    s = for_matching(ref).replace("（前言）", "").strip()
    out: list[tuple[str, int]] = []
    pos = 0
    while pos < len(s):
        if s[pos].isspace():
            pos += 1
            continue
        m = _TOKEN.match(s, pos)
        if not m:
            return None
        kind = m.lastgroup or ""
        raw = m.group(kind)
        if kind in ("cn", "pcn", "art"):
            n = cn_to_int(raw)
        elif kind == "circ":
            n = _CIRC.index(raw) + 1
        else:
            n = int(raw)
        # "1" written without its dot matches either dotted style of the document.
        out.append(("num" if kind in ("dot", "dun", "bare") else kind, n))
        pos = m.end()
    return out or None


def same_clause(a: str, b: str) -> bool:
    ta, tb = ref_tokens(a), ref_tokens(b)
    return ta is not None and ta == tb
