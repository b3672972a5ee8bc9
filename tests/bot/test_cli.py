"""The `xuehui` command as scripts and the evaluation drive it (../shared/CONTRACT.md)."""
import json
import os
import subprocess
import sys

import pytest

from bot.cli import main

CONTRACT_PASSAGE = {"doc", "title", "clause", "text", "score"}


@pytest.fixture
def home(kb_home, monkeypatch):
    monkeypatch.setenv("XUEHUI_HOME", str(kb_home))
    return kb_home


def _run(argv, capsys, stdin=None, monkeypatch=None):
    if stdin is not None:
        import io

        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_ask_json_has_the_contract_shape(home, capsys):
    code, out, _ = _run(["ask", "--json", "问道科学沙龙一年最少要办几场？"], capsys)
    assert code == 0
    obj = json.loads(out)
    assert {"question", "answer", "abstained", "citations", "retrieved"} <= obj.keys()
    assert obj["abstained"] is False and "15场" in obj["answer"]
    assert len(obj["retrieved"]) >= 5
    for p in obj["citations"] + obj["retrieved"]:
        assert CONTRACT_PASSAGE <= p.keys()
    assert "[1]" in obj["answer"]


def test_ask_jsonl_answers_every_line_in_order_with_its_id(home, capsys, monkeypatch):
    lines = [{"id": "a", "question": "理事会一年至少要开几次？"}, {"id": "b", "question": "学会个人会员一年会费交多少"},
             {"id": "c", "question": "  "}]
    stdin = "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines)
    code, out, _ = _run(["ask", "--jsonl"], capsys, stdin, monkeypatch)
    assert code == 0
    objs = [json.loads(line) for line in out.splitlines()]
    assert [o["id"] for o in objs] == ["a", "b", "c"]
    assert not objs[0]["abstained"] and objs[1]["abstained"]
    assert objs[2]["error"]  # an empty question is reported, not dropped


def test_ask_jsonl_rejects_a_malformed_line_with_its_number(home, capsys, monkeypatch):
    code, _, err = _run(["ask", "--jsonl"], capsys, '{"id": "a", "question": "x"}\nnot json\n', monkeypatch)
    assert code == 2 and "第 2 行" in err


def test_empty_question_is_a_usage_error(home, capsys):
    code, _, err = _run(["ask", ""], capsys)
    assert code == 2 and "问题是空的" in err


def test_clause_json_has_the_contract_shape(home, capsys):
    code, out, _ = _run(["clause", "2022", "三、（一）4.（2）", "--json"], capsys)
    obj = json.loads(out)
    assert code == 0 and {"doc", "title", "clause", "text", "children"} <= obj.keys()
    assert "C等以下（含C等）" in obj["text"]


def test_unknown_clause_exits_2_naming_the_nearest(home, capsys):
    code, _, err = _run(["clause", "2024", "六、"], capsys)
    assert code == 2 and "相近的条款" in err and "五、" in err


def test_index_refuses_missing_empty_and_binary_files(home, capsys, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    binary = tmp_path / "scan.txt"
    binary.write_bytes(b"\x00\x01\x02\x03")
    for path, words in [(tmp_path / "missing.txt", "不存在"), (empty, "空"), (binary, "二进制")]:
        code, _, err = _run(["index", str(path)], capsys)
        assert code == 2 and words in err, err


def test_unknown_command_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as e:
        main(["frobnicate"])
    assert e.value.code == 2


@pytest.mark.parametrize(
    "argv, words",
    [(["ask", "   "], "问题是空的"), (["clause", "2022", "九、"], "没有条款"), (["index", "/nonexistent/x.txt"], "不存在")],
)
def test_bad_input_never_prints_a_traceback(kb_home, argv, words):
    env = {**os.environ, "XUEHUI_HOME": str(kb_home)}
    p = subprocess.run([sys.executable, "-m", "bot.cli", *argv], capture_output=True, text=True, env=env, timeout=120)
    assert p.returncode == 2
    assert words in p.stderr and "Traceback" not in p.stderr


def test_unusable_index_home_is_a_clear_error(capsys, monkeypatch, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("XUEHUI_HOME", str(blocker / "home"))
    code, _, err = _run(["ask", "监事会多久开一次会"], capsys)
    assert code == 1 and "XUEHUI_HOME" in err
