"""Answer composer: the sentences of the best clauses, quoted verbatim with [n] citations — or a
plain refusal when the passages found do not hold what the question asks for (see _judge)."""
from __future__ import annotations

from indexer import to_simplified

from ._excerpt import excerpt
from ._judge import choose, companions, level_of
from ._query import Query
from ._stats import CorpusStats
from ._types import Answer, Passage
from ._years import newer_notes, newest_of_series

WHOLE_CHARS = 220  # the first citation is quoted whole up to this length
EXCERPT_CHARS = 160  # the others
SUGGEST_CHECK = "check"  # Answer.suggest: offer checking the user's own case (see _types.Answer)


def _where(p: Passage) -> str:
    year = f"{p.year}年" if p.year else ""
    page = f"（第{p.page}页）" if p.page else ""  # a PDF's clause: the page it starts on
    return f"《{p.title}》{('（' + year + '）') if year and year not in p.title else ''}{p.clause}{page}"


def _abstain(q: Query, passages: list[Passage], why: str) -> Answer:
    near = "；".join(f"{_where(p)}" for p in passages[:3])
    text = f"知识库中没有找到能回答这个问题的条文{why}。"
    if near:
        text += f"最接近的条文是：{near}，可供参考，但它们并未回答所问。"
    return Answer(question=q.text, answer=text, abstained=True, citations=[], retrieved=passages,
                  reason=why.strip("（）") or "no-answer")


def scope_notes(q: Query, cites: list[Passage], stats: CorpusStats) -> list[str]:
    """"这是盐城市2018年的市级标准": a citation from a city's document, when the question did not
    name that city, says whose rules it quotes."""
    out = []
    for n, p in enumerate(cites, 1):
        d = stats.doc(p.doc)
        if d is None or level_of(d) in ("", "省") or p.doc in q.doc_hints:
            continue
        year = f"{d.year}年" if d.year else ""
        out.append(f"注意：[{n}] 是{d.region}{year}的{level_of(d)}级规定（{d.issuer}），不是省科协的规定。")
    return out


def compose(q: Query, passages: list[Passage], stats: CorpusStats) -> Answer:
    """analyse → retrieve → judge → compose: the last step, from the judge's choice."""
    best, why = choose(q, passages, stats)
    if best is None:
        return _abstain(q, passages, why)
    cites = companions(q, best, passages, stats)
    lines = []
    for n, p in enumerate(cites, 1):
        quote = excerpt(q, p, stats, WHOLE_CHARS if n == 1 else EXCERPT_CHARS)
        simplified = to_simplified(quote)
        # Readers read simplified characters; a traditional original is quoted in its simplified
        # transcription (character for character) and says so. citations[].text stays verbatim.
        note = "（原文为繁体，此处按简体转写引用）" if simplified != quote else ""
        lines.append(f"{_where(p)}：“{simplified}”[{n}]{note}")
    if len({p.year for p in cites if p.year}) > 1:
        which = "，".join(f"[{n}] 为{p.year}年" for n, p in enumerate(cites, 1) if p.year)
        lines.append(f"注意：以上条文出自不同年度的文件（{which}），请以适用年度的文件为准。")
    lines += scope_notes(q, cites, stats)
    lines += newer_notes(cites, newest_of_series(stats.docs))
    return Answer(question=q.text, answer="\n".join(lines), abstained=False, citations=cites, retrieved=passages,
                  suggest=SUGGEST_CHECK if q.about_eligibility else None)
