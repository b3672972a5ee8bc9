"""The eligibility (/check) and score (/score) interviews: one fact at a time, then cited verdicts.

An interview is plain data (`Interview`, stored as JSON by the core), moved on by `advance`, a pure
function of the interview and the user's message. Which facts are asked, their labels, valid values
and the clause that needs each come from eligibility's field catalogue (profile_fields/score_fields),
so a rule file change changes the questions; nothing about a programme is written here.

States (`Stage`): CHOOSE_PROJECTS (a /check without sub-projects: offer them) → ASK_FIELD (one field
after another) → the verdict, and the interview is gone. "不知道" leaves a field out (the verdict then
says needs_info and names it); 取消 leaves at any step; 重来 starts over.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any, Literal

import eligibility
from eligibility import FieldSpec

from ._messages import Choice, Citation, Reply

Kind = Literal["check", "score"]

UNKNOWN_WORDS = frozenset({"不知道", "不清楚", "不确定", "跳过", "不详", "未知", "说不准"})
CANCEL_WORDS = frozenset({"取消", "退出", "不问了", "/cancel"})
RESTART_WORDS = frozenset({"重来", "从头来", "/restart"})
_NONE_WORDS = frozenset({"都没有", "没有", "无", "0", "没", "none"})
_TRUE = frozenset({"是", "是的", "对", "有", "已", "已参加", "合格", "yes", "y", "true", "√"})
_FALSE = frozenset({"否", "不是", "不", "没有", "都没有", "无", "未", "不合格", "no", "n", "false", "×"})
_ALL_WORDS = frozenset({"全部", "都", "所有", "全部子项目"})
_SEP = re.compile(r"[\s,，、;；/和及与]+")
# First person + can-we-apply: "我们学会能不能报…", "本会可以申报…吗", "我会有没有资格申请…".
_WE = re.compile(r"我们|我会|本会|我单位|我们单位|咱们|我学会|本学会")
_CAN_APPLY = re.compile(r"(?:能不能|能否|可不可以|可否|能|可以|有没有资格|有资格|是否符合|符不符合|够不够)[^。？?]{0,6}?(?:报|申请|申报)")


class Stage(StrEnum):
    CHOOSE_PROJECTS = "choose_projects"
    ASK_FIELD = "ask_field"


@dataclass
class Interview:
    """An interview in progress: what is being judged, the fields to ask, and the answers so far."""

    kind: Kind
    stage: Stage
    projects: list[str] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)     # names, in asking order
    index: int = 0                                      # the field being asked
    answers: dict[str, Any] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        d = asdict(self)
        d["stage"] = self.stage.value
        return d

    @classmethod
    def from_dict(cls, d: dict) -> Interview:
        return cls(**{**d, "stage": Stage(d["stage"])})


@dataclass(frozen=True)
class Step:
    """What `advance` returns: the interview to keep (None when it is over) and what to say."""

    interview: Interview | None
    replies: list[Reply]
    finished: bool = False     # a verdict or score was given (the core audits it)


# -- starting ---------------------------------------------------------------------------------------------

def project_names() -> list[str]:
    return [p["name"] for p in eligibility.projects()]


def projects_in(text: str) -> list[str]:
    """Sub-projects named in `text` (names, aliases, or a group's name for all its members), in table order."""
    found: set[str] = set()
    flat = re.sub(r"\s+", "", text)
    terms: list[tuple[str, list[str]]] = []
    for p in eligibility.projects():
        terms += [(t, [p["name"]]) for t in (p["name"], *(p.get("aliases") or ()))]
    groups: dict[str, list[str]] = {}
    for p in eligibility.projects():
        if p.get("group"):
            groups.setdefault(p["group"], []).append(p["name"])
    terms += list(groups.items())
    for term, names in sorted(terms, key=lambda t: -len(t[0])):
        if term in flat:
            found.update(names)
            flat = flat.replace(term, "|")   # a longer name hides the shorter ones inside it
    return [n for n in project_names() if n in found]


def wants_check(text: str) -> list[str] | None:
    """"我们学会能不能报发展助力专项" → the projects asked about; None when the message is not such a request."""
    if not (_WE.search(text) and _CAN_APPLY.search(text)):
        return None
    return projects_in(text)


def start(kind: Kind, projects: list[str] | None = None) -> Step:
    if kind == "score":
        iv = Interview("score", Stage.ASK_FIELD, fields=[f.name for f in eligibility.score_fields()])
        return Step(iv, [_intro(iv), ask(iv)])
    if not projects:
        iv = Interview("check", Stage.CHOOSE_PROJECTS)
        return Step(iv, [_choose_projects()])
    iv = _with_projects(projects)
    return Step(iv, [_intro(iv), ask(iv)])


def _with_projects(projects: list[str]) -> Interview:
    specs = eligibility.profile_fields(projects=projects)
    return Interview("check", Stage.ASK_FIELD, projects=projects, fields=[f.name for f in specs])


def _intro(iv: Interview) -> Reply:
    if iv.kind == "score":
        return Reply("notice", f"估算年度高质量发展考核得分，共 {len(iv.fields)} 个问题；不清楚的回复“不知道”，"
                               "随时可发“取消”退出、“重来”从头开始。")
    return Reply("notice", f"核对能否申报：{'、'.join(iv.projects)}。只问这些子项目的规则用得到的 {len(iv.fields)} 项情况；"
                           "不清楚的回复“不知道”，随时可发“取消”退出、“重来”从头开始。")


def _choose_projects() -> Reply:
    names = project_names()
    return Reply("question", "要核对哪些子项目？回复序号（可多选，如 1、6），或写出项目名称；“全部”核对所有子项目。",
                 choices=[Choice(n, n) for n in names] + [Choice("全部", "全部")])


# -- asking and reading answers ---------------------------------------------------------------------------

def specs(iv: Interview) -> dict[str, FieldSpec]:
    found = eligibility.score_fields() if iv.kind == "score" else eligibility.profile_fields(projects=iv.projects)
    return {f.name: f for f in found}


def ask(iv: Interview) -> Reply:
    """The question for the current field, with its valid choices and the clause that needs it."""
    f = specs(iv)[iv.fields[iv.index]]
    head = f"（{iv.index + 1}/{len(iv.fields)}）{f.label}{'（可多选）' if f.kind == 'funded' else ''}？"
    why = f"依据 {f.clause}：“{f.quote}”" if f.quote else ""
    choices = [Choice(label, value) for label, value in f.choices]
    if f.kind == "funded":
        choices.append(Choice("都没有", "都没有"))
        hint = "回复序号（可多选，如 1、3）或项目名称；都没有回复“都没有”。"
    elif choices:
        hint = "回复序号或选项文字。"
    else:
        hint = _range_hint(f)
    choices.append(Choice("不知道", "不知道"))
    return Reply("question", "\n".join(x for x in (head, hint, why) if x), choices=choices)


def _range_hint(f: FieldSpec) -> str:
    what = "整数" if f.kind == "int" else "一组数（用逗号或空格分开）" if f.kind == "numbers" else "数字"
    lo, hi = f.minimum, f.maximum
    bounds = (f"，范围 {lo:g}–{hi:g}" if lo is not None and hi is not None else f"，不小于 {lo:g}" if lo is not None
              else f"，不大于 {hi:g}" if hi is not None else "")
    return f"请回复{what}{bounds}{f.unit and '（单位：' + f.unit + '）'}。"


class BadAnswer(ValueError):
    """An answer that fits no valid value; the message says what is valid."""


def parse(f: FieldSpec, text: str) -> Any:
    """The user's reply to field `f` as the value eligibility expects; BadAnswer if it fits none."""
    t = text.strip().rstrip("。.！!")
    if f.kind in ("bool", "choice"):
        return _pick(f, t)
    if f.kind == "funded":
        return _pick_many(f, t)
    if f.kind in ("int", "number"):
        return _number(f, t)
    if f.kind == "numbers":
        parts = [p for p in re.split(r"[\s,，、;；]+", t) if p]
        if not parts:
            raise BadAnswer(_range_hint(f))
        return [_number(f, p) for p in parts]
    if not t:
        raise BadAnswer("请回复一段文字。")
    return t


def _pick(f: FieldSpec, t: str) -> Any:
    low = t.lower()
    if low.isdigit() and 1 <= int(low) <= len(f.choices) and not any(v == low for _, v in f.choices):
        return _typed(f, f.choices[int(low) - 1][1])
    for label, value in f.choices:
        if low in (label.lower(), value.lower()):
            return _typed(f, value)
    if f.kind == "bool":
        if low in _TRUE:
            return True
        if low in _FALSE:
            return False
    starts = [v for label, v in f.choices if label.lower().startswith(low) or low.startswith(label.lower())]
    if len(starts) == 1 and low:
        return _typed(f, starts[0])
    raise BadAnswer("请回复序号或下列之一：" + "、".join(label for label, _ in f.choices) + "（不清楚回复“不知道”）。")


def _typed(f: FieldSpec, value: str) -> Any:
    if f.kind == "bool":
        return value == "true"
    return int(value) if value.isdigit() else value


def _pick_many(f: FieldSpec, t: str) -> list[str]:
    if t.lower() in _NONE_WORDS:
        return []
    names = [v for _, v in f.choices]
    out: list[str] = []
    for part in (p for p in _SEP.split(t) if p):
        if part.isdigit() and 1 <= int(part) <= len(names):
            out.append(names[int(part) - 1])
        elif part.isdigit() and int(part) == len(names) + 1:   # the offered "都没有"
            return []
        elif (hits := [n for n in names if n in part or (len(part) >= 2 and part in n)]):
            out += hits
        else:
            raise BadAnswer(f"“{part[:20]}”不是可选的项目。请回复序号（可多选，如 1、3）或项目名称："
                            + "、".join(names) + "；都没有回复“都没有”。")
    return list(dict.fromkeys(out))


def _number(f: FieldSpec, t: str) -> float | int:
    m = re.fullmatch(r"\s*([-+]?\d+(?:\.\d+)?)\s*(?:%|分|人|个|项|" + re.escape(f.unit or "分") + r")?\s*", t)
    if not m:
        raise BadAnswer(f"“{t[:20]}”不是数字。" + _range_hint(f))
    x = float(m.group(1))
    if f.kind == "int" and not x.is_integer():
        raise BadAnswer("请回复整数。" + _range_hint(f))
    if (f.minimum is not None and x < f.minimum) or (f.maximum is not None and x > f.maximum):
        raise BadAnswer(f"{m.group(1)} 超出范围。" + _range_hint(f))
    return int(x) if f.kind == "int" or x.is_integer() else x


# -- moving on ----------------------------------------------------------------------------------------------

def advance(iv: Interview, text: str, titles: dict[str, str] | None = None) -> Step:
    """One user message in an interview: 取消, 重来, a project choice, or the current field's answer.

    `titles` (document id → title) names the documents of the verdict's citations."""
    t = text.strip()
    if t.lower() in CANCEL_WORDS:
        return Step(None, [Reply("notice", "已取消这次问答。想再来可以发 /check 或 /score；也可以直接提问。")])
    if t.lower() in RESTART_WORDS:
        again = start(iv.kind, None)
        return Step(again.interview, [Reply("notice", "好的，从头开始，之前的回答已清除。"), *again.replies])
    if iv.stage is Stage.CHOOSE_PROJECTS:
        return _choose(t)
    f = specs(iv)[iv.fields[iv.index]]
    offered = ask(iv).choices
    if f.choices and t.isdigit() and 1 <= int(t) <= len(offered):
        t = offered[int(t) - 1].value    # a numbered reply picks from the list as the adapter showed it
    if t in UNKNOWN_WORDS:
        iv.unknown.append(f.name)
        iv.answers.pop(f.name, None)
    else:
        try:
            iv.answers[f.name] = parse(f, t)
        except BadAnswer as e:
            return Step(iv, [Reply("notice", f"没能读懂这个回答：{e}要先问别的，请发“取消”退出问答。"), ask(iv)])
    iv.index += 1
    if iv.index < len(iv.fields):
        return Step(iv, [ask(iv)])
    return Step(None, [result(iv, titles)], finished=True)


def _choose(t: str) -> Step:
    names = project_names()
    if t in _ALL_WORDS:
        chosen = names
    else:
        chosen = []
        for part in (p for p in _SEP.split(t) if p):
            if part.isdigit() and 1 <= int(part) <= len(names):
                chosen.append(names[int(part) - 1])
            elif part.isdigit() and int(part) == len(names) + 1:
                chosen = names
            else:
                chosen += projects_in(part)
        chosen = [n for n in names if n in chosen]
    if not chosen:
        return Step(Interview("check", Stage.CHOOSE_PROJECTS),
                    [Reply("notice", f"没有认出子项目“{t[:30]}”。"), _choose_projects()])
    iv = _with_projects(chosen)
    return Step(iv, [_intro(iv), ask(iv)])


# -- the input mapping and the verdicts ----------------------------------------------------------------------

def input_mapping(iv: Interview) -> dict:
    """The answers as eligibility's input: dotted names become nested mappings; unknowns are left out."""
    data: dict[str, Any] = {"apply": list(iv.projects)} if iv.kind == "check" else {}
    for name, value in iv.answers.items():
        node = data
        *parents, last = name.split(".")
        for p in parents:
            node = node.setdefault(p, {})
        node[last] = value
    return data


_VERDICT = {"eligible": "✓ 可以申报", "ineligible": "✗ 不符合申报条件", "needs_info": "? 需补充信息后才能判断"}
_MOVE = {"up": "拟升入上一类", "down": "拟降入下一类", "stay": "类别不变", None: "无法判断升降（缺少同类学会得分或本会得分）"}


class _Cites:
    """Numbers cited clauses in order of first use."""

    def __init__(self, titles: dict[str, str]) -> None:
        self.titles = titles
        self.items: list[Citation] = []

    def mark(self, doc: str, clause: str, quote: str) -> str:
        for c in self.items:
            if (c.doc, c.clause, c.quote) == (doc, clause, quote):
                return f"[{c.n}]"
        n = len(self.items) + 1
        self.items.append(Citation(n=n, doc=doc, title=self.titles.get(doc, doc), clause=clause, quote=quote))
        return f"[{n}]"


def result(iv: Interview, titles: dict[str, str] | None = None) -> Reply:
    return _verdict(iv, titles or {}) if iv.kind == "check" else _score(iv, titles or {})


def _verdict(iv: Interview, titles: dict[str, str]) -> Reply:
    r = eligibility.check(input_mapping(iv))
    labels = {f.name: f.label for f in specs(iv).values()}
    cites = _Cites({r.doc: r.title, **titles})
    lines = [f"《{r.title}》申报资格核对："]
    for p in r.projects:
        missing = [labels.get(m, labels.get(f"society.{m}", m)) for m in p.missing]
        lines.append(f"· {p.project}：{_VERDICT[p.verdict]}" + (f"（缺：{'、'.join(missing)}）" if missing else ""))
        for x in p.reasons:
            if x.status != "pass":
                mark = "✗" if x.status == "fail" else "?"
                lines.append(f"  {mark} {x.message}{cites.mark(x.doc, x.clause, x.quote)}")
        if p.verdict == "eligible":
            marks = "".join(dict.fromkeys(cites.mark(x.doc, x.clause, x.quote) for x in p.reasons))
            lines.append(f"  全部 {len(p.reasons)} 条规则均满足{marks}")
    for c in r.conflicts:
        lines.append(f"组合冲突：{c.message}{cites.mark(c.doc, c.clause, c.quote)}")
    if len(r.plan) > 1 and not r.conflicts:
        lines.append("组合冲突：无")
    lines.append("结论：计划可行" if r.plan_ok else "结论：计划不可行（见上面的冲突）")
    lines += [f"注：{n}" for n in r.notes]
    if iv.unknown:
        lines.append("回答“不知道”的项目按未知处理；补齐后可发 /check 再核对一次。")
    return Reply("verdict", "\n".join(lines), citations=cites.items)


def _score(iv: Interview, titles: dict[str, str]) -> Reply:
    r = eligibility.score(input_mapping(iv))
    labels = {f.name: f.label for f in specs(iv).values()}
    cites = _Cites(titles)
    cat = "一二三四"[r.category - 1] if r.category in (1, 2, 3, 4) else "?"
    lines = [f"{r.year}年度高质量发展考核得分估算（{cat}类学会）："]
    for s in r.steps:
        value = "（缺）" if s.value is None else f"{s.value:g}"
        lines.append(f"· {s.what}：{value}{cites.mark(s.doc, s.clause, s.quote)}")
    n = lambda x: "—" if x is None else f"{x:g}"  # noqa: E731
    lines.append(f"集中考核 {n(r.central)}，总分 {n(r.total)}，等级 {r.grade or '—'}"
                 + (f"，名次 {r.rank}/{r.group_size}" if r.rank else "") + f"；{_MOVE[r.promotion]}")
    if r.first_class is not None:
        lines.append("可被认定为“一流学会”" if r.first_class else "不在“一流学会”认定范围")
    if r.suspended:
        lines.append(f"暂停申报：{'、'.join(r.suspended)}")
    if r.missing:
        lines.append(f"缺少：{'、'.join(labels.get(m, m) for m in r.missing)}")
    lines += [f"注：{x}" for x in r.notes]
    return Reply("score", "\n".join(lines), citations=cites.items)


__all__ = ["CANCEL_WORDS", "RESTART_WORDS", "UNKNOWN_WORDS", "BadAnswer", "Interview", "Stage", "Step", "advance",
           "ask", "input_mapping", "parse", "projects_in", "result", "start", "wants_check"]
