"""The Telegram adapter: mentions and commands, inline keyboards, settings, and its behaviour
against the fake Bot API server on loopback when Telegram refuses or fails a request."""
from __future__ import annotations

import asyncio
import datetime as dtm
import logging

import pytest
from fake_telegram import FakeTelegram
from telegram import CallbackQuery, Chat, InlineKeyboardMarkup, Message, MessageEntity, User

from bot import ChatCore
from bot._channel import ChannelConfigError
from bot._messages import Choice, Citation, Reply
from bot._telegram import (
    CALLBACK_LIMIT,
    TelegramBot,
    TelegramSettings,
    choice_incoming,
    keyboard,
    render,
    to_incoming,
)

BOT = User(777, "学会助手", is_bot=True, username="xuehui_test_bot")
ALICE = User(1001, "甲", is_bot=False)
NOW = dtm.datetime(2026, 11, 23, tzinfo=dtm.UTC)
PRIVATE = Chat(1001, Chat.PRIVATE)
GROUP = Chat(-5001, Chat.SUPERGROUP, title="学会群")


def _msg(text: str, chat: Chat = PRIVATE, entities=(), reply_to: Message | None = None, mid: int = 7) -> Message:  # noqa: ANN001
    return Message(mid, NOW, chat, from_user=ALICE, text=text, entities=tuple(entities), reply_to_message=reply_to)


def _incoming(message: Message):  # noqa: ANN202
    return to_incoming(message, BOT.username, BOT.id)


# ---- parsing ------------------------------------------------------------------------------------------

def test_a_private_message_is_addressed_to_the_bot_and_keyed_by_chat_and_message():
    msg = _incoming(_msg("  理事会一年开几次？"))
    assert (msg.channel, msg.chat_id, msg.chat_type, msg.sender) == ("telegram", "1001", "private", "1001")
    assert msg.mentioned and msg.text == "理事会一年开几次？" and msg.message_id == "1001:7"


def test_a_group_mention_is_stripped_even_after_an_emoji():
    text = "😀 @xuehui_test_bot 星火专项呢"
    mention = MessageEntity(MessageEntity.MENTION, 3, 16)       # the emoji counts 2 UTF-16 units
    msg = _incoming(_msg(text, GROUP, [mention]))
    assert msg.mentioned and msg.chat_type == "group" and msg.text == "😀 星火专项呢"


def test_a_group_message_mentioning_someone_else_is_unmentioned():
    msg = _incoming(_msg("@somebody 星火专项呢", GROUP, [MessageEntity(MessageEntity.MENTION, 0, 9)]))
    assert not msg.mentioned and msg.text == "@somebody 星火专项呢"


def test_a_reply_to_the_bot_counts_as_a_mention():
    answer = Message(3, NOW, GROUP, from_user=BOT, text="答案")
    assert _incoming(_msg("原文是什么", GROUP, reply_to=answer)).mentioned
    other = Message(4, NOW, GROUP, from_user=ALICE, text="x")
    assert not _incoming(_msg("原文是什么", GROUP, reply_to=other)).mentioned


def test_a_text_mention_of_the_bot_user_counts():
    entity = MessageEntity(MessageEntity.TEXT_MENTION, 0, 4, user=BOT)
    msg = _incoming(_msg("学会助手 星火专项呢", GROUP, [entity]))
    assert msg.mentioned and msg.text == "星火专项呢"


def test_commands_lose_our_bot_suffix_and_other_bots_commands_are_not_ours():
    cmd = "/clause@xuehui_test_bot 2022 三、（一）"
    msg = _incoming(_msg(cmd, GROUP, [MessageEntity(MessageEntity.BOT_COMMAND, 0, 23)]))
    assert msg.mentioned and msg.text == "/clause 2022 三、（一）"
    assert _incoming(_msg("/help@other_bot", GROUP, [MessageEntity(MessageEntity.BOT_COMMAND, 0, 15)])) is None


# ---- keyboards and rendering --------------------------------------------------------------------------

def test_choices_become_one_button_per_row_with_values_within_64_bytes():
    reply = Reply("question", "等级？", choices=[Choice("A 等", "A"), Choice("很长", "值" * 30), Choice("不知道", "")])
    kb = keyboard(reply)
    data = [row[0].callback_data for row in kb.inline_keyboard]
    assert data == ["A", "#2", "#3"]
    assert all(len(d.encode()) <= CALLBACK_LIMIT for d in data)
    assert keyboard(Reply("answer", "x")) is None


def test_a_pressed_button_sends_its_label_and_value():
    reply = Reply("question", "等级？", choices=[Choice("A 等", "A"), Choice("很长", "值" * 30)])
    shown = Message(9, NOW, PRIVATE, from_user=BOT, text="等级？", reply_markup=keyboard(reply))
    msg = choice_incoming(CallbackQuery("cq1", ALICE, "ci", message=shown, data="A"))
    assert (msg.text, msg.choice, msg.message_id, msg.mentioned) == ("A 等", "A", "cb:cq1", True)
    long = choice_incoming(CallbackQuery("cq2", ALICE, "ci", message=shown, data="#2"))
    assert (long.text, long.choice) == ("很长", None)


def test_in_a_group_only_the_asker_may_press_the_buttons_of_their_question():
    from bot._telegram import _pressed_by_asker

    asked = Message(5, NOW, GROUP, from_user=ALICE, text="/check")
    shown = Message(9, NOW, GROUP, from_user=BOT, text="等级？", reply_to_message=asked)
    bob = User(1002, "乙", is_bot=False)
    assert _pressed_by_asker(CallbackQuery("q1", ALICE, "ci", message=shown, data="A"))
    assert not _pressed_by_asker(CallbackQuery("q2", bob, "ci", message=shown, data="A"))
    unquoted = Message(10, NOW, GROUP, from_user=BOT, text="等级？")
    assert _pressed_by_asker(CallbackQuery("q3", bob, "ci", message=unquoted, data="A"))


def test_a_long_reply_carries_its_keyboard_on_its_last_message_only():
    quote = "学会应当按规定完成年度工作任务。" * 120
    reply = Reply("question", "题目", citations=[Citation(i, "d", "文件", "一、", quote) for i in (1, 2, 3)],
                  choices=[Choice("是", "yes")])
    out = render([Reply("notice", "开始"), reply])
    assert len(out) >= 3
    assert [m is not None for _, m in out] == [False] * (len(out) - 1) + [True]
    assert isinstance(out[-1][1], InlineKeyboardMarkup)


# ---- settings -----------------------------------------------------------------------------------------

def test_settings_need_a_well_formed_token():
    with pytest.raises(ChannelConfigError, match="TELEGRAM_BOT_TOKEN"):
        TelegramSettings.from_env({})
    with pytest.raises(ChannelConfigError, match="格式"):
        TelegramSettings.from_env({"TELEGRAM_BOT_TOKEN": "not a token"})


def test_settings_read_the_base_url_and_a_proxy():
    env = {"TELEGRAM_BOT_TOKEN": "123:abc-DEF_9"}
    assert TelegramSettings.from_env(env).base_url == "https://api.telegram.org/bot"
    s = TelegramSettings.from_env({**env, "TELEGRAM_API_BASE_URL": "http://127.0.0.1:8081/bot",
                                   "XUEHUI_PROXY": "socks5://127.0.0.1:1080"})
    assert (s.base_url, s.proxy) == ("http://127.0.0.1:8081/bot", "socks5://127.0.0.1:1080")
    assert "abc-DEF_9" not in repr(s)
    with pytest.raises(ChannelConfigError, match="TELEGRAM_API_BASE_URL"):
        TelegramSettings.from_env({**env, "TELEGRAM_API_BASE_URL": "127.0.0.1:8081"})
    with pytest.raises(ChannelConfigError, match="XUEHUI_PROXY"):
        TelegramSettings.from_env({**env, "XUEHUI_PROXY": "127.0.0.1:1080"})


# ---- against the fake Bot API -------------------------------------------------------------------------

@pytest.fixture
def running(kb_home, tmp_path):
    """A TelegramBot with the real core, polling the fake server in a background event loop."""
    import threading

    fake = FakeTelegram().start()
    core = ChatCore.open(home=kb_home, allowed="telegram:1001,telegram:1002", data_dir=tmp_path)
    bot = TelegramBot(core, TelegramSettings(token=fake.token, base_url=fake.base_url, poll_timeout=2))
    loop = asyncio.new_event_loop()
    stop = asyncio.Event()
    result: list[int] = []

    def run() -> None:
        async def main() -> None:
            result.append(await bot.run(stop))
            await core.close()
        loop.run_until_complete(main())

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    fake.wait_polled(20)
    yield fake
    loop.call_soon_threadsafe(stop.set)
    thread.join(30)
    fake.stop()
    assert result == [0]


def test_help_is_answered(running):
    running.send_text(1001, "/help")
    assert running.wait_for(1001, bool, 20)[0].text.strip()
    assert running.calls.get("setMyCommands") == 1


def test_a_refused_edit_falls_back_to_a_new_message(running):
    running.fail("editMessageText", 400, "Bad Request: message to edit not found")
    running.send_text(1001, "问道科学沙龙一年最少要办几场？")
    msgs = running.wait_for(1001, lambda m: len(m) >= 2, 60)
    assert msgs[0].text.startswith("正在检索") and "15场" in msgs[1].text


def test_a_failed_send_is_retried(running):
    running.fail("sendMessage", 502, "Bad Gateway")
    running.send_text(1001, "/help")
    assert running.wait_for(1001, bool, 20)[0].text.strip()


def test_a_blocked_chat_is_logged_and_the_bot_keeps_answering_others(running, caplog):
    caplog.set_level(logging.ERROR)
    running.fail("sendMessage", 403, "Forbidden: bot was blocked by the user", times=2)
    running.send_text(1002, "/help")
    running.wait_for(1002, lambda _: running.calls.get("sendMessage", 0) >= 2, 20)   # both refused
    running.send_text(1001, "/help")
    assert running.wait_for(1001, bool, 20)
    assert "处理 Telegram 更新时出错" in caplog.text and "Forbidden" in caplog.text


def test_an_unreachable_server_at_start_is_retried_until_it_answers(kb_home, tmp_path):
    import socket

    with socket.socket() as probe:                       # a free port nobody listens on yet
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    core = ChatCore.open(home=kb_home, allowed="telegram:1001", data_dir=tmp_path)
    fake = FakeTelegram()
    fake.port = port
    bot = TelegramBot(core, TelegramSettings(token=fake.token, base_url=f"http://127.0.0.1:{port}/bot",
                                             poll_timeout=2))

    async def main() -> int:
        stop = asyncio.Event()
        task = asyncio.create_task(bot.run(stop))
        await asyncio.sleep(0.5)                          # the first getMe fails: nothing listens
        assert not task.done()
        await asyncio.to_thread(fake.start)
        await asyncio.to_thread(fake.wait_polled, 20)
        fake.send_text(1001, "/help")
        await asyncio.to_thread(fake.wait_for, 1001, bool, 20)
        stop.set()
        return await asyncio.wait_for(task, 30)

    try:
        assert asyncio.run(main()) == 0
    finally:
        asyncio.run(core.close())
        fake.stop()
