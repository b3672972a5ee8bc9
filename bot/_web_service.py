"""What the web routes call: the in-process knowledge base, conversation core and eligibility engine.

The knowledge base is CPU-bound and not documented as thread-safe: every kb call runs on one worker
thread, one question at a time, and the conversation core's worker shares it through a lock
(`serialised`). Questions are not batched: embedding a batch costs the model as much per question as
one at a time (measured: 32–51 ms either way), so batching would only add waiting.
Follow-ups (a question with a conversation id) go through the conversation core, as in chat.
"""
from __future__ import annotations

import asyncio
import dataclasses
import functools
import logging
import threading
import typing
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Protocol, TypeVar

import eligibility
import kb

from . import _web_tree
from ._web_errors import WebError, from_input_error, from_kb_error

log = logging.getLogger("xuehui.web")
T = TypeVar("T")

WEB_CHANNEL = "web"


class Asker(Protocol):
    """The conversation core as the web sees it (bot._core.ChatCore.ask)."""

    async def ask(self, channel: str, chat_id: str, sender: str, question: str) -> Any: ...


class _Serialised:
    """The one knowledge base shared by the web's kb thread and the conversation core's worker: one call at a time."""

    LOCKED = frozenset({"ask", "batch_ask", "search", "batch_search", "clause"})

    def __init__(self, base: kb.KnowledgeBase) -> None:
        self._base, self._lock = base, threading.Lock()

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._base, name)
        if name not in self.LOCKED:
            return value

        def locked(*args: Any, **kwargs: Any) -> Any:
            with self._lock:
                return value(*args, **kwargs)
        return locked


def serialised(base: kb.KnowledgeBase) -> kb.KnowledgeBase:
    """`base` with its question and look-up calls serialised (the index is not documented as thread-safe)."""
    return typing.cast(kb.KnowledgeBase, _Serialised(base))


class WebService:
    """The operations behind the API routes, each returning the contract's JSON or raising `WebError`."""

    def __init__(self, base: kb.KnowledgeBase, core: Asker | None = None) -> None:
        self.base, self.core = base, core
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="xuehui-kb")
        self._trees: list[dict] | None = None

    async def _on_kb_thread(self, fn: Callable[[], T]) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._pool, fn)

    async def ask(self, question: str, conversation: str | None) -> dict:
        """A question, alone or as the next turn of a conversation (follow-ups read in its context)."""
        if not question.strip():
            raise WebError(422, "invalid_input", "question：问题是空的；请输入一个问题，例如“申报一流学会要什么条件？”", "question")
        reading: str | None = None
        try:
            if conversation and self.core is not None:
                asked = await self.core.ask(WEB_CHANNEL, conversation, conversation, question)
                answer, reading = asked.answer, asked.reading
            else:
                answer = await self._on_kb_thread(functools.partial(self.base.ask, question))
        except kb.KBError as e:
            raise from_kb_error(e) from None
        return {**answer.to_json(), "conversation": conversation, "reading": reading}

    async def clause(self, doc: str, path: str) -> dict:
        """A clause (or table row) by document and position, as `xuehui clause --json` prints it."""
        if not doc.strip():
            raise WebError(422, "invalid_input", "doc：缺少文档；请给出年份（如 2022）或文档编号（见 /api/docs）", "doc")
        if not path.strip():
            raise WebError(422, "invalid_input", "path：缺少条款路径，例如 三、（一）1.（2）", "path")
        try:
            view = await self._on_kb_thread(lambda: self.base.clause(doc, path))
        except kb.KBError as e:
            raise from_kb_error(e) from None
        return view.to_json()

    async def documents(self) -> list[dict]:
        """Every document (the `docs --json` fields) with its clause tree (built once)."""
        if self._trees is None:
            self._trees = await self._on_kb_thread(lambda: _web_tree.build(self.base))
        return self._trees

    async def check(self, data: object) -> dict:
        """Eligibility of a profile and plan: the `xuehui check --json` object."""
        return (await self._eligibility(eligibility.check, data)).to_json()

    async def score(self, data: object) -> dict:
        """The 2024 assessment estimate: the `xuehui score --json` object."""
        return (await self._eligibility(eligibility.score, data)).to_json()

    async def _eligibility(self, compute: Callable[[dict], T], data: object) -> T:
        if not isinstance(data, dict):
            raise WebError(422, "invalid_input", f"请求体应是 JSON 对象（与 YAML 输入文件相同的字段），实际是 {_kind(data)}", None)
        try:
            return await asyncio.to_thread(compute, data)
        except eligibility.InputError as e:
            raise from_input_error(e) from None

    def projects(self, programme: str | None = None) -> list[dict]:
        try:
            return eligibility.projects(programme)
        except eligibility.InputError as e:
            raise from_input_error(e) from None

    def check_form(self, programme: str | None, projects: list[str] | None) -> dict:
        """The fields the chosen sub-projects' rules need (all when none is chosen), for the eligibility form."""
        which = {"programme": programme} if programme else {}
        try:
            fields = eligibility.profile_fields(**which, projects=projects or None)
        except eligibility.InputError as e:
            raise from_input_error(e) from None
        return {"programme": programme, "projects": projects or [], "fields": [field_json(f) for f in fields]}

    def score_form(self) -> dict:
        """The fields of the 2024 score estimate."""
        return {"fields": [field_json(f) for f in eligibility.score_fields()]}

    async def close(self) -> None:
        """Stop the kb thread and the conversation core (at server shutdown)."""
        if self.core is not None and hasattr(self.core, "close"):
            await self.core.close()
        self._pool.shutdown(wait=False, cancel_futures=True)


def field_json(spec: object) -> dict:
    """A field of the catalogue as JSON: choices as {label, value} pairs."""
    out = dataclasses.asdict(spec) if dataclasses.is_dataclass(spec) and not isinstance(spec, type) else dict(vars(spec))
    out["choices"] = [{"label": str(label), "value": value} for label, value in out.get("choices") or ()]
    return out


def _kind(value: object) -> str:
    return {list: "数组", str: "字符串", int: "数字", float: "数字", bool: "布尔值", type(None): "null"}.get(type(value), type(value).__name__)


__all__ = ["Asker", "WEB_CHANNEL", "WebService", "field_json", "serialised"]
