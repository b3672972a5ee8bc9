"""Does anything retrieved answer the question? Picks the passage that does, or says why none.

A score threshold alone cannot tell "标准制定项目每项资助多少钱" (no amount anywhere) from an
answerable near miss, so the judge compares what the question asks for (an amount, a date, a
count of people …, see `_query.WANTS`) and whose rules it means (a year, a city, the province,
a document's name) with what the passages hold: the sentence or table row holding the asked
fact must also be about what is asked.
"""
from __future__ import annotations

import re

from indexer import DocumentInfo, for_matching

from ._excerpt import EXCLUSION, RULE, units
from ._query import (
    ASKERS_YEAR,
    EACH_APPLICANT,
    HOME_REGION,
    Query,
    has_evidence,
    is_figure,
    names_place,
    states_total,
)
from ._stats import CorpusStats
from ._types import Passage

CANDIDATES = 3  # how deep below the top passage to look for one that answers
# A word in more than ~15% of passages (学会, 申报, 项目 …) does not say what a sentence is about.
FOCUS_IDF = 2.0
# A yes/no question whose best passage has a rule sentence naming two of its distinctive words
# needs only this share of the usual coverage.
RULE_COVERAGE_SHARE = 0.6
# A passage headed by what the question names may outrank a stronger one that only mentions it,
# down to this share of the top passage's score; headings: the passage's own and its parent's.
HEADING_RATIO = 0.75
# Passages scoring within this share of the top one are near-tied: their best sentences decide.
TIE_RATIO = 0.97
HEADING_DEPTH = 2
HEADING_CHARS = 30  # a longer "heading" is a sentence cut at a line break, not a title
HEADED_POOL = 5
HEADING_SHARE = 0.4
# After a statement, a passage must hold this much more of the asking sentence's words to come first.
ASKED_MARGIN = 0.2
# A rule on where things happen: "活动举办地须在江苏省内".
PLACE_RULE = re.compile(r"举办地|省内|市内|境内|辖区内|本省|本市")
_PROCEDURE = re.compile(r"方式|程序|流程|办法|步骤")
_WANT_NAMES = {"money": "金额", "hourly": "按小时计的标准", "age": "年龄规定", "validity": "有效期或复评规定",
               "percent": "比例", "time": "时间", "place": "地点", "names": "具体名单",
               "limit": "数量上限", "email": "邮箱地址", "phone": "电话号码", "fax": "传真号码",
               "url": "网址", "each_cap": "每个学会可申报的项数", "frequency": "频次",
               "day": "具体日期"}


def want_name(w: str) -> str:
    return f"“{w[6:]}”的数目" if w.startswith("count:") else _WANT_NAMES[w]


def level_of(d: DocumentInfo) -> str:
    """省 or 市 (or "" when unknown), from the issuer's region."""
    return d.level or (d.region[-1:] if d.region[-1:] in ("省", "市", "县") else "")


def _naming_words(q: Query, stats: CorpusStats) -> set[str]:
    """Words the question uses to name a document ("提升计划", "工作指南"): they say which
    document, not what in it — a sentence does not become relevant by repeating them."""
    out: set[str] = set()
    for d in stats.docs:
        for alias in d.aliases:
            a = for_matching(alias)
            if a in q.norm:
                out |= {t for t in q.tokens if t in a}
    return out


def focus(q: Query, stats: CorpusStats) -> set[str]:
    """The question's distinctive words the corpus uses (not 学会/申报-like words found everywhere,
    nor the words naming the document)."""
    naming = _naming_words(q, stats)
    # A number the user states ("5月31号截止", "500人的活动") is their case, not the topic; so is
    # the year they speak from ("今年还能拿吗", "新一年的办法啥时候发").
    return {t for t in q.tokens if len(t) > 1 and not is_figure(t) and stats.idf(t, unseen=0.0) >= FOCUS_IDF
            and t not in naming and t not in ASKERS_YEAR}


def answers(q: Query, p: Passage, stats: CorpusStats) -> bool:
    """The passage holds what is asked (an amount, a date …) in a sentence about what is asked:
    "会员代表大会开几次" is not answered by "每年至少召开2次理事会"; a total only by a stated total."""
    # A clause looked up by what the question names (its number, heading or date) is about what
    # is asked already: it needs only to hold the asked kind of fact.
    words = set() if p.index == -1 and p.score >= 1.0 else focus(q, stats)
    # A table row is one statement: its name cell and its figures belong together.
    parts = [for_matching(u) for u in ([p.reading] if p.kind == "row" else units(p.text))]
    head = for_matching(" ".join(p.headings))
    for w in q.wants:
        if w == "names" and p.kind == "row":
            hits = [u for u in parts if any(v.endswith(("学会", "协会")) for _, v in p.fields)]
        else:
            hits = [u for u in parts if has_evidence(w, u, q.counted)]
        if q.asks_total and (w == "money" or w.startswith("count:")):
            hits = [u for u in hits if states_total(u)]
        if q.province_wide and w.startswith("count:"):
            hits = [u for u in hits if not EACH_APPLICANT.search(u)]
        if not hits:
            return False
        # A rule on the category speaks of the item the question names ("服务平台建设项目…" for 标准制定).
        wider = words | {c for t, cs in q.broader.items() if t in words for c in cs}
        if words and not any(t in u or t in head for u in hits for t in wider):
            return False
    return True


def _evidence_relevance(q: Query, p: Passage, stats: CorpusStats) -> float:
    # A table row is one statement, as in `answers`: its name cell and its figures belong together.
    parts = [for_matching(u) for u in ([p.reading] if p.kind == "row" else units(p.reading))
             if all(has_evidence(w, u) for w in q.wants) and not (q.province_wide and EACH_APPLICANT.search(u))]
    toks = {t for t in q.tokens if len(t) > 1}
    return max((sum(stats.idf(t) for t in toks if t in u) for u in parts), default=0.0)


def _rule_relevance(q: Query, p: Passage, stats: CorpusStats, rule: re.Pattern[str] = EXCLUSION) -> float:
    """Weight of the question's distinctive words in the passage's strongest rule sentence (one
    that excludes or forbids; `RULE` adds those that require); a rule naming fewer than two of
    them does not count."""
    words = focus(q, stats)
    best = 0.0
    for u in units(p.reading):
        n = for_matching(u)
        if not rule.search(n):
            continue
        hit = [t for t in words if t in n]
        weight = sum(stats.idf(t) for t in hit)
        # "放到上海合办还能报吗": a rule on where (举办地须在江苏省内) speaks of the place named.
        if names_place(q.norm) and PLACE_RULE.search(n):
            hit.append("<place>")
            weight += FOCUS_IDF
        if len(hit) >= 2:
            best = max(best, weight)
    return best


def sentence_focus(q: Query, p: Passage, stats: CorpusStats) -> float:
    """Weight of the question's distinctive words in the passage's best single sentence."""
    words = focus(q, stats)
    return max((sum(stats.idf(t) for t in words if t in for_matching(u)) for u in units(p.reading)), default=0.0)


def holds_any(p: Passage, names: list[str]) -> bool:
    """Does the passage's text hold any of `names` (in matching form)?"""
    text = for_matching(p.reading)
    return any(a in text for a in names)


def quotes(q: Query, p: Passage) -> bool:
    """Does the passage hold a name the question quotes (《江苏科协》, “一智库三平台”)?"""
    return holds_any(p, q.anchors)


def heading_of(p: Passage) -> str:
    """What a passage is headed by: its own and its parent's headings, or a row's name."""
    if p.kind == "row":
        return for_matching(p.clause.rsplit(" ", 1)[-1])
    return for_matching(" ".join(h for h in p.headings[-HEADING_DEPTH:] if len(h) <= HEADING_CHARS))


def headed_by(q: Query, p: Passage, stats: CorpusStats) -> tuple[bool, float]:
    """(a "how" question meets a procedure heading, weight of the question's distinctive words in
    the headings): a clause headed "一流平台学会建设 / 相关要求" is about what it heads."""
    h = heading_of(p)
    how = q.asks_how and bool(_PROCEDURE.search(h))
    words = focus(q, stats)
    weight = sum(stats.idf(t) for t in words if t in h)
    # One domain word in a heading ("注重考核奖惩" for a question mentioning 考核) does not make a
    # clause about the question: its headings must hold a good share of what the question names.
    total = sum(stats.idf(t) for t in words)
    return how, weight if total and weight >= HEADING_SHARE * total else 0.0


def mentions_name(q: Query, p: Passage) -> bool:
    """Another document's passage that uses the name the question gives its document ("考核结果与
    能力提升计划项目申报" for a question naming the 提升计划) is about what is named too."""
    return holds_any(p, q.names_used)


def in_scope(q: Query, p: Passage, stats: CorpusStats) -> bool:
    """Is the passage's document one whose rules the question asks about?"""
    d = stats.doc(p.doc)
    if d is None:
        return True
    if q.doc_hints and p.doc not in q.doc_hints:
        return False
    if q.provincial and not q.doc_hints and level_of(d) not in ("", "省"):
        return False  # a city's figures do not answer a question about the province's rules
    return True


def candidates(q: Query, passages: list[Passage], stats: CorpusStats, depth: int = CANDIDATES) -> list[Passage]:
    """The top passages of the documents the question means: named by year or city, the
    province's when it asks about 省科协/省级, and the named document's when it names one by
    title (all documents when it names none)."""
    scope = [p for p in passages if in_scope(q, p, stats)]
    if q.named_docs and not q.doc_hints:
        named = [p for p in scope if p.doc in q.named_docs or mentions_name(q, p)]
        scope = named or scope
    return scope[:depth]


def _unknown_scope(q: Query, stats: CorpusStats) -> str:
    """Why the question's year or region has no document here ("" when it has)."""
    regions = {d.region for d in stats.docs if d.region}
    foreign = [r for r in q.scope_regions if r != HOME_REGION and r not in regions]
    if foreign:
        have = "、".join(sorted(regions)) or "任何地区"
        return f"（知识库中只有{have}的文件，没有{'、'.join(foreign)}的）"
    return ""


def choose(q: Query, passages: list[Passage], stats: CorpusStats) -> tuple[Passage | None, str]:
    """(the passage that answers, "") or (None, why nothing does — "" when merely unrelated)."""
    if not passages:
        return None, ""
    if why := _unknown_scope(q, stats):
        return None, why
    # "24年的提升计划几号开始报": no such document — unless a clause of that year's documents is
    # headed by it ("2024年的工作指南包含哪三部分": the 2024 办法's "（一）编制工作指南" describes it).
    absent = [f"{y}年的{n}" for y, n in q.missing_docs
              if not any(p.year == y and n in for_matching(" ".join(p.headings)) for p in passages)]
    if absent:
        return None, f"（知识库中没有{'、'.join(absent)}）"
    if q.absent_part:
        titles = "、".join(f"《{d.title}》" for i in sorted(q.doc_hints or q.named_docs) if (d := stats.doc(i)))
        return None, f"（{titles}没有{q.absent_part}）"
    known = stats.known_years
    unknown_years = [y for y in q.years if y not in known]
    # "2021年提升计划…" names a document the knowledge base does not have; "2021年立项过的" is a
    # fact the 2022 rules speak about, answerable when a passage mentions that year.
    if any(y not in known for y in q.doc_years) or (
        unknown_years and not any(str(y) in p.reading for y in unknown_years for p in passages)
    ):
        missing = [y for y in q.doc_years if y not in known] or unknown_years
        return None, f"（知识库中没有{'、'.join(map(str, missing))}年的文件）"
    cands = candidates(q, passages, stats)
    if not cands:
        if q.provincial:
            return None, "（问的是省级规定，找到的只有市级文件的规定）"
        return None, "（问题所指年度或地区的文件不在知识库中）"
    if q.wants:
        # A cap on each applicant is stated once for all projects (申报事项), seldom beside the
        # project asked about: every passage in scope is looked at.
        pool = candidates(q, passages, stats, len(passages)) if "each_cap" in q.wants else cands
        fitting = [p for p in pool if answers(q, p, stats)]
        if not fitting:
            asked = "、".join(want_name(w) for w in q.wants)
            other = [p for p in passages[:CANDIDATES] if not in_scope(q, p, stats) and answers(q, p, stats)]
            if q.provincial and other and (d := stats.doc(other[0].doc)) is not None:
                # Say whose rule does state it, so the reader can judge: "这是盐城市2018年的市级标准".
                return None, (f"（问的是省级规定的{asked}，省级文件中没有写明；{d.region}{d.year or ''}年的"
                              f"{level_of(d)}级文件{other[0].clause}有{asked}，那是市级标准，不适用于省级项目）")
            return None, f"（问的是{asked}，但相关条文中没有写明）"
        # The passage whose sentence holding the amount/date/… is most about the question wins;
        # rank breaks ties. ("会员每年要增长多少": the 3%-10% sentence, not another growth rate.)
        best = max(fitting, key=lambda p: (_evidence_relevance(q, p, stats), p.score))
    else:
        # Near-tied passages: the one with a sentence holding more of what is asked comes first —
        # unless the first was looked up by what the question names (its number, heading, date).
        best = cands[0] if cands[0].index == -1 else max(
            (p for p in cands if p.score >= TIE_RATIO * cands[0].score),
            key=lambda p: (sentence_focus(q, p, stats), p.score))
        pool = [p for p in candidates(q, passages, stats, HEADED_POOL) if p.score >= HEADING_RATIO * best.score]
        headed = max(pool, key=lambda p: (headed_by(q, p, stats), p.score))
        if headed_by(q, headed, stats) > headed_by(q, best, stats):
            best = headed
        # "我们打算报品牌学术交流，去年来了600多人。提升计划说啥样的学术活动会优先支持？": after a
        # statement, the passage holding more of the asking sentence's words answers it.
        if q.asked_tokens and best.index != -1:
            fuller = max(pool, key=lambda p: (stats.asked_share(q, p), p.score))
            if stats.asked_share(q, fuller) >= stats.asked_share(q, best) + ASKED_MARGIN:
                best = fuller
        # "能投《江苏科协》吗": a name the question quotes is what it is about; a passage holding it
        # comes before a near one that does not.
        quoting = [p for p in pool if quotes(q, p)]
        if quoting and not quotes(q, best) and best.index != -1:
            best = quoting[0]
        # "小计是多少": the stated total or subtotal among the passages in scope answers.
        totals = [p for p in passages if q.asks_total and in_scope(q, p, stats) and states_total(p.reading)]
        if totals:
            best = totals[0]
        elif q.yes_no:
            # "能同时申报吗": the passage whose rule sentence (互不兼报, 不得…) names what is asked
            # decides, not a looser description ranked above it.
            ruled = max(cands, key=lambda p: (_rule_relevance(q, p, stats), p.score))
            if _rule_relevance(q, ruled, stats) > _rule_relevance(q, best, stats):
                best = ruled
    if stats.coverage(q, best) < stats.min_coverage and best.score < 1.0:
        if q.yes_no and q.wants == []:
            # "我们打算在南京跟南大一起办…，能报吗": the user's own story dilutes the question's
            # words; a rule sentence (须由…, 不得…) naming two of what is asked decides it all the same.
            # The rule may sit a little deeper than the passages the story's words pulled up.
            ruled = max(candidates(q, passages, stats, HEADED_POOL),
                        key=lambda p: (_rule_relevance(q, p, stats, RULE), p.score))
            if (_rule_relevance(q, ruled, stats, RULE) > 0
                    and stats.coverage(q, ruled) >= RULE_COVERAGE_SHARE * stats.min_coverage):
                return ruled, ""
        return None, ""
    return best, ""


def companions(q: Query, best: Passage, passages: list[Passage], stats: CorpusStats) -> list[Passage]:
    """The best passage and those nearly as strong and as much about the question, up to the limit."""
    cov = stats.coverage(q, best)
    cites = [best]
    for p in candidates(q, passages, stats):
        if len(cites) >= stats.max_citations:
            break
        if p is best or p.text == best.text or p.text in best.text or (best.listing and p.text in "".join(best.listing)):
            continue
        if (
            stats.coverage(q, p) >= max(stats.min_coverage, stats.companion_coverage_ratio * cov)
            and p.score >= stats.companion_ratio * best.score
        ):
            cites.append(p)
    return cites
