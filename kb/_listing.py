"""Listing questions ("有哪几类", "包括哪些子项目"): which clause lists the items, and what of it
to quote. Pure functions over clause records (`path`, `text`, `children`) and passages; the
KnowledgeBase supplies the records and each passage's parent.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from indexer import for_matching

from ._query import Query
from ._types import Passage

# "附件2", "附件二" on their own (a path inside an attachment is read by the numbering grammar).
ATTACHMENT = re.compile(r"附件\s*([0-9]{1,2}|[一二三四五六七八九十]{1,3})(?!\s*[\d一二三四五六七八九十]*\s*[、.．（(])")
LAST_PART = re.compile(r"最后一?(?:个|条)?\s*(?:部分|章|条|项|大项)")
# Verbs headings open with ("强化政治引领", "加强信息化建设"), which questions leave out.
HEADING_VERBS = frozenset("强化 加强 推动 完善 规范 提升 建立 健全 开展 深化 推进 打造 扩大 坚持 注重 做好 搭建 培育 服务".split())
TOP_PART = re.compile(r"[一二三四五六七八九十]{1,3}、")
LIST_WINDOW = 6  # how many top passages are looked at for items of one listing clause
# Items of a list rank close together: the second item must score at least this share of the
# best passage, or the best passage answers on its own ("工作指南包含哪三部分" is one sentence).
LIFT_RATIO = 0.85
TITLE_CHARS = 30
_NUMBER = re.compile(r"[\d.\-]+")


def is_total_row(p: Passage) -> bool:
    """A table's 合计/小计 row sums its items; it is not one of them."""
    return p.kind == "row" and any(v.replace(" ", "") in ("合计", "小计", "总计") for _, v in p.fields)


def pick_group(
    q: Query, top: list[Passage], parent_of: Callable[[Passage], str | None]
) -> tuple[str, str, list[Passage]] | None:
    """(doc, parent path, items) when at least two items of one clause rank close together near
    the top and the question names none of them by title; None otherwise."""
    window = [p for p in top[:LIST_WINDOW] if not is_total_row(p)]
    if not window:
        return None
    groups: dict[tuple[str, str], list[Passage]] = {}
    for p in window:
        parent = parent_of(p)
        if parent is not None:
            groups.setdefault((p.doc, parent), []).append(p)
    found = [(k, v) for k, v in groups.items() if len(v) >= 2 and v[1].score >= LIFT_RATIO * window[0].score]
    if not found:
        return None
    (doc, parent), items = max(found, key=lambda kv: (len(kv[1]), -window.index(kv[1][0])))
    for p in items:
        title = for_matching(p.headings[-1]) if p.headings and p.kind != "row" else ""
        if len(title) >= 2 and title in q.norm:
            return None  # the question names one item: that item answers, not the list
    return doc, parent, items


def title_line(text: str) -> str:
    """A clause's title, verbatim: its first line, cut after its first sentence or 30 characters."""
    line = text.strip().split("\n", 1)[0].strip()
    if len(line) <= TITLE_CHARS:
        return line
    cut = re.search(r"[。：:；;]", line)
    return line[: cut.end()] if cut and cut.end() <= TITLE_CHARS + 10 else line[:TITLE_CHARS]


def item_titles(rec: dict, records: dict[str, dict]) -> list[str]:
    """A listing clause's title line and each of its items' titles (verbatim prefixes)."""
    kids = [records[c] for c in rec["children"] if c in records]
    return [title_line(rec["text"])] + [title_line(k["text"]) for k in kids]


def group_rows(q: Query, rec: dict, rows: list[Passage]) -> list[str]:
    """The lines of a table (inside the clause `rec`) in the group the question names — the rows
    sharing a cell value the question uses ("服务平台建设") — or [] when it names none."""
    values = sorted({v for p in rows for _, v in p.fields if len(v) >= 2 and not _NUMBER.fullmatch(v)
                     and for_matching(v) in q.norm}, key=len, reverse=True)
    lines = [ln.strip() for ln in rec["text"].split("\n") if ln.strip()]
    for v in values:
        hit = [ln for ln in lines if re.search(rf"：{re.escape(v)}(；|$)", ln)]
        if len(hit) >= 2:
            return [title_line(rec["text"])] + hit
    return []


def names_category(value: str, norm: str) -> bool:
    """Does the question name the cell `value` as a category of a table ("学会服务类", or the
    value in a question about a table: "…表里学会服务有哪些")?"""
    return value + "类" in norm or (value in norm and "表" in norm)


def category_value(value: str) -> bool:
    """A cell that can name a group of rows: words, not a number, at least three characters."""
    return len(value) >= 3 and not _NUMBER.fullmatch(value)


def prose(rec: dict, row: Passage) -> list[str]:
    """The lines of a clause before its table (its title and what it says of the table's items)."""
    table = row.text.partition("｜")[0].strip()
    out = []
    for ln in rec["text"].split("\n"):
        if ln.strip() == table:
            break
        if ln.strip():
            out.append(ln.strip())
    return out


def heading_core(heading: str) -> str:
    """A heading without its trailing remark or colon: "创新部分（加分项）" → "创新部分"."""
    h = for_matching(heading).strip().rstrip("：:。")
    return re.sub(r"[（(][^）)]*[）)]$", "", h)


def named_listing(q: Query, records: list[dict]) -> dict | None:
    """The clause a listing question names by its heading ("能力部分有哪几项", "重点内容有哪几个
    方面"), the most specific when headings nest ("一流学会建设的项目内容"): a clause with at
    least two items whose own heading, and as many of its ancestors' as possible, the question uses.
    When one of its items is headed by what is listed ("有哪些要求" → 相关要求), that item."""
    by_path = {r["path"]: r for r in records}

    def named(h: str) -> int:
        core = heading_core(h)
        if len(core) >= 2 and core in q.norm:
            return len(core)
        # "政治引领这一块" names "强化政治引领": a heading is named without its leading verb.
        bare = core[2:] if core[:2] in HEADING_VERBS else ""
        return len(bare) if len(bare) >= 3 and bare in q.norm else 0

    best, best_key = None, (0, 0)
    for r in records:
        if len(r["children"]) < 2 or not named(r["heading"]):
            continue
        key = (sum(named(h) for h in r["trail"]), len(r["trail"]))
        if key > best_key:
            best, best_key = r, key
    if best is not None and q.listed:
        kids = [by_path[c] for c in best["children"] if c in by_path]
        hit = [k for k in kids if q.listed in heading_core(k["heading"])]
        if len(hit) == 1 and len(hit[0]["children"]) >= 1:
            return hit[0]
    return best


def row_keys(row_name: str, headers: list[str]) -> tuple[str, list[str]]:
    """A row's name and its column headers in matching form (computed once per index)."""
    return for_matching(row_name), [h for h in map(heading_core, headers) if len(h) >= 2]


def row_naming(norm: str, keys: tuple[str, list[str]]) -> int:
    """How fully a question names a table cell: the row by its name and the column by its
    header ("学会联合体建设项目数量上限" → 学会联合体建设 × 项目数量); 0 unless it names both."""
    name, headers = keys
    if len(name) < 3 or name not in norm:
        return 0
    named = max((len(h) for h in headers if h in norm), default=0)
    return len(name) + named if named else 0


# "哪天印发的 / 什么时候发布": the document's own date, stated in its front or back matter.
# "发给哪些单位 / 主送谁": a document's addressees, named in its opening line.
ADDRESSEE_QUESTION = re.compile(r"(?:发给|印发给|下发给|主送|送给|发到)(?:了)?(?:哪些|哪几|什么|谁)|主送(?:单位|机关)|发文对象")
# "依据什么制定的 / 制定依据": a document states its own basis ("根据…，制定本办法").
BASIS_QUESTION = re.compile(r"(?:依据|根据)(?:的)?(?:啥|什么|哪些|哪个|哪份)|制定(?:的)?依据|依据是")
OWN_BASIS = re.compile(r"制定本(?:办法|方案|指南|细则|规定|计划|通知|意见)")
DATE_QUESTION = re.compile(
    r"(?:哪天|哪一天|什么时候|何时|日期|几月几[日号]).{0,4}(?:发布|印发|发文|出台|下发|签发|发的|发出)"
    r"|(?:发布|印发|发文|出台|下发|签发).{0,4}(?:哪天|哪一天|什么时候|何时|日期|时间)"
)
_FULL_DATE = re.compile(r"(20\d\d)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日(\s*印发)?")


def dated_record(records: list[dict], date: str, issued: bool) -> dict | None:
    """The clause stating the document's date: with 印发 after it when the question asks when it
    was issued (印发), else the one matching the catalogue date ("2024-03-14"), else the first."""
    found = []
    for r in records:
        for m in _FULL_DATE.finditer(r["text"]):
            found.append((r, f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}", bool(m.group(4))))
    if not found:
        return None
    for r, _, printed in found:
        if issued and printed:
            return r
    for r, d, _ in found:
        if d == date:
            return r
    return found[0][0]


def row_categories(rows: list[tuple[str, str, list[tuple[str, str]]]]) -> dict[str, list[str]]:
    """Each table row's name → the categories it falls under: its word cells that other rows of
    the same table share ("标准制定" → ["服务平台建设"], the 项目类别 of four rows). Rules often
    speak of a category ("服务平台建设项目…每个学会最多可分别申报1项"), not of each item in it.
    `rows` holds (table, row name, (header, cell) pairs)."""
    shared: Counter[tuple[str, str]] = Counter()
    for table, _, fields in rows:
        for cell in {v for _, v in fields}:
            shared[(table, cell)] += 1
    out: dict[str, list[str]] = {}
    for table, name, fields in rows:
        key = for_matching(name)
        cats = [for_matching(v) for _, v in fields
                if shared[(table, v)] >= 2 and _CATEGORY.fullmatch(v) and for_matching(v) != key]
        if len(key) >= 2 and cats:
            out.setdefault(key, [])
            out[key] += [c for c in dict.fromkeys(cats) if c not in out[key]]
    return out


# A category cell is a short name: not a figure, not a sentence.
_CATEGORY = re.compile(r"[\u4e00-\u9fff“”（）()]{2,12}")
