"""`xuehui bot wecom|telegram` as a real child process, for the e2e tests and the chat benchmark."""
from __future__ import annotations

import signal
import subprocess
from pathlib import Path

from xuehui_process import XuehuiProcess, xuehui_command


class BotProcess(XuehuiProcess):
    """One bot process; its stderr (the log) goes to a file the tests can read."""

    def __init__(self, channel: str, env: dict[str, str], data_dir: Path, *args: str) -> None:
        data_dir.mkdir(parents=True, exist_ok=True)
        super().__init__(["bot", channel, "--data-dir", str(data_dir), *args], env, data_dir / f"{channel}.log")

    def alive(self) -> bool:
        return self.proc.poll() is None

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
