"""`xuehui`: the command-line front-end. It only talks: parsing, calling kb/eligibility, printing.

Exit codes: 0 success, 1 an operation failed, 2 a usage error (bad arguments or input),
as scripts and the evaluation in ../shared rely on.
"""
from __future__ import annotations

import argparse
import os
import sys

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    """argparse that exits 2 with a Chinese hint instead of printing a traceback."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"xuehui: 参数错误：{message}\n（xuehui -h 查看用法）\n")
        raise SystemExit(EXIT_USAGE)


def build_parser() -> argparse.ArgumentParser:
    from . import _bot_cli, _eligibility_cli, _kb_cli, _serve_cli

    p = _Parser(prog="xuehui", description="学会助手：江苏省科协学会政策文件问答、申报资格核对与考核得分估算")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)
    _kb_cli.add_parsers(sub)
    _eligibility_cli.add_parsers(sub)
    _bot_cli.add_parsers(sub)
    _serve_cli.add_parsers(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `xuehui` command."""
    # A sentence-transformers model would otherwise draw loading bars on every start.
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    # OpenMP's idle threads otherwise spin: on a busy 2-core machine that starved every front-end
    # (bench/web_bench.py: /api/ask 1.1 → 15.8 req/s with PASSIVE). Set before numpy/faiss load.
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args))
    except KeyboardInterrupt:
        sys.stderr.write("已中断\n")
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
