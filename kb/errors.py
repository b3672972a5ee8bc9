"""The errors the knowledge base raises; each message is fit to show a user as is.

- `QuestionError`: the question itself is unusable (empty, too long).
- `ClauseNotFound`: a clause reference names no clause; `.nearest` lists existing ones.
- `DocumentNotFound`: a document reference (year or id) matches no indexed document.
- `indexer.IndexerError` and its subclasses pass through from index building.
"""
from __future__ import annotations


class KBError(Exception):
    """Base of every error the knowledge base raises on purpose."""


class QuestionError(KBError):
    """The question is empty or otherwise unusable."""


class DocumentNotFound(KBError):
    def __init__(self, message: str, valid: list[str]) -> None:
        super().__init__(message)
        self.valid = valid


class ClauseNotFound(KBError):
    def __init__(self, message: str, nearest: list[str]) -> None:
        super().__init__(message)
        self.nearest = nearest
