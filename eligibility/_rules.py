"""The rule files of the 2022 programme kind: pydantic models, validated when loaded.

A rule file that names an unknown project, profile field or condition kind fails at load with a
`RuleFileError`, never at evaluation time.
"""
from __future__ import annotations

from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from .errors import RuleFileError

RULES_DIR = Path(__file__).resolve().parent / "rules"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Cited(_Strict):
    """Anything that carries a clause and a verbatim quote; `doc`/`year` default to the file's."""

    clause: str
    quote: str
    doc: str = ""
    year: int = 0


class Condition(_Strict):
    kind: Literal["is_true", "one_of", "grade_at_least", "grade_at_most", "level_at_least",
                  "count_at_least", "not_funded_in_years", "not_funded_in_all_years",
                  "no_failed_same_category"]
    field: str | None = None
    value: str | int | None = None
    values: tuple[str, ...] = ()
    project: str | None = None
    years: tuple[int, ...] = ()

    @model_validator(mode="after")
    def _complete(self) -> Condition:
        funded = self.kind.startswith("not_funded")
        if funded and not (self.project and self.years):
            raise ValueError(f"{self.kind} needs project and years")
        if self.kind == "no_failed_same_category":
            if not self.years:
                raise ValueError(f"{self.kind} needs years")
            return self
        if not funded and not self.field:
            raise ValueError(f"{self.kind} needs field")
        if self.kind == "one_of" and not self.values:
            raise ValueError("one_of needs values")
        if self.kind not in ("is_true", "one_of") and not funded and self.value is None:
            raise ValueError(f"{self.kind} needs value")
        return self


class ProfileRule(Cited):
    id: str
    label: str = ""                     # Chinese name shown to users (the id stays in --json)
    condition: Condition
    projects: tuple[str, ...] = ()      # project rules: the projects it applies to
    only: tuple[str, ...] = ()          # general rules: restrict to these projects
    except_: tuple[str, ...] = Field((), alias="except")


class OtherRequirement(Cited):
    projects: tuple[str, ...]
    kind: Literal["认定后考核", "实施要求", "评审审查"]


class Override(_Strict):
    rule: str
    between: tuple[str, str]
    why: str


class SeeAlso(_Strict):
    clause: str
    quote: str


class PlanRule(Cited):
    id: str
    label: str = ""
    kind: Literal["mutually_exclusive_groups", "at_most_one_per_group", "at_most_n_of", "requires_one_of"]
    groups: dict[str, tuple[str, ...]] = {}
    projects: tuple[str, ...] = ()
    n: int = 1
    if_applied: str | None = None
    one_of: tuple[str, ...] = ()
    unless_applied: tuple[str, ...] = ()
    overrides: tuple[Override, ...] = ()
    see_also: tuple[SeeAlso, ...] = ()


class Assumption(Cited):
    id: str
    text: str
    # What the reading affects: rule ids, target ids, funded rows or score topics. A result prints the
    # readings that touched it; () means it always applies.
    applies_to: tuple[str, ...] = ()


class Project(_Strict):
    name: str
    category: str
    clause: str
    group: str | None = None
    aliases: tuple[str, ...] = ()


class ProgrammeRules(_Strict):
    programme: str
    aliases: tuple[str, ...] = ()
    doc: str
    year: int
    title: str
    groups: dict[str, tuple[str, ...]] = {}
    projects: tuple[Project, ...]
    general_rules: tuple[ProfileRule, ...]
    project_rules: tuple[ProfileRule, ...]
    other_requirements: tuple[OtherRequirement, ...] = ()
    plan_rules: tuple[PlanRule, ...] = ()
    assumptions: tuple[Assumption, ...] = ()

    @property
    def project_names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.projects)

    def cited(self) -> list[Cited | SeeAlso]:
        """Every quoted item of the file, for the verbatim-quote test."""
        items: list = [*self.general_rules, *self.project_rules, *self.other_requirements,
                       *self.plan_rules, *self.assumptions]
        return items + [s for r in self.plan_rules for s in r.see_also]


def read_yaml(path: Path) -> dict:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as e:
        raise RuleFileError(str(path), str(e)) from e


def stamp(raw: dict, keys: tuple[str, ...]) -> dict:
    """Give every cited item under `keys` the file's doc and year unless it has its own."""
    for key in keys:
        for item in raw.get(key) or ():
            item.setdefault("doc", raw["doc"])
            item.setdefault("year", raw["year"])
    return raw


def parse(model: type[BaseModel], path: Path, raw: dict) -> BaseModel:
    try:
        return model.model_validate(raw)
    except ValidationError as e:
        raise RuleFileError(path.name, str(e)) from e
