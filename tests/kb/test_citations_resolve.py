"""Every citation the assistant prints can be followed: asked every dev, tune and holdout question,
each printed citation — 《title》CLAUSE：“quote”[n] — is looked up with the clause look-up (in
process, and a sample through the real `xuehui clause` command) and the passage found holds the
quote. The dev set is read only for this loop (it runs only where ../shared/eval sits beside the
repository); the tune/holdout sets come from bench/questions/."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from kb import KnowledgeBase
from kb._lookup import holds_quote

ROOT = Path(__file__).resolve().parents[2]
SETS = [ROOT.parent / "shared" / "eval" / "dev.jsonl", *sorted((ROOT / "bench" / "questions").glob("*.jsonl"))]
XUEHUI = Path(sys.executable).with_name("xuehui")
# The answer prints each citation as …：“quote”[n] (the quote in simplified characters).
_PRINTED = re.compile(r"：“(.*?)”\[(\d+)\]", re.S)
CLI_SAMPLE = 6


def _questions() -> list[str]:
    out = []
    for path in SETS:
        if path.exists():
            out += [json.loads(ln)["question"] for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    return out


def printed_citations(answer_text: str) -> dict[int, str]:
    """[n] → the quote printed before it."""
    return {int(n): quote for quote, n in _PRINTED.findall(answer_text)}


def test_printed_citations_are_read_back_from_an_answer():
    text = "《某文件》三、（一）：“申报“提升计划”的学会……应于11月前报送”[1]\n《某文件》附件1 表 行：“表｜数量：40”[2]"
    assert printed_citations(text) == {1: "申报“提升计划”的学会……应于11月前报送", 2: "表｜数量：40"}


@pytest.fixture(scope="module")
def cited(knowledge_base: KnowledgeBase) -> list[tuple[str, str, str, str]]:
    """(question, doc, clause, printed quote) for every citation of every question's answer."""
    questions = _questions()
    if not questions:
        pytest.skip("no question sets found")
    out = []
    for q, a in zip(questions, knowledge_base.batch_ask(questions), strict=True):
        if a.abstained:
            continue
        quotes = printed_citations(a.answer)
        assert set(quotes) == set(range(1, len(a.citations) + 1)), (q, a.answer)
        out += [(q, c.doc, c.clause, quotes[n]) for n, c in enumerate(a.citations, 1)]
    return out


def test_every_printed_citation_resolves_to_a_passage_holding_its_quote(knowledge_base, cited):
    assert len(cited) >= 40
    failures = []
    for q, doc, clause, quote in cited:
        try:
            view = knowledge_base.clause(doc, clause)
        except Exception as e:  # noqa: BLE001 — collect every failure, then report them all
            failures.append(f"{q} → {doc} {clause}: {e}")
            continue
        if view.clause != clause or not holds_quote(view.text, quote):
            failures.append(f"{q} → {doc} {clause}: 找到 {view.clause}，不含“{quote[:40]}”")
    assert not failures, "\n".join(failures)


def test_a_sample_of_citations_resolves_through_the_real_command(kb_home, cited):
    rows = [c for c in cited if "｜" in c[3]][: CLI_SAMPLE // 2]
    sample = rows + [c for c in cited if c not in rows][: CLI_SAMPLE - len(rows)]
    env = {**os.environ, "XUEHUI_HOME": str(kb_home)}
    for _, doc, clause, quote in sample:
        p = subprocess.run([str(XUEHUI), "clause", doc, clause, "--json"], capture_output=True, text=True,
                           env=env, timeout=120)
        assert p.returncode == 0, p.stderr
        view = json.loads(p.stdout)
        assert view["clause"] == clause and holds_quote(view["text"], quote)
