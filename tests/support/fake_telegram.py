"""A Telegram Bot API server on loopback, for the e2e tests and the chat benchmark.

Speaks the subset a polling bot uses — getMe, deleteWebhook, getUpdates (long polling with
offsets), sendMessage, editMessageText, editMessageReplyMarkup, answerCallbackQuery,
sendChatAction, setMyCommands — and checks what Telegram checks: the token in the path, HTML
parse mode well-formed (only Telegram's tags, every one closed), text within 4096 UTF-16 units
after entity parsing, callback data within 64 bytes. A request Telegram would refuse gets
Telegram's 400 answer and is recorded in `violations`, so a test can assert there were none.

The test plays the users: `send_text` / `press` queue updates; `wait_for` waits (event-driven,
with a timeout) until the bot has shown something in a chat; `drop` takes the server down
abruptly (open connections cut) and brings it back on the same port.
"""
from __future__ import annotations

import itertools
import json
import re
import socket
import threading
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

JSON_FIELDS = {"reply_markup", "entities", "reply_parameters", "allowed_updates", "link_preview_options",
               "commands", "scope"}
HTML_TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre", "blockquote",
             "tg-spoiler", "span", "tg-emoji"}
TEXT_LIMIT = 4096


def utf16_len(s: str) -> int:
    return len(s.encode("utf-16-le")) // 2


class _Html(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.text: list[str] = []
        self.error = ""

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag not in HTML_TAGS and not self.error:
            self.error = f"unsupported start tag \"{tag}\""
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if (not self.stack or self.stack.pop() != tag) and not self.error:
            self.error = f"can't find end tag corresponding to start tag \"{tag}\""

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse_html(text: str) -> tuple[str, str]:
    """(visible text, error) as Telegram's HTML parse mode would see it."""
    p = _Html()
    p.feed(text)
    p.close()
    if p.stack and not p.error:
        p.error = f"can't find end tag corresponding to start tag \"{p.stack[-1]}\""
    visible = "".join(p.text)
    # a bare "<" or "&" that is not part of a tag or an entity is refused by Telegram too
    if not p.error and visible.count("<") > text.count("&lt;") + text.count("&#60;"):
        p.error = "unexpected < in text"
    if not p.error and _BARE_AMP.search(text):
        p.error = "unsupported HTML entity"
    return visible, p.error


_BARE_AMP = re.compile(r"&(?!(?:lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);)")


@dataclass
class Shown:
    """A message the bot shows in a chat (its latest version after edits)."""

    chat_id: int
    message_id: int
    html: str
    text: str
    keyboard: list[list[dict]] = field(default_factory=list)
    sent_at: float = 0.0
    updated_at: float = 0.0
    edits: int = 0
    reply_to: dict | None = None    # the user's message it quotes (reply_parameters)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


class FakeTelegram:
    """A Bot API server for one bot; thread-based, so sync tests and async benchmarks can drive it."""

    def __init__(self, token: str = "123456:TEST-token-not-real", username: str = "xuehui_test_bot",
                 bot_id: int = 777000) -> None:
        self.token, self.username, self.bot_id = token, username, bot_id
        self.port = 0
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None
        self._cond = threading.Condition()
        self._updates: list[dict] = []              # not yet confirmed by an offset
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1)
        self._chats: dict[int, dict] = {}
        self.shown: dict[int, list[Shown]] = {}     # chat id → bot messages in order
        self.violations: list[str] = []
        self.calls: dict[str, int] = {}
        self.callback_answers: list[str] = []
        self._generation = 0
        self._failures: dict[str, list] = {}
        self._said: dict[tuple[int, int], dict] = {}   # users' messages, for replies that quote them
        self._conns: set[socket.socket] = set()

    # ---- lifecycle ----------------------------------------------------------------------------

    def start(self) -> FakeTelegram:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def setup(self) -> None:
                super().setup()
                with fake._cond:
                    fake._conns.add(self.connection)

            def finish(self) -> None:
                with fake._cond:
                    fake._conns.discard(self.connection)
                try:
                    super().finish()
                except OSError:
                    pass

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass

            def do_POST(self) -> None:  # noqa: N802
                fake._serve(self)

            do_GET = do_POST  # noqa: N815

        self._httpd = _Server(("127.0.0.1", self.port), Handler)
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is None:
            return
        with self._cond:
            self._generation += 1
            self._cond.notify_all()
            conns = list(self._conns)
        self._httpd.shutdown()
        self._httpd.server_close()
        for c in conns:
            try:
                c.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        self._httpd = None

    def drop(self, downtime: float = 0.5) -> None:
        """The network fails: every open connection cut, nothing listening, then back on the same port."""
        self.stop()
        time.sleep(downtime)
        self.start()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    # ---- the users' side ----------------------------------------------------------------------

    def _chat(self, chat_id: int, chat_type: str) -> dict:
        chat = {"id": chat_id, "type": chat_type}
        chat.update({"title": f"群{chat_id}"} if chat_type in ("group", "supergroup") else {"first_name": "用户"})
        self._chats[chat_id] = chat
        return chat

    def _push(self, update: dict) -> dict:
        with self._cond:
            self._updates.append(update)
            self._cond.notify_all()
        return update

    def send_text(self, user_id: int, text: str, *, chat_id: int | None = None, chat_type: str = "private",
                  reply_to: Shown | None = None) -> dict:
        """A user writes in a chat (private by default); @-mentions and /commands get their entities."""
        chat_id = user_id if chat_id is None else chat_id
        entities = []
        for word_start, word in _words(text):
            if word.startswith("@") and len(word) > 1:
                entities.append({"type": "mention", "offset": utf16_len(text[:word_start]), "length": utf16_len(word)})
            elif word.startswith("/") and word_start == 0 and len(word) > 1:
                entities.append({"type": "bot_command", "offset": 0, "length": utf16_len(word)})
        msg: dict[str, Any] = {
            "message_id": next(self._message_ids), "date": int(time.time()),
            "chat": self._chat(chat_id, chat_type),
            "from": {"id": user_id, "is_bot": False, "first_name": f"用户{user_id}"},
            "text": text,
        }
        if entities:
            msg["entities"] = entities
        if reply_to is not None:
            msg["reply_to_message"] = self._as_message(reply_to)
        with self._cond:
            self._said[(chat_id, msg["message_id"])] = {k: v for k, v in msg.items() if k != "reply_to_message"}
        return self._push({"update_id": next(self._update_ids), "message": msg})

    def redeliver(self, update: dict) -> dict:
        """The platform delivers the same update again (same update and message ids)."""
        return self._push(json.loads(json.dumps(update)))

    def press(self, user_id: int, shown: Shown, data: str) -> dict:
        """A user presses an inline keyboard button of a bot message."""
        cq = {"id": f"cq{next(self._update_ids)}", "from": {"id": user_id, "is_bot": False, "first_name": "用户"},
              "chat_instance": f"ci{shown.chat_id}", "data": data, "message": self._as_message(shown)}
        return self._push({"update_id": next(self._update_ids), "callback_query": cq})

    def _as_message(self, shown: Shown) -> dict:
        msg = {"message_id": shown.message_id, "date": int(time.time()), "chat": self._chats[shown.chat_id],
               "from": self._me(), "text": shown.text}
        if shown.keyboard:
            msg["reply_markup"] = {"inline_keyboard": shown.keyboard}
        if shown.reply_to is not None:
            msg["reply_to_message"] = shown.reply_to
        return msg

    # ---- what the users see -------------------------------------------------------------------

    def messages(self, chat_id: int) -> list[Shown]:
        with self._cond:
            return list(self.shown.get(chat_id, []))

    def wait_for(self, chat_id: int, predicate, timeout: float = 30.0, since: int = 0) -> list[Shown]:  # noqa: ANN001
        """Wait until predicate(messages in the chat from index `since`) is true; return those messages."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                msgs = list(self.shown.get(chat_id, []))[since:]
                if predicate(msgs):
                    return msgs
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"chat {chat_id}: bot showed {[m.text[:80] for m in msgs]}")
                self._cond.wait(left)

    def pending_updates(self) -> int:
        with self._cond:
            return len(self._updates)

    def wait_polled(self, timeout: float = 30.0, count: int = 1) -> None:
        """Wait until the bot has called getUpdates `count` times in total (it is polling)."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while self.calls.get("getUpdates", 0) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError("the bot never polled getUpdates")
                self._cond.wait(left)

    def fail(self, method: str, status: int, description: str, times: int = 1) -> None:
        """The next `times` calls of `method` fail as Telegram would fail them (e.g. 502, 403)."""
        with self._cond:
            self._failures[method] = [times, status, description]

    # ---- the Bot API --------------------------------------------------------------------------

    def _me(self) -> dict:
        return {"id": self.bot_id, "is_bot": True, "first_name": "学会助手", "username": self.username,
                "can_join_groups": True, "can_read_all_group_messages": False, "supports_inline_queries": False}

    def _serve(self, h: BaseHTTPRequestHandler) -> None:
        gen = self._generation
        length = int(h.headers.get("Content-Length") or 0)
        raw = h.rfile.read(length) if length else b""
        parts = h.path.split("?")[0].strip("/").split("/")
        if len(parts) != 2 or parts[0] != f"bot{self.token}":
            return self._reply(h, 401 if parts and parts[0].startswith("bot") else 404,
                               {"ok": False, "error_code": 401, "description": "Unauthorized"}, gen)
        method = parts[1]
        params = _params(raw, h.headers.get("Content-Type", ""))
        with self._cond:
            self.calls[method] = self.calls.get(method, 0) + 1
            self._cond.notify_all()
        with self._cond:
            injected = self._failures.get(method)
            if injected and injected[0] > 0:
                injected[0] -= 1
                status, description = injected[1], injected[2]
            else:
                status = 0
        if status:
            return self._reply(h, status, {"ok": False, "error_code": status, "description": description}, gen)
        handler = getattr(self, f"_api_{method}", None)
        if handler is None:
            return self._reply(h, 404, {"ok": False, "error_code": 404, "description": "Not Found: method not found"}, gen)
        try:
            result = handler(params, gen)
        except _ApiError as e:
            with self._cond:
                self.violations.append(f"{method}: {e.description}")
            return self._reply(h, 400, {"ok": False, "error_code": 400, "description": e.description}, gen)
        if result is _DROPPED:
            return None
        return self._reply(h, 200, {"ok": True, "result": result}, gen)

    def _reply(self, h: BaseHTTPRequestHandler, status: int, obj: dict, gen: int) -> None:
        if gen != self._generation:
            return  # the connection was cut while this request waited
        body = json.dumps(obj, ensure_ascii=False).encode()
        try:
            h.send_response(status)
            h.send_header("Content-Type", "application/json")
            h.send_header("Content-Length", str(len(body)))
            h.end_headers()
            h.wfile.write(body)
        except OSError:
            pass

    def _api_getMe(self, p: dict, gen: int) -> dict:  # noqa: N802
        return self._me()

    def _api_deleteWebhook(self, p: dict, gen: int) -> bool:  # noqa: N802
        if str(p.get("drop_pending_updates", "")).lower() == "true":
            with self._cond:
                self._updates.clear()
        return True

    def _api_setMyCommands(self, p: dict, gen: int) -> bool:  # noqa: N802
        return True

    def _api_sendChatAction(self, p: dict, gen: int) -> bool:  # noqa: N802
        return True

    def _api_getUpdates(self, p: dict, gen: int) -> Any:  # noqa: N802
        offset = int(p.get("offset") or 0)
        timeout = min(float(p.get("timeout") or 0), 30.0)
        deadline = time.monotonic() + timeout
        with self._cond:
            if offset:
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
            while True:
                if gen != self._generation:
                    return _DROPPED
                if self._updates:
                    return list(self._updates[:100])
                left = deadline - time.monotonic()
                if left <= 0:
                    return []
                self._cond.wait(min(left, 0.5))

    def _check_text(self, p: dict) -> tuple[str, str]:
        text = str(p.get("text", ""))
        visible = text
        if p.get("parse_mode") == "HTML":
            visible, error = parse_html(text)
            if error:
                raise _ApiError(f"Bad Request: can't parse entities: {error}")
        if not visible.strip():
            raise _ApiError("Bad Request: message text is empty")
        if utf16_len(visible) > TEXT_LIMIT:
            raise _ApiError("Bad Request: message is too long")
        return text, visible

    def _keyboard(self, p: dict) -> list[list[dict]]:
        markup = p.get("reply_markup") or {}
        rows = markup.get("inline_keyboard", []) if isinstance(markup, dict) else []
        for row in rows:
            for b in row:
                if len(str(b.get("callback_data", "")).encode()) > 64 or not b.get("text"):
                    raise _ApiError("Bad Request: BUTTON_DATA_INVALID")
        return rows

    def _chat_id(self, p: dict) -> int:
        try:
            chat_id = int(p["chat_id"])
        except (KeyError, ValueError) as e:
            raise _ApiError("Bad Request: chat not found") from e
        if chat_id not in self._chats:
            raise _ApiError("Bad Request: chat not found")
        return chat_id

    def _api_sendMessage(self, p: dict, gen: int) -> dict:  # noqa: N802
        chat_id = self._chat_id(p)
        html, text = self._check_text(p)
        rows = self._keyboard(p)
        now = time.monotonic()
        quoted = (p.get("reply_parameters") or {}).get("message_id") if isinstance(p.get("reply_parameters"), dict) \
            else p.get("reply_to_message_id")
        shown = Shown(chat_id, next(self._message_ids), html, text, rows, now, now,
                      reply_to=self._said.get((chat_id, int(quoted))) if quoted else None)
        with self._cond:
            self.shown.setdefault(chat_id, []).append(shown)
            self._cond.notify_all()
        return {**self._as_message(shown), "text": text}

    def _find(self, p: dict) -> Shown:
        chat_id = self._chat_id(p)
        mid = int(p.get("message_id") or 0)
        for s in self.shown.get(chat_id, []):
            if s.message_id == mid:
                return s
        raise _ApiError("Bad Request: message to edit not found")

    def _api_editMessageText(self, p: dict, gen: int) -> dict:  # noqa: N802
        with self._cond:
            shown = self._find(p)
        html, text = self._check_text(p)
        rows = self._keyboard(p)
        if html == shown.html and rows == shown.keyboard:
            raise _ApiError("Bad Request: message is not modified")
        with self._cond:
            shown.html, shown.text, shown.keyboard = html, text, rows
            shown.updated_at, shown.edits = time.monotonic(), shown.edits + 1
            self._cond.notify_all()
        return {**self._as_message(shown), "text": text}

    def _api_editMessageReplyMarkup(self, p: dict, gen: int) -> dict:  # noqa: N802
        with self._cond:
            shown = self._find(p)
            shown.keyboard = self._keyboard(p)
            shown.updated_at = time.monotonic()
            self._cond.notify_all()
        return self._as_message(shown)

    def _api_answerCallbackQuery(self, p: dict, gen: int) -> bool:  # noqa: N802
        with self._cond:
            self.callback_answers.append(str(p.get("callback_query_id", "")))
            self._cond.notify_all()
        return True


class _ApiError(Exception):
    def __init__(self, description: str) -> None:
        super().__init__(description)
        self.description = description


_DROPPED = object()


def _words(text: str):  # noqa: ANN202
    start = None
    for i, ch in enumerate(text + " "):
        if ch.isspace():
            if start is not None:
                yield start, text[start:i]
                start = None
        elif start is None:
            start = i


def _params(raw: bytes, content_type: str) -> dict:
    if not raw:
        return {}
    if "json" in content_type:
        return json.loads(raw)
    out: dict[str, Any] = {}
    for k, v in parse_qs(raw.decode(), keep_blank_values=True).items():
        out[k] = json.loads(v[-1]) if k in JSON_FIELDS else v[-1]
    return out


__all__ = ["FakeTelegram", "Shown", "parse_html", "utf16_len"]
