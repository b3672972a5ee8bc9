"""`xuehui serve`: the HTTP API and the web page in one process, on 127.0.0.1 unless --host says otherwise."""
from __future__ import annotations

import argparse
import errno
import ipaddress
import logging
import os
import socket
import sys
from pathlib import Path
from types import FrameType
from typing import Any

import uvicorn

import indexer
import kb

from . import _render
from ._core import ChatCore, ChatSettings
from ._gate import ChatConfigError
from ._kb_cli import _home_message, _open_kb
from ._web import DEFAULT_MAX_BODY, DEFAULT_RATE_PER_MINUTE, WebConfig, create_app
from ._web_service import WebService, serialised

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2
log = logging.getLogger("xuehui.web")


def _positive(name: str, allow_zero: bool = False):  # noqa: ANN202
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{name} 应是整数，收到 {text!r}") from None
        if value < 0 or (value == 0 and not allow_zero):
            raise argparse.ArgumentTypeError(f"{name} 应是{'非负' if allow_zero else '正'}整数，收到 {value}")
        return value
    return parse


def add_parsers(sub) -> None:  # noqa: ANN001
    s = sub.add_parser("serve", help="启动网页与 HTTP 接口（默认 http://127.0.0.1:8000，接口文档 /docs）")
    s.add_argument("--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1，只有本机可访问）")
    s.add_argument("--port", type=_positive("--port"), default=8000, help="端口（默认 8000）")
    s.add_argument("--allow-origin", action="append", default=None, metavar="ORIGIN",
                   help="允许跨域调用的来源，如 https://oa.example.cn（可多次给出；默认不允许；也可用 XUEHUI_CORS_ORIGINS）")
    s.add_argument("--max-body", type=_positive("--max-body"), default=None,
                   help=f"请求体上限（字节，默认 {DEFAULT_MAX_BODY}；也可用 XUEHUI_WEB_MAX_BODY）")
    s.add_argument("--rate-limit", type=_positive("--rate-limit", allow_zero=True), default=None,
                   help=f"每个客户端每分钟最多请求数（默认 {DEFAULT_RATE_PER_MINUTE}，0 为不限；也可用 XUEHUI_WEB_RATE_LIMIT）")
    s.add_argument("--data-dir", type=Path, default=None,
                   help="对话上下文与审计日志（bot.sqlite3、audit.jsonl）的目录（默认与索引同在 XUEHUI_HOME）")
    s.set_defaults(handler=cmd_serve)


def config_from(args: argparse.Namespace, env: dict[str, str] | None = None) -> WebConfig:
    """Options first, then the environment; a malformed variable is a usage error naming it."""
    env = dict(os.environ if env is None else env)
    override: dict[str, Any] = {}
    for option, var, key, zero in (("max_body", "XUEHUI_WEB_MAX_BODY", "max_body", False),
                                   ("rate_limit", "XUEHUI_WEB_RATE_LIMIT", "rate_per_minute", True)):
        value = getattr(args, option)
        if value is None and env.get(var, "").strip():
            try:
                value = _positive(var, zero)(env[var].strip())
            except argparse.ArgumentTypeError as e:
                raise ValueError(str(e)) from None
        override[key] = value
    if args.allow_origin:
        override["cors_origins"] = tuple(args.allow_origin)
    return WebConfig.from_env(env, **override)


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def _address_problem(host: str, port: int) -> str | None:
    """Why `host:port` cannot be listened on (unknown host, port taken, no permission), or None."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except (socket.gaierror, UnicodeError) as e:
        return f"无法解析监听地址 {host!r}（{e}）；用 IP 地址，如 --host 127.0.0.1 或 --host 0.0.0.0"
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does
        try:
            probe.bind(address)
        except OSError as e:
            why = {errno.EADDRINUSE: "端口已被占用", errno.EACCES: "没有权限（1024 以下的端口需要 root）",
                   errno.EADDRNOTAVAIL: "本机没有这个地址"}.get(e.errno or 0, e.strerror or str(e))
            return f"无法监听 {host}:{port}（{why}）；换一个端口或地址，如 xuehui serve --port {port + 1}"
    return None


def _open_core(base: kb.KnowledgeBase, data_dir: Path | None) -> ChatCore:
    """The conversation core for follow-ups, on the same knowledge base; the web's access is the token, not a list."""
    data_dir = data_dir or indexer.default_home()
    data_dir.mkdir(parents=True, exist_ok=True)
    return ChatCore(kb=base, data_dir=data_dir, settings=ChatSettings.from_env())


class _Server(uvicorn.Server):
    """uvicorn, except that SIGTERM/SIGINT end `xuehui serve` with exit 0 after the graceful shutdown.

    (uvicorn re-raises the signal once shut down, so the process would die of it; the bots exit 0 too.)
    """

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        super().handle_exit(sig, frame)
        self._captured_signals.clear()


def cmd_serve(args: argparse.Namespace) -> int:
    """Load the index once, then serve the API and the page until SIGTERM/SIGINT."""

    # OMP_WAIT_POLICY=PASSIVE is set for every command in bot.cli.main (waiting OpenMP threads sleep).
    try:
        config = config_from(args)
    except ValueError as e:
        _render.error(str(e))
        return EXIT_USAGE
    problem = _address_problem(args.host, args.port)
    if problem:  # before the index loads: a taken port should not cost a minute of loading first
        _render.error(problem)
        return EXIT_FAIL
    if not config.token and not _is_loopback(args.host):
        _render.error(f"警告：监听 {args.host} 但没有设置 XUEHUI_API_TOKEN，任何能连上的人都可以使用；建议设置令牌")
    try:
        base = _open_kb()
    except indexer.IndexerError as e:
        _render.error(str(e))
        return EXIT_FAIL
    except OSError as e:
        _render.error(_home_message(e))
        return EXIT_FAIL
    shared = serialised(base)
    try:
        core = _open_core(shared, args.data_dir)
    except ChatConfigError as e:
        _render.error(str(e))
        return EXIT_USAGE
    except OSError as e:
        _render.error(f"无法使用数据目录 {args.data_dir or indexer.default_home()}（{e.strerror or e}）；可用 --data-dir 指定一个可写的目录")
        return EXIT_FAIL
    service = WebService(shared, core)
    app = create_app(service, config)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    shown = f"[{args.host}]" if ":" in args.host else args.host
    sys.stderr.write(f"学会助手网页：http://{shown}:{args.port}/  接口文档：http://{shown}:{args.port}/docs"
                     f"{'（需要令牌）' if config.token else ''}\n")
    server = _Server(uvicorn.Config(app, host=args.host, port=args.port, log_level="warning",
                                           access_log=False, server_header=False))
    try:
        server.run()
    except (OSError, SystemExit):  # uvicorn exits 1 when the address is taken
        _render.error(f"无法监听 {args.host}:{args.port}（地址被占用或无权限）；换一个端口：xuehui serve --port 8001")
        return EXIT_FAIL
    return EXIT_OK


__all__ = ["add_parsers", "cmd_serve", "config_from"]
