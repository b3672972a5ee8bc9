"""Result objects of `check`: pydantic models whose `to_json()` is the contract's JSON (plus extensions).

Field order follows ../shared/CONTRACT.md; fields after the contract's are extensions.
"""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

Status = Literal["pass", "fail", "unknown"]                  # one rule's outcome
Verdict = Literal["eligible", "ineligible", "needs_info"]    # one project's outcome
State = Literal["ok", "needs_info", "blocked", "survey"]     # the whole check's outcome


class _Out(BaseModel):
    def to_json(self) -> dict:
        """The JSON-ready dict (contract shape, deterministic order)."""
        return self.model_dump(mode="json")


class Reason(_Out):
    rule: str
    status: Status
    message: str
    clause: str
    quote: str
    doc: str
    year: int
    label: str = ""          # the rule's Chinese name


class Requirement(_Out):
    """A requirement the profile cannot decide (after approval, or judged by reviewers)."""

    kind: str
    clause: str
    quote: str


class ProjectResult(_Out):
    project: str
    verdict: Verdict
    reasons: list[Reason]
    missing: list[str] = []
    other_requirements: list[Requirement] = []


class Conflict(_Out):
    rule: str
    projects: list[str]
    message: str
    clause: str
    quote: str
    doc: str
    year: int
    label: str = ""


class Hint(_Out):
    """What an ineligible project does to the rest of the plan: the conflict left once it is dropped."""

    because: list[str]       # the ineligible projects dropped
    conflict: Conflict
    message: str


class Blocker(_Out):
    """One thing that makes the plan 不可行: a failed rule of a project, or a plan conflict."""

    projects: list[str]
    rule: str
    label: str
    clause: str
    quote: str
    message: str


class Summary(_Out):
    """Without `apply`: which sub-projects are open, closed (and why), or need facts."""

    eligible: list[str]
    ineligible: dict[str, list[str]]        # project → the labels of the rules it fails
    needs_info: dict[str, list[str]]        # project → the missing fields


class Note(_Out):
    """A reading the rules had to choose, with the clause it concerns and why."""

    id: str
    clause: str
    quote: str
    text: str


class CheckResult(_Out):
    programme: str
    plan_ok: bool
    projects: list[ProjectResult]
    conflicts: list[Conflict]
    doc: str
    title: str
    plan: list[str]
    notes: list[str] = []
    assumptions: list[Note] = []
    # outcome: ok | needs_info | blocked (a plan was given) or survey (no apply); headline says it in Chinese.
    outcome: State = "ok"
    headline: str = ""
    blocking: list[Blocker] = []
    hints: list[Hint] = []
    summary: Summary | None = None
    assumptions_used: list[str] = []         # ids of the assumptions that touched this result

    def project(self, name: str) -> ProjectResult:
        """The result for one project of the plan (KeyError if it was not checked)."""
        for p in self.projects:
            if p.project == name:
                return p
        raise KeyError(name)
