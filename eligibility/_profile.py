"""The applicant's profile (`society:` of a `xuehui check` file) and the check input around it.

Every field is optional: a rule that needs a missing field is `unknown`, never guessed.
"""
from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

GRADES = ("A", "B", "C", "D")
ORG_TYPES = ("provincial_society", "affiliated_institution", "other")

ORG_TYPE_LABELS = {
    "provincial_society": "省科协所属省级学会",
    "affiliated_institution": "省科协直属事业单位",
    "other": "其他单位",
}


def _level(v: object) -> object:
    """Accept "4A" / "4a" / "AAAA" for 4: staff write 评估等级 as they read it."""
    if isinstance(v, str):
        s = v.strip().upper()
        if m := re.fullmatch(r"([0-5])A?", s):
            return int(m.group(1))
        if s and set(s) == {"A"} and len(s) <= 5:
            return len(s)
    return v


class Society(BaseModel):
    """What the guide's conditions ask about an applicant."""

    model_config = ConfigDict(extra="forbid")

    # `default=` by keyword: type checkers read only a keyword default as optional (dataclass_transform),
    # and `Society()` must type-check as CheckInput's default_factory.
    name: str | None = Field(default=None, title="学会名称")
    org_type: Literal["provincial_society", "affiliated_institution", "other"] | None = Field(
        default=None, title="申报主体类型")
    took_capability_evaluation: bool | None = Field(default=None, title="上一年度已参加省科协学会综合能力评价")
    annual_inspection_passed: bool | None = Field(default=None, title="上一年度省民政厅年检合格")
    capability_grade: Literal["A", "B", "C", "D"] | None = Field(default=None, title="上一年度综合能力评价等级")
    assessment_level: Annotated[int, BeforeValidator(_level), Field(ge=0, le=5)] | None = Field(
        default=None, title="社会组织评估等级")
    integrity_clean: bool | None = Field(default=None, title="诚信记录良好、无弄虚作假和违规使用资金")
    has_fulltime_staff: bool | None = Field(default=None, title="秘书处有专职化工作人员")
    hosts_cn_journal: bool | None = Field(default=None, title="主办具有CN刊号的科技期刊")
    award_registered: bool | None = Field(default=None, title="自设科技奖项已在省科学技术行政部门报备")
    medical_experts: Annotated[int, Field(ge=0)] | None = Field(default=None, title="可组织的医学专家人数")
    funded: dict[Annotated[int, Field(ge=2000, le=2100)], list[str]] | None = Field(
        default=None, title="往年“提升计划”立项或认定的子项目（按年份）")


class CheckInput(BaseModel):
    """A `xuehui check` file: the programme, the applicant and its plan."""

    model_config = ConfigDict(extra="forbid")

    programme: str | None = None
    society: Society = Field(default_factory=Society)
    apply: list[str] | None = None


def label(field: str) -> str:
    """The Chinese name of a profile field, for messages."""
    info = Society.model_fields.get(field)
    return (info.title if info and info.title else field)
