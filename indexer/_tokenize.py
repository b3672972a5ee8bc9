"""Tokeniser: jieba in search mode with a domain dictionary, stop words dropped.

The dictionary is jieba's own, a short hand list of general terms of the field (dict/domain.txt)
and the terms the indexed documents bring themselves (`corpus_terms`: the names they quote, their
short headings, their table header cells), so a new document brings its own words. A document's
chunks are cut with its own terms; a question with every indexed document's terms (the kb derives
them from the stored chunks with `indexer.document_terms`, the same function the build used).

Search mode emits the parts of long words as well ("一流学会建设" → 一流 / 学会 / 建设 /
一流学会建设), so a question that names a shorter form still meets the passage.
"""
from __future__ import annotations

import logging
import re
from collections import ChainMap
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from ._normalise import for_matching

_DICT = Path(__file__).resolve().parent / "dict" / "domain.txt"
_STOP = set(
    "的 了 是 在 和 与 及 或 等 要 得 吗 呢 吧 啊 么 什么 多少 哪些 哪个 哪 怎么 怎样 如何 为什么 能 能不能 可以 可不可以 "
    "有没有 有 没有 一个 几 个 啥 谁 请问 我们 我 你 他 她 它 这 那 这个 那个 就 都 也 还 会 被 把 对 从 按 给 让 "
    "里 上 下 中 里面 之 其 该 各 每 以 为 于 由 并 且 而 则 所 如 若 时 "
    "一下 一共 加起来 总共 到底 具体 需要 必须 应该 应 须 关于 讲 说 写 内容 条 第 "
    "时候 啥时候 什么样 如果 才能 最少 最多 不能 想 要不要 能不能 还能 是不是 怎么办 一般 大概 呀 哦".split()
)
# "几家 / 几分 / 多少个": interrogatives built on 几/多少 ask, they are not what is asked about.
_ASKING = re.compile(r"^(几|多少)")
_PUNCT = re.compile(r"^[\W_]+$")

# -- the terms a document brings --------------------------------------------------------------------
# A name the document quotes: “一流学会建设”, 《科创江苏》, 「…」.
_QUOTED = re.compile(r"[“\"「『《]([^”\"」』》\n]{1,40})[”\"」』》]")
# A clause or item label in front of a heading or cell ("三、", "（一）", "4．", "(2)", "1）", "第三条").
_LABEL = re.compile(r"^\s*(?:第[一二三四五六七八九十百\d]+[条章节部分]|[（(]?[一二三四五六七八九十\d]{1,3}[）)、．.]|附件\s*[\d一二三四五六七八九十]*)\s*")
# Where a heading or cell lists several names ("项目类别、资格条件").
_LIST_SEP = re.compile(r"[、/／\s]+")
# A heading or cell with sentence punctuation is prose, not a name.
_SENTENCE = re.compile(r"[，。；：！？,;:!?]")
# A term is a short run of Chinese characters: no digits (a year, a figure, a quota), no punctuation
# (a sentence), at least three characters (two-character words are jieba's own business: adding
# every two-character cell would re-cut ordinary prose) and at most ten (a longer run is a phrase).
_TERM = re.compile(r"^[\u4e00-\u9fff]{3,10}$")
TERM_FREQ = 40  # the weight of a brought term: wins over its parts without outweighing common words


def _clean(name: str) -> list[str]:
    """The parts of a heading, cell or quoted name that pass as terms, in matching form."""
    name = for_matching(name).lower().strip()
    while (stripped := _LABEL.sub("", name, count=1)) != name:
        name = stripped
    if _SENTENCE.search(name):
        return []
    parts = [name, *_LIST_SEP.split(name)] if _LIST_SEP.search(name) else [name]
    return [p for p in parts if _TERM.match(p)]


def corpus_terms(texts: Iterable[str], names: Iterable[str] = ()) -> list[str]:
    """The dictionary terms documents bring: the names quoted in `texts` and the `names` (short
    headings, table header and row cells) that pass as terms, sorted and without repeats."""
    out: set[str] = set()
    for text in texts:
        for m in _QUOTED.finditer(text):
            out.update(_clean(m.group(1)))
    for name in names:
        out.update(_clean(name))
    return sorted(out)


# -- tokenisers -------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _base() -> Any:
    """jieba's dictionary and the hand list, loaded once; never changed after."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    t = jieba.Tokenizer()
    t.initialize()
    if _DICT.exists():
        t.load_userdict(str(_DICT))
    return t


@lru_cache(maxsize=4)
def _with_terms(terms: tuple[str, ...]) -> Any:
    """A tokeniser for one set of brought terms: the base overlaid with them (the base is
    shared by threads and never mutated), each at TERM_FREQ unless jieba weighs it higher."""
    import jieba

    base = _base()
    if not terms:
        return base
    t = jieba.Tokenizer()
    # The added words over the base's table, which is only read: a copy of its ~500k entries cost
    # ~30 MB of peak memory per tokeniser; the overlay costs ~0.1 ms more per question.
    t.FREQ, t.total, t.initialized = ChainMap({}, base.FREQ), base.total, True
    t.user_word_tag_tab = dict(base.user_word_tag_tab)
    for w in terms:
        if t.FREQ.get(w, 0) < TERM_FREQ:
            t.add_word(w, TERM_FREQ)
    return t


def _tokenizer(terms: Sequence[str]) -> Any:
    return _with_terms(tuple(sorted(set(terms))))


def segment(text: str, terms: Sequence[str] = ()) -> list[str]:
    """The words of `text` in matching form, one segmentation without overlaps and nothing
    dropped: word boundaries for whole-word matching ("交" is not a word of "交流")."""
    return [t for t in _tokenizer(terms).lcut(for_matching(text).lower()) if t]


def tokenize(text: str, terms: Sequence[str] = ()) -> list[str]:
    """Tokens of a passage or a question, in matching form (simplified, lower-case), cut with the
    base dictionary plus `terms` (the passage's document's, or every indexed document's)."""
    jb = _tokenizer(terms)
    out = []
    for tok in jb.lcut_for_search(for_matching(text).lower()):
        tok = tok.strip()
        if not tok or tok in _STOP or _PUNCT.match(tok) or _ASKING.match(tok):
            continue
        out.append(tok)
    return out
