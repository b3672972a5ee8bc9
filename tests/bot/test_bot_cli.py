"""`xuehui bot …` refuses an incomplete configuration with exit 2 and a Chinese message naming what to set."""
from __future__ import annotations

import pytest

from bot.cli import main

CHANNEL_VARS = ("WECOM_BOT_ID", "WECOM_BOT_SECRET", "WECOM_WS_URL", "TELEGRAM_BOT_TOKEN", "TELEGRAM_API_BASE_URL",
                "XUEHUI_ALLOWED", "XUEHUI_PROXY")


@pytest.fixture(autouse=True)
def clean_env(monkeypatch, tmp_path):
    for var in CHANNEL_VARS:
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("XUEHUI_HOME", str(tmp_path / "home"))


def _run(argv, capsys):  # noqa: ANN001, ANN202
    with pytest.raises(SystemExit) as e:
        raise SystemExit(main(argv))
    return e.value.code, capsys.readouterr().err


def test_a_channel_must_be_named(capsys):
    code, err = _run(["bot"], capsys)
    assert code == 2 and "参数错误" in err


def test_wecom_without_credentials_names_both_variables(capsys):
    code, err = _run(["bot", "wecom"], capsys)
    assert code == 2 and "WECOM_BOT_ID" in err and "WECOM_BOT_SECRET" in err and "Traceback" not in err


def test_telegram_without_a_token_says_where_to_get_one(capsys):
    code, err = _run(["bot", "telegram"], capsys)
    assert code == 2 and "TELEGRAM_BOT_TOKEN" in err and "BotFather" in err


def test_no_access_list_without_public_is_refused(capsys, monkeypatch):
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:abc")
    code, err = _run(["bot", "telegram"], capsys)
    assert code == 2 and "XUEHUI_ALLOWED" in err and "--public" in err


def test_a_malformed_access_list_is_refused(capsys, monkeypatch):
    monkeypatch.setenv("WECOM_BOT_ID", "b")
    monkeypatch.setenv("WECOM_BOT_SECRET", "s3cret-xyz")
    monkeypatch.setenv("XUEHUI_ALLOWED", "zhangsan")
    code, err = _run(["bot", "wecom"], capsys)
    assert code == 2 and "XUEHUI_ALLOWED" in err and "s3cret-xyz" not in err
