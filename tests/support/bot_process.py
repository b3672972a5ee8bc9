"""`xuehui bot wecom|telegram` as a real child process, for the e2e tests and the chat benchmark."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy",
                   "XUEHUI_PROXY")


def xuehui_command() -> str:
    """The installed `xuehui` next to the running interpreter (the project's .venv)."""
    exe = Path(sys.executable).parent / "xuehui"
    return str(exe) if exe.exists() else "xuehui"


class BotProcess:
    """One bot process; its stderr (the log) goes to a file the tests can read."""

    def __init__(self, channel: str, env: dict[str, str], data_dir: Path, *args: str) -> None:
        self.log_path = data_dir / f"{channel}.log"
        data_dir.mkdir(parents=True, exist_ok=True)
        full_env = {k: v for k, v in os.environ.items() if k not in PROXY_VARIABLES}
        full_env.update(env)
        full_env.setdefault("NO_PROXY", "127.0.0.1,localhost")
        self._log = open(self.log_path, "wb")  # noqa: SIM115 — closed in stop()
        self.proc = subprocess.Popen([xuehui_command(), "bot", channel, "--data-dir", str(data_dir), *args],
                                     env=full_env, stdout=self._log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL)

    @property
    def pid(self) -> int:
        return self.proc.pid

    def alive(self) -> bool:
        return self.proc.poll() is None

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

    def terminate(self, timeout: float = 30.0) -> int:
        """SIGTERM, then wait for the exit code."""
        if self.alive():
            self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout)
        finally:
            self._log.close()

    def stop(self) -> None:
        """Make sure it is gone (teardown)."""
        if self.alive():
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        if not self._log.closed:
            self._log.close()


__all__ = ["BotProcess", "xuehui_command"]
