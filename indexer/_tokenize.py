"""Tokeniser: jieba in search mode with the corpus's own domain dictionary, stop words dropped.

Search mode emits the parts of long words as well ("一流学会建设" → 一流 / 学会 / 建设 /
一流学会建设), so a question that names a shorter form still meets the passage.
"""
from __future__ import annotations

import logging
import re
from functools import lru_cache
from pathlib import Path

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


@lru_cache(maxsize=1)
def _jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    if _DICT.exists():
        jieba.load_userdict(str(_DICT))
    jieba.initialize()
    return jieba


def segment(text: str) -> list[str]:
    """The words of `text` in matching form, one segmentation without overlaps and nothing
    dropped: word boundaries for whole-word matching ("交" is not a word of "交流")."""
    return [t for t in _jieba().lcut(for_matching(text).lower()) if t]


def tokenize(text: str) -> list[str]:
    """Tokens of a passage or a question, in matching form (simplified, lower-case)."""
    jb = _jieba()
    out = []
    for tok in jb.lcut_for_search(for_matching(text).lower()):
        tok = tok.strip()
        if not tok or tok in _STOP or _PUNCT.match(tok) or _ASKING.match(tok):
            continue
        out.append(tok)
    return out
