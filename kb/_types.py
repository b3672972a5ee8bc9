"""What the knowledge base returns: passages and answers, with the contract's JSON shapes."""
from __future__ import annotations

from dataclasses import dataclass, field

from indexer import row_reading


@dataclass
class Passage:
    """A retrieved passage: a chunk (or a whole clause looked up by reference) and its score."""

    doc: str
    title: str
    year: int | None
    clause: str
    text: str
    score: float
    kind: str = "clause"
    headings: list[str] = field(default_factory=list)
    index: int = -1  # position among the index's chunks; -1 for a looked-up clause
    fields: list[tuple[str, str]] = field(default_factory=list)  # a table row's (header, cell) pairs
    # A listing clause lifted above its items: the verbatim lines that enumerate them (its title
    # line and each item's title, or the table rows of the asked group), quoted instead of an excerpt.
    listing: list[str] = field(default_factory=list)
    page: int | None = None  # the page it starts on, for a paged document (PDF)

    @property
    def reading(self) -> str:
        """The text without a table row's verbatim cells (`indexer.VERBATIM`): what is quoted."""
        return row_reading(self.text) if self.kind == "row" else self.text

    def to_json(self) -> dict:
        out: dict = {
            "doc": self.doc,
            "title": self.title,
            "clause": self.clause,
            "text": self.text,
            "score": round(float(self.score), 4),
            "year": self.year,
            "kind": self.kind,
            "headings": self.headings,
        }
        if self.page is not None:
            out["page"] = self.page  # an extra key: the contract's shape is extended, never changed
        return out


@dataclass
class Answer:
    """An answer: text with [n] markers into `citations`, or a plain refusal (`abstained`)."""

    question: str
    answer: str
    abstained: bool
    citations: list[Passage]
    retrieved: list[Passage]
    reason: str = ""
    # A next step the front-end offers under the answer: "check" = the user's own case can be checked
    # item by item (CLI: `xuehui check`; chat: /check). A flag, not text, so each front-end words it.
    suggest: str | None = None

    def to_json(self, id: str | None = None) -> dict:
        out: dict = {} if id is None else {"id": id}
        out.update(
            {
                "question": self.question,
                "answer": self.answer,
                "abstained": self.abstained,
                "citations": [p.to_json() for p in self.citations],
                "retrieved": [p.to_json() for p in self.retrieved],
            }
        )
        if self.reason:
            out["reason"] = self.reason
        if self.suggest:
            out["suggest"] = self.suggest
        return out


@dataclass
class ClauseView:
    """A clause looked up by reference: its whole text, heading path and children."""

    doc: str
    title: str
    clause: str
    headings: list[str]
    text: str
    children: list[dict]
    page: int | None = None  # the page the clause starts on, for a paged document (PDF)

    def to_json(self) -> dict:
        out: dict = {
            "doc": self.doc,
            "title": self.title,
            "clause": self.clause,
            "headings": self.headings,
            "text": self.text,
            "children": self.children,
        }
        if self.page is not None:
            out["page"] = self.page
        return out
