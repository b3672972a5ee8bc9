"""`score`: the 2024 assessment of one society, every number a step citing the clause it follows.

central = 基础得分率×基础分值 + 能力得分率×能力分值 + 创新附加分; total = 0.8·central + 0.1·信息报送 +
0.1·综合表现; grade, rank and movement need `peers` (the category's other totals) and are null without.
"""
from __future__ import annotations

from fractions import Fraction

from ._assessment import AssessmentRules, Central, Component, ScoreInput, ScoreResult, Step, max_total
from ._catalog import select
from ._funding import funding_section
from ._ranking import exact, grade_of, rank_of, share, tier_sizes
from ._results import Note
from ._targets import targets_section
from ._validate import check_model, normalise
from .errors import InputError

__all__ = ["AssessmentRules", "score"]


class _Steps(list[Step]):
    def add(self, what: str, value: Fraction | int | None, clause: str, quote: str, doc: str) -> None:
        v = None if value is None else round(float(value), 4)
        self.append(Step(what=what, value=v, clause=clause, quote=quote, doc=doc))


_CAT = {1: "一", 2: "二", 3: "三", 4: "四"}


def _fmt(x: float | Fraction) -> str:
    f = round(float(x), 4)
    return str(int(f)) if f == int(f) else str(f)


def _num(x: Fraction | None) -> float | None:
    return None if x is None else round(float(x), 4)


def _central(r: AssessmentRules, inp: ScoreInput, steps: _Steps, missing: list[str]) -> Fraction | None:
    c = inp.central or Central()
    for name in ("basic", "capability", "innovation"):
        if getattr(c, name) is None:
            missing.append(f"central.{name}")
    if inp.category is None:
        missing.append("category")
        return None
    w = r.weights[inp.category]
    parts: list[Fraction | None] = []
    for name, weight, label in (("basic", w.basic, "基础部分"), ("capability", w.capability, "能力部分")):
        rate = getattr(c, name)
        value = None if rate is None else exact(rate) / 100 * weight
        shown = "（缺）" if rate is None else _fmt(rate)
        steps.add(f"{label}得分 = 得分率{shown}% × {_CAT[inp.category]}类学会{label}分值{weight}",
                  value, r.weights_clause, r.weights_quote, r.doc)
        parts.append(value)
    bonus = None if c.innovation is None else exact(c.innovation)
    steps.add(f"创新部分附加分（上限{r.bonus_max}分）", bonus, r.bonus_clause, r.bonus_quote, r.doc)
    parts.append(bonus)
    known = [p for p in parts if p is not None]
    if len(known) < len(parts):
        return None
    central = sum(known, Fraction(0))
    steps.add("年底集中考核得分 = 基础 + 能力 + 创新附加分", central, r.weights_clause, r.weights_quote, r.doc)
    return central


def _total(r: AssessmentRules, inp: ScoreInput, central: Fraction | None, steps: _Steps,
           missing: list[str]) -> Fraction | None:
    parts: list[Fraction | None] = []
    components: list[tuple[Component, Fraction | float | None, str]] = [
        ("central", central, "年底集中考核"), ("info_reporting", inp.info_reporting, "学会网信息报送考核"),
        ("performance", inp.performance, "工作开展与综合表现考核")]
    for key, value, label in components:
        if value is None and key != "central":
            missing.append(key)
        comp = r.composition[key]
        weighted = None if value is None else exact(value) * exact(comp.share)
        steps.add(f"{label} {'（缺）' if value is None else _fmt(value)} × {comp.share:.0%}", weighted,
                  comp.clause, comp.quote, r.doc)
        parts.append(weighted)
    known = [p for p in parts if p is not None]
    if len(known) < len(parts):
        return None
    total = sum(known, Fraction(0))
    steps.add("年度考核最终得分 = 三个方面之和", total, r.composition["central"].clause, r.total_quote, r.doc)
    return total


def _standing(r: AssessmentRules, inp: ScoreInput, total: Fraction, steps: _Steps, out: dict) -> None:
    assert inp.category is not None, "a total needs the category's weights (_central)"
    peers = [exact(p) for p in inp.peers or []]
    n = len(peers) + 1
    rank = rank_of(total, peers)
    sizes = tier_sizes(n, r.grades.split)
    grade = grade_of(rank, n, sizes)
    g = r.grades
    steps.add(f"同类别学会数 n = peers {len(peers)} + 本会 1", n, g.clause, g.quote, r.doc)
    steps.add("名次（得分严格更高的学会数 + 1，同分并列）", rank, g.clause, g.quote, r.doc)
    steps.add(f"A等名额 = round(30%×{n})；C等名额同；B等 {sizes[1]}", sizes[0], g.clause, g.quote, r.doc)
    steps.add(f"等级：名次{rank}，A等为前{sizes[0]}名，C等为第{n - sizes[2] + 1}名起 → {grade}等", rank, g.clause,
              g.quote, r.doc)
    move = "stay"
    nxt: int = inp.category
    up, down = r.promotion, r.demotion
    if inp.category in up.categories and grade == up.grade:
        k = share(sizes[0], up.share_of_grade)
        steps.add(f"升类名额 = round(A等{sizes[0]}名 × 1/3) = {k}；名次{rank} {'≤' if rank <= k else '>'} {k}", k,
                  up.clause, up.quote, r.doc)
        if rank <= k:
            move, nxt = "up", inp.category - 1
    if inp.category in down.categories and grade == down.grade:
        k = share(sizes[2], down.share_of_grade)
        steps.add(f"降类名额 = round(C等{sizes[2]}名 × 1/3) = {k}；名次{rank} {'>' if rank > n - k else '≤'} {n - k}", k,
                  down.clause, down.quote, r.doc)
        if rank > n - k:
            move, nxt = "down", inp.category + 1
    fc = r.first_class
    first = inp.category == fc.category and grade in fc.grades
    steps.add(f"一流学会：须{_CAT[fc.category]}类且{'、'.join(fc.grades)}等；本会{_CAT[inp.category]}类{grade}等 → {'是' if first else '否'}", int(first), fc.clause,
              fc.quote, r.doc)
    out.update(grade=grade, rank=rank, promotion=move, next_category=nxt, group_size=n, first_class=first)


def _absent(r: AssessmentRules, inp: ScoreInput, steps: _Steps, out: dict) -> None:
    np_ = r.non_participation
    steps.add(f"未参加当年度考核 → 降至{_CAT[np_.category]}类、无等级", np_.category, np_.clause, np_.quote, r.doc)
    suspended = list(np_.suspended)
    if inp.participated_previous_year is False:
        steps.add("连续2年未参加考核 → 暂停申报年度所有项目", 2, np_.clause, np_.two_years_quote, r.doc)
        suspended += np_.two_years_suspended
    move = None if inp.category is None else ("down" if inp.category < np_.category else "stay")
    out.update(next_category=np_.category, promotion=move, first_class=False, suspended=suspended)


def _within_rules(r: AssessmentRules, inp: ScoreInput) -> list[InputError]:
    """The bounds a rule file sets (the bonus cap, the highest total) checked against the input."""
    problems = []
    bonus = inp.central.innovation if inp.central else None
    if bonus is not None and bonus > r.bonus_max:
        problems.append(InputError("central.innovation", f"取值 {_fmt(bonus)} 超出范围，应为 0–{r.bonus_max}"
                                   f"（{r.bonus_clause}“{r.bonus_quote}”）"))
    top = max_total(r)
    for i, p in enumerate(inp.peers or []):
        if exact(p) > top:
            problems.append(InputError(f"peers[{i}]", f"取值 {_fmt(p)} 超出范围，应为 0–{_fmt(top)}（总分最高值，见解读说明）"))
    return problems


def _section(compute, data: object, problems: list[InputError], *args) -> dict | None:  # noqa: ANN001
    """A `targets:`/`funding:` section's JSON, its input problems added to the file's."""
    if data is None:
        return None
    try:
        return compute(data, *args)
    except InputError as e:
        problems.append(e)
        return None


_ASSESSMENT_KEYS = {"category", "participated", "participated_previous_year", "central", "info_reporting",
                    "performance", "peers"}


def score(data: dict) -> ScoreResult:
    """Estimate a `xuehui score` input; raises `InputError` for unknown fields or values out of range."""
    parsed, problems = check_model(ScoreInput, data)
    raw = normalise(ScoreInput, data)[0] if isinstance(data, dict) else {}
    try:
        r: AssessmentRules = select("assessment", raw.get("year"), "year")
    except InputError as e:
        problems.append(e)
        r = select("assessment", None)
    if parsed is not None:
        problems += _within_rules(r, parsed)
    category = parsed.category if parsed is not None else None
    targets_json = _section(targets_section, raw.get("targets"), problems, category)
    funding_json = _section(funding_section, raw.get("funding"), problems)
    if problems:
        raise InputError.of(problems)
    assert parsed is not None, "no problems means the model validated"
    inp = parsed
    steps = _Steps()
    missing: list[str] = []
    notes: list[str] = []
    out: dict = {"category": inp.category, "central": None, "total": None, "grade": None, "rank": None,
                 "promotion": None, "first_class": None, "next_category": None}
    if not _ASSESSMENT_KEYS & set(raw):
        notes.append("未提供考核数据（category、central 等）：只计算 targets / funding 部分")
    elif inp.participated is False:
        _absent(r, inp, steps, out)
        notes.append("未参加考核：不计算得分（输入中的得分不参与计算）")
    else:
        if inp.participated is None:
            notes.append("participated 未填写：按参加考核估算")
        central = _central(r, inp, steps, missing)
        total = _total(r, inp, central, steps, missing)
        out.update(central=_num(central), total=_num(total))
        if total is not None and inp.peers is not None:
            _standing(r, inp, total, steps, out)
        elif total is not None:
            missing.append("peers")
            notes.append("未提供 peers（同类别其他学会总分）：等级、名次、升降无法排出，为 null")
        if inp.category is not None and inp.category != r.first_class.category:
            out["first_class"] = False
    assumptions = [Note(id=a.id, clause=a.clause, quote=a.quote, text=a.text) for a in r.assumptions] if steps else []
    return ScoreResult(
        **out, steps=list(steps), programme=r.programme, doc=r.doc, year=r.year, participated=inp.participated,
        missing=missing, notes=notes, assumptions=assumptions,
        targets=targets_json, funding=funding_json,
    )
