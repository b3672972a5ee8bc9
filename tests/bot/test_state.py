"""The SQLite store: de-duplication, contexts, interviews and refusals survive reopening."""
from __future__ import annotations

import sqlite3

from bot._state import Store


def test_a_message_id_is_new_once_per_channel(tmp_path):
    s = Store(tmp_path / "bot.sqlite3")
    assert s.first_sight("wecom", "m1") and not s.first_sight("wecom", "m1")
    assert s.first_sight("telegram", "m1")


def test_everything_survives_reopening(tmp_path):
    s = Store(tmp_path / "bot.sqlite3")
    s.first_sight("wecom", "m1")
    s.put("context", "k", {"question": "理事会一年开几次", "citations": [{"clause": "二、"}]})
    s.put("interview", "k", {"stage": "ask_field", "answers": {"central.basic": 90}})
    s.close()
    s = Store(tmp_path / "bot.sqlite3")
    assert not s.first_sight("wecom", "m1")
    assert s.get("context", "k")[0]["citations"] == [{"clause": "二、"}]
    assert s.get("interview", "k")[0]["answers"] == {"central.basic": 90}
    s.delete("interview", "k")
    assert s.get("interview", "k") is None


def test_the_database_is_in_wal_mode(tmp_path):
    Store(tmp_path / "bot.sqlite3").close()
    assert sqlite3.connect(tmp_path / "bot.sqlite3").execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_stranger_is_refused_once_per_period(tmp_path):
    s = Store(tmp_path / "bot.sqlite3")
    assert s.should_refuse("wecom:x", every=100, now=0)
    assert not s.should_refuse("wecom:x", every=100, now=50)
    assert s.should_refuse("wecom:x", every=100, now=150)
    assert s.should_refuse("wecom:y", every=100, now=150)


def test_old_message_ids_are_forgotten(tmp_path):
    s = Store(tmp_path / "bot.sqlite3")
    s.first_sight("wecom", "old", now=0)
    s.first_sight("wecom", "new", now=100)
    s.forget_seen_before(50)
    assert s.first_sight("wecom", "old") and not s.first_sight("wecom", "new")
