"""Clause numbering: the one grammar for how Chinese official documents number their parts.

Every reader of clause numbers uses this module — the clause parser (lines of a document), the
table segmenter (cells that open a clause), the clause look-up (references users type or copy
from a printed page) and the question analyser (references and ordinals inside a question) — so
that they cannot disagree about what "三、（一）1．（2）" or "第十二条" means.

Public API (also exported from `indexer`):

    cn_to_int(s) -> int                 # 一 → 1, 十二 → 12, 九十九 → 99; raises NumeralError (a
                                        # ValueError with a Chinese message) for "一一", "二三", "十1"
    parse_numeral(s) -> int | None      # the same, None instead of an error
    int_to_cn(n) -> str                 # 12 → 十二
    ordinal_value(token) -> int | None  # "三", "十二", "3", "（三）", "(3)", "③", "第三" → int; None
                                        # when malformed (never a traceback, never a partial read)
    match_marker(line) -> (style, n, rest) | None   # a document line opening a clause
    label(style, n) -> str              # how the document writes that marker: 三、 （一） 1. …
    attachment_number(line) -> int | None   # a line that is only "附件1" / "附件一" / "附 件 2"
    starts_with_marker(text) -> bool    # a cell or line that opens a numbered item
    parse_ref(ref) -> Ref               # a reference as a reader types it → path tokens, the text
                                        # after them (a table title / row name) and any problem
    ref_tokens(ref) -> list[(kind, n)] | None   # a whole reference that is only a clause path
    ref_key(ref) -> tuple | None        # the comparison key of ref_tokens (tuple)
    same_clause(a, b) -> bool
    find_paths_in_text(text) -> list[str]   # clause references standing inside running text,
                                        # in order of appearance ("三（一）1．（2）", "附件1 二、1、")
    find_ordinals_in_text(text) -> list[int]   # "第三部分第（一）条" → [3, 1]; "第一一条", "第十1条",
                                        # "第二三条" are skipped (not numbers), never mis-read

Token kinds: att (附件N), art (第N条), cn (三、), pcn (（一）), pnum (（1）), num (1. / 1． / 1、 /
a bare 1), rnum (1）), circ (①). References are read tolerantly: 、 and dots may be left out,
brackets may be ASCII or fullwidth, spaces are ignored, 附件一 equals 附件1.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "CIRCLED",
    "NumeralError",
    "Ref",
    "STYLES",
    "attachment_number",
    "cn_to_int",
    "find_ordinals_in_text",
    "find_paths_in_text",
    "int_to_cn",
    "label",
    "match_marker",
    "ordinal_value",
    "parse_numeral",
    "parse_ref",
    "ref_key",
    "ref_tokens",
    "same_clause",
    "starts_with_marker",
]

_DIGITS = "一二三四五六七八九"
CN_CHARS = "一二三四五六七八九十"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
# The well-formed Chinese numerals 1–99: 三, 十, 十二, 二十, 二十三 (and the formal 一十二).
_NUMERAL = re.compile(rf"([{_DIGITS}]?)(十)([{_DIGITS}]?)|([{_DIGITS}])")


class NumeralError(ValueError):
    """A run of Chinese numeral characters that is not a number ("一一", "二三", "十十")."""


def parse_numeral(s: str) -> int | None:
    """一 → 1, 十二 → 12, 二十 → 20, "12" → 12; None for anything else ("一一", "二三", "十1", "0", "")."""
    s = s.strip()
    if s.isascii() and s.isdigit():
        return int(s) or None  # clauses are numbered from 1
    m = _NUMERAL.fullmatch(s)
    if not m:
        return None
    if m.group(4):
        return _DIGITS.index(m.group(4)) + 1
    tens = _DIGITS.index(m.group(1)) + 1 if m.group(1) else 1
    ones = _DIGITS.index(m.group(3)) + 1 if m.group(3) else 0
    return tens * 10 + ones


def cn_to_int(s: str) -> int:
    """Like `parse_numeral`, but a malformed numeral is a `NumeralError` naming it."""
    n = parse_numeral(s)
    if n is None:
        raise NumeralError(f"“{s}”不是有效的数字（中文数字应写作 一、十二、二十、九十九 等）")
    return n


def int_to_cn(n: int) -> str:
    """12 → 十二, 20 → 二十 (1–99); other numbers in Arabic digits."""
    if not 1 <= n <= 99:
        return str(n)
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _DIGITS[ones - 1]
    return ("" if tens == 1 else _DIGITS[tens - 1]) + "十" + (_DIGITS[ones - 1] if ones else "")


def ordinal_value(token: str) -> int | None:
    """The number an ordinal token stands for: "三", "十二", "3", "（三）", "(3)", "③", "第三", "三、"."""
    s = token.strip()
    if s.startswith("第"):
        s = s[1:].strip()
    s = s.rstrip("、.．")
    if len(s) >= 2 and s[0] in "(（" and s[-1] in ")）":
        s = s[1:-1].strip()
    if len(s) == 1 and s in CIRCLED:
        return CIRCLED.index(s) + 1
    return parse_numeral(s)


# -- markers at the start of a document line -------------------------------------------------

_N = rf"[{CN_CHARS}]{{1,3}}"
# style → (pattern at line start, display template). Order matters: longer forms first.
STYLES: dict[str, tuple[re.Pattern[str], str]] = {
    "article": (re.compile(rf"^第({_N})条"), "第{cn}条"),
    "cn": (re.compile(rf"^({_N})、"), "{cn}、"),
    "pcn": (re.compile(rf"^[（(]({_N})[）)]"), "（{cn}）"),
    "pnum": (re.compile(r"^[（(](\d{1,2})[）)]"), "（{n}）"),
    "dot": (re.compile(r"^(\d{1,2})[.．](?!\d)"), "{n}."),
    "dun": (re.compile(r"^(\d{1,2})、"), "{n}、"),
    "rnum": (re.compile(r"^(\d{1,2})[）)]"), "{n}）"),
    "circ": (re.compile(rf"^([{CIRCLED}])"), "{circ}"),
}
_ATTACHMENT_LINE = re.compile(rf"^\s*附\s*件\s*(\d{{1,2}}|[{CN_CHARS}]{{1,3}})\s*$")


def label(style: str, n: int) -> str:
    """How a reader writes the marker: 三、 （一） 1. 1、 （1） 1） ①."""
    return STYLES[style][1].format(cn=int_to_cn(n), n=n, circ=CIRCLED[n - 1] if 1 <= n <= 20 else str(n))


def match_marker(line: str) -> tuple[str, int, str] | None:
    """(style, number, rest of line) when `line` starts with a well-formed clause marker."""
    s = line.strip()
    for style, (pat, _) in STYLES.items():
        m = pat.match(s)
        if m:
            raw = m.group(1)
            n = CIRCLED.index(raw) + 1 if style == "circ" else parse_numeral(raw)
            if n is None:
                return None  # "一一、" is not a clause number
            return style, n, s[m.end() :].strip()
    return None


def starts_with_marker(text: str) -> bool:
    """A cell or line that opens a numbered item: 三、 （一） （1） 1. 1、 (not 1） or ①)."""
    found = match_marker(text)
    return found is not None and found[0] in ("article", "cn", "pcn", "pnum", "dot", "dun")


def attachment_number(line: str) -> int | None:
    """A line that is only an attachment's label ("附件1", "附件一", "附 件 2") → its number."""
    m = _ATTACHMENT_LINE.match(line)
    return parse_numeral(m.group(1)) if m else None


# -- references as readers type them ----------------------------------------------------------

_CNR = rf"[{CN_CHARS}]+"
_OPEN, _CLOSE = r"[（(]\s*", r"\s*[）)]"
# A bare number (no 、 or dot) counts only where a bracket, a separator or the end follows it, so
# "2022年度…" or "一流学会" after a path is read as text, not as clause numbers.
_AFTER = r"(?=[\s（(、.．·…]|$)"
_REF_TOKEN = re.compile(
    rf"附\s*件\s*(?P<att>\d{{1,2}}(?!\d)|{_CNR})"
    rf"|第\s*(?P<art>{_CNR}|\d{{1,2}})\s*条"
    rf"|{_OPEN}(?P<pcn>{_CNR}){_CLOSE}"
    rf"|{_OPEN}(?P<pnum>\d{{1,2}}){_CLOSE}"
    rf"|(?P<rnum>\d{{1,2}})\s*[）)]"
    rf"|(?P<cn>{_CNR})(?:\s*[、.．]|{_AFTER})"
    rf"|(?P<num>\d{{1,2}})(?:\s*[、.．](?!\d)|{_AFTER})"
    rf"|(?P<circ>[{CIRCLED}])"
)
_SEPARATORS = " \t\u3000、.．·"
# Chinese and Arabic digits run together ("十1", "2三") where a number was meant.
_MIXED = re.compile(rf"(?:第\s*)?(?P<n>(?:[{CN_CHARS}]+\d+|\d+[{CN_CHARS}]+)[{CN_CHARS}\d]*)(?=[\s（(）)、.．条]|$)")


@dataclass(frozen=True)
class Ref:
    """A reference read: the clause path's tokens, the text after them, and what could not be read.

    `rest` is what follows the path: a table's title and a row's name ("二、（一） 品牌学术交流"),
    or the whole reference when it starts with no number ("射阳县科协"). `problem` (Chinese) says
    why a number in it is not one ("一一" is not a numeral); tokens then stop before it."""

    tokens: tuple[tuple[str, int], ...]
    rest: str = ""
    problem: str = ""

    @property
    def is_path(self) -> bool:
        """The whole reference is a clause path (nothing after it, nothing unreadable)."""
        return bool(self.tokens) and not self.rest and not self.problem


def _fold(text: str) -> str:
    """Bracket width and the 前言 part marker do not matter in a reference."""
    return text.replace("（前言）", " ").replace("(前言)", " ").strip()


def parse_ref(ref: str) -> Ref:
    """Read a clause reference: "三、（一）1．（2）", "三(一)1(2)", "附件一 二、1、", "三.(一).4.(2)",
    "二、（一） 2022年度“提升计划”项目设置 发展助力专项" (path + table title + row name)."""
    s = _fold(ref)
    tokens: list[tuple[str, int]] = []
    pos = 0
    while pos < len(s):
        if s[pos] in _SEPARATORS:
            pos += 1
            continue
        m = _REF_TOKEN.match(s, pos)
        if not m:
            mixed = _MIXED.match(s, pos)
            if mixed:
                problem = f"“{mixed.group('n')}”不是有效的数字（中文数字与阿拉伯数字不能混写）"
                return Ref(tuple(tokens), s[pos:].strip(), problem)
            break
        kind = m.lastgroup or ""
        raw = m.group(kind)
        n = CIRCLED.index(raw) + 1 if kind == "circ" else parse_numeral(raw)
        if n is None:
            problem = f"“{raw}”不是有效的数字（编号从 1 起，中文数字应写作 一、十二、二十 等）"
            return Ref(tuple(tokens), s[pos:].strip(), problem)
        tokens.append(("art" if kind == "art" else kind, n))
        pos = m.end()
    return Ref(tuple(tokens), s[pos:].strip(_SEPARATORS))


def ref_tokens(ref: str) -> list[tuple[str, int]] | None:
    """("cn", 3), ("pcn", 1), … when the whole text is a clause path; None otherwise."""
    r = parse_ref(ref)
    return list(r.tokens) if r.is_path else None


def ref_key(ref: str) -> tuple[tuple[str, int], ...] | None:
    toks = ref_tokens(ref)
    return tuple(toks) if toks else None


def same_clause(a: str, b: str) -> bool:
    ka = ref_key(a)
    return ka is not None and ka == ref_key(b)


# -- references inside running text -----------------------------------------------------------

# Inside a sentence only explicitly marked numbers count (三、 （一） 1． 1、 1） ① 附件1); a bare
# number is a number only right before a bracketed one ("三（一）", "1（2）").
_TEXT_TOKEN = (
    rf"附\s*件\s*(?:\d{{1,2}}|[{CN_CHARS}]{{1,3}})(?![\d{CN_CHARS}])\s*"
    rf"|[{CN_CHARS}]{{1,3}}(?:、|(?=[（(]\s*[{CN_CHARS}\d]))"
    rf"|[（(]\s*[{CN_CHARS}]{{1,3}}\s*[）)]"
    rf"|[（(]\s*\d{{1,2}}\s*[）)]"
    rf"|\d{{1,2}}(?:[.．、）)](?!\d)|(?=[（(]\s*\d))"
    rf"|[{CIRCLED}]"
)
_PATH_IN_TEXT = re.compile(rf"(?<![\d{CN_CHARS}])(?:{_TEXT_TOKEN})+")


def find_paths_in_text(text: str) -> list[str]:
    """Clause references standing in running text, in order: "按三（一）1．（2）的要求" →
    ["三（一）1．（2）"]. Only candidates that read as a clause path are returned ("一一、" is not)."""
    out = []
    for m in _PATH_IN_TEXT.finditer(text):
        cand = m.group(0).strip()
        if ref_tokens(cand):
            out.append(cand)
    return out


# "第三部分", "第（四）条", "第2项": an ordinal position a question names. The run of digits is taken
# whole, so "第二三条" is one malformed number, not 第二.
_ORDINAL_IN_TEXT = re.compile(
    rf"第\s*[（(]?\s*([{CN_CHARS}\d]+)\s*[）)]?\s*(?:条|项|点|款|部分|章|节)"
)


def find_ordinals_in_text(text: str) -> list[int]:
    """Ordinal positions named in running text, in order: "第三部分第（一）条" → [3, 1].
    A malformed one ("第一一条", "第十1条") is left out, never read as a wrong number."""
    return [n for m in _ORDINAL_IN_TEXT.finditer(text) if (n := parse_numeral(m.group(1))) is not None]
