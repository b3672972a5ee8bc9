"""`xuehui check FILE` and `xuehui score FILE`: thin wrappers over `eligibility`, tables for people, JSON for programs.

The conclusion comes first (计划可行 / 暂无冲突，N 个项目待补充信息 / 不可行 …), then a summary, then
the detail; only the readings that affected this result are printed (all of them stay in --json).
Input errors print every problem of the file in Chinese (field, what is valid, the closest match)
on stderr and exit 2. `xuehui check --template 2022提升计划` prints a commented input file.
"""
from __future__ import annotations

import json
import sys

from rich.console import Console
from rich.table import Table
from rich.text import Text

import eligibility

from ._error_json import error_object, input_error

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2

_STATUS = {"pass": ("✓ 通过", "green"), "fail": ("✗ 不符合", "red"), "unknown": ("? 缺信息", "yellow"),
           "met": ("✓ 达到", "green"), "not_met": ("✗ 未达到", "red"), "encouraged": ("○ 鼓励项未做到", "cyan"),
           "not_applicable": ("— 不适用", "dim")}
_VERDICT = {"eligible": ("可以申报", "green"), "ineligible": ("不符合申报条件", "red"),
            "needs_info": ("需补充信息后才能判断", "yellow")}
_OUTCOME = {"ok": "bold green", "needs_info": "bold yellow", "blocked": "bold red", "survey": "bold"}
EXAMPLES = "examples/（如 examples/eligibility-2022-full.yaml、examples/score-2024-category2.yaml）"


def add_parsers(sub) -> None:  # noqa: ANN001
    c = sub.add_parser(
        "check", help="申报资格核对：学会情况 + 拟申报子项目 → 逐条规则的结论与条款原文",
        description="输入示例见仓库的 " + EXAMPLES + "；空白模板：xuehui check --template 2022提升计划 > 我会.yaml")
    c.add_argument("file", metavar="FILE", nargs="?", help="YAML 或 JSON 输入（见 examples/eligibility-*.yaml）")
    c.add_argument("--json", action="store_true", help="输出 CONTRACT.md 规定的 JSON（扩展字段见 docs/eligibility-json.md）")
    c.add_argument("--template", metavar="PROGRAMME", help="打印带注释的空白输入文件（如 2022提升计划）")
    c.set_defaults(handler=cmd_check)
    s = sub.add_parser(
        "score", help="高质量发展考核得分估算（可含 targets: 工作指南指标、funding: 盐城资助标准）",
        description="输入示例见仓库的 examples/score-*.yaml（考核得分、2023 工作指南指标、2018 盐城资助）")
    s.add_argument("file", metavar="FILE", help="YAML 或 JSON 输入（见 examples/score-*.yaml）")
    s.add_argument("--json", action="store_true", help="输出 CONTRACT.md 规定的 JSON（扩展字段见 docs/eligibility-json.md）")
    s.set_defaults(handler=cmd_score)


def _fail(e: eligibility.EligibilityError, as_json: bool) -> int:
    """The message on standard error; with --json also the error object (bot._error_json) on standard output."""
    if isinstance(e, eligibility.InputError):
        sys.stderr.write(f"xuehui: {e.describe()}\n")
        if as_json:
            sys.stdout.write(json.dumps(input_error(e), ensure_ascii=False) + "\n")
        return EXIT_USAGE
    sys.stderr.write(f"xuehui: {e}\n")
    if as_json:
        sys.stdout.write(json.dumps(error_object("rule_file_error", str(e)), ensure_ascii=False) + "\n")
    return EXIT_FAIL


def _run(args, compute, render) -> int:  # noqa: ANN001
    try:
        result = compute(eligibility.load_input(args.file))
    except eligibility.EligibilityError as e:
        return _fail(e, args.json)
    if args.json:
        sys.stdout.write(json.dumps(result.to_json(), ensure_ascii=False) + "\n")
    else:
        render(Console(highlight=False), result)
    return EXIT_OK


def cmd_check(args) -> int:  # noqa: ANN001
    if args.template:
        try:
            sys.stdout.write(eligibility.check_template(args.template))
        except eligibility.EligibilityError as e:
            return _fail(e, False)
        return EXIT_OK
    if not args.file:
        return _fail(eligibility.InputError("FILE", "缺少输入文件；示例见 " + EXAMPLES
                                            + "，或先运行 xuehui check --template 2022提升计划 > 我会.yaml"), args.json)
    return _run(args, eligibility.check, render_check)


def cmd_score(args) -> int:  # noqa: ANN001
    return _run(args, eligibility.score, render_score)


def _status(s: str) -> Text:
    text, style = _STATUS[s]
    return Text(text, style=style)


def _table(title: str, *cols: str) -> Table:
    t = Table(title=title, title_justify="left", show_lines=True)
    for c in cols:
        t.add_column(c, overflow="fold")
    return t


def _shared_reasons(projects: list) -> list:  # noqa: ANN001
    """Reasons identical in every project (the general conditions, usually): shown once."""
    if len(projects) < 2:
        return []
    first = projects[0].reasons
    return [x for x in first if all(any(y == x for y in p.reasons) for p in projects[1:])]


def _used(assumptions: list, used: list[str]) -> list:  # noqa: ANN001
    return [a for a in assumptions if a.id in used]


def render_check(out: Console, r) -> None:  # noqa: ANN001
    out.print(Text(f"《{r.title}》", style="bold"))
    out.print(Text(f"拟申报：{'、'.join(r.plan)}" if r.plan else "未给出 apply：逐一核对全部子项目"))
    out.print(Text(f"结论：{r.headline}", style=_OUTCOME[r.outcome]))
    for h in r.hints:
        out.print(Text(f"提示：{h.message}", style="yellow"))
    if r.summary is not None:
        _summary(out, r.summary)
    shared = _shared_reasons(r.projects)
    if shared:
        t = _table("通用资格条件（对下列每个子项目都适用）", "规则", "结果", "条款", "原文", "说明")
        for x in shared:
            t.add_row(x.label or x.rule, _status(x.status), x.clause, x.quote, x.message)
        out.print(t)
    for p in r.projects:
        text, style = _VERDICT[p.verdict]
        own = [x for x in p.reasons if x not in shared]
        if own:
            t = _table(f"{p.project}：{text}", "规则", "结果", "条款", "原文", "说明")
            for x in own:
                t.add_row(x.label or x.rule, _status(x.status), x.clause, x.quote, x.message)
            out.print(t)
        else:
            out.print(Text(f"{p.project}：{text}（只适用通用资格条件）", style=f"bold {style}"))
        for q in p.other_requirements:
            out.print(Text(f"  另须（{q.kind}，此处不核对）：{q.clause} “{q.quote}”", style="dim"))
    if r.conflicts:
        t = _table("组合冲突（二、（三）申报事项）", "规则", "涉及项目", "条款", "原文", "说明")
        for c in r.conflicts:
            t.add_row(c.label or c.rule, "、".join(c.projects), c.clause, c.quote, c.message)
        out.print(t)
    elif r.plan:
        out.print(Text("组合冲突：无", style="green"))
    out.print(Text(f"结论：{r.headline}", style=_OUTCOME[r.outcome]))
    _notes(out, r.notes, _used(r.assumptions, r.assumptions_used))


def _summary(out: Console, s) -> None:  # noqa: ANN001
    """Open / closed (why) / needs facts; the facts every waiting project lacks are named once."""
    if s.eligible:
        out.print(Text(f"可以申报（{len(s.eligible)}）：{'、'.join(s.eligible)}", style="green"))
    if s.ineligible:
        why = "；".join(f"{p}（{'、'.join(rules)}）" for p, rules in s.ineligible.items())
        out.print(Text(f"不符合条件（{len(s.ineligible)}）：{why}", style="red"))
    if s.needs_info:
        lists = list(s.needs_info.values())
        common = [m for m in lists[0] if all(m in x for x in lists[1:])] if len(lists) > 1 else []
        out.print(Text(f"待补充信息（{len(s.needs_info)}）：{'、'.join(s.needs_info)}", style="yellow"))
        if common:
            out.print(Text(f"  都缺：{'、'.join(common)}", style="yellow"))
        for p, fields in s.needs_info.items():
            extra = [f for f in fields if f not in common]
            if extra:
                out.print(Text(f"  {p} 另缺：{'、'.join(extra)}", style="yellow"))


def _notes(out: Console, notes: list[str], assumptions: list) -> None:  # noqa: ANN001
    for n in notes:
        out.print(Text(f"注：{n}", style="yellow"))
    if assumptions:
        out.print(Text("解读说明（文件未明确处的取舍，与本次结果有关的）：", style="bold"))
        for a in assumptions:
            out.print(Text(f"  · {a.clause} {a.text}", style="dim"))


def render_score(out: Console, r) -> None:  # noqa: ANN001
    if r.steps:
        cat = f"{r.category}类学会" if r.category else "类别未填"
        t = _table(f"《{r.year}年度高质量发展考核》得分估算（{cat}）", "步骤", "数值", "条款", "原文")
        for s in r.steps:
            t.add_row(s.what, "" if s.value is None else f"{s.value:g}", s.clause, s.quote)
        out.print(t)
        out.print(Text(f"结论：{r.headline}", style="bold"))
        if r.suspended and r.participated is not False:
            out.print(Text(f"暂停申报：{'、'.join(r.suspended)}", style="bold red"))
        if r.missing:
            out.print(Text(f"缺少：{'、'.join(r.missing)}", style="yellow"))
    _notes(out, r.notes, _used(r.assumptions, r.assumptions_used))
    if r.targets:
        _targets(out, r.targets)
    if r.funding:
        _funding(out, r.funding)
    if r.tasks:
        _tasks(out, r.tasks)


def _tasks(out: Console, t: dict) -> None:
    c = t["counts"]
    table = _table(f"《{t['title']}》（{t['table']}）{t['unit']}：完成 {c['met']}、未完成 {c['not_met']}、缺数据 {c['unknown']}",
                   "任务", "结果", "说明", "条款")
    for i in t["items"]:
        status = {"met": ("✓ 完成", "green"), "not_met": ("✗ 未完成", "red"), "unknown": ("? 缺数据", "yellow")}
        text, style = status[i["status"]]
        table.add_row(i["label"], Text(text, style=style), i["message"], f"{i['clause']}（{i['quote']}行）")
    out.print(table)
    if t.get("note"):
        out.print(Text(f"  表注（{t['clause']}）：“{t['note']}”", style="dim"))
    _notes(out, [], [_Obj(a) for a in t["assumptions"] if a["id"] in t.get("assumptions_used", [])])


def _targets(out: Console, t: dict) -> None:
    c = t["counts"]
    cat = f"{t['category']}类" if t["category"] else "类别未填"
    head = (f"《{t['programme']}》量化指标（{cat}）：达到 {c['met']}、未达到 {c['not_met']}、缺数据 {c['unknown']}"
            + (f"、鼓励项未做到 {c.get('encouraged', 0)}" if c.get("encouraged") else ""))
    shown = [i for i in t["items"] if i["status"] != "unknown"]
    if shown:
        table = _table(head, "指标", "结果", "条款", "原文", "说明")
        for i in shown:
            table.add_row(i.get("label") or i["id"], _status(i["status"]), i["clause"], i["quote"], i["message"])
        out.print(table)
    else:
        out.print(Text(head + "（没有可核对的数据）", style="bold"))
    unknown = [i for i in t["items"] if i["status"] == "unknown"]
    if unknown:
        out.print(Text(f"缺数据未核对（{len(unknown)}项）：", style="yellow"))
        for i in unknown:
            out.print(Text(f"  · {i['clause']} {i.get('label') or i['id']}：{i['message']}", style="yellow"))
    for n in t.get("not_checked") or []:
        if n is t["not_checked"][0]:
            out.print(Text(f"本工具不核对的指标（{len(t['not_checked'])}项，需对照原文自查）：", style="bold"))
        out.print(Text(f"  · {n['clause']} “{n['quote']}” —— {n['why']}", style="dim"))
    _notes(out, t.get("notes") or [], [_Obj(a) for a in t["assumptions"] if a["id"] in t.get("assumptions_used", [])])


def _money(x: int | None) -> str:
    return "?" if x is None else str(x)


def _funding(out: Console, f: dict) -> None:
    table = _table(f"《{f['title'] if 'title' in f else f['programme']}》资助标准计算", "项目", "金额（元）", "计算", "条款",
                   "资助标准原文")
    for i in f["items"]:
        if i["amount"] is not None:
            amount = str(i["amount"])
        elif i["min"] is not None:
            amount = f"{i['min']}–{i['max']}"
        else:
            amount = "缺数据"
        name = f"{i['project']}（{i['activity']}）" if i.get("activity") else i["project"]
        table.add_row(name, amount, i["how"], f"{i['clause']}（{i['row']}）", i["quote"])
    out.print(table)
    out.print(Text(f"合计：{f.get('total_text') or _total_text(f)}", style="bold"))
    out.print(Text("各项目的条件（本行备注原文）：", style="bold"))
    for project in dict.fromkeys(i["project"] for i in f["items"]):
        rows = [i for i in f["items"] if i["project"] == project]
        out.print(Text(f"  {project}（{rows[0]['clause']} {rows[0]['row']}行备注）：“{rows[0]['note']}”", style="dim"))
        for c in (c for i in rows for c in i.get("conditions") or []):
            out.print(Text(f"    · {c}", style="yellow"))
    _notes(out, f.get("notes") or [], [_Obj(a) for a in f["assumptions"] if a["id"] in f.get("assumptions_used", [a["id"]])])


def _total_text(f: dict) -> str:
    if f["total"] is not None:
        return f"{f['total']} 元"
    return f"{_money(f['total_min'])}–{_money(f['total_max'])} 元"


class _Obj:
    def __init__(self, d: dict):
        self.__dict__.update(d)
