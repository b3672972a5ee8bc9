"""The 2024 assessment's data (rule file model), the `xuehui score` input and its result objects."""
from __future__ import annotations

from fractions import Fraction
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, JsonValue

from ._ranking import Grade, exact
from ._results import Note, _Out
from ._rules import Assumption
from ._types import Category, Number, YesNo, number_list, upper

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


class Striving(Cite):
    categories: tuple[int, ...]


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
    striving: Striving
    non_participation: NonParticipation
    assumptions: tuple[Assumption, ...] = ()

    def cited(self) -> list:
        items = [Cite(clause=self.weights_clause, quote=self.weights_quote),
                 Cite(clause=self.bonus_clause, quote=self.bonus_quote),
                 Cite(clause=self.composition["central"].clause, quote=self.total_quote),
                 *self.composition.values(), self.grades, self.promotion, self.demotion, self.first_class,
                 self.striving, self.non_participation, *self.assumptions]
        return items + [Cite(clause=self.non_participation.clause, quote=self.non_participation.two_years_quote)]


def max_total(r: AssessmentRules) -> Fraction:
    """The highest possible total: every part at 100 and the whole bonus (read from the rule file)."""
    central = 100 + r.bonus_max
    return sum((exact(c.share) * (central if key == "central" else 100) for key, c in r.composition.items()),
               Fraction(0))


Percent = Annotated[Number, Field(le=100)]
CATEGORY_CHOICES: list[JsonValue] = [["一类", "1"], ["二类", "2"], ["三类", "3"], ["四类", "4"]]


class Central(BaseModel):
    """年底集中考核: each part's 得分率 (0–100%) and the innovation bonus points (capped by the rule file)."""

    model_config = ConfigDict(extra="forbid")

    basic: Percent | None = Field(
        default=None, title="基础部分得分率", description="年底集中考核基础部分的得分率（得分占本类别基础分值的百分比）",
        json_schema_extra={"aliases": ["基础部分", "基础部分得分率", "基础"], "unit": "%"})
    capability: Percent | None = Field(
        default=None, title="能力部分得分率", description="年底集中考核能力部分的得分率（得分占本类别能力分值的百分比）",
        json_schema_extra={"aliases": ["能力部分", "能力部分得分率", "能力"], "unit": "%"})
    innovation: Number | None = Field(
        default=None, title="创新部分附加分", description="年底集中考核创新部分（加分项）的得分",
        json_schema_extra={"aliases": ["创新部分", "创新部分附加分", "附加分", "创新"], "unit": "分"})


class Previous(BaseModel):
    """Last year's result (for the 争先进位 comparison): category and grade."""

    model_config = ConfigDict(extra="forbid")

    category: Category | None = Field(default=None, title="上年考核类别", json_schema_extra={"aliases": ["类别"]})
    grade: Annotated[Literal["A", "B", "C"], BeforeValidator(upper)] | None = Field(
        default=None, title="上年考核等次", json_schema_extra={"aliases": ["等次", "等级"]})


class ScoreInput(BaseModel):
    """A `xuehui score` file (see examples/score-*.yaml); `targets`/`funding` are extensions."""

    model_config = ConfigDict(extra="forbid")

    year: int | None = Field(default=None, title="考核年度", json_schema_extra={"aliases": ["年度", "考核年度"]})
    category: Category | None = Field(
        default=None, title="学会类别", description="本会参加考核的类别（一类最高）",
        json_schema_extra={"aliases": ["类别", "学会类别"], "kind": "choice", "choices": CATEGORY_CHOICES})
    participated: YesNo | None = Field(
        default=None, title="参加了当年度考核", description="本会是否参加了当年度高质量发展考核",
        json_schema_extra={"aliases": ["参加考核", "是否参加考核"]})
    participated_previous_year: YesNo | None = Field(
        default=None, title="参加了上一年度考核", description="本会是否参加了上一年度考核（连续2年不参加另有处理）",
        json_schema_extra={"aliases": ["上年参加考核", "上一年度参加考核"]})
    central: Central | None = Field(default=None, title="年底集中考核", json_schema_extra={"aliases": ["集中考核"]})
    info_reporting: Percent | None = Field(
        default=None, title="学会网信息报送考核得分", description="学会网信息报送考核的百分制得分",
        json_schema_extra={"aliases": ["信息报送", "信息报送考核"], "unit": "分"})
    performance: Percent | None = Field(
        default=None, title="工作开展与综合表现考核得分", description="分支机构履职、参加省科协重大活动表现等的百分制得分",
        json_schema_extra={"aliases": ["综合表现", "综合表现考核"], "unit": "分"})
    peers: Annotated[list[Number], BeforeValidator(number_list)] | None = Field(
        default=None, title="同类别其他学会的总分", description="同类别其他参加考核学会的年度考核总分（排名次、定等级用）",
        json_schema_extra={"aliases": ["同类别学会得分", "其他学会得分"], "unit": "分"})
    previous: Previous | None = Field(default=None, title="上年考核结果",
                                      json_schema_extra={"aliases": ["上年考核", "上年考核结果", "上年"]})
    targets: dict | None = Field(default=None, json_schema_extra={"aliases": ["工作指南指标", "量化指标"]})
    funding: dict | None = Field(default=None, json_schema_extra={"aliases": ["资助", "资助标准"]})
    tasks: dict | None = Field(default=None, json_schema_extra={"aliases": ["任务", "任务分解", "重点任务"]})


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
    striving: dict | None = None
    missing: list[str] = []
    notes: list[str] = []
    assumptions: list[Note] = []
    assumptions_used: list[str] = []
    headline: str = ""
    targets: dict | None = None
    funding: dict | None = None
    tasks: dict | None = None
