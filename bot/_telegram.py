"""Telegram, with python-telegram-bot 22 (async): long polling, HTML parse mode, inline keyboards.

The adapter only translates: a message (or a pressed button) becomes an `Incoming`; the core's
acknowledgement becomes a "正在检索…" message that the answer then replaces (editMessageText);
each reply is split within 4096 characters on clause boundaries, HTML-escaped, and an interview
question's choices become an inline keyboard whose buttons send the choice back. Telegram's own
flood limits are kept by PTB's AIORateLimiter; a global error handler tells the user something
went wrong and logs the traceback, and the bot keeps polling.
"""
from __future__ import annotations

import asyncio
import contextlib
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from telegram import (
    BotCommand,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    ReplyParameters,
    Update,
)
from telegram.constants import ChatType, ParseMode
from telegram.error import BadRequest, Forbidden, InvalidToken, NetworkError, TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from . import _markup
from ._channel import ERROR_TEXT, NOT_TEXT, WORKING_TEXT, ChannelConfigError, Core, backoff
from ._messages import Incoming, Reply

log = logging.getLogger("xuehui.telegram")

DEFAULT_BASE_URL = "https://api.telegram.org/bot"
CALLBACK_LIMIT = 64            # bytes of callback_data Telegram accepts
OTHERS_QUESTION = "这是别人的问答里的选项；要核对自己的情况，请发 /check 或 /score 开始。"
COMMANDS = [("help", "能做什么，举几个例子"), ("clause", "按条款位置查原文，如 /clause 2022 三、（一）"),
            ("check", "申报资格核对（一问一答）"), ("score", "考核得分估算（一问一答）"),
            ("reset", "清除上下文，重新开始"), ("cancel", "退出正在进行的问答")]


@dataclass(frozen=True)
class TelegramSettings:
    """TELEGRAM_BOT_TOKEN, TELEGRAM_API_BASE_URL and the optional proxy."""

    token: str = field(repr=False)
    base_url: str = DEFAULT_BASE_URL
    proxy: str | None = None
    poll_timeout: int = 20             # seconds a getUpdates long poll may wait

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> TelegramSettings:
        """Read the variables; a missing token or a malformed URL is a ChannelConfigError naming it.

        A proxy comes from XUEHUI_PROXY (http://, https://, socks5://) or, if that is unset, from
        the standard HTTPS_PROXY / ALL_PROXY variables, which httpx reads by itself.
        """
        token = env.get("TELEGRAM_BOT_TOKEN", "").strip()
        if not token:
            raise ChannelConfigError("缺少环境变量 TELEGRAM_BOT_TOKEN：在 Telegram 里找 @BotFather，发送 /newbot 创建机器人，"
                                     "把它给出的 token 设为这个变量")
        if not re.fullmatch(r"\d+:[\w-]+", token):
            raise ChannelConfigError("TELEGRAM_BOT_TOKEN 的格式不对：应形如 123456789:AAE…（数字、冒号、字母数字），"
                                     "请从 @BotFather 重新复制")
        base = env.get("TELEGRAM_API_BASE_URL", "").strip() or DEFAULT_BASE_URL
        if not re.match(r"^https?://[^/\s]+", base):
            raise ChannelConfigError(f"TELEGRAM_API_BASE_URL 不是 http(s) 地址：{base!r}；"
                                     f"例如 {DEFAULT_BASE_URL} 或自建服务器的 http://127.0.0.1:8081/bot")
        proxy = env.get("XUEHUI_PROXY", "").strip() or None
        if proxy and not re.match(r"^(https?|socks5h?)://\S+$", proxy):
            raise ChannelConfigError(f"XUEHUI_PROXY 不是代理地址：{proxy!r}；应形如 http://host:port 或 "
                                     "socks5://host:port")
        return cls(token=token, base_url=base, proxy=proxy)


# ---- parsing ------------------------------------------------------------------------------------

def to_incoming(message: Message, bot_username: str, bot_id: int) -> Incoming | None:
    """A text message as the neutral `Incoming`, the bot's mention stripped; None if it is not
    meant for this bot (a command addressed to another bot)."""
    text = message.text or message.caption or ""
    group = message.chat.type in (ChatType.GROUP, ChatType.SUPERGROUP)
    mentioned = not group
    me = bot_username.lower()
    cuts: list[tuple[int, int, str]] = []        # (start, end, replacement) in Python indices
    for entity, value in message.parse_entities(["mention", "text_mention", "bot_command"]).items():
        start = _py_offset(text, value, entity.offset)
        if entity.type == "mention" and value[1:].lower() == me:
            mentioned = True
            cuts.append((start, start + len(value), " "))
        elif entity.type == "text_mention" and entity.user is not None and entity.user.id == bot_id:
            mentioned = True
            cuts.append((start, start + len(value), " "))
        elif entity.type == "bot_command" and start == 0:
            command, _, target = value.partition("@")
            if target and target.lower() != me:
                return None                        # /help@some_other_bot
            mentioned = True                       # a command in a group is addressed to the bots
            cuts.append((0, len(value), command))
    replied = message.reply_to_message
    if replied is not None and replied.from_user is not None and replied.from_user.id == bot_id:
        mentioned = True
    for start, end, repl in sorted(cuts, reverse=True):
        text = text[:start] + repl + text[end:]
    sender = message.from_user.id if message.from_user else message.chat.id
    return Incoming(channel="telegram", chat_id=str(message.chat.id), chat_type="group" if group else "private",
                    sender=str(sender), text=re.sub(r"[ \t]+", " ", text).strip(), mentioned=mentioned,
                    message_id=f"{message.chat.id}:{message.message_id}")


def _py_offset(text: str, value: str, utf16_offset: int) -> int:
    """Telegram offsets count UTF-16 units; find the entity's index in the Python string."""
    units = 0
    for i, ch in enumerate(text):
        if units >= utf16_offset:
            return i if text.startswith(value, i) else text.find(value)
        units += 2 if ord(ch) > 0xFFFF else 1
    return text.find(value)


def choice_incoming(query: CallbackQuery) -> Incoming | None:
    """A pressed inline button: its label as the text, its value as the choice."""
    msg = query.message
    if not isinstance(msg, Message) or query.data is None:
        return None
    data = query.data
    label, value = data, data  # type: str, str | None
    if isinstance(msg.reply_markup, InlineKeyboardMarkup):
        for row in msg.reply_markup.inline_keyboard:
            for b in row:
                if b.callback_data == data:
                    label = b.text
    if data.startswith("#"):                       # a value too long for callback data: answer by its label
        value = None
    group = msg.chat.type in (ChatType.GROUP, ChatType.SUPERGROUP)
    return Incoming(channel="telegram", chat_id=str(msg.chat.id), chat_type="group" if group else "private",
                    sender=str(query.from_user.id), text=label, mentioned=True, message_id=f"cb:{query.id}",
                    choice=value)


def _pressed_by_asker(query: CallbackQuery) -> bool:
    """Whether the button was pressed by the person the question answers (the bot's message quotes
    the asker's message in a group); unknown counts as yes."""
    msg = query.message
    if not isinstance(msg, Message) or msg.reply_to_message is None or msg.reply_to_message.from_user is None:
        return True
    asker = msg.reply_to_message.from_user
    return asker.is_bot or asker.id == query.from_user.id


# ---- rendering ----------------------------------------------------------------------------------

def keyboard(reply: Reply) -> InlineKeyboardMarkup | None:
    """An interview question's choices as buttons, one per row; a value too long for Telegram's 64
    bytes of callback data is sent back as its label instead ("#n")."""
    if not reply.choices:
        return None
    rows = []
    for i, c in enumerate(reply.choices, 1):
        data = c.value if 0 < len(c.value.encode()) <= CALLBACK_LIMIT and not c.value.startswith("#") else f"#{i}"
        rows.append([InlineKeyboardButton(c.label[:60], callback_data=data)])
    return InlineKeyboardMarkup(rows)


def render(replies: list[Reply]) -> list[tuple[str, InlineKeyboardMarkup | None]]:
    """Replies as (HTML text, keyboard) messages; a keyboard rides on its reply's last message.

    The choices are also listed with numbers, since a question may say "回复序号" and a user may
    prefer typing (several numbers for a multiple choice) to pressing one button.
    """
    out: list[tuple[str, InlineKeyboardMarkup | None]] = []
    for r in replies:
        pages = _markup.telegram_messages(r, choices_as_list=True)
        for i, page in enumerate(pages):
            out.append((page, keyboard(r) if i == len(pages) - 1 else None))
    return out


# ---- the bot ------------------------------------------------------------------------------------

class TelegramBot:
    """Polls getUpdates until `stop`; every update handled concurrently, each by the core."""

    def __init__(self, core: Core, settings: TelegramSettings) -> None:
        self.core, self.settings = core, settings
        builder = (Application.builder().token(settings.token).base_url(settings.base_url)
                   .rate_limiter(AIORateLimiter(max_retries=3)).concurrent_updates(True)
                   .connect_timeout(10).read_timeout(30).write_timeout(30).pool_timeout(30)
                   .get_updates_read_timeout(settings.poll_timeout + 10))
        if settings.proxy:
            builder = builder.proxy(settings.proxy).get_updates_proxy(settings.proxy)
        self.app = builder.build()
        private = filters.ChatType.PRIVATE
        self.app.add_handler(MessageHandler(filters.UpdateType.MESSAGE & filters.TEXT, self.on_text))
        self.app.add_handler(MessageHandler(filters.UpdateType.MESSAGE & private & ~filters.TEXT, self.on_other))
        self.app.add_handler(CallbackQueryHandler(self.on_choice))
        self.app.add_error_handler(self.on_error)

    async def run(self, stop: asyncio.Event) -> int:
        """Start polling; on `stop` finish the updates in hand and return 0."""
        delays = backoff(1.0, 60.0)
        while True:
            try:
                await self.app.initialize()
                break
            except InvalidToken:
                log.error("Telegram 不认这个 TELEGRAM_BOT_TOKEN（getMe 被拒绝）；请从 @BotFather 重新复制")
                return 2
            except NetworkError as e:       # not reachable yet: keep trying, as after a drop
                delay = next(delays)
                log.warning("连不上 Telegram（%s）：%s；%.0f 秒后重试（大陆网络需要代理：XUEHUI_PROXY 或 HTTPS_PROXY）",
                            self.settings.base_url.split("/bot")[0], e, delay)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), delay)
                if stop.is_set():
                    return 0
        try:
            with contextlib.suppress(TelegramError):
                await self.app.bot.set_my_commands([BotCommand(c, d) for c, d in COMMANDS])
            assert self.app.updater is not None
            await self.app.updater.start_polling(timeout=self.settings.poll_timeout,
                                                 allowed_updates=[Update.MESSAGE, Update.CALLBACK_QUERY],
                                                 error_callback=self._polling_failed)
            await self.app.start()
            log.info("已开始接收 Telegram 消息（@%s，%s）", self.app.bot.username,
                     self.settings.base_url.split("/bot")[0])
            await stop.wait()
            log.info("正在停止…")
            await self.app.updater.stop()
            await self.app.stop()
        finally:
            await self.app.shutdown()
        log.info("已停止")
        return 0

    @staticmethod
    def _polling_failed(error: TelegramError) -> None:
        log.warning("拉取消息失败（%s: %s），稍后自动重试", type(error).__name__, error)

    # ---- handlers ---------------------------------------------------------------------------------

    async def on_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A text message: to the core, its replies back to the chat."""
        message = update.effective_message
        if message is None:
            return
        msg = to_incoming(message, context.bot.username, context.bot.id)
        if msg is not None:
            await self._converse(msg, message)

    async def on_other(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A photo, sticker, file … in a private chat: say we read text only."""
        message = update.effective_message
        if message is not None:
            kind = "图片" if message.photo else "文件" if message.document else "语音" if message.voice else "非文字消息"
            await message.reply_text(NOT_TEXT.format(kind=kind))

    async def on_choice(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A pressed inline button: the choice to the core; the keyboard removed so it is pressed once."""
        query = update.callback_query
        if query is None:
            return
        if not _pressed_by_asker(query):     # in a group, someone else's interview question
            with contextlib.suppress(TelegramError):
                await query.answer(OTHERS_QUESTION, show_alert=True)
            return
        with contextlib.suppress(TelegramError):
            await query.answer()
        msg = choice_incoming(query)
        if msg is None or not isinstance(query.message, Message):
            return
        with contextlib.suppress(TelegramError):
            await query.edit_message_reply_markup(reply_markup=None)
        await self._converse(msg, query.message, reply_to=False)

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Anything a handler did not catch: logged with its traceback; the user hears of it."""
        log.error("处理 Telegram 更新时出错", exc_info=context.error)
        if isinstance(update, Update) and update.effective_chat is not None:
            with contextlib.suppress(TelegramError):
                await context.bot.send_message(update.effective_chat.id, ERROR_TEXT)

    # ---- one turn ---------------------------------------------------------------------------------

    async def _converse(self, msg: Incoming, anchor: Message, *, reply_to: bool = True) -> None:
        working: Message | None = None
        in_group = msg.chat_type == "group" and reply_to

        async def ack(reply: Reply) -> None:
            nonlocal working
            if working is None:
                text, _ = render([reply])[0]
                working = await _retrying(lambda: anchor.get_bot().send_message(
                    anchor.chat_id, text or WORKING_TEXT, parse_mode=ParseMode.HTML,
                    reply_parameters=ReplyParameters(anchor.message_id, allow_sending_without_reply=True)
                    if in_group else None))

        try:
            replies = await self.core.handle(msg, ack=ack)
        except Exception:
            log.exception("处理消息出错（channel=telegram chat=%s）", msg.chat_id)
            replies = [Reply("error", ERROR_TEXT)]
        messages = render(replies)
        if not messages:
            if working is not None:
                with contextlib.suppress(TelegramError):
                    await working.delete()
            return
        first = 0
        if working is not None:
            text, markup = messages[0]
            try:
                await _retrying(lambda: working.edit_text(text, parse_mode=ParseMode.HTML, reply_markup=markup))
                first = 1
            except BadRequest as e:       # e.g. the message was deleted meanwhile: send it anew
                log.warning("无法改写“正在检索”消息（%s），改为新发一条", e)
        quote = ReplyParameters(anchor.message_id, allow_sending_without_reply=True) if in_group else None
        for i, (text, markup) in enumerate(messages[first:]):
            params = quote if i == 0 and working is None else None
            await _retrying(lambda t=text, m=markup, q=params: anchor.get_bot().send_message(  # type: ignore[misc]
                anchor.chat_id, t, parse_mode=ParseMode.HTML, reply_markup=m, reply_parameters=q))


async def _retrying(call, attempts: int = 4, delay: float = 1.0):  # noqa: ANN001, ANN202
    """A Bot API call retried on network failures (1, 2, 4 s apart): an answer outlives a short outage.

    A refused request (BadRequest, Forbidden) is not retried; flood limits are AIORateLimiter's job.
    """
    for n in range(attempts):
        try:
            return await call()
        except (BadRequest, Forbidden):
            raise
        except NetworkError as e:
            if n == attempts - 1:
                raise
            log.warning("发送失败（%s），%.0f 秒后重试", e, delay * 2 ** n)
            await asyncio.sleep(delay * 2 ** n)
    return None


__all__ = ["DEFAULT_BASE_URL", "TelegramBot", "TelegramSettings", "choice_incoming", "keyboard", "render",
           "to_incoming"]
