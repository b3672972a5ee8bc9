"""Normaliser: the irregularities of real collected documents, undone without hand-editing them.

Two texts come out of it: the *original* (what we quote, verbatim but for artefacts that are not
part of the document: pinyin glosses and web-page chrome) and the *matching* form (simplified
characters, folded punctuation) that tokenisers and embedders see.
"""
from __future__ import annotations

import re
from functools import lru_cache

import opencc

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
# A web copy glosses characters as 學(xué): a lower-case pinyin syllable in parentheses straight
# after a CJK character. Digits or CJK inside parentheses are real text ("(一)", "(20分)").
_GLOSS = re.compile(
    rf"(?<=[\u3400-\u9fff])\((?=[a-z{_TONED}]*[aeiouv{_TONED}])[a-z{_TONED}]{{1,6}}\)"
    # A character garbled in the web copy ("閷W(xué)", "?(yōu)") keeps its gloss: strip it
    # there too, but only when a tone mark proves it is pinyin.
    rf"|(?<=[^\s(（])\((?=[a-z{_TONED}]*[{_TONED}])[a-z{_TONED}]{{1,6}}\)"
    # A gloss whose "(" was lost with a garbled character: "日?;顒?dòng)開展", "成績?yōu)閷W會".
    # Only the "?" of a lost character and a toned syllable closed by ")" make it debris.
    rf"|\?(?=[a-z{_TONED}]*[{_TONED}])[a-z{_TONED}]{{1,6}}\)"
    rf"|(?<=[\u3400-\u9fff])(?=[a-z{_TONED}]*[{_TONED}])[a-z{_TONED}]{{1,6}}\)"
)

# Site chrome that follows a document copied from a web page. Everything from the first such
# line on is dropped, but only in the last part of a file, so a body line cannot trigger it.
_FOOTER = re.compile(r"^\s*(上一篇|下一篇|原文链接|原文鏈接|免责声明|免責聲明|相关阅读|相關閱讀|分享到)\s*[:：]?")
_FOOTER_ZONE = 0.6


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def strip_glosses(text: str) -> str:
    """Remove pinyin glosses such as the `(xué)` of `學(xué)`."""
    return _GLOSS.sub("", text)


def drop_footer(text: str) -> str:
    """Cut a web page's footer (上一篇/下一篇/免责声明 and the unrelated links after it)."""
    offset = 0
    for line in text.split("\n"):
        if offset >= len(text) * _FOOTER_ZONE and _FOOTER.match(line):
            return text[:offset].rstrip() + "\n"
        offset += len(line) + 1
    return text


# A character the web copy lost to "?" ("日?;顒開展"): an ASCII question mark glued between a Chinese
# character and more text of the same sentence is not a question mark. It is shown as □, the usual
# mark for an unreadable character, so that it neither reads as a question nor ends a sentence.
_LOST = re.compile(r"(?<=[\u3400-\u9fff])\?(?=[\u3400-\u9fff;,，；、])")
LOST_MARK = "□"


def mark_lost_characters(text: str) -> str:
    """"日?;顒開展" → "日□;顒開展"."""
    return _LOST.sub(LOST_MARK, text)


def clean_original(text: str) -> str:
    """The quotable text: glosses, lost-character marks and footer cleaned, nothing else touched."""
    text = text.replace("\ufeff", "").replace("\u3000", " ")
    return drop_footer(mark_lost_characters(strip_glosses(text)))


def to_simplified(text: str) -> str:
    """Traditional → simplified, for matching only."""
    return _t2s().convert(text)


_FOLD = str.maketrans({"(": "（", ")": "）", ",": "，", ":": "：", ";": "；", "?": "？", "﹝": "〔", "﹞": "〕"})


def for_matching(text: str) -> str:
    """The form tokenisers and embedders see: simplified, fullwidth punctuation, one space."""
    text = to_simplified(text).translate(_FOLD)
    text = re.sub(r"(?<=[\u4e00-\u9fff])[ \t]+(?=[\u4e00-\u9fff])", "", text)
    return re.sub(r"[ \t]+", " ", text).strip()


def compact(text: str) -> str:
    """Whitespace removed: how a reader compares a quote with its source."""
    return re.sub(r"\s+", "", text)
