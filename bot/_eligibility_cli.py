"""`xuehui check FILE` and `xuehui score FILE`: thin wrappers over `eligibility`, tables for people, JSON for programs.

Input errors (unknown project or field, value out of range, unreadable file) print one Chinese
message on stderr naming the field, the valid values and the closest match, and exit 2.
"""
from __future__ import annotations

import json
import sys

from rich.console import Console
from rich.table import Table
from rich.text import Text

import eligibility

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2

_STATUS = {"pass": ("✓ 通过", "green"), "fail": ("✗ 不符合", "red"), "unknown": ("? 缺信息", "yellow"),
           "met": ("✓ 达到", "green"), "not_met": ("✗ 未达到", "red")}
_VERDICT = {"eligible": ("可以申报", "green"), "ineligible": ("不符合申报条件", "red"),
            "needs_info": ("需补充信息后才能判断", "yellow")}
_MOVE = {"up": "拟升入上一类", "down": "拟降入下一类", "stay": "类别不变", None: "无法判断（缺少 peers 或得分）"}


def add_parsers(sub) -> None:  # noqa: ANN001
    c = sub.add_parser("check", help="申报资格核对：学会情况 + 拟申报子项目 → 逐条规则的结论与条款原文")
    c.add_argument("file", metavar="FILE", help="YAML 或 JSON 输入（见 ../shared/examples/eligibility-*.yaml）")
    c.add_argument("--json", action="store_true", help="输出 CONTRACT.md 规定的 JSON")
    c.set_defaults(handler=cmd_check)
    s = sub.add_parser("score", help="高质量发展考核得分估算（可含 targets: 工作指南指标、funding: 盐城资助标准）")
    s.add_argument("file", metavar="FILE", help="YAML 或 JSON 输入（见 ../shared/examples/score-*.yaml）")
    s.add_argument("--json", action="store_true", help="输出 CONTRACT.md 规定的 JSON")
    s.set_defaults(handler=cmd_score)


def _run(args, compute, render) -> int:  # noqa: ANN001
    try:
        result = compute(eligibility.load_input(args.file))
    except eligibility.InputError as e:
        sys.stderr.write(f"xuehui: {e.describe()}\n")
        return EXIT_USAGE
    except eligibility.RuleFileError as e:
        sys.stderr.write(f"xuehui: {e}\n")
        return EXIT_FAIL
    if args.json:
        sys.stdout.write(json.dumps(result.to_json(), ensure_ascii=False) + "\n")
    else:
        render(Console(highlight=False), result)
    return EXIT_OK


def cmd_check(args) -> int:  # noqa: ANN001
    return _run(args, eligibility.check, render_check)


def cmd_score(args) -> int:  # noqa: ANN001
    return _run(args, eligibility.score, render_score)


def _status(s: str) -> Text:
    text, style = _STATUS[s]
    return Text(text, style=style)


def _table(title: str, *cols: str, ids: bool = True) -> Table:
    """A table; with `ids`, the first column (rule or target ids) is never wrapped mid-id."""
    t = Table(title=title, title_justify="left", show_lines=True)
    for i, c in enumerate(cols):
        t.add_column(c, overflow="fold", no_wrap=ids and i == 0)
    return t


def _shared_reasons(projects: list) -> list:  # noqa: ANN001
    """Reasons identical in every project (the general conditions, usually): shown once."""
    if len(projects) < 2:
        return []
    first = projects[0].reasons
    return [x for x in first if all(any(y == x for y in p.reasons) for p in projects[1:])]


def render_check(out: Console, r) -> None:  # noqa: ANN001
    out.print(Text(f"《{r.title}》  拟申报：{'、'.join(r.plan) or '（未给出，逐一核对全部子项目）'}", style="bold"))
    shared = _shared_reasons(r.projects)
    if shared:
        t = _table("通用资格条件（对下列每个子项目都适用）", "规则", "结果", "条款", "原文", "说明")
        for x in shared:
            t.add_row(x.rule, _status(x.status), x.clause, x.quote, x.message)
        out.print(t)
    for p in r.projects:
        text, style = _VERDICT[p.verdict]
        missing = f"（缺：{'、'.join(p.missing)}）" if p.missing else ""
        own = [x for x in p.reasons if x not in shared]
        if own:
            t = _table(f"{p.project}：{text}{missing}", "规则", "结果", "条款", "原文", "说明")
            for x in own:
                t.add_row(x.rule, _status(x.status), x.clause, x.quote, x.message)
            out.print(t)
        else:
            out.print(Text(f"{p.project}：{text}（只适用通用资格条件）", style=f"bold {style}"))
        for q in p.other_requirements:
            out.print(Text(f"  另须（{q.kind}，此处不核对）：{q.clause} “{q.quote}”", style="dim"))
    if r.conflicts:
        t = _table("组合冲突（二、（三）申报事项）", "规则", "涉及项目", "条款", "原文", "说明")
        for c in r.conflicts:
            t.add_row(c.rule, "、".join(c.projects), c.clause, c.quote, c.message)
        out.print(t)
    elif r.plan:
        out.print(Text("组合冲突：无", style="green"))
    verdict = "计划可行" if r.plan_ok else "计划不可行"
    out.print(Text(f"结论：{verdict}（plan_ok={str(r.plan_ok).lower()}）", style="bold green" if r.plan_ok else "bold red"))
    _notes(out, r.notes, r.assumptions)


def _notes(out: Console, notes: list[str], assumptions: list) -> None:  # noqa: ANN001
    for n in notes:
        out.print(Text(f"注：{n}", style="yellow"))
    if assumptions:
        out.print(Text("解读说明（文件未明确处的取舍）：", style="bold"))
        for a in assumptions:
            out.print(Text(f"  · {a.clause} {a.text}", style="dim"))


def render_score(out: Console, r) -> None:  # noqa: ANN001
    if r.steps:
        t = _table(f"《2024年度高质量发展考核》得分估算（{r.category or '?'}类学会）", "步骤", "数值", "条款", "原文", ids=False)
        for s in r.steps:
            t.add_row(s.what, "—" if s.value is None else f"{s.value:g}", s.clause, s.quote)
        out.print(t)
        fc = {True: "可被认定", False: "否", None: "无法判断"}[r.first_class]
        out.print(Text(f"集中考核 {_n(r.central)}  总分 {_n(r.total)}  等级 {r.grade or '—'}  名次 {r.rank or '—'}"
                       f"（共{r.group_size or '?'}家）  {_MOVE[r.promotion]}  一流学会：{fc}", style="bold"))
        if r.suspended:
            out.print(Text(f"暂停申报：{'、'.join(r.suspended)}", style="bold red"))
        if r.missing:
            out.print(Text(f"缺少：{'、'.join(r.missing)}", style="yellow"))
    _notes(out, r.notes, r.assumptions)
    if r.targets:
        _targets(out, r.targets)
    if r.funding:
        _funding(out, r.funding)


def _n(x: float | None) -> str:
    return "—" if x is None else f"{x:g}"


def _targets(out: Console, t: dict) -> None:
    c = t["counts"]
    table = _table(f"《{t['programme']}》量化指标（{t['category'] or '?'}类）：达到 {c['met']}、未达到 {c['not_met']}、"
                   f"缺数据 {c['unknown']}", "指标", "结果", "条款", "原文", "说明")
    unknown = [i for i in t["items"] if i["status"] == "unknown"]
    for i in t["items"]:
        if i["status"] != "unknown":
            table.add_row(i["id"], _status(i["status"]), i["clause"], i["quote"], i["message"])
    out.print(table)
    if unknown:
        fields = dict.fromkeys(m for i in unknown for m in i["missing"])
        out.print(Text(f"缺数据未核对（{len(unknown)}项）：{'、'.join(i['id'] for i in unknown)}", style="yellow"))
        out.print(Text(f"  可补充字段：{'、'.join(fields)}", style="dim"))
    _notes(out, [], [_Obj(a) for a in t["assumptions"]])


def _funding(out: Console, f: dict) -> None:
    table = _table("《2018年度盐城市科协重点项目表》资助标准计算", "项目", "金额（元）", "计算", "条款", "资助标准原文", ids=False)
    for i in f["items"]:
        amount = i["amount"] if i["amount"] is not None else (f"{i['min']}–{i['max']}" if i["min"] is not None else "—")
        table.add_row(i["project"], str(amount), i["how"], f"{i['clause']}（{i['row']}）", i["quote"])
    out.print(table)
    total = f["total"] if f["total"] is not None else f"{f['total_min']}–{f['total_max']}"
    out.print(Text(f"合计：{total} 元", style="bold"))
    _notes(out, [], [_Obj(a) for a in f["assumptions"]])


class _Obj:
    def __init__(self, d: dict):
        self.__dict__.update(d)
