"""The /check and /score interviews: every branch, on eligibility's real rule files (no kb needed)."""
from __future__ import annotations

import asyncio

import pytest

import eligibility
from bot import ChatSettings, Incoming
from bot._core import ChatCore
from bot._gate import AccessList
from bot._interview import Interview, Stage, advance, input_mapping, parse, projects_in, start, wants_check

ALL = [p["name"] for p in eligibility.projects()]


def run(iv: Interview | None, *answers: str):
    """Feed answers one by one; the last step."""
    step = None
    for a in answers:
        assert iv is not None
        step = advance(iv, a)
        iv = step.interview
    return step


def field(name: str, kind: str = "check"):
    found = eligibility.score_fields() if kind == "score" else eligibility.profile_fields()
    return next(f for f in found if f.name == name)


# -- starting: choose sub-projects, or name them ---------------------------------------------------------

def test_check_without_projects_offers_every_sub_project_and_all():
    step = start("check")
    assert step.interview.stage is Stage.CHOOSE_PROJECTS
    [q] = step.replies
    assert q.kind == "question" and [c.label for c in q.choices] == [*ALL, "全部"]


@pytest.mark.parametrize("reply,chosen", [
    ("6", ["发展助力专项"]),
    ("1、6", ["一流学会建设", "发展助力专项"]),
    ("发展助力专项和科学沙龙", ["发展助力专项", "问道科学沙龙"]),
    ("一流平台学会建设", ["一流学术学会", "一流科普学会", "一流科技服务学会"]),
    ("全部", ALL),
])
def test_sub_projects_are_chosen_by_number_name_alias_or_group(reply, chosen):
    step = advance(start("check").interview, reply)
    assert step.interview.stage is Stage.ASK_FIELD and step.interview.projects == chosen
    assert step.replies[-1].kind == "question"


def test_an_unrecognised_choice_offers_the_list_again():
    step = advance(start("check").interview, "随便什么")
    assert step.interview.stage is Stage.CHOOSE_PROJECTS
    assert "没有认出" in step.replies[0].text and step.replies[1].choices


def test_only_the_fields_the_chosen_projects_rules_need_are_asked():
    one = start("check", ["问道科学沙龙"]).interview
    dev = start("check", ["发展助力专项"]).interview
    assert one.fields == [f.name for f in eligibility.profile_fields(projects=["问道科学沙龙"])]
    assert "society.has_fulltime_staff" in dev.fields and "society.has_fulltime_staff" not in one.fields
    assert len(one.fields) < len(eligibility.profile_fields())


@pytest.mark.parametrize("text,projects", [
    ("我们学会能不能报发展助力专项", ["发展助力专项"]),
    ("本会可以申报会员之家吗？", ["会员之家建设"]),
    ("我会有没有资格申请问道科学沙龙和标准制定", ["问道科学沙龙", "标准制定"]),
    ("咱们能报哪些项目", []),
])
def test_a_first_person_can_we_apply_message_starts_a_check(text, projects):
    assert wants_check(text) == projects


@pytest.mark.parametrize("text", ["发展助力专项什么样的学会才能报？", "申报一流学会要什么条件？", "我们学会理事会一年开几次"])
def test_a_question_about_the_rules_is_not_an_interview(text):
    assert wants_check(text) is None


def test_a_group_name_inside_a_longer_name_is_not_read_twice():
    assert projects_in("一流学会建设") == ["一流学会建设"]


# -- answers ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("reply,value", [("是", True), ("否", False), ("true", True), ("false", False), ("没有", False),
                                         ("对", True)])
def test_yes_no_answers(reply, value):
    assert parse(field("society.has_fulltime_staff"), reply) is value


@pytest.mark.parametrize("reply,value", [("C", "C"), ("c", "C"), ("C等", "C"), ("A等", "A")])
def test_choice_answers_by_label_or_value(reply, value):
    assert parse(field("society.capability_grade"), reply) == value


def test_a_numbered_reply_picks_as_the_list_was_shown_including_dont_know():
    iv = start("check", ["发展助力专项"]).interview
    i = iv.fields.index("society.capability_grade")
    iv.index = i
    step = advance(iv, "3")
    assert step.interview.answers["society.capability_grade"] == "C"
    iv.index = i
    step = advance(iv, str(len(field("society.capability_grade").choices) + 1))   # the offered 不知道
    assert "society.capability_grade" in step.interview.unknown


@pytest.mark.parametrize("reply,value", [("都没有", []), ("发展助力专项", ["发展助力专项"]), ("1", None)])
def test_funded_answers_are_lists_of_projects(reply, value):
    f = next(f for f in eligibility.profile_fields(projects=["发展助力专项"]) if f.kind == "funded")
    got = parse(f, reply)
    assert got == (value if value is not None else [f.choices[0][1]])


@pytest.mark.parametrize("reply,value", [("90", 90), ("80%", 80), ("72.5分", 72.5)])
def test_number_answers(reply, value):
    assert parse(field("central.basic", "score"), reply) == value


@pytest.mark.parametrize("reply,why", [("120", "超出范围"), ("很多", "不是数字"), ("-1", "超出范围")])
def test_a_bad_number_says_what_is_valid(reply, why):
    from bot._interview import BadAnswer
    with pytest.raises(BadAnswer, match=why) as e:
        parse(field("central.basic", "score"), reply)
    assert "0–100" in str(e.value)


def test_an_int_field_refuses_a_fraction():
    from bot._interview import BadAnswer
    with pytest.raises(BadAnswer, match="整数"):
        parse(field("society.medical_experts"), "2.5")


def test_peers_are_a_list_of_numbers():
    assert parse(field("peers", "score"), "91.2, 88 80、70") == [91.2, 88, 80, 70]


def test_a_bad_answer_asks_the_same_field_again():
    iv = start("check", ["发展助力专项"]).interview
    step = advance(iv, "蓝色")
    assert step.interview.index == 0 and "没能读懂" in step.replies[0].text
    assert step.replies[1].text == start("check", ["发展助力专项"]).replies[1].text


# -- 不知道, cancel, restart ----------------------------------------------------------------------------------

def test_dont_know_leaves_the_field_out_and_the_verdict_needs_info():
    iv = start("check", ["问道科学沙龙"]).interview
    step = run(iv, *["不知道"] * len(iv.fields))
    assert step.interview is None and step.finished
    [v] = step.replies
    assert v.kind == "verdict" and "需补充信息" in v.text and "缺：" in v.text
    assert v.citations and all(c.clause and c.quote for c in v.citations)


@pytest.mark.parametrize("word", ["取消", "/cancel", "退出"])
def test_cancel_leaves_at_any_step(word):
    assert advance(start("check").interview, word).interview is None
    iv = start("score").interview
    step = run(iv, "2", word)
    assert step.interview is None and "已取消" in step.replies[0].text


def test_restart_clears_the_answers_and_starts_over():
    iv = start("score").interview
    step = run(iv, "2", "是", "重来")
    assert step.interview.index == 0 and step.interview.answers == {}
    assert step.replies[-1].text.startswith("（1/")


# -- verdicts ---------------------------------------------------------------------------------------------------

def answer_all(projects: list[str], values: dict[str, str]) -> str:
    iv = start("check", projects).interview
    step = run(iv, *[values.get(n, "不知道") for n in iv.fields])
    return step.replies[0].text


GOOD = {"society.org_type": "1", "society.took_capability_evaluation": "是", "society.annual_inspection_passed": "是",
        "society.integrity_clean": "是", "society.failed.2021": "都没有", "society.has_fulltime_staff": "是",
        "society.capability_grade": "C", "society.funded.2020": "都没有", "society.funded.2021": "都没有",
        "society.assessment_level": "4A级"}


def test_an_eligible_society_is_told_so_with_its_rules_cited():
    text = answer_all(["发展助力专项"], GOOD)
    assert "发展助力专项：✓ 可以申报" in text and "条规则均满足[" in text and "结论：计划可行" in text


def test_an_ineligible_society_is_told_which_rule_fails():
    text = answer_all(["发展助力专项"], {**GOOD, "society.capability_grade": "A"})
    assert "✗ 不符合申报条件" in text and "✗ " in text.split("不符合申报条件")[1]


def test_conflicting_projects_are_reported_with_the_clause():
    text = answer_all(["一流学会建设", "发展助力专项"], GOOD)
    assert "组合冲突" in text and "互不兼报" in text and "计划不可行" in text


def test_the_input_mapping_nests_dotted_names_and_leaves_unknowns_out():
    iv = Interview("check", Stage.ASK_FIELD, projects=["发展助力专项"],
                   answers={"society.funded.2020": ["发展助力专项"], "society.capability_grade": "C"},
                   unknown=["society.integrity_clean"])
    assert input_mapping(iv) == {"apply": ["发展助力专项"],
                                 "society": {"funded": {"2020": ["发展助力专项"]}, "capability_grade": "C"}}


def test_score_gives_total_grade_and_promotion_with_steps_and_clauses():
    iv = start("score").interview
    step = run(iv, "二类", "是", "是", "90", "80", "6", "95", "88", "91.2 88 86.5 84 83.1 80 78.4 75 70.2")
    [r] = step.replies
    assert r.kind == "score" and "总分 90.3" in r.text and "等级 A" in r.text
    assert "[1]" in r.text and r.citations[0].clause and r.citations[0].doc == "2024-kaohe-banfa"


def test_score_with_unknowns_names_what_is_missing():
    iv = start("score").interview
    step = run(iv, "2", "是", *["不知道"] * (len(iv.fields) - 2))
    assert "缺少" in step.replies[0].text and "能力部分得分率" in step.replies[0].text


def test_the_stage_is_a_named_state_and_round_trips():
    iv = start("check", ["发展助力专项"]).interview
    iv = advance(iv, "1").interview
    again = Interview.from_dict(iv.to_dict())
    assert again == iv and again.stage is Stage.ASK_FIELD and iv.to_dict()["stage"] == "ask_field"


# -- through the core: persistence across a restart, and the commands ---------------------------------------------

def say(core: ChatCore, *texts: str):
    async def go():
        out = []
        for t in texts:
            out.append(await core.handle(Incoming("wecom", "alice", "private", "alice", t)))
        return out
    return asyncio.run(go())


def make(knowledge_base, path) -> ChatCore:
    return ChatCore(kb=knowledge_base, data_dir=path, access=AccessList.parse("wecom:alice"),
                    settings=ChatSettings(rate_limit=1000))


def test_answers_so_far_survive_a_restart_of_the_bot(knowledge_base, tmp_path):
    core = make(knowledge_base, tmp_path)
    say(core, "我们学会能不能报发展助力专项", "1", "是")
    asyncio.run(core.close())
    core = make(knowledge_base, tmp_path)
    [[r]] = say(core, "不知道")
    assert r.kind == "question" and r.text.startswith("（4/")
    rest = say(core, *["不知道"] * 6)
    assert rest[-1][0].kind == "verdict" and "申报主体类型" not in rest[-1][0].text
    asyncio.run(core.close())


def test_commands_start_cancel_and_restart_interviews(knowledge_base, tmp_path):
    core = make(knowledge_base, tmp_path)
    (start_,), (none,) = say(core, "/check"), say(core, "/cancel")[0:1]
    assert start_[0].kind == "question" and "已取消" in none[0].text
    [[idle]] = say(core, "取消")
    assert "没有进行中的问答" in idle.text
    [[a, b]] = say(core, "/check 发展助力专项")
    assert "发展助力专项" in a.text and b.kind == "question"
    [[again, first]] = say(core, "/restart")
    assert "从头开始" in again.text and first.choices[-1].label == "全部"
    [[n, q]] = say(core, "/score")
    assert q.text.startswith("（1/") and [c.label for c in q.choices][:4] == ["一类", "二类", "三类", "四类"]
    asyncio.run(core.close())


def test_help_and_clause_work_during_an_interview_without_losing_it(knowledge_base, tmp_path):
    core = make(knowledge_base, tmp_path)
    say(core, "/score")
    [[h], [c], [q]] = say(core, "/help", "/clause 2024 四、（二）", "2")
    assert h.kind == "help" and c.kind == "clause" and q.text.startswith("（2/")
    asyncio.run(core.close())


def test_a_finished_interview_is_audited(knowledge_base, tmp_path):
    core = make(knowledge_base, tmp_path)
    iv = start("check", ["问道科学沙龙"]).interview
    say(core, "/check 问道科学沙龙", *["不知道"] * len(iv.fields))
    log = (tmp_path / "audit.jsonl").read_text(encoding="utf-8")
    assert '"kind": "check"' in log and "问道科学沙龙" in log
    asyncio.run(core.close())


def test_a_question_sent_mid_interview_is_told_how_to_leave():
    iv = start("check", ["发展助力专项"]).interview
    step = advance(iv, "理事会一年至少要开几次？")
    assert "取消" in step.replies[0].text and step.interview.index == 0


def test_a_12000_character_answer_is_refused_briefly():
    iv = start("check", ["发展助力专项"]).interview
    iv.index = next(i for i, n in enumerate(iv.fields) if n.startswith("society.funded"))
    step = advance(iv, "长" * 12000)
    assert len(step.replies[0].text) < 300


def test_asking_which_projects_we_can_apply_for_offers_the_list(knowledge_base, tmp_path):
    core = make(knowledge_base, tmp_path)
    [[q]] = say(core, "我们学会能报哪些项目？")
    assert q.kind == "question" and q.choices[-1].label == "全部"
    asyncio.run(core.close())
