"""What a check result means as a whole: the headline state, what blocks it, what follows from it.

- `ok`: no conflict, every applied project eligible — 计划可行.
- `needs_info`: no conflict, no ineligible project, some need facts — 暂无冲突，N 个项目待补充信息.
- `blocked`: a conflict or an ineligible project — 不可行, naming each project and rule.
- `survey`: no plan given — which sub-projects are open, closed (why) and which need facts.
`plan_ok` keeps its contract meaning (no conflict and no ineligible project).
"""
from __future__ import annotations

from ._plan import plan_conflicts
from ._profile import label
from ._results import Blocker, Conflict, Hint, ProjectResult, State, Summary
from ._rules import ProgrammeRules


def field_label(path: str) -> str:
    """`society.funded` → its Chinese label (the path kept for anything that is not a profile field)."""
    name = path.removeprefix("society.").split(".")[0]
    shown = label(name)
    return path if shown == name else shown


def blockers(projects: list[ProjectResult], conflicts: list[Conflict]) -> list[Blocker]:
    out = [Blocker(projects=[p.project], rule=r.rule, label=r.label, clause=r.clause, quote=r.quote, message=r.message)
           for p in projects if p.verdict == "ineligible" for r in p.reasons if r.status == "fail"]
    out += [Blocker(projects=c.projects, rule=c.rule, label=c.label, clause=c.clause, quote=c.quote,
                    message=c.message) for c in conflicts]
    return out


def hints(rules: ProgrammeRules, plan: list[str], projects: list[ProjectResult],
          conflicts: list[Conflict]) -> list[Hint]:
    """Conflicts the rest of the plan would have once its ineligible projects are dropped.

    E.g. 一流学会建设 ineligible: two 一流平台 sub-projects, allowed only beside it, then break 二、（三）3、.
    """
    dropped = [p.project for p in projects if p.verdict == "ineligible" and p.project in plan]
    if not dropped:
        return []
    seen = {(c.rule, tuple(c.projects)) for c in conflicts}
    rest = [p for p in plan if p not in dropped]
    out = []
    for c in plan_conflicts(rules, rest):
        if (c.rule, tuple(c.projects)) not in seen:
            out.append(Hint(because=dropped, conflict=c,
                            message=f"“{'、'.join(dropped)}”不符合申报条件；不报它时，其余项目违反"
                                    f"{c.clause}（{c.label or c.rule}）：{c.message}"))
    return out


def summary(projects: list[ProjectResult]) -> Summary:
    return Summary(
        eligible=[p.project for p in projects if p.verdict == "eligible"],
        ineligible={p.project: [r.label or r.rule for r in p.reasons if r.status == "fail"]
                    for p in projects if p.verdict == "ineligible"},
        needs_info={p.project: [field_label(m) for m in p.missing] for p in projects if p.verdict == "needs_info"})


def _lacking(waiting: list[ProjectResult]) -> str:
    """What each waiting project lacks; fields every one of them lacks are named once."""
    lists = [[field_label(m) for m in p.missing] for p in waiting]
    common = [m for m in lists[0] if all(m in x for x in lists[1:])] if len(lists) > 1 else []
    parts = [f"都缺{'、'.join(common)}"] if common else []
    for p, fields in zip(waiting, lists, strict=True):
        extra = [f for f in fields if f not in common]
        if extra:
            parts.append(f"{p.project}{'另' if common else ''}缺{'、'.join(extra)}")
    return "；".join(parts)


def outcome(plan: list[str] | None, projects: list[ProjectResult], conflicts: list[Conflict]) -> tuple[State, str]:
    """(state, Chinese headline)."""
    if not plan:
        s = summary(projects)
        return "survey", (f"共核对 {len(projects)} 个子项目：可以申报 {len(s.eligible)} 个，不符合条件 "
                          f"{len(s.ineligible)} 个，待补充信息 {len(s.needs_info)} 个")
    in_plan = [p for p in projects if p.project in plan]
    blocks = blockers(in_plan, conflicts)
    if blocks:
        named = "；".join(f"{'、'.join(b.projects)}：{b.label or b.rule}（{b.clause}）" for b in blocks)
        return "blocked", f"不可行——{named}"
    waiting = [p for p in in_plan if p.verdict == "needs_info"]
    if waiting:
        return "needs_info", f"暂无冲突，{len(waiting)} 个项目待补充信息（{_lacking(waiting)}）"
    return "ok", "计划可行"
