"""Two writers and a reader at once, and a writer killed anywhere: nothing is lost or half-published."""
from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time

import pytest
from doc_builders import make_docx

import indexer
from kb import KnowledgeBase

QUESTION = "问道科学沙龙一年最少要办几场？"


def _doc(n: int) -> str:
    return (f"# 关于开展{2030 + n}年度第{n}批学会服务站建设的通知\n\n"
            + "".join(f"## {'一二三四五六七八'[k]}、任务{k + 1}\n\n（一）第{n}批服务站每站配备{k + n}名专职人员，"
                      f"建设期{k + 2}年，补助经费{(k + 1) * n}万元，重点服务第{k}类会员单位。\n\n" for k in range(8)))


@pytest.fixture
def home(kb_home, tmp_path):
    h = tmp_path / "home"
    shutil.copytree(kb_home, h, symlinks=True)
    return h


def _add(home, *paths) -> subprocess.Popen:
    env = {**os.environ, "XUEHUI_HOME": str(home)}
    return subprocess.Popen([sys.executable, "-m", "bot.cli", "add", *map(str, paths)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_add_killed_at_random_points_leaves_the_previous_index_and_a_rerun_completes(home, tmp_path):
    files = []
    for n in range(1, 7):
        f = tmp_path / f"站{n}.md"
        f.write_text(_doc(n), encoding="utf-8")
        files.append(f)
    rng = random.Random(8)
    for run in range(3):
        before = {d["id"] for d in indexer.list_documents(home)}
        p = _add(home, *files)
        time.sleep(rng.uniform(1.0, 6.0))
        p.send_signal(signal.SIGKILL)
        p.wait()
        after = {d["id"] for d in indexer.list_documents(home)}
        assert before <= after, f"run {run}: documents lost"
        answer = KnowledgeBase.open(home=home).ask(QUESTION)
        assert not answer.abstained and "15场" in answer.answer, f"run {run}"
    p = _add(home, *files)
    out, err = p.communicate(timeout=600)
    assert p.returncode == 0, err
    assert len(out.splitlines()) == len(files)
    ids = {d["id"] for d in indexer.list_documents(home)}
    assert {f"user-站{n}" for n in range(1, 7)} <= ids
    leftovers = [d for d in (home / "builds").iterdir() if d.name.startswith("tmp-")]
    assert len(leftovers) <= 3  # killed builds' directories, cleaned once they are stale


def test_two_adds_and_an_ask_loop_at_once(home, tmp_path):
    a = tmp_path / "a.md"
    a.write_text(_doc(1), encoding="utf-8")
    b = make_docx(tmp_path / "b.docx", [(None, "关于印发《2031年度学会工作要点》的通知"), (0, "工作目标"),
                                        (1, "各学会年内新发展团体会员不少于12家。")])
    first, second = _add(home, a), _add(home, b)
    asked = 0
    while first.poll() is None or second.poll() is None or asked < 2:
        answer = KnowledgeBase.open(home=home).ask(QUESTION)
        assert not answer.abstained and "15场" in answer.answer
        asked += 1
    for p in (first, second):
        _, err = p.communicate()
        assert p.returncode == 0, err
    ids = {d["id"] for d in indexer.list_documents(home)}
    assert {"user-a", "user-b"} <= ids
    stored = indexer.read_index(home)
    assert {c["doc"] for c in stored.chunks} >= {"user-a", "user-b"}
