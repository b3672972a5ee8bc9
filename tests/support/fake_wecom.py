"""A WeCom AI-bot (智能机器人) long-connection server on loopback, for the e2e tests and the benchmark.

Speaks the frames of the official long-connection protocol (as in wecom-aibot-python-sdk 1.0):

    bot → server  {"cmd": "aibot_subscribe", "headers": {"req_id"}, "body": {"bot_id", "secret"}}
                  {"cmd": "ping", "headers": {"req_id"}}
                  {"cmd": "aibot_respond_msg", "headers": {"req_id": <the callback's>},
                   "body": {"msgtype": "stream", "stream": {"id", "finish", "content"}}}
                  {"cmd": "aibot_send_msg", "headers": {"req_id"}, "body": {"chatid", "msgtype": "markdown", …}}
    server → bot  {"headers": {"req_id"}, "errcode": 0, "errmsg": "ok"}        (an answer to each of those)
                  {"cmd": "aibot_msg_callback", "headers": {"req_id"}, "body": {"msgid", "aibotid", "chatid"?,
                   "chattype": "single"|"group", "from": {"userid"}, "msgtype": "text", "text": {"content"}}}

and checks what WeCom checks: credentials, nothing before a subscription, a stream's content within
20,480 bytes and a markdown message's within 2048, replies only to a callback it sent. Every breach
is answered with an error code and kept in `violations` for the tests to assert there were none.

Thread-based (its own event loop), so sync tests and the benchmark can both drive it; the tests
play the users with `send_text`, wait (event-driven, with timeouts) with `wait_done`, and cut the
connection cleanly (close frame) or abruptly (TCP reset, no close frame) with `drop`.
"""
from __future__ import annotations

import asyncio
import itertools
import json
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from websockets.asyncio.server import ServerConnection, serve
from websockets.exceptions import ConnectionClosed

STREAM_LIMIT = 20480
MARKDOWN_LIMIT = 2048


@dataclass
class Exchange:
    """One user message and everything the bot answered to it, with arrival times (monotonic)."""

    req_id: str
    chat: str
    text: str
    sent_at: float
    frames: list[tuple[float, dict]] = field(default_factory=list)   # respond_msg bodies
    pushed: list[tuple[float, dict]] = field(default_factory=list)   # send_msg bodies to that chat after it
    finished_at: float | None = None

    @property
    def first_frame_at(self) -> float | None:
        return self.frames[0][0] if self.frames else None

    @property
    def stream_content(self) -> str:
        """The stream's content as the user finally sees it (each frame replaces the previous)."""
        contents = [b["stream"].get("content", "") for _, b in self.frames if b.get("msgtype") == "stream"]
        return contents[-1] if contents else ""

    @property
    def shown(self) -> str:
        """Everything the user sees for this message: the stream, then any pushed markdown."""
        parts = [self.stream_content] + [b.get("markdown", {}).get("content", "") for _, b in self.pushed]
        return "\n\n".join(p for p in parts if p)


class FakeWeCom:
    def __init__(self, bot_id: str = "aib-test-bot", secret: str = "test-secret-not-real") -> None:
        self.bot_id, self.secret = bot_id, secret
        self.port = 0
        self.loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._server: Any = None
        self._cond = threading.Condition()
        self._conn: ServerConnection | None = None      # the subscribed connection
        self.subscriptions = 0
        self.connections = 0
        self.pings = 0
        self.mute_pings = False
        self.violations: list[str] = []
        self.exchanges: dict[str, Exchange] = {}
        self.welcomes: dict[str, str | None] = {}
        self._last_in_chat: dict[str, str] = {}
        self._msgids = itertools.count(1)

    # ---- lifecycle ----------------------------------------------------------------------------

    def start(self) -> FakeWeCom:
        ready = threading.Event()

        def run() -> None:
            self.loop = asyncio.new_event_loop()
            asyncio.set_event_loop(self.loop)

            async def main() -> None:
                self._server = await serve(self._session, "127.0.0.1", self.port, ping_interval=None,
                                           max_size=2 ** 22)
                self.port = self._server.sockets[0].getsockname()[1]
                ready.set()
                await self._server.serve_forever()

            try:
                self.loop.run_until_complete(main())
            except asyncio.CancelledError:
                pass

        self._thread = threading.Thread(target=run, daemon=True)
        self._thread.start()
        if not ready.wait(10):
            raise RuntimeError("fake WeCom server did not start")
        return self

    def stop(self) -> None:
        if self.loop is None:
            return

        async def shut() -> None:
            self._server.close()
            await self._server.wait_closed()

        asyncio.run_coroutine_threadsafe(shut(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    # ---- server side --------------------------------------------------------------------------

    async def _session(self, ws: ServerConnection) -> None:
        with self._cond:
            self.connections += 1
        subscribed = False
        try:
            async for raw in ws:
                try:
                    frame = json.loads(raw)
                    cmd, req_id = frame.get("cmd", ""), frame["headers"]["req_id"]
                except (ValueError, KeyError, TypeError, AttributeError):
                    self._violate(f"unparsable frame: {str(raw)[:200]}")
                    continue
                if cmd == "aibot_subscribe":
                    body = frame.get("body") or {}
                    ok = body.get("bot_id") == self.bot_id and body.get("secret") == self.secret
                    await self._answer(ws, req_id, 0 if ok else 40001, "ok" if ok else "invalid bot_id or secret")
                    if ok:
                        subscribed = True
                        with self._cond:
                            self._conn = ws
                            self.subscriptions += 1
                            self._cond.notify_all()
                    continue
                if not subscribed:
                    self._violate(f"{cmd} before aibot_subscribe")
                    await self._answer(ws, req_id, 40002, "not subscribed")
                    continue
                if cmd == "ping":
                    with self._cond:
                        self.pings += 1
                        self._cond.notify_all()
                    if not self.mute_pings:      # a half-dead link: frames go out, nothing comes back
                        await self._answer(ws, req_id, 0, "ok")
                elif cmd == "aibot_respond_msg":
                    await self._answer(ws, req_id, *self._on_respond(req_id, frame.get("body") or {}))
                elif cmd == "aibot_respond_welcome_msg":
                    await self._answer(ws, req_id, *self._on_welcome(req_id, frame.get("body") or {}))
                elif cmd == "aibot_send_msg":
                    await self._answer(ws, req_id, *self._on_push(frame.get("body") or {}))
                else:
                    self._violate(f"unknown cmd {cmd!r}")
                    await self._answer(ws, req_id, 40003, "unknown cmd")
        except ConnectionClosed:   # a reset or close ends the session, like the real server
            pass
        except Exception as e:  # noqa: BLE001 — a bug in the fake must not pass unnoticed
            self._violate(f"fake server error: {type(e).__name__}: {e}")
        finally:
            with self._cond:
                if self._conn is ws:
                    self._conn = None
                self._cond.notify_all()

    async def _answer(self, ws: ServerConnection, req_id: str, errcode: int, errmsg: str) -> None:
        await ws.send(json.dumps({"headers": {"req_id": req_id}, "errcode": errcode, "errmsg": errmsg}))

    def _violate(self, what: str) -> None:
        with self._cond:
            self.violations.append(what)
            self._cond.notify_all()

    def _on_respond(self, req_id: str, body: dict) -> tuple[int, str]:
        now = time.monotonic()
        with self._cond:
            ex = self.exchanges.get(req_id)
        if ex is None:
            self._violate(f"aibot_respond_msg for unknown req_id {req_id}")
            return 40004, "invalid req_id"
        if body.get("msgtype") != "stream" or not isinstance(body.get("stream"), dict):
            self._violate(f"unsupported reply body {str(body)[:200]}")
            return 40005, "invalid msgtype"
        stream = body["stream"]
        size = len(str(stream.get("content", "")).encode())
        if size > STREAM_LIMIT:
            self._violate(f"stream content of {size} bytes")
            return 40058, "content exceed max length"
        if not stream.get("id"):
            self._violate("stream without id")
            return 40005, "stream id missing"
        with self._cond:
            if ex.finished_at is not None:
                self._violate(f"frame after the stream finished ({req_id})")
            ex.frames.append((now, body))
            if stream.get("finish"):
                ex.finished_at = now
            self._cond.notify_all()
        return 0, "ok"

    def _on_welcome(self, req_id: str, body: dict) -> tuple[int, str]:
        content = str((body.get("text") or {}).get("content", ""))
        with self._cond:
            if req_id not in self.welcomes or self.welcomes[req_id] is not None:
                self._violate(f"welcome for an unknown or answered event {req_id}")
                return 40004, "invalid req_id"
        if body.get("msgtype") != "text" or not content or len(content.encode()) > MARKDOWN_LIMIT:
            self._violate(f"bad welcome {str(body)[:200]}")
            return 40005, "invalid welcome"
        with self._cond:
            self.welcomes[req_id] = content
            self._cond.notify_all()
        return 0, "ok"

    def _on_push(self, body: dict) -> tuple[int, str]:
        now = time.monotonic()
        content = str((body.get("markdown") or {}).get("content", ""))
        if body.get("msgtype") != "markdown" or not body.get("chatid"):
            self._violate(f"unsupported push {str(body)[:200]}")
            return 40005, "invalid msgtype"
        if len(content.encode()) > MARKDOWN_LIMIT:
            self._violate(f"markdown of {len(content.encode())} bytes")
            return 40058, "content exceed max length"
        with self._cond:
            req_id = self._last_in_chat.get(body["chatid"])
            if req_id is None:
                self._violate(f"push to a chat nobody wrote in: {body['chatid']}")
                return 40004, "invalid chatid"
            self.exchanges[req_id].pushed.append((now, body))
            self._cond.notify_all()
        return 0, "ok"

    # ---- the users' side ----------------------------------------------------------------------

    def send_text(self, userid: str, text: str, *, chatid: str | None = None, msgid: str | None = None,
                  msgtype: str = "text", body: dict | None = None) -> str:
        """A user writes (a private chat unless `chatid` names a group); returns the callback's req_id."""
        req_id = uuid.uuid4().hex
        msg = body if body is not None else {
            "msgid": msgid or f"msg{next(self._msgids)}", "aibotid": self.bot_id,
            "chattype": "group" if chatid else "single", "from": {"userid": userid},
            "msgtype": msgtype,
        }
        if body is None:
            if chatid:
                msg["chatid"] = chatid
            if msgtype == "text":
                msg["text"] = {"content": text}
            elif msgtype == "mixed":
                msg["mixed"] = {"msg_item": [{"msgtype": "text", "text": {"content": text}},
                                             {"msgtype": "image", "image": {"url": "http://127.0.0.1/x.png"}}]}
        frame = {"cmd": "aibot_msg_callback", "headers": {"req_id": req_id}, "body": msg}
        with self._cond:
            self.exchanges[req_id] = Exchange(req_id, chatid or userid, text, time.monotonic())
            self._last_in_chat[chatid or userid] = req_id
        self.send_raw(json.dumps(frame, ensure_ascii=False))
        return req_id

    def enter_chat(self, userid: str) -> str:
        """A user opens the single chat with the bot (the welcome event); returns its req_id."""
        req_id = uuid.uuid4().hex
        with self._cond:
            self.welcomes[req_id] = None
        self.send_raw(json.dumps({"cmd": "aibot_event_callback", "headers": {"req_id": req_id},
                                  "body": {"msgid": uuid.uuid4().hex, "aibotid": self.bot_id, "chattype": "single",
                                           "from": {"userid": userid}, "msgtype": "event",
                                           "event": {"eventtype": "enter_chat"}}}))
        return req_id

    def wait_welcome(self, req_id: str, timeout: float = 30.0) -> str:
        self._wait(lambda: self.welcomes.get(req_id) is not None, timeout, lambda: f"no welcome for {req_id}")
        return str(self.welcomes[req_id])

    def send_raw(self, data: str) -> None:
        """Any frame, even a malformed one, on the subscribed connection."""
        with self._cond:
            ws = self._conn
        if ws is None or self.loop is None:
            raise RuntimeError("no subscribed bot connection")
        asyncio.run_coroutine_threadsafe(ws.send(data), self.loop).result(10)

    def wait_subscribed(self, count: int = 1, timeout: float = 60.0) -> None:
        """Wait until the bot has subscribed `count` times in total and is connected now."""
        self._wait(lambda: self.subscriptions >= count and self._conn is not None, timeout,
                   lambda: f"subscriptions={self.subscriptions}, connections={self.connections}")

    def wait_done(self, req_id: str, timeout: float = 60.0) -> Exchange:
        """Wait until the bot has finished its stream for this message."""
        ex = self.exchanges[req_id]
        self._wait(lambda: ex.finished_at is not None, timeout,
                   lambda: f"req {req_id}: frames {[b['stream'].get('content', '')[:60] for _, b in ex.frames]}")
        return ex

    def wait_shown(self, req_id: str, predicate, timeout: float = 30.0) -> Exchange:  # noqa: ANN001
        """Wait until predicate(exchange) holds — e.g. the markdown pushed after a long stream."""
        ex = self.exchanges[req_id]
        self._wait(lambda: predicate(ex), timeout, lambda: f"req {req_id}: shown {ex.shown[:200]!r}")
        return ex

    def wait_pings(self, count: int, timeout: float = 30.0) -> None:
        self._wait(lambda: self.pings >= count, timeout, lambda: f"pings={self.pings}")

    def _wait(self, ok, timeout: float, describe) -> None:  # noqa: ANN001
        deadline = time.monotonic() + timeout
        with self._cond:
            while not ok():
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(describe())
                self._cond.wait(left)

    def drop(self, *, clean: bool) -> None:
        """Cut the subscribed connection: a close frame (clean) or a TCP reset with none (abrupt)."""
        with self._cond:
            ws = self._conn
        if ws is None or self.loop is None:
            raise RuntimeError("no subscribed bot connection")

        async def cut() -> None:
            if clean:
                await ws.close(1000, "server closing")
            else:
                ws.transport.abort()

        asyncio.run_coroutine_threadsafe(cut(), self.loop).result(10)
        self._wait(lambda: self._conn is not ws, 10, lambda: "connection still open")


__all__ = ["Exchange", "FakeWeCom", "MARKDOWN_LIMIT", "STREAM_LIMIT"]
