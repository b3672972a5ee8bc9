"""The CLI's machine-readable modes report errors as the web API does: `{"error": {"code", "message", "field"}}`.

`--json` prints the error object on standard output (the Chinese message stays on standard error, the
exit code is unchanged); `ask --jsonl` answers a bad line with an error line and goes on with the rest.
"""
from __future__ import annotations

import io
import json
import sys

import pytest

from bot.cli import main


@pytest.fixture
def home(kb_home, monkeypatch):
    monkeypatch.setenv("XUEHUI_HOME", str(kb_home))
    return kb_home


def _run(argv, capsys, monkeypatch=None, stdin=None):
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def _error(out: str) -> dict:
    lines = out.splitlines()
    assert len(lines) == 1, out
    obj = json.loads(lines[0])
    assert set(obj) == {"error"} and {"code", "message", "field"} <= obj["error"].keys()
    return obj["error"]


def test_ask_json_empty_question_prints_the_error_object(home, capsys):
    code, out, err = _run(["ask", "--json", "  "], capsys)
    e = _error(out)
    assert code == 2 and e["code"] == "invalid_input" and e["field"] == "question"
    assert "问题是空的" in e["message"] and "问题是空的" in err


def test_clause_json_unknown_clause_names_the_nearest(home, capsys):
    code, out, _ = _run(["clause", "2022", "三、（九）", "--json"], capsys)
    e = _error(out)
    assert code == 2 and e["code"] == "clause_not_found" and e["field"] == "path" and e["nearest"]


def test_clause_json_unknown_document_lists_the_valid_ones(home, capsys):
    code, out, _ = _run(["clause", "2099", "一、", "--json"], capsys)
    e = _error(out)
    assert code == 2 and e["code"] == "doc_not_found" and e["field"] == "doc"
    assert "2022-tisheng-jihua" in e["valid"]


def test_errors_without_json_keep_standard_output_empty(home, capsys):
    code, out, err = _run(["clause", "2022", "三、（九）"], capsys)
    assert code == 2 and out == "" and "相近的条款" in err


def test_check_json_bad_value_names_the_field_and_valid_values(capsys, tmp_path):
    f = tmp_path / "in.yaml"
    f.write_text("society:\n  capability_grade: E\n", encoding="utf-8")
    code, out, err = _run(["check", str(f), "--json"], capsys)
    e = _error(out)
    assert code == 2 and e["code"] == "invalid_input" and e["field"] == "society.capability_grade"
    assert e["valid"] == ["A", "B", "C", "D"] and "society.capability_grade" in err


@pytest.mark.parametrize("content, field", [(None, "FILE"), ("category: 5\n", "category")])
def test_score_json_input_errors_print_the_error_object(capsys, tmp_path, content, field):
    f = tmp_path / "in.yaml"
    if content is not None:
        f.write_text(content, encoding="utf-8")
    code, out, _ = _run(["score", str(f), "--json"], capsys)
    e = _error(out)
    assert code == 2 and e["field"] == field


def test_ask_jsonl_answers_bad_lines_with_error_lines_and_goes_on(home, capsys, monkeypatch):
    lines = [
        json.dumps({"id": "a", "question": "理事会一年至少要开几次？"}, ensure_ascii=False),
        "not json",
        "[1, 2]",
        json.dumps({"id": "d", "q": "typo"}),
        json.dumps({"id": "e", "question": "   "}),
        json.dumps({"id": "f", "question": "问道科学沙龙一年最少要办几场？"}, ensure_ascii=False),
    ]
    code, out, err = _run(["ask", "--jsonl"], capsys, monkeypatch, "\n".join(lines) + "\n")
    objs = [json.loads(x) for x in out.splitlines()]
    assert len(objs) == 6, "one output line per input line, in order"
    assert [o.get("id") for o in objs] == ["a", None, None, "d", "e", "f"]
    assert objs[0]["citations"] and "15场" in objs[5]["answer"], "the good lines around the bad ones are answered"
    assert objs[1]["error"]["code"] == "invalid_json" and objs[1]["error"]["line"] == 2
    assert objs[2]["error"]["code"] == "invalid_input" and objs[2]["error"]["line"] == 3
    assert objs[3]["error"]["field"] == "question" and objs[3]["error"]["line"] == 4
    assert objs[4]["error"]["field"] == "question" and objs[4]["abstained"] is True
    assert code == 2 and "第 2 行" in err, "malformed lines are still a usage error, reported with their number"
