"""The dev questions through the official scorer and the real `xuehui` command: a regression gate
at the issue's thresholds (it runs only where ../shared/eval sits beside the repository)."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

EVAL = Path(__file__).resolve().parents[3] / "shared" / "eval"
XUEHUI = Path(sys.executable).with_name("xuehui")


@pytest.mark.skipif(not (EVAL / "score_qa.py").exists(), reason="../shared/eval is not beside this checkout")
def test_dev_questions_meet_the_issue_thresholds(kb_home):
    env = {**os.environ, "XUEHUI_HOME": str(kb_home)}
    p = subprocess.run(
        [sys.executable, str(EVAL / "score_qa.py"), str(XUEHUI), str(EVAL / "dev.jsonl"), "-v",
         "--min-recall", "0.97", "--min-cite1", "0.85", "--min-answer", "0.85",
         "--min-abstain", "0.80", "--max-false-abstain", "0.05"],
        capture_output=True, text=True, env=env, timeout=600,
    )
    assert p.returncode == 0, p.stdout + p.stderr
