"""The core's durable state in one SQLite file (data_dir/bot.sqlite3): seen message ids, conversation
contexts, interviews in progress and when a stranger was last refused.

Every write is one transaction in WAL mode with synchronous=FULL, so a crash or restart of the bot
process loses nothing that was acknowledged. Values are JSON so the shapes can grow without migrations.
The store is used from the event-loop thread only (kb work runs elsewhere), so one connection suffices.
"""
from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS seen (channel TEXT, message_id TEXT, at REAL, PRIMARY KEY (channel, message_id));
CREATE TABLE IF NOT EXISTS context (key TEXT PRIMARY KEY, data TEXT NOT NULL, at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS interview (key TEXT PRIMARY KEY, data TEXT NOT NULL, at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS denied (key TEXT PRIMARY KEY, at REAL NOT NULL);
"""


class Store:
    """Seen ids, contexts, interviews and refusals, keyed by strings the core builds."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._db = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.execute("PRAGMA busy_timeout=5000")
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        self._db.close()

    def _write(self, sql: str, args: tuple) -> int:
        with self._db:  # one transaction: BEGIN … COMMIT, rolled back on error
            self._db.execute("BEGIN IMMEDIATE")
            return self._db.execute(sql, args).rowcount

    # -- de-duplication --------------------------------------------------------------------------

    def first_sight(self, channel: str, message_id: str, now: float | None = None) -> bool:
        """True the first time (channel, message_id) is seen, False for a redelivery."""
        return self._write("INSERT OR IGNORE INTO seen VALUES (?, ?, ?)",
                           (channel, message_id, time.time() if now is None else now)) == 1

    def forget_seen_before(self, cutoff: float) -> None:
        self._write("DELETE FROM seen WHERE at < ?", (cutoff,))

    # -- JSON values by key (context, interview) ---------------------------------------------------

    def get(self, table: str, key: str) -> tuple[dict, float] | None:
        row = self._db.execute(f"SELECT data, at FROM {_table(table)} WHERE key = ?", (key,)).fetchone()
        return None if row is None else (json.loads(row[0]), float(row[1]))

    def put(self, table: str, key: str, data: dict, now: float | None = None) -> None:
        self._write(f"INSERT OR REPLACE INTO {_table(table)} VALUES (?, ?, ?)",
                    (key, json.dumps(data, ensure_ascii=False), time.time() if now is None else now))

    def delete(self, table: str, key: str) -> None:
        self._write(f"DELETE FROM {_table(table)} WHERE key = ?", (key,))

    # -- strangers -----------------------------------------------------------------------------------

    def should_refuse(self, key: str, every: float, now: float | None = None) -> bool:
        """True if `key` was not refused within the last `every` seconds (and records this refusal)."""
        now = time.time() if now is None else now
        return self._write("INSERT INTO denied VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET at = excluded.at "
                           "WHERE denied.at < ?", (key, now, now - every)) == 1


def _table(name: str) -> str:
    if name not in ("context", "interview"):
        raise ValueError(name)
    return name


__all__ = ["Store"]
