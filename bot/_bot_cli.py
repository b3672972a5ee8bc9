"""`xuehui bot wecom|telegram`: run a chat channel in the foreground until SIGTERM/SIGINT.

Configuration comes from the environment (CONTRACT.md, "Chat bots"); a missing or invalid
variable, or no XUEHUI_ALLOWED without --public, is a usage error (exit 2) naming what to set.
"""
from __future__ import annotations

import asyncio
import logging
import os
from pathlib import Path

import indexer
import kb

from . import _render
from ._channel import ChannelConfigError, run_until_signalled, setup_logging

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2
log = logging.getLogger("xuehui.bot")

CHANNELS = {
    "wecom": ("企业微信智能机器人（API 模式，长连接）",
              "环境变量：WECOM_BOT_ID、WECOM_BOT_SECRET（必需），WECOM_WS_URL（默认官方地址，可用 ws://），"
              "WECOM_BOT_NAME（可选：群里只认 @这个名字），XUEHUI_ALLOWED。"),
    "telegram": ("Telegram 机器人（长轮询）",
                 "环境变量：TELEGRAM_BOT_TOKEN（必需），TELEGRAM_API_BASE_URL（默认 Telegram 官方），"
                 "XUEHUI_PROXY 或 HTTPS_PROXY（可选代理），XUEHUI_ALLOWED。"),
}


def add_parsers(sub) -> None:  # noqa: ANN001
    b = sub.add_parser("bot", help="聊天机器人：企业微信智能机器人或 Telegram，前台运行直到 Ctrl-C / SIGTERM")
    channels = b.add_subparsers(dest="channel", required=True)
    for name, (title, env) in CHANNELS.items():
        p = channels.add_parser(name, help=title, description=f"{title}。{env}")
        p.add_argument("--public", action="store_true",
                       help="没有设置 XUEHUI_ALLOWED 时必须给出：任何人都可以使用（请慎用）")
        p.add_argument("--data-dir", type=Path, default=None,
                       help="对话状态（bot.sqlite3）与审计日志（audit.jsonl）的目录；默认为索引目录")
        p.set_defaults(handler=cmd_bot)


def cmd_bot(args) -> int:  # noqa: ANN001
    """Read the channel's settings, open the conversation core, serve until a signal."""
    from . import _telegram, _wecom

    settings: _wecom.WeComSettings | _telegram.TelegramSettings
    try:
        if args.channel == "wecom":
            settings = _wecom.WeComSettings.from_env(os.environ)
            secrets = [settings.secret]
        else:
            settings = _telegram.TelegramSettings.from_env(os.environ)
            secrets = [settings.token, settings.token.split(":", 1)[-1]]
    except ChannelConfigError as e:
        _render.error(str(e))
        return EXIT_USAGE
    setup_logging(secrets)
    core = _open_core(args)
    if isinstance(core, int):
        return core

    async def serve(stop: asyncio.Event) -> int:
        try:
            if isinstance(settings, _wecom.WeComSettings):
                return await _wecom.WeComBot(core, settings).run(stop)
            return await _telegram.TelegramBot(core, settings).run(stop)
        finally:
            await core.close()

    return run_until_signalled(serve)


def _open_core(args):  # noqa: ANN001, ANN202
    """The ChatCore, or the exit code of why it cannot open (a message on stderr)."""
    from ._core import ChatCore
    from ._gate import ChatConfigError

    data_dir = args.data_dir
    try:
        if data_dir is not None:
            data_dir.mkdir(parents=True, exist_ok=True)
        log.info("正在打开知识库…")
        core = ChatCore.open(public=args.public, data_dir=data_dir)
    except ChatConfigError as e:
        _render.error(str(e))
        return EXIT_USAGE
    except (kb.KBError, indexer.IndexerError) as e:
        _render.error(str(e))
        return EXIT_FAIL
    except OSError as e:
        where = data_dir if data_dir is not None else indexer.default_home()
        _render.error(f"无法读写目录 {where}（{e.strerror or e}）；可用 --data-dir 或 XUEHUI_HOME 指定一个可写的目录")
        return EXIT_FAIL
    return core


__all__ = ["add_parsers", "cmd_bot"]
