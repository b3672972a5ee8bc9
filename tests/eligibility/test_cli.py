"""`xuehui check` / `xuehui score` end to end: the shipped examples/, JSON shape, exit codes, messages."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import eligibility
from bot import cli

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    try:
        code = cli.main(list(argv))
    except SystemExit as e:        # argparse usage errors
        code = e.code
    out, err = capsys.readouterr()
    return code, out, err


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


def test_full_example_plan_is_ok_because_flagship_comes_with_a_platform(capsys) -> None:
    data = json.loads(run(capsys, "check", str(EXAMPLES / "eligibility-2022-full.yaml"), "--json")[1])
    assert data["plan_ok"] is True and data["conflicts"] == []
    assert {p["project"]: p["verdict"] for p in data["projects"]} == {
        "一流学会建设": "eligible", "一流学术学会": "eligible", "品牌学术交流": "eligible", "标准制定": "eligible"}
    assert data["outcome"] == "ok" and data["headline"] == "计划可行"


def test_small_example_asks_for_the_2021_funding_record(capsys) -> None:
    data = json.loads(run(capsys, "check", str(EXAMPLES / "eligibility-2022-small.yaml"), "--json")[1])
    dev = next(p for p in data["projects"] if p["project"] == "发展助力专项")
    assert dev["verdict"] == "needs_info" and dev["missing"] == ["society.failed", "society.funded"]


def test_score_example_prints_the_contract_json(capsys) -> None:
    code, out, _ = run(capsys, "score", str(EXAMPLES / "score-2024-category2.yaml"), "--json")
    data = json.loads(out)
    assert code == 0
    assert list(data)[:8] == ["category", "central", "total", "grade", "rank", "promotion", "first_class", "steps"]
    assert (data["central"], data["total"], data["grade"], data["rank"]) == (90.0, 90.3, "A", 2)
    assert all(set(s) >= {"what", "value", "clause", "quote"} for s in data["steps"])


def test_human_output_shows_rule_clause_and_quote(capsys, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    code, out, _ = run(capsys, "check", str(EXAMPLES / "eligibility-2022-full.yaml"))
    assert code == 0
    assert "综合能力评价不低于B等" in out and "三、（一）1.（2）1）" in out and "flagship-grade-at-least-B" not in out
    assert out.index("结论：计划可行") < out.index("通用资格条件")


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
    assert code == 0 and "3600" in out and "新增注册科技志愿者" in out


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.name)
def test_every_shipped_example_runs_as_text_and_json(capsys, monkeypatch, path: Path) -> None:
    monkeypatch.setenv("COLUMNS", "120")
    command = "check" if path.name.startswith("eligibility-") else "score"
    code, out, err = run(capsys, command, str(path))
    assert code == 0 and out and not err, err
    code, out, _ = run(capsys, command, str(path), "--json")
    assert code == 0 and json.loads(out)


def test_the_template_lists_every_field_and_round_trips(capsys, tmp_path) -> None:
    code, out, _ = run(capsys, "check", "--template", "2022提升计划")
    assert code == 0
    for spec in eligibility.profile_fields():
        assert spec.clause in out and spec.label in out
    f = tmp_path / "我会.yaml"
    f.write_text(out, encoding="utf-8")
    code, out, _ = run(capsys, "check", str(f), "--json")
    assert code == 0 and json.loads(out)["outcome"] == "survey"


def test_an_unknown_template_programme_exits_2(capsys) -> None:
    code, _, err = run(capsys, "check", "--template", "2019提升计划")
    assert code == 2 and "2022提升计划" in err


def test_check_without_file_or_template_points_to_the_examples(capsys) -> None:
    code, _, err = run(capsys, "check")
    assert code == 2 and "examples/" in err and "--template" in err


def test_help_points_inside_the_repository(capsys) -> None:
    for command in ("check", "score"):
        code, out, _ = run(capsys, command, "--help")
        assert code == 0 and "examples/" in out and "../shared" not in out


def test_all_problems_of_a_file_are_reported_at_once(capsys, tmp_path) -> None:
    f = tmp_path / "in.yaml"
    f.write_text("society: {capability_grade: E, medical_experts: -1}\napply: [标准制订, 一流平台]\n", encoding="utf-8")
    code, out, err = run(capsys, "check", str(f))
    assert code == 2 and out == "" and "4 处错误" in err
    for field in ("society.capability_grade", "society.medical_experts", "apply[0]", "apply[1]"):
        assert field in err


def test_the_template_filled_in_checks_cleanly(capsys, tmp_path) -> None:
    """Fill every field of the printed template with a valid value (edited in the text, as a user would)."""
    code, text, _ = run(capsys, "check", "--template", "2022提升计划")
    values = {"org_type": "provincial_society", "capability_grade": "b", "assessment_level": "4A",
              "medical_experts": '"8"'}
    lines = []
    for line in text.split("\n"):
        key = line.strip().split(":")[0]
        if line.strip().endswith(": null") or ": null    #" in line:
            value = values.get(key, "[]" if key.isdigit() else "是")
            line = line.replace("null", value, 1)
        lines.append(line.replace("apply: []", "apply: [一流学会建设, 一流学术学会, 梯队期刊建设]"))
    f = tmp_path / "我会.yaml"
    f.write_text("\n".join(lines), encoding="utf-8")
    code, out, err = run(capsys, "check", str(f), "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["outcome"] == "ok" and data["headline"] == "计划可行", data["headline"]


@pytest.mark.parametrize(("content", "field"), [
    ("targets: {office_area: .inf}", "targets.office_area"),
    ("targets: {service_income: .inf}", "targets.service_income"),
    ("targets: {service_income: 1e400}", "targets.service_income"),
    ("targets: {new_fulltime_staff: true}", "targets.new_fulltime_staff"),
    ("targets: {popsci_events: 6.5}", "targets.popsci_events"),
    ("targets: {year: 2024}", "targets.year"),
    ("funding: {items: [{project: 精品学术交流活动, count: true}]}", "funding.items[0].count"),
    ("funding: {year: 2019, items: [{project: 学会科技服务站}]}", "funding.year"),
    ("funding: {items: [{project: 继续教育培训}]}", "funding.items[0].project"),
    ("tasks: {unit: 市物理学会, achieved: {small_events: .nan}}", "tasks.achieved.small_events"),
])
def test_bad_numbers_and_names_exit_2_naming_the_field(capsys, tmp_path, content: str, field: str) -> None:
    f = tmp_path / "in.yaml"
    f.write_text(content + "\n", encoding="utf-8")
    code, out, err = run(capsys, "score", str(f))
    assert code == 2 and out == "" and field in err and "Traceback" not in err, err


def test_a_suggested_year_is_itself_valid_input(capsys, tmp_path) -> None:
    f = tmp_path / "in.yaml"
    f.write_text("targets: {year: 2024, new_volunteers: 120}\n", encoding="utf-8")
    _, _, err = run(capsys, "score", str(f))
    suggested = err.split("可选值：")[1].split()[0]
    f.write_text(f"targets: {{year: {suggested}, new_volunteers: 120}}\n", encoding="utf-8")
    code, _, err = run(capsys, "score", str(f))
    assert code == 0, err
