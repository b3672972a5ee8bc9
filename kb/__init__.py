"""kb: answers questions over the indexed documents, citing clauses verbatim, or says it cannot.

    from kb import KnowledgeBase
    kb = KnowledgeBase.open()            # builds the bundled corpus's index on first use
    ans = kb.ask("申报一流学会要什么条件？")
    ans.to_json()                        # the contract's JSON (../shared/CONTRACT.md)
    kb.clause("2022", "三、（一）1.（2）")
"""
from ._answer import SUGGEST_CHECK
from ._kb import MAX_QUESTION_CHARS, KnowledgeBase
from ._retrieve import Fusion
from ._settings import KBSettings
from ._types import Answer, ClauseView, Passage
from .errors import ClauseNotFound, DocumentNotFound, KBError, QuestionError

__all__ = [
    "Answer",
    "ClauseNotFound",
    "ClauseView",
    "DocumentNotFound",
    "Fusion",
    "KBError",
    "KBSettings",
    "KnowledgeBase",
    "MAX_QUESTION_CHARS",
    "Passage",
    "QuestionError",
    "SUGGEST_CHECK",
]
