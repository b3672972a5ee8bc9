"""The applicant's profile (`society:` of a `xuehui check` file) and the check input around it.

Every field is optional: a rule that needs a missing field is `unknown`, never guessed.
"""
from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, JsonValue

from ._types import Count, YesNo, upper

GRADES = ("A", "B", "C", "D")
ORG_TYPES = ("provincial_society", "affiliated_institution", "other")

ORG_TYPE_LABELS = {
    "provincial_society": "省科协所属省级学会",
    "affiliated_institution": "省科协直属事业单位",
    "other": "其他单位",
}

LEVEL_CHOICES: list[JsonValue] = [["未评估", "0"]]
LEVEL_CHOICES += [[f"{n}A级", str(n)] for n in range(1, 6)]


def _level(v: object) -> object:
    """Accept "4A" / "4a" / "AAAA" for 4: staff write 评估等级 as they read it."""
    if isinstance(v, str):
        s = v.strip().upper()
        if m := re.fullmatch(r"([0-5])A?", s):
            return int(m.group(1))
        if s and set(s) == {"A"} and len(s) <= 5:
            return len(s)
    return v


def _known_years(v: object) -> object:
    """A year left empty (null, 不知道) is simply not known: dropped, not an error."""
    if isinstance(v, dict):
        return {k: _name_list(x) for k, x in v.items() if x is not None}
    return v


def _name_list(v: object) -> object:
    """"标准制定、科技评估" (one line, as people write a list) → a list of names."""
    if isinstance(v, str):
        return [x for x in re.split(r"[、，,；;\s]+", v) if x]
    return v


class Society(BaseModel):
    """What the guide's conditions ask about an applicant.

    `title` is the Chinese label an interview asks; `description` the one-line help; the
    `json_schema_extra` keys are read by `profile_fields`: `aliases` (Chinese names accepted in an input
    file, in the guide's own words), `choices` ((label, value) pairs of a closed list) and `kind`
    when the annotation alone does not say it.
    """

    model_config = ConfigDict(extra="forbid")

    # `default=` by keyword: type checkers read only a keyword default as optional (dataclass_transform),
    # and `Society()` must type-check as CheckInput's default_factory.
    name: str | None = Field(
        default=None, title="学会名称", description="申报单位全称，只用于显示",
        json_schema_extra={"aliases": ["学会名称", "名称", "学会"]})
    org_type: Literal["provincial_society", "affiliated_institution", "other"] | None = Field(
        default=None, title="申报主体类型",
        description="省科协所属省级学会，或省科协直属事业单位（只能申报问道科学沙龙）",
        json_schema_extra={"aliases": ["申报主体", "申报主体类型", "单位类型"],
                           "choices": [[v, k] for k, v in ORG_TYPE_LABELS.items()]})
    took_capability_evaluation: YesNo | None = Field(
        default=None, title="上一年度已参加省科协学会综合能力评价",
        description="上一年度是否参加了省科协组织的学会综合能力评价",
        json_schema_extra={"aliases": ["参加综合能力评价", "已参加综合能力评价", "综合能力评价"]})
    annual_inspection_passed: YesNo | None = Field(
        default=None, title="上一年度省民政厅年检合格",
        description="上一年度是否参加了省民政厅年检且年检合格",
        json_schema_extra={"aliases": ["年检合格", "年检"]})
    capability_grade: Annotated[Literal["A", "B", "C", "D"], BeforeValidator(upper)] | None = Field(
        default=None, title="上一年度综合能力评价等级",
        description="省科协上一年度学会综合能力评价的等级，A 最高；小写 a–d 也可",
        json_schema_extra={"aliases": ["等级", "综合能力评价等级", "评价等级"],
                           "choices": [[f"{g}等", g] for g in GRADES]})
    assessment_level: Annotated[int, BeforeValidator(_level), Field(ge=0, le=5)] | None = Field(
        default=None, title="社会组织评估等级",
        description="民政部门社会组织评估等级（nA 级），写 4、“4A”或“AAAA”；未评估写 0",
        json_schema_extra={"aliases": ["评估等级", "社会组织评估等级"], "kind": "choice",
                           "choices": LEVEL_CHOICES})
    integrity_clean: YesNo | None = Field(
        default=None, title="诚信记录良好、无弄虚作假和违规使用资金",
        description="往年实施“提升计划”项目过程中无弄虚作假、违规使用项目资金等不良行为",
        json_schema_extra={"aliases": ["诚信", "诚信记录良好", "诚信记录"]})
    has_fulltime_staff: YesNo | None = Field(
        default=None, title="秘书处有专职化工作人员",
        description="秘书处有社会招聘或劳务派遣的专职化工作人员",
        json_schema_extra={"aliases": ["专职人员", "专职化工作人员", "有专职人员"]})
    hosts_cn_journal: YesNo | None = Field(
        default=None, title="主办具有CN刊号的科技期刊",
        description="是公开发行、具有CN刊号的科技期刊的主办单位",
        json_schema_extra={"aliases": ["CN刊号", "主办期刊", "期刊"]})
    award_registered: YesNo | None = Field(
        default=None, title="自设科技奖项已在省科学技术行政部门报备",
        description="学会设立的科技奖项已在省科学技术行政部门报备",
        json_schema_extra={"aliases": ["奖项报备", "奖项已报备", "报备"]})
    medical_experts: Count | None = Field(
        default=None, title="可组织的医学专家人数", description="学会建有的医学专家队伍人数（整数）",
        json_schema_extra={"aliases": ["医学专家", "医学专家人数", "专家人数"], "unit": "人"})
    funded: Annotated[dict[Annotated[int, Field(ge=2000, le=2100)], list[str]], BeforeValidator(_known_years)] | None = Field(
        default=None, title="“提升计划”立项或认定的子项目",
        description="按年份列出当年获得立项或认定的子项目；当年没有请写空列表 []，未写的年份按“未知”处理",
        json_schema_extra={"aliases": ["往年立项", "立项", "已立项", "往年立项项目"], "kind": "funded"})
    failed: Annotated[dict[Annotated[int, Field(ge=2000, le=2100)], list[str]], BeforeValidator(_known_years)] | None = Field(
        default=None, title="考核不合格（取消资助）的“提升计划”项目",
        description="按立项年份列出年末验收考核不合格、被取消资助的子项目；没有请写空列表 []",
        json_schema_extra={"aliases": ["考核不合格", "考核不合格项目", "取消资助"], "kind": "funded"})


class CheckInput(BaseModel):
    """A `xuehui check` file: the programme, the applicant and its plan."""

    model_config = ConfigDict(extra="forbid")

    programme: str | None = Field(default=None, title="申报计划", json_schema_extra={"aliases": ["计划", "年度计划"]})
    society: Annotated[Society, BeforeValidator(lambda v: {} if v is None else v)] = Field(
        default_factory=Society, title="学会情况",
                             json_schema_extra={"aliases": ["学会", "学会信息", "申报单位"]})
    apply: Annotated[list[str], BeforeValidator(_name_list)] | None = Field(
        default=None, title="拟申报子项目",
        json_schema_extra={"aliases": ["申报", "拟申报", "申报项目", "拟申报项目", "子项目"]})


def label(field: str) -> str:
    """The Chinese name of a profile field, for messages."""
    info = Society.model_fields.get(field)
    return (info.title if info and info.title else field)
