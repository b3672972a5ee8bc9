"""A real `xuehui …` child process with its output in a log file: what bot_process and web_process share."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

# Tests never reach beyond loopback: no proxy from the developer's environment may carry a request out.
PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy",
                   "XUEHUI_PROXY")


def xuehui_command() -> str:
    """The installed `xuehui` next to the running interpreter (the project's .venv)."""
    exe = Path(sys.executable).parent / "xuehui"
    return str(exe) if exe.exists() else "xuehui"


class XuehuiProcess:
    """`xuehui ARGS…` started with a proxy-free environment; stdout and stderr go to `log_path`."""

    def __init__(self, args: list[str], env: dict[str, str], log_path: Path) -> None:
        self.log_path = log_path
        full_env = {k: v for k, v in os.environ.items() if k not in PROXY_VARIABLES}
        full_env.update(env)
        full_env.setdefault("NO_PROXY", "127.0.0.1,localhost")
        self._log = open(log_path, "wb")  # noqa: SIM115 — closed by the subclass's stop/terminate
        self.proc = subprocess.Popen([xuehui_command(), *args], env=full_env, stdout=self._log,
                                     stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)

    @property
    def pid(self) -> int:
        return self.proc.pid

    def log(self) -> str:
        if not self._log.closed:
            self._log.flush()
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def rss_kb(self) -> tuple[int, int]:
        """(current, peak) resident memory in KiB, from /proc."""
        fields = {}
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            key, _, value = line.partition(":")
            fields[key] = value.strip()
        return int(fields["VmRSS"].split()[0]), int(fields["VmHWM"].split()[0])
