"""`xuehui check --template PROGRAMME`: a commented input file built from the field catalogue.

Every field the programme's rules need, each with its Chinese label, meaning, valid values and the
clause that needs it; values are left empty (null = 不知道), so the template as printed already
checks (every verdict "needs_info"), and filling it in needs no other documentation.
"""
from __future__ import annotations

import json

from ._catalog import select
from ._fields import FieldSpec, profile_fields
from ._rules import ProgrammeRules


def _comment(spec: FieldSpec, indent: str) -> list[str]:
    lines = [f"{indent}# {spec.label}：{spec.help}"]
    if spec.aliases:
        lines.append(f"{indent}#   也可写作：{'、'.join(spec.aliases)}")
    lines.append(f"{indent}#   依据：{spec.clause}“{spec.quote}”")
    return lines


def _scalar(value: object) -> str:
    return "null" if value is None else json.dumps(value, ensure_ascii=False)


def check_template(programme: str = "2022提升计划") -> str:
    """The YAML text of an empty `xuehui check` file for a programme, every line commented."""
    rules: ProgrammeRules = select("eligibility", programme)
    specs = profile_fields(rules.programme)
    out = [f"# 《{rules.title}》申报资格核对：填好后运行 xuehui check 本文件",
           "# 不知道的项保持 null（或删掉）：需要它的规则结论为“需补充信息”，不会被猜测。",
           "# 是/否 可写 true/false 或 是/否；数字可加引号。", "",
           f"programme: {rules.programme}", "", "society:", "  # 学会名称（只用于显示）", "  name: null"]
    by_year: dict[str, list[FieldSpec]] = {}
    for spec in specs:
        parts = spec.name.split(".")
        if len(parts) == 3:                      # society.funded.2021: grouped under its field
            by_year.setdefault(parts[1], []).append(spec)
            continue
        out += [""] + _comment(spec, "  ") + [f"  {parts[1]}: null"]
    for field, years in by_year.items():
        out += ["", f"  {field}:"]
        for spec in sorted(years, key=lambda s: s.name, reverse=True):
            out += _comment(spec, "    ") + [f"    {spec.name.split('.')[2]}: null    # 例：[] 表示当年没有"]
    names = "、".join(rules.project_names)
    out += ["", "# 拟申报子项目（项目表中的名称；别名、繁体也可）。留空则逐一核对全部子项目“我们能报哪些”。",
            f"# 可选：{names}", "apply: []", ""]
    return "\n".join(out)
