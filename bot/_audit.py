"""The audit log: one JSON line per question or look-up (time, channel, chat, sender, question, cited
clauses, refused or not). Only these fields are written, so no token or secret can reach it."""
from __future__ import annotations

import json
import threading
import time
from pathlib import Path


class AuditLog:
    """Appends to data_dir/audit.jsonl; each entry is one whole line written at once."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._lock = threading.Lock()

    def write(self, *, channel: str, chat: str, sender: str, kind: str, question: str,
              cited: list[str], refused: bool, reading: str | None = None) -> None:
        entry = {"time": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "channel": channel, "chat": chat,
                 "sender": sender, "kind": kind, "question": question, "cited": cited, "refused": refused}
        if reading:
            entry["reading"] = reading
        line = json.dumps(entry, ensure_ascii=False) + "\n"
        with self._lock, self.path.open("a", encoding="utf-8") as f:
            f.write(line)


__all__ = ["AuditLog"]
