"""`xuehui bot wecom` and `xuehui bot telegram` as real processes against fake platform servers on
127.0.0.1: what a user would see. Waits are event-driven (the fake servers signal arrivals) with
timeouts; "nothing came" is checked by sending a later message and seeing that one answered first.
"""
from __future__ import annotations

import re
import time

import pytest
from bot_process import BotProcess
from fake_telegram import FakeTelegram
from fake_wecom import FakeWeCom

ALLOWED = "wecom:zhangsan,wecom:lisi,wecom:wangwu,wecom:zhaoliu,telegram:1001,telegram:1002,telegram:1003,telegram:-5001"
QUESTION = "问道科学沙龙一年最少要办几场？"
CITED = re.compile(r"\[1\].*提升学会服务科技创新能力计划项目指南.*三、（二）1\.（1）")


def _env(kb_home, **extra: str) -> dict[str, str]:
    return {"XUEHUI_HOME": str(kb_home), "XUEHUI_ALLOWED": ALLOWED, "XUEHUI_BOT_RATE_LIMIT": "1000", **extra}


# ---- WeCom --------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def wecom(kb_home, tmp_path_factory):
    fake = FakeWeCom().start()
    bot = BotProcess("wecom", _env(kb_home, WECOM_BOT_ID=fake.bot_id, WECOM_BOT_SECRET=fake.secret,
                                   WECOM_WS_URL=fake.url, WECOM_HEARTBEAT_SECONDS="1"),
                     tmp_path_factory.mktemp("wecom-data"))
    try:
        fake.wait_subscribed(1, timeout=90)
    except TimeoutError:
        bot.stop()
        pytest.fail(f"the bot never subscribed; its log:\n{bot.log()}")
    yield fake, bot
    bot.stop()
    fake.stop()


def _plain(markdown: str) -> str:
    """WeCom markdown as read: backslash escapes and quote markers gone."""
    return re.sub(r"\\(.)", r"\1", re.sub(r"^> ?", "", markdown, flags=re.M))


def test_wecom_question_is_acknowledged_then_answered_with_a_citation(wecom):
    fake, _ = wecom
    ex = fake.wait_done(fake.send_text("zhangsan", QUESTION))
    first_at, first = ex.frames[0]
    assert first["stream"]["content"] == "正在检索…" and not first["stream"]["finish"]
    assert first_at - ex.sent_at < 5.0            # WeCom's window for the first frame
    shown = _plain(ex.stream_content)
    assert "15场" in shown and CITED.search(shown), shown[:300]
    assert len({b["stream"]["id"] for _, b in ex.frames}) == 1
    assert not fake.violations


def test_wecom_follow_up_is_read_against_the_previous_question(wecom):
    fake, _ = wecom
    fake.wait_done(fake.send_text("lisi", "一类学会的考核得分怎么算"))
    shown = _plain(fake.wait_done(fake.send_text("lisi", "那二类学会呢？")).stream_content)
    assert "按上一问理解为" in shown and "二类学会" in shown
    assert "[1]" in shown


def test_wecom_clause_lookup(wecom):
    fake, _ = wecom
    shown = _plain(fake.wait_done(fake.send_text("zhangsan", "/clause 2022 三、（一）4.（2）")).stream_content)
    assert "三、（一）4.（2）" in shown and "相关要求" in shown


def test_wecom_group_answers_only_when_mentioned_and_strips_the_mention(wecom):
    fake, _ = wecom
    silent = fake.send_text("wangwu", QUESTION, chatid="grp-1")
    ex = fake.wait_done(fake.send_text("wangwu", f"@学会助手 {QUESTION}", chatid="grp-1"))
    assert "15场" in _plain(ex.stream_content)
    assert fake.exchanges[silent].frames == []


def test_wecom_stranger_is_refused_with_their_id(wecom):
    fake, _ = wecom
    shown = fake.wait_done(fake.send_text("stranger9", QUESTION)).stream_content
    assert "wecom:stranger9" in _plain(shown) and "15场" not in shown


def test_wecom_redelivered_message_is_answered_once(wecom):
    fake, _ = wecom
    first = fake.send_text("zhaoliu", "/help", msgid="dup-1")
    again = fake.send_text("zhaoliu", "/help", msgid="dup-1")
    fake.wait_done(first)
    fake.wait_done(fake.send_text("zhaoliu", "/help"))   # a later message from the same user, answered
    assert fake.exchanges[again].frames == []


def test_wecom_a_12000_character_message_gets_a_clear_reply_and_the_bot_lives(wecom):
    fake, bot = wecom
    ex = fake.wait_done(fake.send_text("zhangsan", "学会" * 6000))
    assert _plain(ex.stream_content).strip() and "出错" not in ex.stream_content
    assert "15场" in _plain(fake.wait_done(fake.send_text("zhangsan", QUESTION)).stream_content)
    assert bot.alive() and not fake.violations


def test_wecom_bad_frames_are_skipped(wecom):
    fake, bot = wecom
    fake.send_raw("这不是 JSON")
    fake.send_raw('{"cmd": "aibot_msg_callback", "headers": {"req_id": "r-bad"}, "body": {"msgtype": "text"}}')
    fake.send_raw('{"cmd": "aibot_msg_callback"}')
    assert "15场" in _plain(fake.wait_done(fake.send_text("zhangsan", QUESTION)).stream_content)
    assert bot.alive()


def test_wecom_interview_offers_numbered_choices_and_takes_a_number(wecom):
    fake, _ = wecom
    shown = _plain(fake.wait_done(fake.send_text("lisi", "/check")).stream_content)
    first = re.search(r"^1\. (.+)$", shown, flags=re.M)
    assert first, shown
    shown = _plain(fake.wait_done(fake.send_text("lisi", "1")).stream_content)
    assert first.group(1) in shown and re.search(r"（1/\d+）", shown) and re.search(r"^1\. ", shown, flags=re.M)
    assert "取消" in _plain(fake.wait_done(fake.send_text("lisi", "取消")).stream_content)


def test_wecom_heartbeats(wecom):
    fake, _ = wecom
    before = fake.pings
    fake.wait_pings(before + 2, timeout=10)


@pytest.mark.parametrize("clean", [True, False], ids=["clean-close", "abrupt-reset"])
def test_wecom_reconnects_after_the_server_drops_the_connection(wecom, clean):
    fake, _ = wecom
    count = fake.subscriptions
    fake.drop(clean=clean)
    fake.wait_subscribed(count + 1, timeout=30)
    assert "15场" in _plain(fake.wait_done(fake.send_text("zhangsan", QUESTION)).stream_content)


def test_wecom_sigterm_exits_cleanly_and_the_log_keeps_the_secret(wecom):
    fake, bot = wecom
    assert bot.terminate() == 0
    log = bot.log()
    assert fake.secret not in log
    assert "Traceback" not in log, log[-2000:]


# ---- Telegram -----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def telegram(kb_home, tmp_path_factory):
    fake = FakeTelegram().start()
    bot = BotProcess("telegram", _env(kb_home, TELEGRAM_BOT_TOKEN=fake.token, TELEGRAM_API_BASE_URL=fake.base_url),
                     tmp_path_factory.mktemp("telegram-data"))
    try:
        fake.wait_polled(timeout=90)
    except TimeoutError:
        bot.stop()
        pytest.fail(f"the bot never polled; its log:\n{bot.log()}")
    yield fake, bot
    bot.stop()
    fake.stop()


def _answered(msgs) -> bool:  # noqa: ANN001
    """The bot's first message there no longer says it is working (it was edited into the answer)."""
    return bool(msgs) and not msgs[0].text.startswith("正在检索")


def _ask(fake: FakeTelegram, user: int, text: str, **kw) -> list:  # noqa: ANN003
    chat = kw.get("chat_id", user)
    since = len(fake.messages(chat))
    fake.send_text(user, text, **kw)
    return fake.wait_for(chat, _answered, timeout=60, since=since)


def test_telegram_question_is_answered_in_html_with_a_citation(telegram):
    fake, _ = telegram
    msgs = _ask(fake, 1001, QUESTION)
    assert msgs[0].edits == 1                     # "正在检索…" first, then replaced by the answer
    assert "15场" in msgs[0].text and CITED.search(msgs[0].text)
    assert "<blockquote>" in msgs[0].html
    assert not fake.violations


def test_telegram_follow_up_is_read_against_the_previous_question(telegram):
    fake, _ = telegram
    _ask(fake, 1002, "一类学会的考核得分怎么算")
    msgs = _ask(fake, 1002, "那二类学会呢？")
    assert "按上一问理解为" in msgs[0].text and "二类学会" in msgs[0].text


def test_telegram_clause_lookup(telegram):
    fake, _ = telegram
    msgs = _ask(fake, 1001, "/clause 2022 三、（一）4.（2）")
    assert "三、（一）4.（2）" in msgs[0].text and "相关要求" in msgs[0].text


def test_telegram_group_answers_only_when_mentioned_or_replied_to(telegram):
    fake, _ = telegram
    fake.send_text(1003, QUESTION, chat_id=-5001, chat_type="group")
    msgs = _ask(fake, 1003, f"@{fake.username} {QUESTION}", chat_id=-5001, chat_type="group")
    assert len(fake.messages(-5001)) == 1 and "15场" in msgs[0].text
    replied = _ask(fake, 1003, "原文是什么", chat_id=-5001, chat_type="group", reply_to=msgs[0])
    assert "问道科学沙龙" in replied[0].text


def test_telegram_interview_choices_are_buttons_that_answer_when_pressed(telegram):
    fake, _ = telegram
    since = len(fake.messages(1003))
    fake.send_text(1003, "/check")
    ask = fake.wait_for(1003, lambda m: any(x.keyboard for x in m), since=since)[-1]
    button = ask.keyboard[0][0]
    fake.press(1003, ask, button["callback_data"])
    nxt = fake.wait_for(1003, lambda m: any(x.keyboard and re.search(r"（1/\d+）", x.text) for x in m),
                        since=since)[-1]
    assert button["text"] in "".join(m.text for m in fake.messages(1003)[since:])
    assert not ask.keyboard                          # the pressed keyboard is gone: one answer per question
    fake.press(1003, nxt, nxt.keyboard[0][0]["callback_data"])
    fake.wait_for(1003, lambda m: any(re.search(r"（2/\d+）", x.text) for x in m), since=since)
    assert fake.callback_answers and not fake.violations


def test_telegram_group_buttons_answer_only_the_asker(telegram):
    fake, _ = telegram
    since = len(fake.messages(-5001))
    fake.send_text(1003, "/check", chat_id=-5001, chat_type="group")
    ask = fake.wait_for(-5001, lambda m: any(x.keyboard for x in m), since=since)[-1]
    answered = len(fake.callback_answers)
    fake.press(1001, ask, ask.keyboard[0][0]["callback_data"])        # someone else presses
    fake.wait_for(-5001, lambda _: len(fake.callback_answers) > answered)
    assert ask.keyboard and len(fake.messages(-5001)) == since + 1     # nothing changed for the asker
    fake.press(1003, ask, ask.keyboard[0][0]["callback_data"])
    fake.wait_for(-5001, lambda m: any(re.search(r"（1/\d+）", x.text) for x in m), since=since)
    fake.send_text(1003, "/cancel", chat_id=-5001, chat_type="group")


def test_telegram_stranger_is_refused_with_their_id(telegram):
    fake, _ = telegram
    fake.send_text(4242, QUESTION)
    msgs = fake.wait_for(4242, bool, timeout=30)
    assert "telegram:4242" in msgs[0].text and "15场" not in msgs[0].text


def test_telegram_redelivered_update_is_answered_once(telegram):
    fake, _ = telegram
    since = len(fake.messages(1001))
    update = fake.send_text(1001, "/help")
    fake.redeliver(update)
    fake.wait_for(1001, lambda m: len(m) >= 1, since=since)
    _ask(fake, 1001, "/clause 2022 三、（一）4.（2）")   # a later message, answered after
    texts = [m.text for m in fake.messages(1001)[since:]]
    assert len(texts) == 2 and "三、（一）4.（2）" in texts[1]


def test_telegram_a_12000_character_message_gets_a_clear_reply_and_the_bot_lives(telegram):
    fake, bot = telegram
    since = len(fake.messages(1002))
    fake.send_text(1002, "学会" * 6000)
    reply = fake.wait_for(1002, _answered, since=since)[0].text
    assert reply.strip() and "出错" not in reply
    assert "15场" in _ask(fake, 1002, QUESTION)[0].text
    assert bot.alive() and not fake.violations


def test_telegram_reconnects_after_the_server_goes_away(telegram):
    fake, _ = telegram
    polls = fake.calls.get("getUpdates", 0)
    fake.drop(downtime=1.0)
    fake.wait_polled(timeout=30, count=polls + 1)
    assert "15场" in _ask(fake, 1001, QUESTION)[0].text


def test_telegram_sigterm_exits_cleanly_and_the_log_keeps_the_token(telegram):
    fake, bot = telegram
    t0 = time.monotonic()
    assert bot.terminate() == 0
    assert time.monotonic() - t0 < 20
    log = bot.log()
    assert fake.token not in log and fake.token.split(":")[1] not in log
    assert "Traceback" not in log, log[-2000:]
