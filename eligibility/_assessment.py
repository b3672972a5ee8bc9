"""The 2024 assessment's data (rule file model), the `xuehui score` input and its result objects."""
from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from ._ranking import Grade
from ._results import Note, _Out
from ._rules import Assumption

Component = Literal["central", "info_reporting", "performance"]     # the three parts of the total


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Cite(_Strict):
    clause: str
    quote: str


class Share(Cite):
    share: float


class Weights(_Strict):
    basic: int
    capability: int


class GradeSplit(Cite):
    split: dict[Grade, float]


class Movement(Cite):
    categories: tuple[int, ...]
    grade: Literal["A", "C"]
    share_of_grade: tuple[int, int]


class FirstClass(Cite):
    category: int
    grades: tuple[str, ...]


class NonParticipation(Cite):
    category: int
    suspended: tuple[str, ...]
    two_years_quote: str
    two_years_suspended: tuple[str, ...]


class AssessmentRules(_Strict):
    programme: str
    aliases: tuple[str, ...] = ()
    doc: str
    year: int
    title: str
    weights: dict[Literal[1, 2, 3, 4], Weights]
    weights_clause: str
    weights_quote: str
    bonus_max: int
    bonus_clause: str
    bonus_quote: str
    composition: dict[Component, Share]
    total_quote: str
    grades: GradeSplit
    promotion: Movement
    demotion: Movement
    first_class: FirstClass
    non_participation: NonParticipation
    assumptions: tuple[Assumption, ...] = ()

    def cited(self) -> list:
        items = [Cite(clause=self.weights_clause, quote=self.weights_quote),
                 Cite(clause=self.bonus_clause, quote=self.bonus_quote),
                 Cite(clause=self.composition["central"].clause, quote=self.total_quote),
                 *self.composition.values(), self.grades, self.promotion, self.demotion, self.first_class,
                 self.non_participation, *self.assumptions]
        return items + [Cite(clause=self.non_participation.clause, quote=self.non_participation.two_years_quote)]


Percent = Annotated[float, Field(ge=0, le=100)]


class Central(BaseModel):
    """年底集中考核: each part's 得分率 (0–100%) and the innovation bonus points."""

    model_config = ConfigDict(extra="forbid")

    basic: Percent | None = None
    capability: Percent | None = None
    innovation: Annotated[float, Field(ge=0, le=20)] | None = None


class ScoreInput(BaseModel):
    """A `xuehui score` file (see ../shared/examples/score-*.yaml); `targets`/`funding` are extensions."""

    model_config = ConfigDict(extra="forbid")

    year: int | None = None
    category: Literal[1, 2, 3, 4] | None = None
    participated: bool | None = None
    participated_previous_year: bool | None = None
    central: Central | None = None
    info_reporting: Percent | None = None
    performance: Percent | None = None
    peers: list[Annotated[float, Field(ge=0, le=116)]] | None = None
    targets: dict | None = None
    funding: dict | None = None


class Step(_Out):
    what: str
    value: float | None
    clause: str
    quote: str
    doc: str


class ScoreResult(_Out):
    category: int | None
    central: float | None
    total: float | None
    grade: Grade | None
    rank: int | None
    promotion: Literal["up", "down", "stay"] | None
    first_class: bool | None
    steps: list[Step]
    programme: str
    doc: str
    year: int
    next_category: int | None = None
    group_size: int | None = None
    participated: bool | None = None
    suspended: list[str] = []
    missing: list[str] = []
    notes: list[str] = []
    assumptions: list[Note] = []
    targets: dict | None = None
    funding: dict | None = None
