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
from ._tasks import tasks_section
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


def _pct(x: float) -> str:
    return f"{_fmt(exact(x) * 100)}%"


def _standing(r: AssessmentRules, inp: ScoreInput, total: Fraction, steps: _Steps, out: dict,
              notes: list[str]) -> None:
    assert inp.category is not None, "a total needs the category's weights (_central)"
    peers = [exact(p) for p in inp.peers or []]
    n = len(peers) + 1
    rank = rank_of(total, peers)
    sizes = tier_sizes(n, r.grades.split)
    grade = grade_of(rank, n, sizes)
    g = r.grades
    a_share, c_share = _pct(g.split["A"]), _pct(g.split["C"])
    steps.add(f"同类别学会数 n = peers {len(peers)} + 本会 1", n, g.clause, g.quote, r.doc)
    steps.add("名次（得分严格更高的学会数 + 1，同分并列）", rank, g.clause, g.quote, r.doc)
    steps.add(f"A等名额 = {a_share}×{n} 四舍五入；C等名额 = {c_share}×{n} 四舍五入 = {sizes[2]}；B等 {sizes[1]}",
              sizes[0], g.clause, g.quote, r.doc)
    steps.add(f"等级：名次{rank}，A等为前{sizes[0]}名，C等为第{n - sizes[2] + 1}名起 → {grade}等", None, g.clause,
              g.quote, r.doc)
    tied = 1 + sum(1 for p in peers if p == total)
    at_or_above = rank + tied - 1
    if grade == "A" and at_or_above > sizes[0]:
        notes.append(f"同分并列：与本会同分的共 {tied} 家，得分不低于本会的 {at_or_above} 家，超过A等名额 {sizes[0]} 家"
                     f"（{a_share}）；按并列取较好名次，会有多于{a_share}的学会评为A等，实际等次以省科协认定为准")
        steps.add(f"并列超出A等名额：得分不低于本会的 {at_or_above} 家 > {sizes[0]} 家", None, g.clause, g.quote, r.doc)
    move = "stay"
    nxt: int = inp.category
    up, down = r.promotion, r.demotion
    if inp.category in up.categories and grade == up.grade:
        k = share(sizes[0], up.share_of_grade)
        frac = f"{up.share_of_grade[0]}/{up.share_of_grade[1]}"
        steps.add(f"升类名额 = A等{sizes[0]}名 × {frac} 四舍五入 = {k}；名次{rank} {'≤' if rank <= k else '>'} {k}", k,
                  up.clause, up.quote, r.doc)
        if rank <= k:
            move, nxt = "up", inp.category - 1
            if at_or_above > k:
                notes.append(f"同分并列：得分不低于本会的 {at_or_above} 家，超过升类名额 {k} 家")
    if inp.category in down.categories and grade == down.grade:
        k = share(sizes[2], down.share_of_grade)
        frac = f"{down.share_of_grade[0]}/{down.share_of_grade[1]}"
        steps.add(f"降类名额 = C等{sizes[2]}名 × {frac} 四舍五入 = {k}；名次{rank} {'>' if rank > n - k else '≤'} {n - k}", k,
                  down.clause, down.quote, r.doc)
        if rank > n - k:
            move, nxt = "down", inp.category + 1
    fc = r.first_class
    first = inp.category == fc.category and grade in fc.grades
    steps.add(f"一流学会：须{_CAT[fc.category]}类且{'、'.join(fc.grades)}等；本会{_CAT[inp.category]}类{grade}等 → "
              f"{'可被认定' if first else '否'}", None, fc.clause, fc.quote, r.doc)
    out.update(grade=grade, rank=rank, promotion=move, next_category=nxt, group_size=n, first_class=first)


def _striving(r: AssessmentRules, inp: ScoreInput, out: dict, steps: _Steps) -> dict | None:
    """争先进位学会: the category is checked; "进步显著" is not quantified, so the change is only listed."""
    st = r.striving
    if inp.category is None or inp.participated is False:
        return None
    eligible = inp.category in st.categories
    progress = None
    prev = inp.previous
    if eligible and prev is not None and prev.category is not None:
        now_cat, now_grade = out.get("next_category") or inp.category, out.get("grade")
        if inp.category < prev.category:
            progress = f"较上年升类（{_CAT[prev.category]}类 → {_CAT[inp.category]}类）"
        elif inp.category > prev.category:
            progress = f"较上年降类（{_CAT[prev.category]}类 → {_CAT[inp.category]}类）"
        elif prev.grade and now_grade:
            better = "ABC".index(now_grade) < "ABC".index(prev.grade)
            same = now_grade == prev.grade
            progress = f"同类别等次{prev.grade} → {now_grade}（{'持平' if same else '提升' if better else '下降'}）"
        if now_cat < inp.category:
            progress = (progress + "；" if progress else "") + "本年拟升类"
    cats = "、".join(_CAT[c] for c in st.categories)
    text = (f"争先进位学会：{cats}类学会序列中进步显著者可被认定；本会{_CAT[inp.category]}类 → "
            + ("可参评（“进步显著”由省科协认定，文件未量化）" if eligible else "不属于这些序列"))
    if progress:
        text += f"；{progress}"
    steps.add(text, None, st.clause, st.quote, r.doc)
    return {"eligible_category": eligible, "progress": progress, "clause": st.clause, "quote": st.quote}


def _absent(r: AssessmentRules, inp: ScoreInput, steps: _Steps, out: dict) -> None:
    np_ = r.non_participation
    steps.add(f"未参加当年度考核 → 降至{_CAT[np_.category]}类、无等级，暂停申报{'、'.join(np_.suspended)}", None,
              np_.clause, np_.quote, r.doc)
    suspended = list(np_.suspended)
    if inp.participated_previous_year is False:
        steps.add(f"上一年度也未参加考核 → 暂停申报{'、'.join(np_.two_years_suspended)}", None, np_.clause,
                  np_.two_years_quote, r.doc)
        suspended += np_.two_years_suspended
    move = None if inp.category is None else ("down" if inp.category < np_.category else "stay")
    out.update(next_category=np_.category, promotion=move, first_class=False, suspended=suspended)


def _headline(r: AssessmentRules, out: dict, participated: bool | None) -> str:
    """One line that agrees with the steps."""
    if participated is False:
        return (f"未参加考核：降至{_CAT[r.non_participation.category]}类，无等级；暂停申报"
                f"{'、'.join(out['suspended'])}")
    if out["total"] is None:
        return "缺少计算总分所需的数据，见“缺少”"
    text = f"集中考核 {_fmt(out['central'])}  总分 {_fmt(out['total'])}"
    if out["grade"] is None:
        return text + "  （未提供 peers：等级、名次、升降类无法排出）"
    moves = {"up": f"拟升入{_CAT.get(out['next_category'], '?')}类", "down": f"拟降入{_CAT.get(out['next_category'], '?')}类",
             "stay": "类别不变"}
    first = {True: "可被认定为一流学会", False: "不属一流学会候选", None: ""}[out["first_class"]]
    return (f"{text}  等级 {out['grade']}  名次 {out['rank']}（共{out['group_size']}家）  {moves[out['promotion']]}"
            + (f"  {first}" if first else ""))


def _within_rules(r: AssessmentRules, raw: dict, parsed: ScoreInput | None) -> list[InputError]:
    """The bounds a rule file sets (the bonus cap, the highest total), checked even when other fields are wrong."""
    problems = []
    central, _ = check_model(Central, raw.get("central") or {}, "central")
    bonus = central.innovation if central is not None else None
    if bonus is not None and bonus > r.bonus_max:
        problems.append(InputError("central.innovation", f"取值 {_fmt(bonus)} 超出范围，应为 0–{r.bonus_max}"
                                   f"（{r.bonus_clause}“{r.bonus_quote}”）"))
    top = max_total(r)
    for i, p in enumerate(parsed.peers or [] if parsed is not None else []):
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
    problems += _within_rules(r, raw, parsed)
    category = parsed.category if parsed is not None else None
    targets_json = _section(targets_section, raw.get("targets"), problems, category)
    funding_json = _section(funding_section, raw.get("funding"), problems)
    tasks_json = _section(tasks_section, raw.get("tasks"), problems)
    if problems:
        raise InputError.of(problems)
    assert parsed is not None, "no problems means the model validated"
    inp = parsed
    steps = _Steps()
    missing: list[str] = []
    notes: list[str] = []
    out: dict = {"category": inp.category, "central": None, "total": None, "grade": None, "rank": None,
                 "promotion": None, "first_class": None, "next_category": None, "suspended": [], "striving": None}
    topics: set[str] = set()
    if not _ASSESSMENT_KEYS & set(raw):
        notes.append("未提供考核数据（category、central 等）：只计算 targets / funding / tasks 部分")
    elif inp.participated is False:
        _absent(r, inp, steps, out)
        notes.append("未参加考核：不计算得分（输入中的得分不参与计算）")
    else:
        if inp.participated is None:
            notes.append("participated 未填写：按参加考核估算")
        central = _central(r, inp, steps, missing)
        total = _total(r, inp, central, steps, missing)
        out.update(central=_num(central), total=_num(total))
        if central is not None:
            topics.add("central")
        if total is not None and inp.peers is not None:
            _standing(r, inp, total, steps, out, notes)
            topics |= {"standing", "first_class"} | ({"movement"} if out["grade"] in ("A", "C") else set())
        elif total is not None:
            missing.append("peers")
            topics.add("no_peers")
            notes.append("未提供 peers（同类别其他学会总分）：等级、名次、升降无法排出，为 null")
        if inp.category is not None and inp.category != r.first_class.category:
            out["first_class"] = False
        out["striving"] = _striving(r, inp, out, steps)
        if out["striving"] is not None:
            topics.add("striving")
    assumptions = [Note(id=a.id, clause=a.clause, quote=a.quote, text=a.text) for a in r.assumptions] if steps else []
    used = [a.id for a in r.assumptions if steps and (not a.applies_to or topics & set(a.applies_to))]
    return ScoreResult(
        **out, steps=list(steps), programme=r.programme, doc=r.doc, year=r.year, participated=inp.participated,
        missing=missing, notes=notes, assumptions=assumptions, assumptions_used=used,
        headline=_headline(r, out, inp.participated) if steps else "",
        targets=targets_json, funding=funding_json, tasks=tasks_json,
    )
