"""The CLI's rendering of an answer: the check hint comes from the answer's flag."""
from pathlib import Path

import kb
from bot import _render

ROOT = Path(__file__).resolve().parents[2]
P = kb.Passage(doc="d", title="某文件", year=2030, clause="三、", text="须有专职工作人员。", score=1.0)


def test_an_answer_flagged_suggest_check_points_to_the_example_and_the_template(capsys):
    _render.answer(kb.Answer("能报吗", "答[1]", False, [P], [P], suggest=kb.SUGGEST_CHECK))
    shown = "".join(ch for ch in capsys.readouterr().out if not ch.isspace() and ch not in "│╭╮╰╯─")
    assert "examples/eligibility-2022-full.yaml" in shown and "xuehuicheck--template2022提升计划" in shown
    assert (ROOT / "examples" / "eligibility-2022-full.yaml").is_file()


def test_an_unflagged_answer_has_no_check_hint(capsys):
    _render.answer(kb.Answer("多少钱", "答[1]", False, [P], [P]))
    assert "xuehui check" not in capsys.readouterr().out
