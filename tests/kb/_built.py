"""Built values for the answering rules' unit tests: two documents, passages and word weights
made up in the test, no corpus, no model."""
from __future__ import annotations

from indexer import DocumentInfo
from kb._query import Query, analyse
from kb._stats import CorpusStats
from kb._types import Passage

PROVINCE = DocumentInfo(id="p2022", title="2022年度省计划指南", issuer="江苏省科学技术协会", date="2022", year=2022,
                        kind="指南", region="江苏省", aliases=("计划指南",))
CITY = DocumentInfo(id="c2018", title="盐城市实施方案", issuer="盐城市科学技术协会", date="2018", year=2018,
                    kind="实施方案", region="盐城市", aliases=("盐城",))
DOCS = [PROVINCE, CITY]


def ask(question: str) -> Query:
    return analyse(question, DOCS)


def passage(text: str, doc: DocumentInfo = PROVINCE, score: float = 0.9, kind: str = "clause",
            clause: str = "一、", headings: list[str] | None = None,
            fields: list[tuple[str, str]] | None = None) -> Passage:
    return Passage(doc=doc.id, title=doc.title, year=doc.year, clause=clause, text=text, score=score, kind=kind,
                   headings=headings or [], fields=fields or [])


def stats(weights: dict[str, float] | None = None, **kw) -> CorpusStats:
    """Every word weighs 3 (distinctive) unless listed; common words are given low weights."""
    table = {"学会": 0.2, "申报": 0.3, "项目": 0.3}
    table.update(weights or {})
    return CorpusStats(idf_table=table, unseen_idf=3.0, docs=tuple(DOCS), **kw)


# A document users call by a nickname, and questions whose asking clause only names it.
TISHENG = DocumentInfo(id="p2022", title="2022年度提升学会服务能力计划项目指南", issuer="江苏省科学技术协会",
                       date="2022", year=2022, kind="指南", region="江苏省", aliases=("提升计划",))
ASKS_ONLY_BY_NAME = [
    "我们学会会员300人，去年考核C等，这样能报提升计划吗",
    "会员才300人，考核还是C等，这样能报提升计划吗",
    "我们是新成立的学会，会员不多，能申报提升计划吗",
]
