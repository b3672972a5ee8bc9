"""`xuehui check` and `xuehui score` (owned by the eligibility work; placeholder)."""
from __future__ import annotations


def add_parsers(sub) -> None:  # noqa: ANN001
    return None
