"""Runs the YAML scenarios under scenarios/ (OpenFisca-style tests written as data).

Each file: `command` (check | score | targets | funding), optional `defaults` merged into every
input, and `scenarios: [{name, input, output}]`. See the files' headers for the output keys.
"""
from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

import eligibility

HERE = Path(__file__).parent / "scenarios"
RUN = {"check": eligibility.check, "score": eligibility.score, "targets": eligibility.targets,
       "funding": eligibility.yancheng_funding}


def _merge(base: dict, over: dict) -> dict:
    out = copy.deepcopy(base)
    for k, v in over.items():
        out[k] = _merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) and k != "funded" else v
    return out


def _cases():
    for path in sorted(HERE.glob("*.yaml")):
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        for sc in spec["scenarios"]:
            data = _merge(spec.get("defaults") or {}, sc.get("input") or {})
            yield pytest.param(spec["command"], data, sc["output"], id=f"{path.stem}:{sc['name']}")


def _same(actual, expected) -> bool:
    if isinstance(expected, float) and isinstance(actual, int | float):
        return round(actual, 4) == round(expected, 4)
    return actual == expected


def _check(result, expected: dict) -> None:
    if "plan_ok" in expected:
        assert result.plan_ok is expected["plan_ok"], [c.message for c in result.conflicts]
    for name, want in (expected.get("projects") or {}).items():
        got = result.project(name)
        want = {"verdict": want} if isinstance(want, str) else want
        assert got.verdict == want["verdict"], [(r.rule, r.status, r.message) for r in got.reasons]
        statuses = {r.rule: r.status for r in got.reasons}
        for rule, status in (want.get("reasons") or {}).items():
            assert statuses.get(rule) == status, f"{rule}: {statuses.get(rule)} != {status}"
        if "missing" in want:
            assert got.missing == want["missing"]
    if "conflicts" in expected:
        got = sorted((c.rule, tuple(c.projects)) for c in result.conflicts)
        assert got == sorted((c["rule"], tuple(c["projects"])) for c in expected["conflicts"])
        clauses = {(c.rule, tuple(c.projects)): c.clause for c in result.conflicts}
        for c in expected["conflicts"]:
            if "clause" in c:
                assert clauses[(c["rule"], tuple(c["projects"]))] == c["clause"]


def _items(result, expected: dict, key: str, value: str) -> None:
    rows = {i[key]: i[value] for i in result.to_json()["items"]}
    for k, v in (expected.get("items") or {}).items():
        assert rows[k] == v, f"{k}: {rows[k]} != {v}"
    for k, v in expected.items():
        if k != "items":
            assert _same(result.to_json()[k], v), f"{k}: {result.to_json()[k]} != {v}"


@pytest.mark.parametrize(("command", "data", "expected"), list(_cases()))
def test_scenario(command: str, data: dict, expected: dict) -> None:
    if "error" in expected:
        with pytest.raises(eligibility.InputError) as e:
            RUN[command](data)
        for k, v in expected["error"].items():
            got = [x.field for x in e.value.errors] if k == "fields" else getattr(e.value, k)
            got = list(got) if isinstance(got, tuple) else got
            if k in ("message", "describe"):
                got = e.value.describe()
                assert all(part in got for part in ([v] if isinstance(v, str) else v)), got
                continue
            assert got == v, e.value.describe()
        return
    result = RUN[command](data)
    if command == "check":
        _check(result, expected)
    elif command == "score":
        got = result.to_json()
        for k, v in expected.items():
            assert _same(got[k], v), f"{k}: {got[k]} != {v}"
    elif command == "targets":
        _items(result, expected, "id", "status")
    else:
        _items(result, expected, "project", "amount")
