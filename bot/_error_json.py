"""The one error object every machine-readable front-end gives: `{"error": {"code", "message", "field", …}}`.

The web API answers with it (bot/_web_errors.py), the CLI's `--json` modes print it on standard output
and `ask --jsonl` writes it as the line of a bad input line. `message` is the Chinese text a person
reads; `field` names what is wrong (`question`, `path`, `society.capability_grade`, `apply[0]`) or is
null; extra keys list what is valid (`valid`, `closest`, `nearest`).
"""
from __future__ import annotations

import eligibility
import kb


def error_object(code: str, message: str, field: str | None = None, **extra: object) -> dict:
    return {"error": {"code": code, "message": message, "field": field, **extra}}


def input_error(e: eligibility.InputError) -> dict:
    """An eligibility input problem: the (first) field, its valid values and closest match, and `errors`: all of them."""
    return e.to_json()


def kb_error(e: kb.KBError, *, doc_field: str = "doc", path_field: str = "path") -> dict:
    """A knowledge-base refusal: unknown document or clause (with what exists), or an unusable question."""
    if isinstance(e, kb.DocumentNotFound):
        return error_object("doc_not_found", str(e), doc_field, valid=list(e.valid))
    if isinstance(e, kb.ClauseNotFound):
        return error_object("clause_not_found", str(e), path_field, nearest=list(e.nearest))
    if isinstance(e, kb.QuestionError):
        return error_object("invalid_input", str(e), "question")
    return error_object("kb_error", str(e))


__all__ = ["error_object", "input_error", "kb_error"]
