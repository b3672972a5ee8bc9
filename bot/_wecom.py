"""WeCom (企业微信) AI bot (智能机器人) over its long connection: a small client on `websockets`.

Why not the official wecom-aibot-python-sdk: it stops reconnecting after a clean close and after
a bounded number of attempts, and a chat assistant must stay up; the protocol is a handful of
JSON frames, so a client of our own is smaller than the work-arounds would be. The frames (as in
the SDK 1.0.x):

    → {"cmd": "aibot_subscribe", "headers": {"req_id"}, "body": {"bot_id", "secret"}}
    → {"cmd": "ping", "headers": {"req_id"}}                               every `heartbeat` seconds
    ← {"cmd": "aibot_msg_callback", "headers": {"req_id"}, "body": {msgid, chatid?, chattype,
       from: {userid}, msgtype: text|mixed|voice|…, text: {content} …}}
    → {"cmd": "aibot_respond_msg", "headers": {"req_id": <the callback's>},
       "body": {"msgtype": "stream", "stream": {"id", "finish", "content"}}}  each frame replaces the last
    → {"cmd": "aibot_send_msg", "headers": {"req_id"}, "body": {"chatid", "msgtype": "markdown", …}}
    ← {"cmd": "aibot_event_callback", "headers": {"req_id"}, "body": {"event": {"eventtype": "enter_chat"}, …}}
    → {"cmd": "aibot_respond_welcome_msg", "headers": {"req_id"}, "body": {"msgtype": "text", "text": {…}}}
    ← {"headers": {"req_id"}, "errcode": 0, "errmsg": "ok"}                an answer to each → frame

The adapter only translates: a callback becomes an `Incoming`; the core's acknowledgement becomes
the stream's first frame ("正在检索…", within the 5 s WeCom allows); the replies become the rest
of the stream (content within 20,480 bytes) and, for an answer longer than one stream, markdown
messages of at most 2048 bytes.
"""
from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import random
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidURI

from . import _markup
from ._channel import (
    ERROR_TEXT,
    NOT_TEXT,
    STOPPING_TEXT,
    WORKING_TEXT,
    ChannelConfigError,
    Core,
    backoff,
)
from ._messages import Incoming, Reply

log = logging.getLogger("xuehui.wecom")

DEFAULT_WS_URL = "wss://openws.work.weixin.qq.com"
NON_TEXT_KINDS = {"image": "图片", "voice": "语音", "file": "文件", "video": "视频", "link": "链接",
                  "location": "位置", "emotion": "表情"}


@dataclass(frozen=True)
class WeComSettings:
    """The long connection's configuration (WECOM_* variables)."""

    bot_id: str
    secret: str = field(repr=False)
    url: str = DEFAULT_WS_URL
    bot_name: str | None = None         # WECOM_BOT_NAME: only "@<name>" counts as a mention in groups
    heartbeat: float = 30.0             # seconds between pings; two unanswered pings mean a dead link
    backoff_base: float = 1.0
    backoff_cap: float = 60.0
    answer_timeout: float = 5.0         # how long to wait for the server's answer to a reply frame
    ack_after: float = 3.0              # say "正在检索…" ourselves if the core has not within this

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> WeComSettings:
        """Read WECOM_BOT_ID, WECOM_BOT_SECRET, WECOM_WS_URL (and the optional WECOM_BOT_NAME,
        WECOM_HEARTBEAT_SECONDS); a missing or invalid value is a ChannelConfigError naming it."""
        missing = [k for k in ("WECOM_BOT_ID", "WECOM_BOT_SECRET") if not env.get(k, "").strip()]
        if missing:
            raise ChannelConfigError(
                f"缺少环境变量 {'、'.join(missing)}：请在企业微信管理后台 → 智能机器人 → API 模式（长连接）"
                "中查看机器人的 Bot ID 和 Secret，再设置这两个变量")
        url = env.get("WECOM_WS_URL", "").strip() or DEFAULT_WS_URL
        if not re.match(r"^wss?://[^/\s]+", url):
            raise ChannelConfigError(f"WECOM_WS_URL 不是 WebSocket 地址：{url!r}；应以 wss:// 或 ws:// 开头，"
                                     f"例如 {DEFAULT_WS_URL}")
        heartbeat_raw = env.get("WECOM_HEARTBEAT_SECONDS", "").strip() or "30"
        try:
            heartbeat = float(heartbeat_raw)
        except ValueError:
            heartbeat = -1.0
        if not 1 <= heartbeat <= 600:
            raise ChannelConfigError(f"WECOM_HEARTBEAT_SECONDS 应是 1 到 600 之间的秒数，现在是 {heartbeat_raw!r}")
        return cls(bot_id=env["WECOM_BOT_ID"].strip(), secret=env["WECOM_BOT_SECRET"].strip(), url=url,
                   bot_name=env.get("WECOM_BOT_NAME", "").strip() or None, heartbeat=heartbeat)


class BadFrame(ValueError):
    """A frame from the server that is not what the protocol says; logged and skipped."""


@dataclass(frozen=True)
class NonText:
    """A message we cannot read (an image, a file …): the user is told so."""

    msg: Incoming
    kind: str


_LEADING_MENTION = re.compile(r"^\s*@\S+\s*")


def strip_mention(text: str, bot_name: str | None) -> tuple[str, bool]:
    """(text without the bot's @-mention, whether it was mentioned).

    WeCom delivers a group message to an AI bot only when it is @-mentioned and keeps "@名称" in
    the text. With WECOM_BOT_NAME set only "@<that name>" counts (anywhere in the text); without
    it the leading @-mentions are the bot's.
    """
    if bot_name:
        pattern = re.compile(rf"@{re.escape(bot_name)}(?=\s|$)")
        if pattern.search(text):
            return re.sub(r"\s+", " ", pattern.sub(" ", text)).strip(), True
        return text.strip(), False
    stripped, mentioned = text, False
    while m := _LEADING_MENTION.match(stripped):
        stripped, mentioned = stripped[m.end():], True
    return stripped.strip(), mentioned


def _text_of(body: dict) -> str | None:
    """The readable text of a callback body, or None for a message with no text in it."""
    kind = body.get("msgtype")
    if kind == "text":
        return str((body.get("text") or {}).get("content", ""))
    if kind == "voice":  # WeCom transcribes voice messages for AI bots
        content = (body.get("voice") or {}).get("content")
        return str(content) if content else None
    if kind == "mixed":
        mixed = body.get("mixed") or {}
        if isinstance(mixed, str):
            try:
                mixed = json.loads(mixed)
            except ValueError as e:
                raise BadFrame("mixed is not JSON") from e
        items = mixed.get("msg_item") or [] if isinstance(mixed, dict) else []
        texts = [str((i.get("text") or {}).get("content", "")) for i in items
                 if isinstance(i, dict) and i.get("msgtype") == "text"]
        return "\n".join(t for t in texts if t.strip()) or None
    return None


def parse_callback(body: Any, bot_name: str | None = None) -> Incoming | NonText:
    """An aibot_msg_callback body as the neutral `Incoming` (or `NonText`); BadFrame if malformed."""
    if not isinstance(body, dict):
        raise BadFrame("body is not an object")
    sender = (body.get("from") or {}).get("userid") if isinstance(body.get("from"), dict) else None
    if not sender or not isinstance(sender, str):
        raise BadFrame("from.userid missing")
    group = body.get("chattype") == "group"
    chat_id = str(body.get("chatid") or "") if group else sender
    if group and not chat_id:
        raise BadFrame("a group message without chatid")
    text = _text_of(body)
    mentioned = False
    if text is not None and group:
        text, mentioned = strip_mention(text, bot_name)
    msg = Incoming(channel="wecom", chat_id=chat_id, chat_type="group" if group else "private", sender=sender,
                   text=(text or "").strip(), mentioned=mentioned, message_id=str(body.get("msgid") or ""))
    if text is None:
        kind = str(body.get("msgtype") or "?")
        return NonText(msg, NON_TEXT_KINDS.get(kind, kind))
    return msg


def stream_body(stream_id: str, content: str, finish: bool) -> dict:
    return {"msgtype": "stream", "stream": {"id": stream_id, "finish": finish, "content": content}}


def pack_turn(replies: list[Reply]) -> tuple[list[str], list[str]]:
    """(stream parts, overflow messages): pages of at most 2048 bytes; as many as fit in the stream's
    20,480 go there (each stream frame shows the parts so far), the rest as markdown messages."""
    small = _markup.wecom_pages(replies, _markup.WECOM_MESSAGE_LIMIT)
    stream: list[str] = []
    for i, page in enumerate(small):
        if _markup.json_bytes("\n\n".join([*stream, page])) > _markup.WECOM_STREAM_LIMIT:
            return stream, small[i:]
        stream.append(page)
    return stream, []


class SubscribeRefused(Exception):
    """The server refused the bot id and secret."""


class WeComBot:
    """One long connection, kept up until `stop`; each callback answered in its own task."""

    def __init__(self, core: Core, settings: WeComSettings, *, rng: random.Random | None = None) -> None:
        self.core, self.settings = core, settings
        self._rng = rng or random.Random()
        self._ws: ClientConnection | None = None
        self._connected = asyncio.Event()
        self._answers: dict[str, asyncio.Future[dict]] = {}
        self._locks: dict[str, asyncio.Lock] = {}
        self._tasks: set[asyncio.Task] = set()
        self._missed_pings = 0
        self._stopping = False
        self.superseded = False          # the server said another connection took over this bot

    # ---- connection -----------------------------------------------------------------------------

    async def run(self, stop: asyncio.Event) -> int:
        """Connect, subscribe and serve; reconnect with back-off whenever the connection ends."""
        delays = backoff(self.settings.backoff_base, self.settings.backoff_cap, self._rng)
        while not stop.is_set() and not self.superseded:
            try:
                async with connect(self.settings.url, ping_interval=None, close_timeout=3, open_timeout=15,
                                   max_size=2 ** 22) as ws:
                    await self._subscribe(ws)
                    delays = backoff(self.settings.backoff_base, self.settings.backoff_cap, self._rng)
                    await self._serve(ws, stop)
            except SubscribeRefused as e:
                log.error("企业微信拒绝了订阅（%s）：请检查 WECOM_BOT_ID 和 WECOM_BOT_SECRET", e)
            except InvalidURI:
                log.error("WECOM_WS_URL 无效：%s", self.settings.url)
                return 2
            except (OSError, ConnectionClosed, InvalidHandshake, TimeoutError) as e:
                log.warning("长连接中断：%s", _describe(e))
            except Exception:   # anything else: logged with its traceback, and the bot reconnects
                log.exception("长连接出错")
            finally:
                self._ws = None
                self._connected.clear()
            if stop.is_set() or self.superseded:
                break
            delay = next(delays)
            log.info("%.1f 秒后重新连接 %s", delay, self.settings.url)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), delay)
        await self._finish_tasks()
        if self.superseded:
            log.error("同一个机器人在别处建立了新的长连接，本进程退出（否则两个进程会互相挤掉）")
            return 1
        log.info("已停止")
        return 0

    async def _subscribe(self, ws: ClientConnection) -> None:
        req_id = f"aibot_subscribe_{uuid.uuid4().hex}"
        await ws.send(_dump({"cmd": "aibot_subscribe", "headers": {"req_id": req_id},
                             "body": {"bot_id": self.settings.bot_id, "secret": self.settings.secret}}))
        early: list[str | bytes] = []     # anything before the answer is handled once subscribed
        async with asyncio.timeout(15):
            while True:
                raw = await ws.recv()
                frame = _load(raw)
                if frame and (frame.get("headers") or {}).get("req_id") == req_id:
                    break
                early.append(raw)
        if frame.get("errcode") != 0:
            raise SubscribeRefused(f"errcode={frame.get('errcode')} {frame.get('errmsg', '')}")
        log.info("已连接企业微信并订阅（%s）", self.settings.url)
        self._ws, self._missed_pings = ws, 0
        self._connected.set()
        for raw in early:
            self._on_raw(raw)

    async def _serve(self, ws: ClientConnection, stop: asyncio.Event) -> None:
        """Read frames until the connection closes or `stop`; on stop let answers in flight finish."""
        reader = asyncio.create_task(self._read(ws))
        heart = asyncio.create_task(self._heartbeat(ws))
        stopper = asyncio.create_task(stop.wait())
        try:
            await asyncio.wait({reader, stopper}, return_when=asyncio.FIRST_COMPLETED)
            if stop.is_set() and not reader.done():
                self._stopping = True
                await self._finish_tasks()
                await ws.close(1000, "bot stopping")
            if reader.done() and reader.exception():
                raise reader.exception()  # type: ignore[misc]
        finally:
            for t in (reader, heart, stopper):
                t.cancel()
            await asyncio.gather(reader, heart, stopper, return_exceptions=True)

    async def _read(self, ws: ClientConnection) -> None:
        async for raw in ws:
            self._on_raw(raw)
        if not self._stopping:
            log.warning("服务器关闭了长连接（code=%s %s）", ws.close_code, ws.close_reason or "")

    async def _heartbeat(self, ws: ClientConnection) -> None:
        while True:
            await asyncio.sleep(self.settings.heartbeat)
            if self._missed_pings >= 2:
                log.warning("连续 %d 次心跳没有回应，断开重连", self._missed_pings)
                ws.transport.abort()
                return
            self._missed_pings += 1
            await ws.send(_dump({"cmd": "ping", "headers": {"req_id": f"ping_{uuid.uuid4().hex}"}}))

    def _on_raw(self, raw: str | bytes) -> None:
        try:
            self._on_frame(raw)
        except BadFrame as e:
            log.warning("跳过一个不合协议的帧（%s）：%.200s", e, raw if isinstance(raw, str) else "<binary>")
        except Exception:  # a frame must never take the connection down
            log.exception("处理帧时出错，已跳过：%.200s", raw if isinstance(raw, str) else "<binary>")

    def _on_frame(self, raw: str | bytes) -> None:
        frame = _load(raw)
        if frame is None:
            raise BadFrame("not a JSON object")
        cmd = frame.get("cmd")
        req_id = (frame.get("headers") or {}).get("req_id") if isinstance(frame.get("headers"), dict) else None
        if not isinstance(req_id, str) or not req_id:
            raise BadFrame("headers.req_id missing")
        if cmd == "aibot_msg_callback":
            msg = parse_callback(frame.get("body"), self.settings.bot_name)
            self._spawn(self._answer(req_id, msg))
        elif cmd == "aibot_event_callback":
            body: dict = frame["body"] if isinstance(frame.get("body"), dict) else {}
            event = body["event"].get("eventtype") if isinstance(body.get("event"), dict) else None
            if event == "disconnected_event":
                self.superseded = True
                if self._ws is not None:
                    self._ws.transport.abort()
            elif event == "enter_chat":
                user = body["from"].get("userid") if isinstance(body.get("from"), dict) else None
                if not isinstance(user, str) or not user:
                    raise BadFrame("enter_chat without from.userid")
                self._spawn(self._welcome(req_id, user))
            else:
                log.debug("事件 %s（不处理）", event)
        elif cmd is None:
            if req_id.startswith("ping"):
                self._missed_pings = 0
            elif (fut := self._answers.get(req_id)) is not None and not fut.done():
                fut.set_result(frame)
            else:
                log.debug("未对应任何请求的回执：%s", req_id)
        else:
            raise BadFrame(f"unknown cmd {cmd!r}")

    def _spawn(self, coro: Any) -> None:
        task = asyncio.create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _finish_tasks(self, grace: float = 15.0) -> None:
        if self._tasks:
            _, pending = await asyncio.wait(set(self._tasks), timeout=grace)
            for t in pending:
                t.cancel()

    # ---- sending --------------------------------------------------------------------------------

    async def _send(self, cmd: str, req_id: str, body: dict) -> bool:
        """Send one frame and wait for the server's answer; frames of one req_id go one at a time."""
        lock = self._locks.setdefault(req_id, asyncio.Lock())
        async with lock:
            try:
                async with asyncio.timeout(30):
                    await self._connected.wait()
            except TimeoutError:
                log.warning("没有连接，丢弃一条回复（req_id=%s）", req_id)
                return False
            ws = self._ws
            if ws is None:
                return False
            fut: asyncio.Future[dict] = asyncio.get_running_loop().create_future()
            self._answers[req_id] = fut
            try:
                await ws.send(_dump({"cmd": cmd, "headers": {"req_id": req_id}, "body": body}))
                answer = await asyncio.wait_for(fut, self.settings.answer_timeout)
            except (ConnectionClosed, OSError) as e:
                log.warning("回复没有发出（%s）", _describe(e))
                return False
            except TimeoutError:
                log.warning("服务器 %.0f 秒内没有确认回复（req_id=%s）", self.settings.answer_timeout, req_id)
                return False
            finally:
                self._answers.pop(req_id, None)
        if answer.get("errcode") != 0:
            log.warning("服务器拒绝了回复（req_id=%s）：errcode=%s %s", req_id, answer.get("errcode"),
                        answer.get("errmsg", ""))
            return False
        return True

    async def _answer(self, req_id: str, msg: Incoming | NonText) -> None:
        """One user message: acknowledge within WeCom's window, then stream the core's replies."""
        stream_id = uuid.uuid4().hex
        started = False

        async def ack(reply: Reply) -> None:
            nonlocal started
            if not started:
                started = True
                await self._send("aibot_respond_msg", req_id,
                                 stream_body(stream_id, _markup.wecom_pages([reply])[0], False))

        async def ack_late() -> None:
            await asyncio.sleep(self.settings.ack_after)
            await asyncio.shield(ack(Reply("notice", WORKING_TEXT)))   # once sending, let it finish

        try:
            if self._stopping:
                replies = [Reply("notice", STOPPING_TEXT)]
            elif isinstance(msg, NonText):
                private_or_called = msg.msg.chat_type == "private" or msg.msg.mentioned
                replies = [Reply("notice", NOT_TEXT.format(kind=msg.kind))] if private_or_called else []
            else:
                fallback = asyncio.create_task(ack_late())
                try:
                    replies = await self.core.handle(msg, ack=ack)
                finally:
                    fallback.cancel()
                    await asyncio.gather(fallback, return_exceptions=True)
        except Exception:
            log.exception("处理消息出错（channel=wecom chat=%s）", getattr(msg, "chat_id", "?"))
            replies = [Reply("error", ERROR_TEXT)]
        try:
            await self._deliver(req_id, stream_id, replies, started, msg)
        finally:
            self._locks.pop(req_id, None)

    async def _welcome(self, req_id: str, user: str) -> None:
        """A user opens the chat: the welcome is what /help says (or, to a stranger, their id to ask for)."""
        msg = Incoming(channel="wecom", chat_id=user, chat_type="private", sender=user, text="/help", mentioned=True)
        try:
            replies = await self.core.handle(msg)
        except Exception:
            log.exception("生成欢迎语出错")
            return
        pages = _markup.split_sections([s for r in replies for s in _markup.reply_sections(r)], _plain_text,
                                       _markup.WECOM_MESSAGE_LIMIT, _markup.json_bytes)
        if pages:
            await self._send("aibot_respond_welcome_msg", req_id, {"msgtype": "text", "text": {"content": pages[0]}})

    async def _deliver(self, req_id: str, stream_id: str, replies: list[Reply], started: bool,
                       msg: Incoming | NonText) -> None:
        if not replies:
            if started:   # acknowledged, then nothing to say: close the stream rather than leave it spinning
                await self._send("aibot_respond_msg", req_id, stream_body(stream_id, "（没有需要回复的内容）", True))
            return
        parts, overflow = pack_turn(replies)
        if len(parts) > 1:
            await self._send("aibot_respond_msg", req_id, stream_body(stream_id, parts[0], False))
        await self._send("aibot_respond_msg", req_id, stream_body(stream_id, "\n\n".join(parts), True))
        chat = msg.msg.chat_id if isinstance(msg, NonText) else msg.chat_id
        for page in overflow:
            await self._send("aibot_send_msg", f"aibot_send_msg_{uuid.uuid4().hex}",
                             {"chatid": chat, "msgtype": "markdown", "markdown": {"content": page}})


def _plain_text(block: _markup.Block) -> str:
    """A text message shows characters as they are: no escaping, no markup."""
    return block.text


def _dump(frame: dict) -> str:
    return json.dumps(frame, ensure_ascii=False)


def _load(raw: str | bytes) -> dict | None:
    try:
        frame = json.loads(raw)
    except (ValueError, TypeError):
        return None
    return frame if isinstance(frame, dict) else None


def _describe(e: BaseException) -> str:
    return f"{type(e).__name__}: {e}" if str(e) else type(e).__name__


__all__ = ["DEFAULT_WS_URL", "BadFrame", "NonText", "WeComBot", "WeComSettings", "pack_turn", "parse_callback",
           "strip_mention", "stream_body"]
