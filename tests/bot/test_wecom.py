"""The WeCom adapter: callback parsing, mentions, settings, paging, and the long connection's
subscribe / heartbeat / back-off behaviour against the fake server on loopback."""
from __future__ import annotations

import asyncio
import json
import logging

import pytest
from fake_wecom import FakeWeCom

from bot import ChatCore
from bot._channel import ChannelConfigError
from bot._markup import WECOM_MESSAGE_LIMIT, WECOM_STREAM_LIMIT, json_bytes
from bot._messages import Citation, Reply
from bot._wecom import (
    DEFAULT_WS_URL,
    BadFrame,
    NonText,
    WeComBot,
    WeComSettings,
    pack_turn,
    parse_callback,
    strip_mention,
)


def _body(text: str = "你好", **kw) -> dict:  # noqa: ANN003
    body = {"msgid": "m1", "aibotid": "b", "chattype": "single", "from": {"userid": "zhangsan"},
            "msgtype": "text", "text": {"content": text}}
    body.update(kw)
    return body


# ---- parsing ------------------------------------------------------------------------------------------

def test_a_private_text_message_becomes_an_incoming_keyed_by_the_user():
    msg = parse_callback(_body("  理事会一年开几次？ "))
    assert msg.channel == "wecom" and msg.chat_type == "private"
    assert msg.chat_id == msg.sender == "zhangsan" and msg.message_id == "m1"
    assert msg.text == "理事会一年开几次？"


def test_a_group_message_is_keyed_by_the_chat_and_its_mention_stripped():
    msg = parse_callback(_body("@学会助手 理事会一年开几次？", chattype="group", chatid="wrk-1"))
    assert (msg.chat_type, msg.chat_id, msg.sender) == ("group", "wrk-1", "zhangsan")
    assert msg.mentioned and msg.text == "理事会一年开几次？"


def test_a_group_message_without_a_mention_is_marked_unmentioned():
    msg = parse_callback(_body("大家好", chattype="group", chatid="wrk-1"))
    assert not msg.mentioned and msg.text == "大家好"


def test_mixed_messages_keep_their_text_items_whether_an_object_or_a_json_string():
    items = {"msg_item": [{"msgtype": "text", "text": {"content": "看图"}}, {"msgtype": "image", "image": {}},
                          {"msgtype": "text", "text": {"content": "这是什么条款"}}]}
    for mixed in (items, json.dumps(items, ensure_ascii=False)):
        msg = parse_callback(_body(msgtype="mixed", mixed=mixed))
        assert msg.text == "看图\n这是什么条款"


def test_a_voice_message_is_read_by_its_transcript():
    assert parse_callback(_body(msgtype="voice", voice={"content": "星火专项呢"})).text == "星火专项呢"


def test_an_image_is_non_text_and_says_what_it_was():
    got = parse_callback(_body(msgtype="image", image={"url": "x"}))
    assert isinstance(got, NonText) and got.kind == "图片"


@pytest.mark.parametrize("body", [None, [], {}, {"from": {}}, _body(chattype="group"),
                                  _body(msgtype="mixed", mixed="{not json")])
def test_malformed_bodies_are_bad_frames(body):
    with pytest.raises(BadFrame):
        parse_callback(body)


def test_mention_with_a_configured_name_counts_only_that_name_anywhere():
    assert strip_mention("请问 @学会助手 星火专项呢", "学会助手") == ("请问 星火专项呢", True)
    assert strip_mention("@张三 星火专项呢", "学会助手") == ("@张三 星火专项呢", False)
    assert strip_mention("@学会助手甲 你好", "学会助手") == ("@学会助手甲 你好", False)


def test_mention_without_a_name_is_the_leading_at_words():
    assert strip_mention("@学会助手 @张三 星火专项呢", None) == ("星火专项呢", True)
    assert strip_mention("星火专项 @学会助手", None) == ("星火专项 @学会助手", False)


# ---- settings -----------------------------------------------------------------------------------------

def test_settings_name_the_missing_variables():
    with pytest.raises(ChannelConfigError, match="WECOM_BOT_ID、WECOM_BOT_SECRET"):
        WeComSettings.from_env({})


def test_settings_default_to_the_official_address_and_accept_plain_ws():
    env = {"WECOM_BOT_ID": "b", "WECOM_BOT_SECRET": "s3cret-value"}
    assert WeComSettings.from_env(env).url == DEFAULT_WS_URL == "wss://openws.work.weixin.qq.com"
    assert WeComSettings.from_env({**env, "WECOM_WS_URL": "ws://127.0.0.1:9"}).url == "ws://127.0.0.1:9"
    with pytest.raises(ChannelConfigError, match="WECOM_WS_URL"):
        WeComSettings.from_env({**env, "WECOM_WS_URL": "https://example.com"})
    with pytest.raises(ChannelConfigError, match="WECOM_HEARTBEAT_SECONDS"):
        WeComSettings.from_env({**env, "WECOM_HEARTBEAT_SECONDS": "0"})
    assert "s3cret-value" not in repr(WeComSettings.from_env(env))


# ---- paging ------------------------------------------------------------------------------------------

def test_a_turn_fills_one_stream_then_overflows_into_markdown_messages():
    quote = "学会应当按规定完成年度工作任务并按时报送材料。" * 60          # ~4,000 bytes a citation
    reply = Reply("answer", "答案[1]", citations=[Citation(i, "d", "文件", f"三、{i}", quote) for i in range(1, 9)])
    stream, overflow = pack_turn([reply])
    assert json_bytes("\n\n".join(stream)) <= WECOM_STREAM_LIMIT
    assert overflow and all(len(p.encode()) <= WECOM_MESSAGE_LIMIT for p in overflow)
    assert sum(p.count("学会应当") for p in stream + overflow) == 8 * 60


def test_a_short_turn_is_one_stream_part():
    assert pack_turn([Reply("help", "帮助")]) == (["帮助"], [])


# ---- the long connection against the fake server ------------------------------------------------------

@pytest.fixture
def core(kb_home, tmp_path):
    return ChatCore.open(home=kb_home, allowed="wecom:zhangsan", data_dir=tmp_path)


def _settings(fake: FakeWeCom, **kw) -> WeComSettings:  # noqa: ANN003
    return WeComSettings(bot_id=fake.bot_id, secret=kw.pop("secret", fake.secret), url=fake.url,
                         backoff_base=0.05, backoff_cap=0.2, **kw)


async def _running(bot: WeComBot, scenario) -> int:  # noqa: ANN001
    """Run the bot while `scenario()` (blocking calls on the fake) runs in a thread; then stop it."""
    stop = asyncio.Event()
    task = asyncio.create_task(bot.run(stop))
    try:
        await asyncio.wait_for(asyncio.to_thread(scenario), 60)
    finally:
        stop.set()
    return await asyncio.wait_for(task, 30)


def test_subscribes_answers_and_stops_cleanly(core):
    fake = FakeWeCom().start()

    def scenario() -> None:
        fake.wait_subscribed(1, 20)
        ex = fake.wait_done(fake.send_text("zhangsan", "/help"), 20)
        assert ex.stream_content and ex.frames[-1][1]["stream"]["finish"]

    try:
        assert asyncio.run(_running(WeComBot(core, _settings(fake)), scenario)) == 0
        assert not fake.violations
    finally:
        asyncio.run(core.close())
        fake.stop()


def test_opening_the_chat_gets_the_help_as_a_welcome_and_a_stranger_their_id(core):
    fake = FakeWeCom().start()
    got: dict[str, str] = {}

    def scenario() -> None:
        fake.wait_subscribed(1, 20)
        got["member"] = fake.wait_welcome(fake.enter_chat("zhangsan"), 20)
        got["stranger"] = fake.wait_welcome(fake.enter_chat("stranger7"), 20)

    try:
        assert asyncio.run(_running(WeComBot(core, _settings(fake)), scenario)) == 0
        assert "/clause" in got["member"] and "wecom:stranger7" in got["stranger"]
        assert not fake.violations
    finally:
        asyncio.run(core.close())
        fake.stop()


def test_a_refused_subscription_is_retried_and_the_secret_never_logged(core, caplog):
    fake = FakeWeCom().start()

    def scenario() -> None:
        fake._wait(lambda: fake.connections >= 3, 20, lambda: f"connections={fake.connections}")

    caplog.set_level(logging.INFO)
    try:
        assert asyncio.run(_running(WeComBot(core, _settings(fake, secret="wrong-secret-123")), scenario)) == 0
        assert fake.subscriptions == 0
        assert "WECOM_BOT_SECRET" in caplog.text and "wrong-secret-123" not in caplog.text
    finally:
        asyncio.run(core.close())
        fake.stop()


def test_two_unanswered_heartbeats_drop_the_link_and_it_comes_back(core):
    fake = FakeWeCom().start()

    def scenario() -> None:
        fake.wait_subscribed(1, 20)
        fake.mute_pings = True
        fake.wait_subscribed(2, 20)          # the bot gave up on the silent link and subscribed again
        fake.mute_pings = False
        assert fake.wait_done(fake.send_text("zhangsan", "/help"), 20).stream_content

    try:
        assert asyncio.run(_running(WeComBot(core, _settings(fake, heartbeat=0.2)), scenario)) == 0
    finally:
        asyncio.run(core.close())
        fake.stop()


def test_a_disconnected_event_means_another_process_took_over_and_the_bot_exits_1(core):
    fake = FakeWeCom().start()
    bot = WeComBot(core, _settings(fake))

    async def main() -> int:
        stop = asyncio.Event()
        task = asyncio.create_task(bot.run(stop))
        await asyncio.to_thread(fake.wait_subscribed, 1, 20)
        fake.send_raw(json.dumps({"cmd": "aibot_event_callback", "headers": {"req_id": "e1"},
                                  "body": {"msgtype": "event", "event": {"eventtype": "disconnected_event"}}}))
        return await asyncio.wait_for(task, 20)

    try:
        assert asyncio.run(main()) == 1 and fake.subscriptions == 1
    finally:
        asyncio.run(core.close())
        fake.stop()
