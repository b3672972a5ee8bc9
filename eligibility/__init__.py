"""eligibility: the programmes' rules as dated data files, and a small engine that cites every verdict.

Public API (the bot calls these directly; the CLI `xuehui check` / `xuehui score` prints them):

- `check(data) -> CheckResult`: a profile and a plan against a programme (2022提升计划).
- `score(data) -> ScoreResult`: the 2024 assessment estimate (with optional `targets:`/`funding:`).
- `targets(data, category=None) -> TargetsResult`: 2023 工作指南 quantitative targets met / not met.
- `yancheng_funding(data) -> FundingResult`: the 2018 盐城 资助标准 computed.
- `tasks(data) -> TasksResult`: a unit's row of the 2018 盐城 任务分解表 (附件1), met / not met.
- `projects(programme=None)`, `funding_projects()`: what can be applied for, in table order.
- `profile_fields(programme, projects)`, `score_fields()`, `target_fields()`, `task_fields(unit)`: the input fields the
  rules need, in interview order, with Chinese labels, kinds, choices, bounds, help and the citing rule.
- `check_template(programme) -> str`: a commented, empty `xuehui check` YAML file built from the catalogue.
- `load_input(path) -> dict`: read a YAML/JSON input file (errors are `InputError` on `FILE`).
- `rule_files()`: every loaded rule file (for tests and documentation).

Every result has `.to_json()` giving the contract's JSON (../shared/CONTRACT.md), deterministic.
Errors: see `eligibility.errors`.
"""
from ._assessment import ScoreResult, Step
from ._catalog import all_rules
from ._check import check, projects
from ._fields import FieldSpec, profile_fields, score_fields, target_fields, task_fields
from ._funding import FundingResult, funding_projects, yancheng_funding
from ._results import CheckResult, Conflict, Note, ProjectResult, Reason, Requirement
from ._score import score
from ._targets import TargetResult, TargetsResult, targets
from ._tasks import TasksResult, task_units, tasks
from ._template import check_template
from ._validate import load_input
from .errors import EligibilityError, InputError, RuleFileError


def rule_files() -> dict[str, tuple]:
    """The loaded rule files by kind (eligibility, assessment, targets, funding, tasks)."""
    return {kind: all_rules(kind) for kind in ("eligibility", "assessment", "targets", "funding", "tasks")}


__all__ = [
    "CheckResult",
    "Conflict",
    "EligibilityError",
    "FieldSpec",
    "FundingResult",
    "InputError",
    "Note",
    "ProjectResult",
    "Reason",
    "Requirement",
    "RuleFileError",
    "ScoreResult",
    "Step",
    "TargetResult",
    "TargetsResult",
    "TasksResult",
    "check",
    "check_template",
    "funding_projects",
    "load_input",
    "profile_fields",
    "projects",
    "rule_files",
    "score",
    "score_fields",
    "target_fields",
    "targets",
    "task_fields",
    "task_units",
    "tasks",
    "yancheng_funding",
]
