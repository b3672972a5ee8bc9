"""Reading a follow-up against the previous question and answer of the same conversation.

General rules, not phrase lists: a message is read in context only when it cannot stand on its own,
and what is carried over is a *slot* of a known type whose vocabulary comes from the data — the
programme's projects (eligibility.projects()), the documents' titles, aliases and years
(kb.documents()), and the four society categories (一类…四类学会) every document uses.

Rules, in the order they are tried (each has unit tests in tests/bot/test_followup.py):

1. CITE — "第2个引用", "引用2", "[2]": the previous answer's n-th cited clause, in full.
2. SOURCE — asking for 原文/全文/条文 with no subject of its own: the previous answer's first clause.
3. SWAP — a fragment made only of slot values ("那二类学会呢？", "2024年的呢", "会员之家呢"): the
   previous question with each slot of the same type replaced (a type it lacked is put in front).
4. PARALLEL — a bare noun phrase sharing its head with a phrase of the previous question
   ("能力部分呢" after "…基础部分占比多少", "常务理事会呢" after "理事会一年开几次"): the previous
   question about the new phrase (a Chinese noun phrase ends in its head noun).
5. GRAFT — a fragment asking something new without a subject of its own ("这个项目的截止时间呢",
   "各占多少呢"): the previous question's subject (its slot values, else its topic — the words
   before its predicate) with the new asked-for; a demonstrative (这个/该/上述…) is replaced by it.
6. CARRY — a question read by SWAP or GRAFT that names no document keeps the previous answer's
   document (by year and alias), so a follow-up stays in the document the conversation is about.

A fragment is a message that has a follow-up marker — a demonstrative (这个/这项/该/上述/此项/那个),
a leading 那/那么/还有/至于, or a trailing 呢 — or consists of slot values only; a message with a subject
of its own and a question of its own is a new question, never rewritten.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal, Protocol

SlotKind = Literal["category", "project", "document", "year"]

_CATEGORY = re.compile(r"([一二三四1-4])类(?:学会)?")
_YEAR = re.compile(r"(20\d\d)\s*年度?")
_CN_DIGIT = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
# 1. CITE: an ordinal citation reference.
_CITE = re.compile(r"(?:第\s*([1-9一二三四五六七八九十]\d?)\s*(?:个|条|项|处)?\s*(?:引用|引文|出处|依据|条文)"
                   r"|(?:引用|引文)\s*(?:第\s*)?([1-9一二三四五六七八九十]\d?)\s*(?:个|条)?"
                   r"|\[\s*(\d{1,2})\s*\])")
# 2. SOURCE: asking for the quoted text itself.
_SOURCE = re.compile(r"原文|全文|条文|原话|具体条款|完整条款|条款内容")
# Markers that a message leans on the previous one.
# 该 not inside 应该/活该, 此 only as 此项/此类/此条 (not 因此/此外).
_DEMONSTRATIVE = re.compile(r"(?:这个|这项|这一|这条|(?<![应活])该|上述|此(?=[项类条])|那个|那项|上一条|上一个|刚才)"
                            r"(?:子项目|项目|专项|学会|文件|办法|指南|方案|通知|条款|条|问题)?")
# A leading 那/那么/还有/换成/至于 leans on what came before; 如果是/对于/在/另外 only frame a fragment
# (they open full questions too), so they are dropped from a fragment but do not make one.
_LEAD = re.compile(r"^(?:那么|那(?![些里])|还有|换成|改成|至于)")
_FRAME = re.compile(r"^(?:那么|那|还有|换成|改成|至于|如果是|要是|对于|另外|在)")
_TRAIL = re.compile(r"(?:里面?|中)?(?:的)?(?:呢|吗|啊|呀)?$")
# Words that make a fragment a question of its own (what is asked), as opposed to a bare noun phrase.
_ASKING = re.compile(r"什么|多少|几|哪|怎么|怎样|如何|吗|是否|能否|可否|能不能|可不可以|有没有|要不要|谁|何时|为何|为什么")
# Where a question's topic ends: its predicate begins with a verb of asking/having/being or a question word.
_PREDICATE = re.compile(r"由|是|有|要|需|应|须|能|可|该|怎|如何|多少|几|哪|什么|占|对|在|的要求|的条件")
_PUNCT = re.compile(r"[\s？?！!。.,，、；;：:“”\"'‘’（）()]+")


class DocLike(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def year(self) -> int | None: ...
    @property
    def aliases(self) -> tuple[str, ...]: ...


@dataclass(frozen=True)
class Slot:
    kind: SlotKind
    value: str      # category digit, canonical project name, document id, or year
    text: str       # as written in the message
    start: int
    end: int


@dataclass(frozen=True)
class Vocabulary:
    """The terms slots are recognised by, all taken from the data."""

    projects: dict[str, str] = field(default_factory=dict)     # term -> canonical project name
    documents: dict[str, str] = field(default_factory=dict)    # alias or title -> document id
    years: dict[int, str] = field(default_factory=dict)        # year -> document id (only unique years)
    mention: dict[str, str] = field(default_factory=dict)      # document id -> how to name it in a question

    @classmethod
    def build(cls, documents: Iterable[DocLike], projects: Iterable[dict]) -> Vocabulary:
        """From kb.documents() and eligibility.projects() (each {"name", "group", "aliases"})."""
        proj: dict[str, str] = {}
        for p in projects:
            for term in (p["name"], *(p.get("aliases") or ())):
                proj.setdefault(term, p["name"])
            if p.get("group"):
                proj.setdefault(p["group"], p["group"])
        docs = list(documents)
        terms: dict[str, str] = {}
        ambiguous: set[str] = set()
        for d in docs:
            for term in (d.title, *d.aliases):
                if term in terms and terms[term] != d.id:
                    ambiguous.add(term)
                terms.setdefault(term, d.id)
        by_year: dict[int, list[str]] = {}
        for d in docs:
            if d.year:
                by_year.setdefault(d.year, []).append(d.id)
        mention = {}
        for d in docs:
            name = next((a for a in d.aliases if a not in ambiguous), d.title)
            mention[d.id] = f"{d.year}年{name}" if d.year and str(d.year) not in name else name
        return cls(projects=proj, documents={t: i for t, i in terms.items() if t not in ambiguous},
                   years={y: ids[0] for y, ids in by_year.items() if len(ids) == 1}, mention=mention)


def slots(text: str, vocab: Vocabulary) -> list[Slot]:
    """Slot values in `text`, left to right; overlapping candidates resolved longest first."""
    cands: list[Slot] = []
    for m in _CATEGORY.finditer(text):
        d = m.group(1)
        cands.append(Slot("category", str(_CN_DIGIT.get(d, d)), m.group(0), m.start(), m.end()))
    for m in _YEAR.finditer(text):
        y = int(m.group(1))
        doc = vocab.years.get(y)
        cands.append(Slot("document", doc, m.group(0), m.start(), m.end()) if doc
                     else Slot("year", str(y), m.group(0), m.start(), m.end()))
    for table, kind in ((vocab.projects, "project"), (vocab.documents, "document")):
        for term, value in table.items():
            for m in re.finditer(re.escape(term), text):
                cands.append(Slot(kind, value, term, m.start(), m.end()))  # type: ignore[arg-type]
    cands.sort(key=lambda s: (-(s.end - s.start), s.start))
    chosen: list[Slot] = []
    for s in cands:
        if all(s.end <= c.start or s.start >= c.end for c in chosen):
            chosen.append(s)
    return sorted(chosen, key=lambda s: s.start)


@dataclass(frozen=True)
class Previous:
    """What the conversation remembers of its last question and answer."""

    question: str
    doc: str | None = None              # the document the answer came from (first citation's)
    citations: tuple[dict, ...] = ()    # {"doc", "title", "clause", "quote"} in [n] order


@dataclass(frozen=True)
class Reading:
    """How a message is read: a question to ask (maybe rewritten), or a previous citation to show."""

    question: str
    rule: str | None = None          # which rule rewrote it (None: read as is)
    cite: int | None = None          # CITE/SOURCE: the n of the previous answer's citation

    @property
    def note(self) -> str | None:
        if self.rule is None:
            return None
        if self.cite is not None:
            return f"按上一问理解为：上一条回答的第{self.cite}个引用的原文"
        return f"按上一问理解为：{self.question}"


def _number(s: str) -> int:
    return int(s) if s.isdigit() else _CN_DIGIT.get(s, 0) if len(s) == 1 else 10 + _CN_DIGIT.get(s[-1], 0)


def _bare(text: str) -> str:
    """The message without punctuation, leading conjunctions and trailing particles."""
    t = _PUNCT.sub("", text)
    t = _FRAME.sub("", t)
    return _TRAIL.sub("", t)


def _rest(text: str, found: list[Slot]) -> str:
    """What the message says besides its slot values, markers and particles."""
    out, last = [], 0
    for s in found:
        out.append(text[last:s.start])
        last = s.end
    out.append(text[last:])
    t = _DEMONSTRATIVE.sub("", "".join(out))
    return re.sub(r"^的+|的+$", "", _bare(t))


def is_fragment(text: str, vocab: Vocabulary) -> bool:
    """Has a follow-up marker, or says nothing but slot values."""
    flat = _PUNCT.sub("", text)
    if not flat:
        return False
    if _DEMONSTRATIVE.search(flat) or _LEAD.match(flat) or re.search(r"呢$", flat):
        return True
    found = slots(flat, vocab)
    return bool(found) and not _rest(flat, found)


def read(text: str, prev: Previous | None, vocab: Vocabulary) -> Reading:
    """Read `text` against the previous exchange (None: no context, read as is)."""
    if prev is None:
        return Reading(text)
    flat = _PUNCT.sub("", text)
    m = _CITE.search(flat)
    if m and prev.citations:
        n = _number(next(g for g in m.groups() if g))
        return Reading(text, rule="CITE", cite=n)
    found = slots(flat, vocab)
    if _SOURCE.search(flat) and not found and prev.citations and len(_rest(flat, found)) <= 8:
        return Reading(text, rule="SOURCE", cite=1)
    if not is_fragment(text, vocab):
        return Reading(text)
    rest = _rest(flat, found)
    if found and not rest:
        return _carry(Reading(_swap(prev.question, found, vocab), rule="SWAP"), prev, vocab)
    if found:
        return Reading(text)   # its own subject and its own question: a new question
    if not _ASKING.search(rest) and (parallel := _parallel(prev.question, rest)) is not None:
        return _carry(Reading(parallel, rule="PARALLEL"), prev, vocab)
    return _carry(Reading(_graft(prev.question, flat, vocab), rule="GRAFT"), prev, vocab)


def _swap(question: str, new: list[Slot], vocab: Vocabulary) -> str:
    """Replace the previous question's slots by the new ones of the same type; prefix the others."""
    old = slots(question, vocab)
    out = question
    front = []
    for s in new:
        same = [o for o in old if _family(o.kind) == _family(s.kind)]
        if same:
            for o in sorted(same, key=lambda o: -o.start):   # right to left keeps offsets valid
                text = s.text if o is same[0] else ""
                if o.kind == "category" and s.kind == "category" and o.text.endswith("学会") != s.text.endswith("学会"):
                    text = s.text[0] + o.text[1:]             # keep the previous wording (“二类” → “二类学会”)
                out = out[:o.start] + text + out[o.end:]
            old = slots(out, vocab)
        else:
            front.append(s.text)
    return "".join(front) + ("的" if front and not _CATEGORY.fullmatch(front[-1]) else "") + out if front else out


def _family(kind: str) -> str:
    # A year that names a document and a document's name both say which document.
    return "document" if kind in ("document", "year") else kind


def _parallel(question: str, phrase: str) -> str | None:
    """A noun phrase whose head (its last two or more characters) the previous question has: the
    previous question about this phrase instead ("基础部分占比多少" + "能力部分呢" → "能力部分占比多少").

    Chinese noun phrases end in their head, so a shared head with a different modifier marks the
    phrase as a parallel of the one it replaces; only as many characters before the head are replaced
    as the new modifier has, and never across a particle or punctuation.
    """
    for n in range(len(phrase) - 1, 1, -1):
        head = phrase[-n:]
        at = question.rfind(head)
        if at < 0:
            continue
        start = at
        while start > 0 and at - start < len(phrase) - n and question[start - 1] not in "的之和与及、，,。 ？?":
            start -= 1
        return question[:start] + phrase + question[at + n:]
    return None


def _topic(question: str) -> str:
    """What a question is about: its beginning, up to where its predicate starts (at least 2 characters)."""
    flat = _PUNCT.sub("", question)
    m = _PREDICATE.search(flat, 2)
    return flat[: m.start()] if m else ""


def _graft(question: str, fragment: str, vocab: Vocabulary) -> str:
    """The previous subject (its slot values, else its topic) with the fragment's new asked-for."""
    subject = "".join(s.text for s in slots(question, vocab) if s.kind != "document") or _topic(question)
    asked = _TRAIL.sub("", _FRAME.sub("", fragment))
    if not subject:
        return _DEMONSTRATIVE.sub("", asked)
    if _DEMONSTRATIVE.search(asked):
        return _DEMONSTRATIVE.sub(subject, asked, count=1)
    return subject + ("" if asked.startswith("的") else "的") + asked


def _carry(r: Reading, prev: Previous, vocab: Vocabulary) -> Reading:
    """Keep the previous answer's document when the rewritten question names none."""
    doc = next((s.value for s in slots(prev.question, vocab) if s.kind == "document"), None) or prev.doc
    if doc is None or doc not in vocab.mention or any(s.kind == "document" for s in slots(r.question, vocab)):
        return r
    return Reading(f"{vocab.mention[doc]} {r.question}", rule=r.rule)


__all__ = ["Previous", "Reading", "Slot", "Vocabulary", "is_fragment", "read", "slots"]
