"""`xuehui check` / `xuehui score` end to end: the shared examples, JSON shape, exit codes, messages."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot import cli

EXAMPLES = Path(__file__).resolve().parents[3] / "shared" / "examples"
needs_examples = pytest.mark.skipif(not EXAMPLES.is_dir(), reason="../shared/examples not present")


def run(capsys, *argv: str) -> tuple[int, str, str]:
    try:
        code = cli.main(list(argv))
    except SystemExit as e:        # argparse usage errors
        code = e.code
    out, err = capsys.readouterr()
    return code, out, err


@needs_examples
@pytest.mark.parametrize("name", ["eligibility-2022-full.yaml", "eligibility-2022-small.yaml"])
def test_check_examples_print_the_contract_json(capsys, name: str) -> None:
    code, out, _ = run(capsys, "check", str(EXAMPLES / name), "--json")
    assert code == 0
    data = json.loads(out)
    assert list(data)[:4] == ["programme", "plan_ok", "projects", "conflicts"]
    for p in data["projects"]:
        assert p["verdict"] in ("eligible", "ineligible", "needs_info")
        for r in p["reasons"]:
            assert set(r) >= {"rule", "status", "message", "clause", "quote"}


@needs_examples
def test_full_example_plan_is_ok_because_flagship_comes_with_a_platform(capsys) -> None:
    data = json.loads(run(capsys, "check", str(EXAMPLES / "eligibility-2022-full.yaml"), "--json")[1])
    assert data["plan_ok"] is True and data["conflicts"] == []
    # 会员之家建设 (学会建设) was funded in 2021: whether it passed its 考核 decides 2022's 学会建设 projects (四、（二）)
    assert {p["project"]: p["verdict"] for p in data["projects"]} == {
        "一流学会建设": "needs_info", "一流学术学会": "needs_info", "品牌学术交流": "eligible", "标准制定": "eligible"}
    assert next(p for p in data["projects"] if p["project"] == "一流学会建设")["missing"] == ["society.failed"]


@needs_examples
def test_small_example_asks_for_the_2021_funding_record(capsys) -> None:
    data = json.loads(run(capsys, "check", str(EXAMPLES / "eligibility-2022-small.yaml"), "--json")[1])
    dev = next(p for p in data["projects"] if p["project"] == "发展助力专项")
    assert dev["verdict"] == "needs_info" and dev["missing"] == ["society.failed", "society.funded"]


@needs_examples
def test_score_example_prints_the_contract_json(capsys) -> None:
    code, out, _ = run(capsys, "score", str(EXAMPLES / "score-2024-category2.yaml"), "--json")
    data = json.loads(out)
    assert code == 0
    assert list(data)[:8] == ["category", "central", "total", "grade", "rank", "promotion", "first_class", "steps"]
    assert (data["central"], data["total"], data["grade"], data["rank"]) == (90.0, 90.3, "A", 2)
    assert all(set(s) >= {"what", "value", "clause", "quote"} for s in data["steps"])


@needs_examples
def test_human_output_shows_rule_clause_and_quote(capsys, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    code, out, _ = run(capsys, "check", str(EXAMPLES / "eligibility-2022-full.yaml"))
    assert code == 0
    assert "flagship-grade-at-least-B" in out and "三、（一）1.（2）1）" in out and "不低于B等" in out


def test_a_misspelt_project_exits_2_naming_the_field_and_closest(capsys, tmp_path) -> None:
    f = tmp_path / "in.yaml"
    f.write_text("apply: [发展助理专项]\n", encoding="utf-8")
    code, out, err = run(capsys, "check", str(f))
    assert code == 2 and out == ""
    assert "apply[0]" in err and "发展助力专项" in err and "Traceback" not in err


def test_a_bonus_over_20_exits_2_with_the_range(capsys, tmp_path) -> None:
    f = tmp_path / "in.json"
    f.write_text(json.dumps({"category": 2, "central": {"innovation": 25}}), encoding="utf-8")
    code, _, err = run(capsys, "score", str(f), "--json")
    assert code == 2 and "central.innovation" in err and "0–20" in err


def test_a_category_outside_1_to_4_exits_2_listing_the_valid_ones(capsys, tmp_path) -> None:
    f = tmp_path / "in.yaml"
    f.write_text("category: 5\n", encoding="utf-8")
    code, _, err = run(capsys, "score", str(f))
    assert code == 2 and "category" in err and "1、2、3、4" in err


@pytest.mark.parametrize("content", [None, "apply: [标准制定\n", "- 标准制定\n"])
def test_missing_or_invalid_files_exit_2(capsys, tmp_path, content) -> None:
    f = tmp_path / "in.yaml"
    if content is not None:
        f.write_text(content, encoding="utf-8")
    code, _, err = run(capsys, "check", str(f))
    assert code == 2 and "FILE" in err


def test_score_file_with_targets_and_funding_sections(capsys, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    f = tmp_path / "in.yaml"
    f.write_text("category: 3\ntargets: {new_volunteers: 120, new_fulltime_staff: 1, office_area: 80}\n"
                 "funding: {items: [{project: 企业科技信息服务, new_enterprises: 12, cases: 3}]}\n", encoding="utf-8")
    code, out, _ = run(capsys, "score", str(f), "--json")
    data = json.loads(out)
    assert code == 0 and data["funding"]["total"] == 3600
    items = {i["id"]: i["status"] for i in data["targets"]["items"]}
    assert items["popsci-volunteers"] == "met" and items["innovation-growth-staff-office"] == "met"
    code, out, _ = run(capsys, "score", str(f))
    assert code == 0 and "3600" in out and "popsci-volunteers" in out


OWN = Path(__file__).parent / "examples"


@pytest.mark.parametrize("name", ["score-2023-targets.yaml", "yancheng-2018-funding.yaml"])
def test_documented_section_examples_run(capsys, name: str) -> None:
    code, out, _ = run(capsys, "score", str(OWN / name), "--json")
    assert code == 0
    data = json.loads(out)
    assert data["targets"] or data["funding"]
