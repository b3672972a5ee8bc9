"""ChatCore: the channel-neutral conversation core every adapter (WeCom, Telegram, web) talks to.

One message goes through: group mention rule → de-duplication → access list → rate limit → the
sender's queue → the error boundary → dispatch (commands, interviews, clause look-ups, questions).
kb calls run in one worker thread, one at a time, so the event loop stays responsive.
"""
from __future__ import annotations

import asyncio
import logging
import os
import re
import secrets
import time
import unicodedata
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import eligibility
import indexer
import kb

from ._audit import AuditLog
from ._followup import Previous, Reading, Vocabulary, read
from ._gate import AccessList, ChatConfigError, RateLimit, SenderQueues
from ._help import help_text
from ._interview import CANCEL_WORDS, RESTART_WORDS, Interview, advance, projects_in, start, wants_check
from ._messages import Citation, Incoming, Reply
from ._state import Store

log = logging.getLogger("xuehui.bot")
T = TypeVar("T")
Ack = Callable[[Reply], Awaitable[None]]

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")
_COMMAND = re.compile(r"^/([A-Za-z_]+)(?:@\S+)?\s*(.*)$", re.S)
_CLAUSE_WORDS = re.compile(r"^(?:查条款|查看条款|条款)[\s:：]*(.*)$", re.S)
_RESET_WORDS = frozenset({"重新开始", "清除上下文"})
_HELP_WORDS = frozenset({"帮助", "help", "？", "?", "怎么用", "使用说明"})


@dataclass(frozen=True)
class ChatSettings:
    """The core's knobs; `from_env` reads XUEHUI_BOT_* variables."""

    context_ttl: float = 30 * 60          # seconds of quiet after which a follow-up no longer leans on the last question
    rate_limit: int = 10                  # messages per sender …
    rate_window: float = 60.0             # … within this many seconds
    denied_every: float = 6 * 3600        # a stranger is told at most once per this many seconds
    seen_keep: float = 7 * 24 * 3600      # how long message ids are remembered for de-duplication
    interview_ttl: float = 7 * 24 * 3600  # an unfinished interview is forgotten after this long

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> ChatSettings:
        env = dict(os.environ if env is None else env)
        out: dict[str, Any] = {}
        for name, var, conv in (("context_ttl", "XUEHUI_BOT_CONTEXT_MINUTES", lambda v: float(v) * 60),
                                ("rate_limit", "XUEHUI_BOT_RATE_LIMIT", int),
                                ("rate_window", "XUEHUI_BOT_RATE_WINDOW", float)):
            if env.get(var, "").strip():
                try:
                    value = conv(env[var])
                except ValueError:
                    raise ChatConfigError(f"环境变量 {var}=“{env[var]}” 不是数字") from None
                if value <= 0:
                    raise ChatConfigError(f"环境变量 {var} 必须大于 0（现在是 {env[var]}）")
                out[name] = value
        return cls(**out)


@dataclass(frozen=True)
class Asked:
    """A question answered for the web API: kb's answer, the follow-up reading used, the question asked."""

    answer: kb.Answer
    reading: str | None
    question: str


class ChatCore:
    """Handles one chat message at a time per sender; shared by every channel adapter."""

    def __init__(self, *, kb: kb.KnowledgeBase, data_dir: Path, access: AccessList | None = None,
                 settings: ChatSettings | None = None) -> None:
        self.kb = kb
        self.settings = settings or ChatSettings()
        self.access = access or AccessList(frozenset(), public=True)
        self.data_dir = Path(data_dir)
        self.store = Store(self.data_dir / "bot.sqlite3")
        self.audit = AuditLog(self.data_dir / "audit.jsonl")
        self.vocab = Vocabulary.build(kb.documents(), eligibility.projects())
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="xuehui-kb")
        self._rate = RateLimit(self.settings.rate_limit, self.settings.rate_window)
        self._queues = SenderQueues()
        self.store.forget_seen_before(time.time() - self.settings.seen_keep)

    @classmethod
    def open(cls, *, home: Path | None = None, allowed: str | None = None, public: bool = False,
             data_dir: Path | None = None, settings: ChatSettings | None = None) -> ChatCore:
        """Open the knowledge base at `home` and the state under `data_dir` (default: home)."""
        access = AccessList.parse(os.environ.get("XUEHUI_ALLOWED") if allowed is None else allowed, public)
        home = home or indexer.default_home()
        base = kb.KnowledgeBase.open(home=home)
        return cls(kb=base, data_dir=data_dir or home, access=access, settings=settings or ChatSettings.from_env())

    async def close(self) -> None:
        self._worker.shutdown(wait=True)
        self.store.close()

    # -- the pipeline --------------------------------------------------------------------------------

    async def handle(self, msg: Incoming, ack: Ack | None = None) -> list[Reply]:
        """Answer one message; [] when there is nothing to say (unmentioned group message, duplicate)."""
        if msg.chat_type == "group" and not msg.mentioned:
            return []
        if msg.message_id and not self.store.first_sight(msg.channel, msg.message_id):
            return []
        if not self.access.admits(msg.channel, msg.sender, msg.chat_id):
            return self._deny(msg)
        if len(self._rate) > 4096:
            self._rate.prune()        # keeps memory bounded by the senders active within one window
        wait = self._rate.wait_needed(f"{msg.channel}:{msg.sender}")
        if wait:
            return [Reply("notice", f"消息太频繁了：每人每 {self.settings.rate_window:g} 秒最多 "
                                    f"{self.settings.rate_limit} 条，请 {max(1, round(wait))} 秒后再发。")]
        return await self._queues.run(f"{msg.channel}:{msg.sender}", lambda: self._guarded(msg, ack))

    def _deny(self, msg: Incoming) -> list[Reply]:
        if not self.store.should_refuse(f"{msg.channel}:{msg.sender}", self.settings.denied_every):
            return []
        where = f"，群聊编号 {msg.channel}:{msg.chat_id}" if msg.chat_type == "group" else ""
        return [Reply("denied", f"抱歉，您还不能使用学会助手。请管理员把您的编号 {msg.channel}:{msg.sender}{where} "
                                "加入 XUEHUI_ALLOWED。")]

    async def _guarded(self, msg: Incoming, ack: Ack | None) -> list[Reply]:
        """The global error boundary: the user hears 出错了 with an id, the log has the traceback."""
        try:
            return await self._dispatch(msg, ack)
        except Exception:  # noqa: BLE001 — the boundary: every failure becomes one reply
            ref = secrets.token_hex(3)
            log.exception("处理消息出错（编号 %s，渠道 %s，会话 %s）", ref, msg.channel, msg.chat_id)
            return [Reply("error", f"出错了（编号 {ref}），请稍后再试；如果一再出现，请把这个编号告诉管理员。")]

    async def _dispatch(self, msg: Incoming, ack: Ack | None) -> list[Reply]:
        text = clean_text(msg.choice if msg.choice is not None else msg.text)
        if not text:
            return [Reply("notice", "消息里没有可读的文字。请直接发问题，例如“发展助力专项什么样的学会才能报？”；"
                                    "发 /help 查看用法。")]
        key = conversation_key(msg.channel, msg.chat_id, msg.sender)
        cmd, arg = _command(text)
        if cmd in ("help",):
            return [Reply("help", help_text(kb.MAX_QUESTION_CHARS))]
        if cmd == "reset":
            self.store.delete("context", key)
            self.store.delete("interview", key)
            return [Reply("notice", "已重新开始：下一问不再接着之前的对话理解。")]
        if cmd == "clause":
            return [await self._clause(msg, key, arg)]
        if cmd == "start":
            return [Reply("help", help_text(kb.MAX_QUESTION_CHARS))]
        if cmd in ("check", "score"):
            return self._start_interview(key, cmd, arg)
        interview = self._interview(key)
        if cmd in ("cancel", "restart") or text in CANCEL_WORDS or text in RESTART_WORDS:
            if interview is None:
                return [Reply("notice", "现在没有进行中的问答。发 /check 核对申报资格，发 /score 估算考核得分。")]
            return self._advance(msg, key, interview, "/cancel" if cmd == "cancel" else "/restart" if cmd else text)
        if cmd is not None:
            return [Reply("notice", f"没有 /{cmd} 这个命令。可用：/help /clause /check /score "
                                    "/cancel /reset；其他内容直接发问题即可。")]
        if interview is not None:
            return self._advance(msg, key, interview, text)
        projects = wants_check(text)
        if projects is not None:      # "我们学会能报哪些项目" too: the interview offers the list
            return self._start_interview(key, "check", "、".join(projects))
        return await self._question(msg, key, text, ack)

    # -- interviews -----------------------------------------------------------------------------------------

    def _start_interview(self, key: str, kind: str, arg: str) -> list[Reply]:
        step = start("score" if kind == "score" else "check", projects_in(arg) if kind == "check" else None)
        assert step.interview is not None
        self.store.put("interview", key, step.interview.to_dict())
        return step.replies

    def _interview(self, key: str) -> Interview | None:
        got = self.store.get("interview", key)
        if got is None:
            return None
        data, at = got
        if time.time() - at > self.settings.interview_ttl:
            self.store.delete("interview", key)
            return None
        return Interview.from_dict(data)

    def _advance(self, msg: Incoming, key: str, interview: Interview, text: str) -> list[Reply]:
        step = advance(interview, text, {d.id: d.title for d in self.kb.documents()})
        if step.interview is None:
            self.store.delete("interview", key)
        else:
            self.store.put("interview", key, step.interview.to_dict())
        if step.finished:
            r = step.replies[-1]
            self.audit.write(channel=msg.channel, chat=msg.chat_id, sender=msg.sender, kind=interview.kind,
                             question="、".join(interview.projects) or interview.kind,
                             cited=[f"{c.doc} {c.clause}" for c in r.citations], refused=False)
        return step.replies

    # -- clause look-up --------------------------------------------------------------------------------

    async def _clause(self, msg: Incoming, key: str, arg: str) -> Reply:
        doc, path = self._clause_ref(arg)
        usage = "例如 /clause 2022 三、（一）4.（2） 或 “查条款 2022 三、（一）4.（2）”"
        if not path:
            return Reply("notice", f"请写出文件和条款位置，{usage}。可选文件：{self._doc_choices()}")
        if doc is None:
            prev = self._previous(key)
            doc = prev.doc if prev else None
        if doc is None:
            return Reply("notice", f"请写明是哪份文件的条款，{usage}。可选文件：{self._doc_choices()}")
        try:
            v = await self._in_worker(self.kb.clause, doc, path)
        except (kb.ClauseNotFound, kb.DocumentNotFound) as e:
            return Reply("notice", str(e))
        trail = " › ".join(h for h in v.headings if h)
        page = f"（第{v.page}页）" if v.page else ""
        text = f"《{v.title}》{v.clause}{page}" + (f"（{trail}）" if trail else "") + f"\n{v.text}"
        if v.children:
            text += "\n下设条款：" + "、".join(c["clause"] for c in v.children)
        cite = {"doc": v.doc, "title": v.title, "clause": v.clause, "quote": v.text}
        self._remember(key, Previous(question=f"{v.clause}", doc=v.doc, citations=(cite,)))
        self.audit.write(channel=msg.channel, chat=msg.chat_id, sender=msg.sender, kind="clause",
                         question=arg, cited=[f"{v.doc} {v.clause}"], refused=False)
        return Reply("clause", text)

    def _clause_ref(self, arg: str) -> tuple[str | None, str]:
        """"2022 三、（一）4.（2）", "2022年 …", "提升计划 …" → (document id or None, clause path)."""
        arg = arg.strip()
        m = re.match(r"^(20\d\d)\s*年?度?\s*(.*)$", arg, re.S)
        if m:
            return m.group(1), m.group(2).strip()
        for d in self.kb.documents():
            for name in sorted((d.id, d.title, *d.aliases), key=len, reverse=True):
                if arg.startswith(name):
                    return d.id, arg[len(name):].strip()
        return None, arg

    def _doc_choices(self) -> str:
        return "；".join(f"{d.year or d.id}（{d.title}）" for d in self.kb.documents())

    # -- questions ------------------------------------------------------------------------------------

    async def _question(self, msg: Incoming, key: str, text: str, ack: Ack | None) -> list[Reply]:
        if len(text) > kb.MAX_QUESTION_CHARS:
            return [Reply("notice", f"问题太长（{len(text)} 字）：请控制在 {kb.MAX_QUESTION_CHARS} 字以内，"
                                    "只写要问的事，不必附上文件原文。")]
        reading = read(text, self._previous(key), self.vocab)
        if reading.cite is not None:
            return [self._show_citation(key, reading)]
        if ack is not None:
            await ack(Reply("notice", "正在检索…"))
        answer = await self._in_worker(self.kb.ask, reading.question)
        self._after_answer(key, answer)
        self.audit.write(channel=msg.channel, chat=msg.chat_id, sender=msg.sender, kind="question",
                         question=text, reading=reading.question if reading.rule else None,
                         cited=[f"{p.doc} {p.clause}" for p in answer.citations], refused=answer.abstained)
        return [answer_reply(answer, reading.note)]

    def _show_citation(self, key: str, reading: Reading) -> Reply:
        prev = self._previous(key)
        assert prev is not None and reading.cite is not None
        n = reading.cite
        if not 1 <= n <= len(prev.citations):
            return Reply("notice", f"上一条回答只有 {len(prev.citations)} 个引用，没有第 {n} 个。")
        c = prev.citations[n - 1]
        page = f"（第{c['page']}页）" if c.get("page") else ""
        return Reply("clause", f"《{c['title']}》{c['clause']}{page}\n{c['quote']}", reading=reading.note)

    async def ask(self, channel: str, chat_id: str, sender: str, question: str) -> Asked:
        """For the web API: the same follow-up reading as chat; kb.QuestionError for an unusable question."""
        text = clean_text(question)
        if not text or len(text) > kb.MAX_QUESTION_CHARS:
            raise kb.QuestionError(f"问题为空或太长：请给出 {kb.MAX_QUESTION_CHARS} 字以内的问题")
        key = conversation_key(channel, chat_id, sender)
        reading = read(text, self._previous(key), self.vocab)
        q = reading.question if reading.cite is None else text
        answer = await self._in_worker(self.kb.ask, q)
        self._after_answer(key, answer)
        self.audit.write(channel=channel, chat=chat_id, sender=sender, kind="question", question=text,
                         reading=q if reading.rule and reading.cite is None else None,
                         cited=[f"{p.doc} {p.clause}" for p in answer.citations], refused=answer.abstained)
        return Asked(answer=answer, reading=reading.note if reading.cite is None else None, question=q)

    def _after_answer(self, key: str, answer: kb.Answer) -> None:
        shown = answer.citations or answer.retrieved[:3]
        cites = tuple({"doc": p.doc, "title": p.title, "clause": p.clause, "quote": p.text, "page": p.page}
                      for p in shown)
        doc = answer.citations[0].doc if answer.citations else None
        self._remember(key, Previous(question=answer.question, doc=doc, citations=cites))

    # -- context ---------------------------------------------------------------------------------------

    def _previous(self, key: str) -> Previous | None:
        got = self.store.get("context", key)
        if got is None:
            return None
        data, at = got
        if time.time() - at > self.settings.context_ttl:
            return None
        return Previous(question=data["question"], doc=data.get("doc"), citations=tuple(data.get("citations", ())))

    def _remember(self, key: str, prev: Previous) -> None:
        self.store.put("context", key, {"question": prev.question, "doc": prev.doc, "citations": list(prev.citations)})

    async def _in_worker(self, fn: Callable[..., T], *args: Any) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._worker, fn, *args)


CHECK_HINT = "如需按贵会的具体情况逐条核对能否申报，可发 /check 逐项问答核对。"


def answer_reply(a: kb.Answer, reading: str | None) -> Reply:
    """kb's answer as a chat reply: cited clauses under it, or a refusal naming the nearest clauses."""
    text = a.answer
    if a.suggest == kb.SUGGEST_CHECK:
        text += "\n" + CHECK_HINT
    shown = a.citations or a.retrieved[:3]
    cites = [Citation(n=i, doc=p.doc, title=p.title, clause=p.clause, quote=_shorten(p.text, i))
             for i, p in enumerate(shown, 1)]
    return Reply("refusal" if a.abstained else "answer", text, citations=cites, reading=reading)


QUOTE_CHARS = 800


def _shorten(text: str, n: int) -> str:
    """A whole section can run to thousands of characters: under an answer (whose body already quotes
    the words that answer) it is cut at a sentence end; "第n个引用" shows it in full."""
    if len(text) <= QUOTE_CHARS:
        return text
    cut = max(text.rfind(m, 0, QUOTE_CHARS) for m in "。；;\n")
    head = text[: cut + 1] if cut > QUOTE_CHARS // 2 else text[:QUOTE_CHARS]
    return f"{head}……（共 {len(text)} 字，发“第{n}个引用”看全文）"


def clean_text(text: str | None) -> str:
    """Composed (NFC), control and invisible format characters removed, trimmed."""
    t = unicodedata.normalize("NFC", text or "")
    t = _CONTROL.sub("", t.replace("\r\n", "\n").replace("\t", " "))
    return t.strip()


def conversation_key(channel: str, chat_id: str, sender: str) -> str:
    return f"{channel}\x1f{chat_id}\x1f{sender}"


def _command(text: str) -> tuple[str | None, str]:
    """("help", "") for "/help" or 帮助; (None, text) for anything that is not a command."""
    m = _COMMAND.match(text)
    if m:
        return m.group(1).lower(), m.group(2).strip()
    if text in _HELP_WORDS:
        return "help", ""
    if text in _RESET_WORDS:
        return "reset", ""
    m = _CLAUSE_WORDS.match(text)
    if m and (m.group(1).strip() == "" or re.match(r"^(20\d\d|\S+\s)", m.group(1).strip())):
        return "clause", m.group(1).strip()
    return None, text


__all__ = ["Asked", "ChatConfigError", "ChatCore", "ChatSettings", "answer_reply", "clean_text"]
