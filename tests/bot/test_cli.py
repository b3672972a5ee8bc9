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


# -- the document library: add / remove / docs / index ------------------------------------------------

LIB_DOC = "# 关于开展2025年度学会评估工作的通知\n\n一、评估对象\n\n成立满两年的市级学会均须参加评估。\n\n盐城市科学技术协会\n\n2025年5月6日\n"


@pytest.fixture
def lib_home(kb_home, tmp_path, monkeypatch):
    import shutil

    h = tmp_path / "home"
    shutil.copytree(kb_home, h, symlinks=True)
    monkeypatch.setenv("XUEHUI_HOME", str(h))
    return h


def test_add_reports_every_file_and_goes_on_past_a_bad_one(lib_home, capsys, tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "评估.md").write_text(LIB_DOC, encoding="utf-8")
    (folder / "空.txt").write_bytes(b"")
    code, out, err = _run(["add", str(folder)], capsys)
    assert code == 0
    assert "已添加：" in out and "评估.md" in out and "user-评估" in out
    assert "已跳过：" in err and "空.txt" in err and "空" in err and "Traceback" not in err


def test_add_with_nothing_indexable_exits_1(lib_home, capsys, tmp_path):
    bad = tmp_path / "坏.pdf"
    bad.write_bytes(b"not a pdf")
    code, _, err = _run(["add", str(bad)], capsys)
    assert code == 1 and "坏.pdf" in err and "PDF" in err


def test_docs_json_has_the_contract_shape_and_lists_added_documents(lib_home, capsys, tmp_path):
    doc = tmp_path / "评估.md"
    doc.write_text(LIB_DOC, encoding="utf-8")
    assert _run(["add", str(doc)], capsys)[0] == 0
    code, out, _ = _run(["docs", "--json"], capsys)
    docs = json.loads(out)
    assert code == 0
    for d in docs:
        assert {"id", "title", "issuer", "year", "level", "kind", "region", "file", "chunks", "added"} <= d.keys()
    mine = next(d for d in docs if d["id"] == "user-评估")
    assert mine["title"] == "关于开展2025年度学会评估工作的通知" and mine["file"] == str(doc.resolve())
    assert mine["issuer"] == "盐城市科学技术协会" and mine["year"] == 2025 and mine["chunks"] >= 1


def test_bare_index_keeps_added_documents_and_remove_takes_one_out(lib_home, capsys, tmp_path):
    doc = tmp_path / "评估.md"
    doc.write_text(LIB_DOC, encoding="utf-8")
    assert _run(["add", str(doc)], capsys)[0] == 0
    code, out, _ = _run(["index"], capsys)
    assert code == 0 and "user-评估" in out
    code, out, _ = _run(["remove", "user-评估"], capsys)
    assert code == 0 and "已移除" in out
    code, out, _ = _run(["docs", "--json"], capsys)
    assert "user-评估" not in {d["id"] for d in json.loads(out)}


@pytest.mark.parametrize("doc, words", [("nope", "没有编号为 nope"), ("2022-tisheng-jihua", "内置文档")])
def test_remove_refuses_unknown_and_bundled_documents_with_exit_2(lib_home, capsys, doc, words):
    code, _, err = _run(["remove", doc], capsys)
    assert code == 2 and words in err
