"""`xuehui serve` as a real child process on loopback, for the browser test, the serve test and bench/web_bench.py."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def xuehui_command() -> str:
    """The installed `xuehui` next to the running interpreter (the project's .venv)."""
    exe = Path(sys.executable).parent / "xuehui"
    return str(exe) if exe.exists() else "xuehui"


class ServeProcess:
    """One `xuehui serve` on 127.0.0.1 and a free port; its output goes to a log file the tests can read."""

    def __init__(self, home: Path, data_dir: Path, *args: str, env: dict[str, str] | None = None,
                 timeout: float = 180.0) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        data_dir.mkdir(parents=True, exist_ok=True)
        self.log_path = data_dir / "serve.log"
        full_env = {k: v for k, v in os.environ.items() if k not in PROXY_VARIABLES}
        full_env.update({"XUEHUI_HOME": str(home), "NO_PROXY": "127.0.0.1,localhost", **(env or {})})
        self._log = open(self.log_path, "wb")  # noqa: SIM115 — closed in stop()
        self.proc = subprocess.Popen([xuehui_command(), "serve", "--port", str(self.port), "--data-dir", str(data_dir),
                                      *args], env=full_env, stdout=self._log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL)
        self._wait_ready(timeout)

    def _wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"xuehui serve exited {self.proc.returncode}:\n{self.log()}")
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=2) as r:
                    if r.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                time.sleep(0.2)
        self.stop()
        raise TimeoutError(f"xuehui serve not ready after {timeout}s:\n{self.log()}")

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

    def stop(self, timeout: float = 30.0) -> int:
        """SIGTERM (uvicorn shuts down gracefully), then the exit code; SIGKILL if it hangs."""
        try:
            if self.proc.poll() is None:
                self.proc.send_signal(signal.SIGTERM)
            try:
                return self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                return self.proc.wait(timeout)
        finally:
            self._log.close()

    def __enter__(self) -> ServeProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
