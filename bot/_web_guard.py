"""What stands in front of the routes: per-client rate limit, the API token, the request body size limit.

Plain ASGI middlewares, so a refused request never reaches FastAPI's body parsing. Each refusal is the
API's error shape with a Chinese message.
"""
from __future__ import annotations

import hmac
import json
import math
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# Routes that carry no data: the liveness probe and the page's own files (HTML/JS/CSS, which ask the
# user for the token and then send it with every API call).
OPEN_PATHS = ("/healthz", "/", "/index.html", "/favicon.ico")
OPEN_PREFIXES = ("/static/", "/docs-static/")
# Read-only schema pages a browser opens directly: they also accept the token the page keeps as a cookie.
COOKIE_PATHS = ("/docs", "/openapi.json")
TOKEN_COOKIE = "xuehui_token"


def is_open(path: str) -> bool:
    return path in OPEN_PATHS or path.startswith(OPEN_PREFIXES)


async def send_error(send: Send, status: int, code: str, message: str, headers: dict[str, str] | None = None) -> None:
    body = json.dumps({"error": {"code": code, "message": message, "field": None}}, ensure_ascii=False).encode()
    raw = [(b"content-type", b"application/json; charset=utf-8"), (b"content-length", str(len(body)).encode())]
    raw += [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})


def _header(scope: Scope, name: bytes) -> str | None:
    for k, v in scope.get("headers", []):
        if k.lower() == name:
            return v.decode("latin-1")
    return None


def _cookie(scope: Scope, name: str) -> str | None:
    for part in (_header(scope, b"cookie") or "").split(";"):
        k, _, v = part.strip().partition("=")
        if k == name:
            return v
    return None


class TokenGuard:
    """`Authorization: Bearer <XUEHUI_API_TOKEN>` on every route but the open ones, compared in constant time."""

    def __init__(self, app: ASGIApp, token: str) -> None:
        self.app, self.token = app, token.encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or is_open(scope["path"]) or scope.get("method") == "OPTIONS":
            await self.app(scope, receive, send)
            return
        auth = _header(scope, b"authorization")
        given: str | None = None
        if auth is not None:
            scheme, _, value = auth.partition(" ")
            given = value.strip() if scheme.lower() == "bearer" else ""
        elif scope["path"] in COOKIE_PATHS:
            given = _cookie(scope, TOKEN_COOKIE)
        challenge = {"WWW-Authenticate": "Bearer"}
        if given is None:
            await send_error(send, 401, "unauthorized",
                             "需要访问令牌：请在请求头加 Authorization: Bearer <令牌>（服务端的 XUEHUI_API_TOKEN）", challenge)
        elif not hmac.compare_digest(given.encode(), self.token):
            await send_error(send, 401, "unauthorized", "访问令牌不正确：请核对 XUEHUI_API_TOKEN 的值", challenge)
        else:
            await self.app(scope, receive, send)


class _TooLarge(Exception):
    pass


class BodyLimit:
    """Refuses a request body over `limit` bytes with 413, whether announced by Content-Length or streamed."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit

    def _message(self) -> str:
        return f"请求体太大：最多 {self.limit} 字节（{self.limit // 1024} KiB）"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _header(scope, b"content-length")
        if declared is not None and declared.strip().isdigit() and int(declared) > self.limit:
            await send_error(send, 413, "body_too_large", self._message())
            return
        # Read the whole (small) body first: a streamed body over the limit is refused before any route runs.
        chunks, size, more = [], 0, True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                await self.app(scope, _replay([message]), send)
                return
            size += len(message.get("body", b""))
            if size > self.limit:
                await send_error(send, 413, "body_too_large", self._message())
                return
            chunks.append(message)
            more = message.get("more_body", False)
        await self.app(scope, _replay(chunks, receive), send)


def _replay(messages: list[Message], then: Receive | None = None) -> Receive:
    queue = list(messages)

    async def receive() -> Message:
        if queue:
            return queue.pop(0)
        if then is not None:
            return await then()  # after the body: waits for the client's disconnect, as Starlette expects
        return {"type": "http.disconnect"}

    return receive


class RateLimit:
    """A token bucket per client address: `per_minute` requests a minute, bursts up to the same number.

    Only the API is counted (the page's files and /healthz are free). 429 with Retry-After when empty.
    """

    MAX_CLIENTS = 10_000  # forget idle full buckets beyond this, so many addresses cannot grow memory

    def __init__(self, app: ASGIApp, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.app, self.per_minute, self.clock = app, per_minute, clock
        self.rate = per_minute / 60.0
        self.buckets: dict[str, tuple[float, float]] = {}  # client → (tokens, when)

    def take(self, client: str) -> float:
        """Take one token; 0.0 when allowed, else the seconds until the next token."""
        now = self.clock()
        tokens, when = self.buckets.get(client, (float(self.per_minute), now))
        tokens = min(float(self.per_minute), tokens + (now - when) * self.rate)
        if tokens >= 1.0:
            self.buckets[client] = (tokens - 1.0, now)
            if len(self.buckets) > self.MAX_CLIENTS:
                self._prune(now)
            return 0.0
        self.buckets[client] = (tokens, now)
        return (1.0 - tokens) / self.rate

    def _prune(self, now: float) -> None:
        full = [c for c, (t, w) in self.buckets.items() if t + (now - w) * self.rate >= self.per_minute]
        for c in full:
            del self.buckets[c]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or is_open(scope["path"]) or scope.get("method") == "OPTIONS":
            await self.app(scope, receive, send)
            return
        client = (scope.get("client") or ("?", 0))[0]
        wait = self.take(client)
        if wait > 0:
            seconds = max(1, math.ceil(wait))
            await send_error(send, 429, "rate_limited",
                             f"请求太频繁：每个客户端每分钟最多 {self.per_minute} 次；请 {seconds} 秒后再试",
                             {"Retry-After": str(seconds)})
            return
        await self.app(scope, receive, send)


__all__ = ["BodyLimit", "COOKIE_PATHS", "OPEN_PATHS", "RateLimit", "TOKEN_COOKIE", "TokenGuard", "is_open"]
