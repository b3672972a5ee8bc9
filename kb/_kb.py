"""KnowledgeBase: load (or build) the index once, then answer batches of questions."""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np

import indexer
from indexer import DocumentInfo, for_matching, row_reading

from ._answer import compose
from ._listing import (
    ADDRESSEE_QUESTION,
    ATTACHMENT,
    BASIS_QUESTION,
    DATE_QUESTION,
    LAST_PART,
    OWN_BASIS,
    TOP_PART,
    category_value,
    dated_record,
    group_rows,
    is_total_row,
    item_titles,
    named_listing,
    names_category,
    pick_group,
    prose,
    row_categories,
    row_keys,
    row_naming,
)
from ._lookup import find_clause, lookup, resolve_doc
from ._query import LAST, Query, analyse, has_evidence, listed_noun
from ._refs import find_paths_in_text, ordinal_value, ref_tokens
from ._retrieve import Bm25Retriever, DenseRetriever
from ._settings import KBSettings
from ._stats import CorpusStats
from ._types import Answer, ClauseView, Passage
from ._years import newest_of_series, year_weights
from .errors import QuestionError

MAX_QUESTION_CHARS = 500


class KnowledgeBase:
    """The bundled (and any user-added) documents, indexed and ready to answer."""

    def __init__(self, stored: indexer.StoredIndex, settings: KBSettings | None = None) -> None:
        self.settings = settings or KBSettings()
        self.stored = stored
        self.docs = [DocumentInfo.from_dict({k: v for k, v in d.items() if k != "sha256"}) for d in stored.manifest["documents"]]
        self._doc = {d.id: d for d in self.docs}
        self.chunks = stored.chunks
        # Questions are cut with every document's brought terms, derived as the build derived them.
        by_doc: dict[str, list[dict]] = {}
        for c in self.chunks:
            by_doc.setdefault(c["doc"], []).append(c)
        self.terms = tuple(sorted({t for cs in by_doc.values() for t in indexer.document_terms(cs)}))
        tokens = [c["tokens"] for c in self.chunks]
        self.bm25 = Bm25Retriever(tokens, k1=self.settings.bm25_k1, b=self.settings.bm25_b)
        self.dense = DenseRetriever(stored.vectors, indexer.make_embedder(stored.manifest["settings"]["embedder"]))
        # The one thing the judge and the composer see of the corpus (they never call back here).
        self.stats = CorpusStats.from_tokens(
            tokens, self.docs, min_coverage=self.settings.min_coverage, max_citations=self.settings.max_citations
        )
        # Each clause's parent, to lift a listing question to the clause that lists the items.
        self._records = {d: {r["path"]: r for r in recs} for d, recs in stored.clauses.items()}
        self._parent = {
            (d, c): r["path"] for d, recs in stored.clauses.items() for r in recs for c in r["children"]
        }
        self._rows = [j for j, c in enumerate(self.chunks) if c["kind"] == "row"]
        self._row_keys = {j: row_keys(self.chunks[j]["clause"].rsplit(" ", 1)[-1],
                                      [h for h, _ in self.chunks[j].get("fields", [])]) for j in self._rows}
        self._categories = row_categories([(c["clause"].rsplit(" ", 1)[0], c["clause"].rsplit(" ", 1)[-1],
                                            [tuple(f) for f in c.get("fields", [])]) for c in self.chunks
                                           if c["kind"] == "row"])
        self._doc_of = np.array([c["doc"] for c in self.chunks])
        self._matching = [for_matching(row_reading(c["text"]) if c["kind"] == "row" else c["text"]) for c in self.chunks]
        s = self.settings
        self._prior = np.where(np.array([c["kind"] == "form" for c in self.chunks]), s.form_factor, 1.0)
        self._superseded = newest_of_series(self.docs)

    @classmethod
    def open(
        cls,
        home: Path | None = None,
        settings: KBSettings | None = None,
        index_settings: indexer.IndexSettings | None = None,
        progress: indexer.Progress | None = None,
    ) -> KnowledgeBase:
        """Open the index at `home`, building it from the bundled corpus on first use."""
        home = home or indexer.default_home()
        index_settings = index_settings or indexer.IndexSettings()
        # Builds (under the writers' lock, once however many processes open a stale index) when
        # missing or stale, with the user's added documents kept; never re-reads the user's files.
        indexer.ensure_index(home, index_settings, progress)
        return cls(indexer.read_index(home), settings)

    # -- questions ---------------------------------------------------------------------------

    def ask(self, question: str) -> Answer:
        return self.batch_ask([question])[0]

    def batch_ask(self, questions: list[str]) -> list[Answer]:
        """Answer every question; one retrieval pass for the whole batch."""
        queries = self._analyse_all(questions)
        ranked = self._batch_rank(queries)
        return [compose(q, r, self.stats) for q, r in zip(queries, ranked, strict=True)]

    def search(self, question: str) -> list[Passage]:
        return self.batch_search([question])[0]

    def batch_search(self, questions: list[str]) -> list[list[Passage]]:
        return self._batch_rank(self._analyse_all(questions))

    def _analyse_all(self, questions: list[str]) -> list[Query]:
        for question in questions:
            _check_question(question)
        out = [analyse(question, self.docs, self.terms, self._categories) for question in questions]
        for q in out:
            q.absent_part = self._absent_part(q)
        return out

    def _absent_part(self, q: Query) -> str:
        """"24年考核实施办法里附件2是什么表": the attachment the question names, when the
        document it names has none by that number ("" otherwise)."""
        named = q.doc_hints or q.named_docs
        if not named or (m := ATTACHMENT.search(q.norm)) is None or (n := ordinal_value(m.group(1))) is None:
            return ""
        part = f"附件{n}"
        # "工作指南(附件1)": a document that names the attachment in its text says what it is.
        if any(part in self._records.get(d, {}) for d in named) or any(
                part in t for t, d in zip(self._matching, self._doc_of, strict=True) if d in named):
            return ""
        return part

    def _batch_rank(self, queries: list[Query]) -> list[list[Passage]]:
        bm = self.bm25.batch_scores([q.keyword_tokens for q in queries])
        dn = self.dense.batch_scores([q.norm for q in queries])
        fused = self.settings.fusion.fuse(bm, dn)
        out = []
        for i, q in enumerate(queries):
            scores = fused[i] * self._prior * year_weights(self._doc_of, q, self._superseded,
                                                           self.settings.superseded_factor)
            if q.doc_hints:
                scores[~np.isin(self._doc_of, list(q.doc_hints))] *= self.settings.off_hint_factor
            elif q.named_docs:
                off = ~np.isin(self._doc_of, list(q.named_docs))
                if q.names_used:
                    off &= ~np.array([any(a in t for a in q.names_used) for t in self._matching])
                scores[off] *= self.settings.off_name_factor
            order = np.argsort(-scores, kind="stable")[: self.settings.k_retrieved]
            passages = [self._passage(int(j), float(scores[j])) for j in order]
            ref = (self._referenced_clause(q, passages) or self._listing(q, passages) or self._total_row(q, passages)
                   or self._named_cell(q, passages))
            if ref is not None:
                passages = [ref] + [p for p in passages if p.text != ref.text][: self.settings.k_retrieved - 1]
            out.append(passages + self._cap_rules(q, passages, scores))
        return out

    def _passage(self, j: int, score: float) -> Passage:
        c = self.chunks[j]
        d = self._doc[c["doc"]]
        return Passage(
            doc=d.id, title=d.title, year=d.year, clause=c["clause"], text=c["text"], score=score,
            kind=c["kind"], headings=c["headings"], index=j, fields=[tuple(f) for f in c.get("fields", [])],
            page=c.get("page"),
        )

    # -- clause references inside questions ----------------------------------------------------

    def _referenced_clause(self, q: Query, top: list[Passage]) -> Passage | None:
        """"主要措施 第（四）条" or "三、（一）1．（2）" in a question → that clause, first."""
        docs = [d for d in self.docs if d.id in q.doc_hints | q.named_docs] or self._docs_by_rank(top)
        for d in docs:
            rec = (self._clause_by_ordinal(q, d) or self._clause_by_path(q, d) or self._part_by_name(q, d)
                   or self._date_clause(q, d) or self._addressee_clause(q, d) or self._basis_clause(q, d))
            if rec is not None:
                # "第三部分下面分了哪几块": the part named by its number, quoted as its items' titles.
                listing = item_titles(rec, self._records[d.id]) if q.asks_items and len(rec["children"]) >= 2 else []
                return Passage(
                    doc=d.id, title=d.title, year=d.year, clause=rec["path"], text=rec["text"],
                    score=1.0, kind="clause", headings=rec["trail"], page=rec.get("page"), listing=listing,
                )
        return None

    def _docs_by_rank(self, top: list[Passage]) -> list[DocumentInfo]:
        seen: list[str] = []
        for p in top:
            if p.doc not in seen:
                seen.append(p.doc)
        return [self._doc[s] for s in seen]

    def _clause_by_ordinal(self, q: Query, d: DocumentInfo) -> dict | None:
        """"“主要措施”第（四）条" → the 4th child of the clause headed 主要措施; "第三部分第（一）条"
        (in a named document) → 三、（一）."""
        if not q.ordinals:
            return None
        records = self.stored.clauses.get(d.id, [])
        by_path = {r["path"]: r for r in records}

        def descend(children: list[str]) -> dict | None:
            rec = None
            for n in q.ordinals:
                if n == LAST:  # "最后一条": the last numbered item
                    nxt = [c for c in children if ref_tokens(c) and c in by_path][-1:]
                else:
                    nxt = [c for c in children if (t := ref_tokens(c)) and t[-1][1] == n and c in by_path]
                if not nxt:
                    return None
                rec = by_path[nxt[0]]
                children = rec["children"]
            return rec

        anchors = []
        for r in records:
            head = indexer.for_matching(r["heading"])
            core = re.sub(r"（[^）]*）$", "", head)
            # "创新部分（加分项）" is named by either: "加分项，最后一条".
            aside = m.group(1) if (m := re.search(r"（([^）]{2,})）$", head)) else ""
            if len(core) >= 2 and (core in q.norm or (aside and aside in q.norm) or any(a in head for a in q.anchors)):
                anchors.append((len(core), r))
        for _, r in sorted(anchors, key=lambda x: -x[0]):
            if (found := descend(r["children"])) is not None:
                return found
        if d.id not in q.doc_hints | q.named_docs or LAST in q.ordinals:
            return None  # a document's last part is _part_by_name's
        tops = [r["path"] for r in records if (t := ref_tokens(r["path"])) and len([k for k in t if k[0] != "att"]) == 1]
        return descend(tops)

    def _clause_by_path(self, q: Query, d: DocumentInfo) -> dict | None:
        records = self.stored.clauses.get(d.id, [])
        # The question as typed first: matching form drops the space that ends "附件一 二、…".
        cands = sorted(dict.fromkeys(find_paths_in_text(q.text) + find_paths_in_text(q.norm)), key=len, reverse=True)
        for c in cands:
            toks = ref_tokens(c)
            if toks and len(toks) >= 2:
                rec = find_clause(records, c)
                if rec is not None:
                    return rec
        return None

    def _date_clause(self, q: Query, d: DocumentInfo) -> dict | None:
        """"这个文件哪天印发的" (of a named document) → the clause stating its date."""
        if not DATE_QUESTION.search(q.norm) or d.id not in q.doc_hints | q.named_docs:
            return None
        return dated_record(self.stored.clauses.get(d.id, []), d.date, "印发" in q.norm)

    def _addressee_clause(self, q: Query, d: DocumentInfo) -> dict | None:
        """"这份办法是发给哪些单位的" (of a named document) → its opening, which names them."""
        if not ADDRESSEE_QUESTION.search(q.norm) or d.id not in q.doc_hints | q.named_docs:
            return None
        records = self.stored.clauses.get(d.id, [])
        return records[0] if records and records[0]["path"].startswith("（") else None

    def _basis_clause(self, q: Query, d: DocumentInfo) -> dict | None:
        """"这个办法是依据啥制定的" (of a named document) → the clause saying "根据…，制定本办法"."""
        if not BASIS_QUESTION.search(q.norm) or d.id not in q.doc_hints | q.named_docs:
            return None
        return next((r for r in self.stored.clauses.get(d.id, []) if OWN_BASIS.search(indexer.for_matching(r["text"]))), None)

    def _part_by_name(self, q: Query, d: DocumentInfo) -> dict | None:
        """"附件2是什么" → the attachment; "最后一部分讲什么" (in a named document) → its last part."""
        records = self.stored.clauses.get(d.id, [])
        by_path = self._records.get(d.id, {})
        if (m := ATTACHMENT.search(q.norm)) is not None:
            n = ordinal_value(m.group(1))
            if n is not None and f"附件{n}" in by_path:
                return by_path[f"附件{n}"]
        if LAST_PART.search(q.norm) and d.id in q.doc_hints | q.named_docs:
            tops = [r for r in records if TOP_PART.fullmatch(r["path"])]
            return tops[-1] if tops else None
        return None

    # -- listing questions: the clause that lists the items, above the items ------------------

    def _parent_of(self, p: Passage) -> str | None:
        """The clause a passage is an item of: its parent clause, or for a table row the clause
        holding the table."""
        recs = self._records.get(p.doc, {})
        if (p.doc, p.clause) in self._parent:
            return self._parent[(p.doc, p.clause)]
        if p.kind == "row":
            owners = [path for path in recs if p.clause.startswith(path + " ")]
            return max(owners, key=len) if owners else None
        return None

    def _listing(self, q: Query, top: list[Passage]) -> Passage | None:
        """"有哪几类 / 包括哪些": when several items of one clause (or rows of one table) rank near
        the top and the question names none of them, the clause listing them answers, quoted
        as its title line and its items' titles (or the rows of the group the question names)."""
        if not q.asks_items or not top:
            return None
        if (grouped := self._row_group(q, top)) is not None:
            return grouped
        lifted = self._lifted_listing(q, top)
        # "决策咨询认哪几种形式": items titled 项目内容/相关要求 are not the forms asked for; a
        # listing answers only when its items name what is listed.
        noun = listed_noun(q.listed)
        if lifted is not None and noun and not any(noun in ln for ln in lifted.listing[1:]):
            return None
        return lifted

    def _lifted_listing(self, q: Query, top: list[Passage]) -> Passage | None:
        """The clause a listing question names by its heading, or whose items rank near the top."""
        docs = (q.doc_hints | q.named_docs) or {top[0].doc}
        for doc in sorted(docs, key=lambda d: [p.doc for p in top].index(d) if d in [p.doc for p in top] else 99):
            rec = named_listing(q, self.stored.clauses.get(doc, []))
            if rec is not None:
                # Looked up by its heading, as a clause named by its number is: it answers outright.
                return self._lifted(doc, rec, 1.0, item_titles(rec, self._records[doc]))
        picked = pick_group(q, top, self._parent_of)
        if picked is not None:
            doc, parent, items = picked
            rec = self._records[doc][parent]
            if items[0].kind != "row":
                listing = item_titles(rec, self._records[doc])
            else:
                listing = group_rows(q, rec, items) or prose(rec, items[0])
            return self._lifted(doc, rec, top[0].score, listing)
        return None

    def _row_group(self, q: Query, top: list[Passage]) -> Passage | None:
        """"重点项目表里学会服务类有哪些项目": the rows of a table sharing a cell the question
        names (a merged category cell), looked up in the documents the question is about."""
        docs = q.doc_hints or {top[0].doc}
        groups: dict[tuple[str, str, str], list[Passage]] = {}
        for j in self._rows:
            c = self.chunks[j]
            if c["doc"] not in docs:
                continue
            for _h, v in c.get("fields", []):
                if category_value(v) and names_category(indexer.for_matching(v), q.norm):
                    groups.setdefault((c["doc"], c["text"].partition("｜")[0], v), []).append(self._passage(j, 0.0))
        found = [(k, v) for k, v in groups.items() if len(v) >= 2]
        if not found:
            return None
        (doc, _, _), rows = max(found, key=lambda kv: len(kv[0][2]))
        parent = self._parent_of(rows[0])
        if parent is None:
            return None
        rec = self._records[doc][parent]
        listing = group_rows(q, rec, rows)
        return self._lifted(doc, rec, top[0].score, listing) if listing else None

    def _cap_rules(self, q: Query, top: list[Passage], scores: np.ndarray) -> list[Passage]:
        """"一个学会能报两项吗": the passages of the top passage's document stating a cap on each
        applicant (申报事项: 每个学会最多可申报1项), after the retrieved ones — such a rule is stated
        once for all projects, so it seldom ranks near the project asked about."""
        if "each_cap" not in q.wants or not top:
            return []
        seen = {p.index for p in top}
        return [self._passage(j, float(scores[j])) for j, c in enumerate(self.chunks)
                if c["doc"] == top[0].doc and j not in seen and c["kind"] != "row"
                and has_evidence("each_cap", self._matching[j])]

    def _total_row(self, q: Query, top: list[Passage]) -> Passage | None:
        """"加起来一共 / 小计是多少": the total (or subtotal) row of the table whose rows rank
        first answers, not one of the rows it sums."""
        if not q.asks_total:
            return None
        # The table most of the top rows come from (its total, not another table's).
        tables = [(p.doc, p.text.partition("｜")[0]) for p in top if p.kind == "row"]
        if not tables:
            return None
        doc, table = max(tables, key=lambda t: (tables.count(t), -tables.index(t)))
        for j in self._rows:
            c = self.chunks[j]
            if c["doc"] == doc and c["text"].partition("｜")[0] == table:
                cand = self._passage(j, top[0].score)
                if is_total_row(cand):
                    return cand
        return None

    def _named_cell(self, q: Query, top: list[Passage]) -> Passage | None:
        """"学会联合体建设项目数量上限": the table row the question names by its row name and
        column header holds the asked figure — the row holding both answers, wherever it ranked."""
        best: tuple[int, int] | None = None
        for j in self._rows:
            c = self.chunks[j]
            if q.doc_hints and c["doc"] not in q.doc_hints:
                continue
            weight = row_naming(q.norm, self._row_keys[j])
            if weight and (best is None or weight > best[1]):
                best = (j, weight)
        if best is None or any(p.index == best[0] for p in top[:1]):
            return None
        return self._passage(best[0], top[0].score)

    def _lifted(self, doc: str, rec: dict, score: float, listing: list[str]) -> Passage:
        d = self._doc[doc]
        return Passage(doc=d.id, title=d.title, year=d.year, clause=rec["path"], text=rec["text"], score=score,
                       kind="clause", headings=rec["trail"], listing=listing, page=rec.get("page"))

    # -- word weights (kept for scripts; the answering steps read self.stats) -------------------

    def idf(self, token: str, unseen: float | None = None) -> float:
        return self.stats.idf(token, unseen)

    def coverage(self, q: Query, passage: Passage) -> float:
        return self.stats.coverage(q, passage)

    # -- clause look-up ------------------------------------------------------------------------

    def clause(self, doc_ref: str, path: str) -> ClauseView:
        """The clause `path` of the document `doc_ref` (a year such as 2022, or a document id)."""
        d = resolve_doc(doc_ref, self.docs)
        return lookup(d, self.stored.clauses.get(d.id, []), path)

    def documents(self) -> list[DocumentInfo]:
        return list(self.docs)


def _check_question(q: str) -> None:
    if not isinstance(q, str) or not q.strip():
        raise QuestionError("问题是空的：请输入一个问题，例如“申报一流学会要什么条件？”")
    if len(q) > MAX_QUESTION_CHARS:
        raise QuestionError(f"问题太长（{len(q)} 字）；请控制在 {MAX_QUESTION_CHARS} 字以内")
