"""ChatCore driven in-process with the real bundled knowledge base (no network)."""
from __future__ import annotations

import asyncio
import json
import logging
import time

import pytest

from bot import ChatConfigError, ChatCore, ChatSettings, Incoming, Reply
from bot._gate import AccessList

ALLOWED = "wecom:alice,wecom:bob,telegram:-5001"
_ids = iter(range(10**9))


def msg(text: str, sender: str = "alice", chat: str | None = None, chat_type: str = "private", channel: str = "wecom",
        mentioned: bool = False, message_id: str | None = None, choice: str | None = None) -> Incoming:
    return Incoming(channel=channel, chat_id=chat or sender, chat_type=chat_type, sender=sender, text=text,  # type: ignore[arg-type]
                    mentioned=mentioned, message_id=str(next(_ids)) if message_id is None else message_id,
                    choice=choice)


def make(knowledge_base, data_dir, **settings) -> ChatCore:
    return ChatCore(kb=knowledge_base, data_dir=data_dir, access=AccessList.parse(ALLOWED),
                    settings=ChatSettings(**{"rate_limit": 1000, **settings}))


@pytest.fixture
def core(knowledge_base, tmp_path):
    c = make(knowledge_base, tmp_path)
    yield c
    asyncio.run(c.close())


def say(core: ChatCore, *messages: Incoming | str) -> list[list[Reply]]:
    async def run() -> list[list[Reply]]:
        return [await core.handle(m if isinstance(m, Incoming) else msg(m)) for m in messages]
    return asyncio.run(run())


# -- questions ---------------------------------------------------------------------------------------------

def test_a_question_is_acknowledged_then_answered_with_cited_clauses(core):
    acks: list[Reply] = []

    async def ack(r: Reply) -> None:
        acks.append(r)

    replies = asyncio.run(core.handle(msg("发展助力专项什么样的学会才能报？"), ack))
    assert [a.text for a in acks] == ["正在检索…"]
    [r] = replies
    assert r.kind == "answer" and "[1]" in r.text and r.reading is None
    c = r.citations[0]
    assert (c.n, c.doc, c.clause) == (1, "2022-tisheng-jihua", "三、（一）4.")
    assert "专职化工作人员" in c.quote and "提升" in c.title
    assert "/check" in r.text and "xuehui check" not in r.text


def test_a_refusal_says_so_and_names_the_nearest_clauses(core):
    [[r]] = say(core, "标准制定项目每项资助多少钱")
    assert r.kind == "refusal" and "没有" in r.text
    assert r.citations and all(c.clause for c in r.citations)


# -- the group mention rule, access list, de-duplication, rate limit ------------------------------------------

def test_a_group_message_without_a_mention_is_ignored(core):
    group = dict(chat="-5001", chat_type="group", channel="telegram", sender="777")
    assert say(core, msg("理事会一年至少要开几次？", **group)) == [[]]
    [[r]] = say(core, msg("理事会一年至少要开几次？", mentioned=True, **group))
    assert r.kind == "answer"   # admitted by the chat id


def test_a_stranger_is_refused_once_with_their_id(core):
    first, second = say(core, msg("你好", sender="mallory"), msg("在吗", sender="mallory"))
    assert [r.kind for r in first] == ["denied"] and "wecom:mallory" in first[0].text
    assert second == []


def test_a_redelivered_message_is_answered_once(core):
    first, again = say(core, msg("/help", message_id="m-1"), msg("/help", message_id="m-1"))
    assert [r.kind for r in first] == ["help"] and again == []


def test_over_the_rate_limit_a_sender_is_told_when_to_retry(knowledge_base, tmp_path):
    c = make(knowledge_base, tmp_path, rate_limit=2, rate_window=60)
    out = say(c, "/help", "/help", "/help", msg("/help", sender="bob"))
    assert [r[0].kind for r in out] == ["help", "help", "notice", "help"]
    assert "60 秒最多 2 条" in out[2][0].text
    asyncio.run(c.close())


def test_no_access_list_without_public_is_a_config_error(tmp_path, monkeypatch):
    monkeypatch.delenv("XUEHUI_ALLOWED", raising=False)
    with pytest.raises(ChatConfigError, match="XUEHUI_ALLOWED"):
        ChatCore.open(home=tmp_path, allowed=None)
    with pytest.raises(ChatConfigError, match="格式不对"):
        ChatCore.open(home=tmp_path, allowed="zhangsan")


# -- bad input ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["", "   ", "\x00\x07\x1b", "\u200b"])
def test_a_message_with_nothing_readable_gets_a_clear_reply(core, text):
    [[r]] = say(core, text)
    assert r.kind == "notice" and "没有可读的文字" in r.text


def test_a_12000_character_message_is_told_the_limit(core):
    [[r]] = say(core, "学会" * 6000)
    assert r.kind == "notice" and "12000 字" in r.text and "500 字以内" in r.text


def test_control_characters_inside_a_question_are_dropped(core):
    [[r]] = say(core, "理事会\x00一年至少\x1b要开几次？")
    assert r.kind == "answer"


def test_an_unknown_command_lists_the_valid_ones(core):
    [[r]] = say(core, "/frobnicate")
    assert r.kind == "notice" and "/help" in r.text and "/clause" in r.text


# -- help and clause look-up ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["/help", "帮助", "/help@xuehui_bot", "/start"])
def test_help_says_what_the_bot_does_with_three_examples(core, text):
    [[r]] = say(core, text)
    assert r.kind == "help" and r.text.count("\n· ") == 3 and "/clause" in r.text and "/check" in r.text


@pytest.mark.parametrize("text", ["/clause 2022 三、（一）4.（2）", "查条款 2022 三、（一）4.（2）", "查条款 2022年 三、(一)4．(2)",
                                  "/clause 提升计划 三、（一）4.（2）"])
def test_clause_look_up_returns_the_clause_text(core, text):
    [[r]] = say(core, text)
    assert r.kind == "clause" and "三、（一）4.（2）" in r.text and "专职化工作人员" in r.text


def test_an_unknown_clause_names_the_nearest(core):
    [[r]] = say(core, "/clause 2022 三、（九）")
    assert r.kind == "notice" and "三、（四）" in r.text


def test_a_clause_without_a_document_uses_the_conversations_document_or_asks(core):
    [[ask]] = say(core, "/clause 三、（一）4.（2）")
    assert ask.kind == "notice" and "哪份文件" in ask.text and "2024" in ask.text
    _, [r] = say(core, "发展助力专项什么样的学会才能报？", "/clause 三、（一）4.（2）")
    assert r.kind == "clause" and "专职化工作人员" in r.text


# -- context: reset, expiry, persistence --------------------------------------------------------------------

def test_reset_clears_the_context(core):
    first, reset, after = say(core, "一类学会考核的基础部分占比多少？", "重新开始", "那二类学会呢？")
    assert reset[0].kind == "notice"
    assert after[0].reading is None


def test_context_expires_after_the_quiet_period(knowledge_base, tmp_path):
    c = make(knowledge_base, tmp_path, context_ttl=0.05)
    say(c, "一类学会考核的基础部分占比多少？")
    time.sleep(0.1)
    [[r]] = say(c, "那二类学会呢？")
    assert r.reading is None
    asyncio.run(c.close())


def test_context_is_per_sender(core):
    say(core, "一类学会考核的基础部分占比多少？")
    [[r]] = say(core, msg("那二类学会呢？", sender="bob"))
    assert r.reading is None


def test_context_and_seen_ids_survive_a_restart(knowledge_base, tmp_path):
    c = make(knowledge_base, tmp_path)
    say(c, msg("一类学会考核的基础部分占比多少？", message_id="x-1"))
    asyncio.run(c.close())
    c = make(knowledge_base, tmp_path)
    again, [r] = say(c, msg("一类学会考核的基础部分占比多少？", message_id="x-1"), "那二类学会呢？")
    assert again == []
    assert r.reading and "二类学会考核的基础部分" in r.reading
    asyncio.run(c.close())


# -- the error boundary, the audit log, the queue and the worker -----------------------------------------------

class _Broken:
    """A knowledge base whose answering fails (the real one for everything else)."""

    def __init__(self, real) -> None:
        self._real = real

    def __getattr__(self, name):
        return getattr(self._real, name)

    def ask(self, question):
        raise RuntimeError("index file vanished")


def test_an_internal_failure_becomes_one_error_reply_and_the_core_keeps_running(knowledge_base, tmp_path, caplog):
    c = ChatCore(kb=_Broken(knowledge_base), data_dir=tmp_path, access=AccessList.parse(ALLOWED))  # type: ignore[arg-type]
    with caplog.at_level(logging.ERROR, logger="xuehui.bot"):
        broken, helped = say(c, "理事会一年至少要开几次？", "/help")
    [r] = broken
    assert r.kind == "error" and "出错了" in r.text
    ref = r.text.split("编号 ")[1][:6]
    assert any(ref in rec.getMessage() and rec.exc_info for rec in caplog.records)
    assert "Traceback" not in r.text and "vanished" not in r.text
    assert helped[0].kind == "help"
    asyncio.run(c.close())


def test_the_audit_log_has_one_line_per_question(core, tmp_path):
    say(core, "理事会一年至少要开几次？", "标准制定项目每项资助多少钱", "那二类学会呢？")
    lines = [json.loads(x) for x in (tmp_path / "audit.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [x["refused"] for x in lines[:2]] == [False, True]
    first = lines[0]
    assert {"time", "channel", "chat", "sender", "question", "cited", "refused"} <= set(first)
    assert first["sender"] == "alice" and first["cited"] and first["cited"][0].startswith("2023-gongzuo-zhinan ")


def test_one_senders_messages_are_handled_in_order_while_the_loop_stays_responsive(core):
    done: list[str] = []
    ticks = 0

    async def handle(text: str) -> None:
        await core.handle(msg(text))
        done.append(text)

    async def ticker() -> None:
        nonlocal ticks
        while len(done) < 3:
            ticks += 1
            await asyncio.sleep(0.005)

    async def run() -> None:
        await asyncio.gather(ticker(), handle("理事会一年至少要开几次？"), handle("常务理事会呢"),
                             handle("原文是什么"))

    asyncio.run(run())
    assert done == ["理事会一年至少要开几次？", "常务理事会呢", "原文是什么"]
    assert ticks > 3   # the loop ran other work while kb answered in its worker thread


def test_ask_for_the_web_api_reads_follow_ups_too(core):
    async def run():
        await core.ask("web", "s1", "s1", "一类学会考核的基础部分占比多少？")
        return await core.ask("web", "s1", "s1", "那二类学会呢？")

    asked = asyncio.run(run())
    assert asked.reading and "二类学会" in asked.question and not asked.answer.abstained


# -- follow-ups written from the documents: two-turn exchanges through the core --------------------------------

EXCHANGES = [
    # (first question, follow-up, words the reading must contain, a clause (or document) the answer must cite)
    ("一类学会当年秘书处专职工作人员要新增几人？", "那三类学会呢？", "三类学会当年秘书处", "附件1 三、6、"),        # category
    ("一类学会考核的基础部分占比多少？", "四类学会呢", "2024年考核实施办法 四类学会考核的基础部分", "三、（三）"),  # category
    ("一类学会办公场所面积要多少", "二类呢", "2023年工作指南 二类学会办公场所面积", "附件1 三、6、"),            # category
    ("一类中的A等学会可以被认定为什么", "二类学会呢", "二类中的A等学会", "四、（三）"),                              # category
    ("发展助力专项什么样的学会才能报？", "那会员之家建设呢？", "会员之家建设什么样的学会", "三、（一）3."),          # project
    ("发展助力专项的项目数量上限是多少", "科技评估呢", "科技评估的项目数量上限", "科技评估"),                        # project
    ("品牌学术交流的申报条件是什么", "决策咨询呢", "决策咨询的申报条件", "三、（三）5."),                            # project
    ("青少年科普服务实事专项有什么要求", "那科技服务人民健康实事专项呢", "科技服务人民健康实事专项有什么要求",
     "科技服务人民健康实事专项"),                                                                                  # project
    ("一流学会建设要什么条件", "该项目数量上限是多少", "一流学会建设数量上限", "一流学会建设"),                        # project (graft)
    ("标准制定项目的要求是什么", "这个项目需要交什么材料", "标准制定需要交什么材料", "三、（三）2."),                  # project (graft)
    ("工作指南里对学会党建有什么要求", "那考核办法里呢", "考核办法里对学会党建", "三、（四）"),                      # document
    # The user moves from 盐城's 方案 to the 提升计划: the answer comes from the 提升计划's document.
    ("盐城方案对学会承接政府职能转移有什么要求", "提升计划呢", "提升计划", "2022-tisheng-jihua"),                   # document
    ("2023年工作指南对学会秘书处有什么要求", "2018年的呢", "2018年对学会秘书处", "二、（三）"),                      # year
    ("2022年提升计划的申报时间是什么时候", "2024年呢", "2024年的申报时间", "三、（五）"),                              # year
    ("一类学会考核的基础部分占比多少？", "能力部分呢", "能力部分占比多少", "三、（三）"),                              # parallel
    ("理事会一年至少要开几次？", "常务理事会呢", "常务理事会一年至少要开几次", "附件1 二、5、（二）（1）"),              # parallel
    ("年底集中考核占比多少", "那学会网信息报送考核呢", "学会网信息报送考核占比多少", "三、（二）"),                  # parallel
]


@pytest.mark.parametrize("first,follow,reading,cited", EXCHANGES, ids=[e[1] for e in EXCHANGES])
def test_a_follow_up_is_read_against_the_previous_question(core, first, follow, reading, cited):
    _, [r] = say(core, first, follow)
    assert r.reading and r.reading.startswith("按上一问理解为：") and reading in r.reading
    assert any(cited in c.clause or cited == c.doc for c in r.citations), [c.clause for c in r.citations]


@pytest.mark.parametrize("follow,n", [("原文是什么", 1), ("上一条的第2个引用", 2), ("引用3", 3)])
def test_a_follow_up_can_show_a_previous_citation_in_full(core, follow, n):
    [[first], [r]] = say(core, "理事会一年至少要开几次？", follow)
    c = first.citations[n - 1]
    assert r.kind == "clause" and c.clause in r.text and c.quote.split("……（共")[0] in r.text
    assert f"第{n}个引用" in (r.reading or "")


def test_asking_for_a_citation_that_does_not_exist_says_how_many_there_are(core):
    _, [r] = say(core, "考核结果A、B、C三个等级各按多少比例划分？", "第9个引用")
    assert r.kind == "notice" and "没有第 9 个" in r.text


# -- settings -----------------------------------------------------------------------------------------------

def test_settings_come_from_the_environment():
    s = ChatSettings.from_env({"XUEHUI_BOT_CONTEXT_MINUTES": "5", "XUEHUI_BOT_RATE_LIMIT": "3",
                               "XUEHUI_BOT_RATE_WINDOW": "30"})
    assert (s.context_ttl, s.rate_limit, s.rate_window) == (300, 3, 30)
    assert ChatSettings.from_env({}) == ChatSettings()


@pytest.mark.parametrize("var,value,why", [("XUEHUI_BOT_RATE_LIMIT", "many", "不是数字"),
                                           ("XUEHUI_BOT_CONTEXT_MINUTES", "0", "必须大于 0")])
def test_a_bad_setting_is_a_config_error_naming_the_variable(var, value, why):
    with pytest.raises(ChatConfigError, match=f"{var}.*{why}"):
        ChatSettings.from_env({var: value})



def test_a_long_cited_section_is_cut_at_a_sentence_end_under_the_answer():
    import kb
    from bot._core import QUOTE_CHARS, answer_reply

    text = "".join(f"第{i}句话说了一些要求。" for i in range(200))
    p = kb.Passage(doc="d", title="某文件", year=2030, clause="三、", text=text, score=1.0)
    short = kb.Passage(doc="d", title="某文件", year=2030, clause="四、", text="短条款。", score=1.0)
    r = answer_reply(kb.Answer("q", "答[1][2]", False, [p, short], [p, short]), None)
    head, _, tail = r.citations[0].quote.partition("……")
    assert head.endswith("。") and len(head) <= QUOTE_CHARS and text.startswith(head)
    assert f"共 {len(text)} 字" in tail and "第1个引用" in tail
    assert r.citations[1].quote == "短条款。"


def test_an_answer_flagged_suggest_check_offers_the_check_command_in_chat():
    import kb
    from bot._core import answer_reply

    p = kb.Passage(doc="d", title="某文件", year=2030, clause="三、", text="须有专职工作人员。", score=1.0)
    flagged = answer_reply(kb.Answer("能报吗", "答[1]", False, [p], [p], suggest=kb.SUGGEST_CHECK), None)
    plain = answer_reply(kb.Answer("多少钱", "答[1]", False, [p], [p]), None)
    assert flagged.text.startswith("答[1]") and "发 /check" in flagged.text and "xuehui" not in flagged.text
    assert plain.text == "答[1]"
