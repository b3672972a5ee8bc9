"""What the web routes call: the in-process knowledge base, conversation core and eligibility engine.

The knowledge base is not thread-safe and is CPU-bound, so every kb call runs on one worker thread;
questions that arrive while a batch is being answered are answered together in the next batch (one
retrieval pass for all of them), which is what keeps 50 concurrent clients from queueing one by one.
Follow-ups (a question with a conversation id) go through the conversation core, as in chat.
"""
from __future__ import annotations

import asyncio
import dataclasses
import functools
import logging
import threading
import typing
from collections.abc import Awaitable, Callable
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


class _Runner(Protocol):
    def __call__(self, fn: Callable[[], T]) -> Awaitable[T]: ...


class _Batcher:
    """Questions waiting while the kb thread is busy are answered as one batch when it is free."""

    def __init__(self, run: _Runner, base: kb.KnowledgeBase, max_batch: int) -> None:
        self.run, self.base, self.max_batch = run, base, max_batch
        self.pending: list[tuple[str, asyncio.Future[kb.Answer]]] = []
        self.busy = False

    async def ask(self, question: str) -> kb.Answer:
        future: asyncio.Future[kb.Answer] = asyncio.get_running_loop().create_future()
        self.pending.append((question, future))
        if not self.busy:
            self.busy = True
            asyncio.get_running_loop().create_task(self._drain())
        return await future

    async def _drain(self) -> None:
        try:
            while self.pending:
                batch, self.pending = self.pending[: self.max_batch], self.pending[self.max_batch :]
                questions = [q for q, _ in batch]
                try:
                    answers: list[kb.Answer] = await self.run(functools.partial(self.base.batch_ask, questions))
                except kb.KBError:
                    # One unusable question must not fail the others: answer them one at a time.
                    for q, f in batch:
                        await self._one(q, f)
                    continue
                except Exception as e:  # our fault: every waiting request gets the 500
                    for _, f in batch:
                        if not f.done():
                            f.set_exception(e)
                    continue
                for (_, f), a in zip(batch, answers, strict=True):
                    if not f.done():
                        f.set_result(a)
        finally:
            self.busy = False

    async def _one(self, question: str, future: asyncio.Future[kb.Answer]) -> None:
        try:
            answer: kb.Answer = await self.run(functools.partial(self.base.ask, question))
        except Exception as e:
            if not future.done():
                future.set_exception(e)
            return
        if not future.done():
            future.set_result(answer)


class WebService:
    """The operations behind the API routes, each returning the contract's JSON or raising `WebError`."""

    def __init__(self, base: kb.KnowledgeBase, core: Asker | None = None, *, max_batch: int = 16) -> None:
        self.base, self.core = base, core
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="xuehui-kb")
        self._batcher = _Batcher(self._on_kb_thread, base, max_batch)
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
                answer = await self._batcher.ask(question)
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
