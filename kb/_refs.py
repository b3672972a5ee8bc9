"""Clause references inside the knowledge base: the one numbering grammar of `indexer`, re-exported.

kb modules take every clause-number reading from here (never a regex of their own), so the
clause look-up, the question analyser and the knowledge base read "三、（一）1．（2）", "三(一)1(2)",
"附件一 二、1、", "第十二条" the same way the clause parser does. See `indexer._numbering` for the
grammar; its public functions are:

    parse_ref(ref) -> Ref(tokens, rest, problem)   ref_tokens(ref)   ref_key(ref)   same_clause(a, b)
    find_paths_in_text(text) -> list[str]          ordinal_value(token) -> int | None
    find_ordinals_in_text(text) -> list[int]       # "第三部分第（一）条" → [3, 1]; 第一一条 skipped
    parse_numeral(s) -> int | None                 cn_to_int(s) (NumeralError on "一一", "二三")
"""
from __future__ import annotations

# indexer/__init__.py does not re-export these yet (it is being edited in parallel); this is the
# one place kb reaches into the module.
from indexer._numbering import (
    NumeralError,
    Ref,
    cn_to_int,
    find_ordinals_in_text,
    find_paths_in_text,
    ordinal_value,
    parse_numeral,
    parse_ref,
    ref_key,
    ref_tokens,
    same_clause,
)

__all__ = [
    "NumeralError",
    "Ref",
    "cn_to_int",
    "find_ordinals_in_text",
    "find_paths_in_text",
    "ordinal_value",
    "parse_numeral",
    "parse_ref",
    "ref_key",
    "ref_tokens",
    "same_clause",
]
