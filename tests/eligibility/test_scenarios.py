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
       "funding": eligibility.yancheng_funding, "tasks": eligibility.tasks}


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


def _contains(text: str, parts: str | list[str]) -> None:
    for part in [parts] if isinstance(parts, str) else parts:
        assert part in text, f"{part!r} not in {text!r}"


def _json_keys(got: dict, expected: dict, done: set[str]) -> None:
    """Keys compared on the JSON: `x_contains` (substrings of a text), `x_includes` (items of a list), or equal."""
    for k, v in expected.items():
        if k in done:
            continue
        if k.endswith("_contains"):
            _contains(got[k.removesuffix("_contains")], v)
        elif k.endswith("_includes"):
            have = got[k.removesuffix("_includes")]
            assert all(x in have for x in v), f"{k}: {v} not all in {have}"
        elif k.endswith("_includes_text"):
            assert any(v in x for x in got[k.removesuffix("_includes_text")]), f"{k}: {v!r}"
        elif k.endswith("_excludes_text"):
            assert v not in got[k.removesuffix("_excludes_text")], f"{k}: {v!r}"
        elif k.endswith("_excludes"):
            have = got[k.removesuffix("_excludes")]
            assert not any(x in have for x in v), f"{k}: {v} in {have}"
        elif k == "hints":
            assert [(h["conflict"]["rule"], h["because"]) for h in got["hints"]] == [(h["rule"], h["because"]) for h in v]
        elif isinstance(v, dict) and isinstance(got.get(k), dict):
            for kk, vv in v.items():
                assert _same(got[k][kk], vv), f"{k}.{kk}: {got[k][kk]} != {vv}"
        else:
            assert _same(got[k], v), f"{k}: {got[k]} != {v}"


def _check(result, expected: dict) -> None:
    _json_keys(result.to_json(), expected, {"plan_ok", "projects", "conflicts"})
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
    got = result.to_json()
    rows = {i[key]: i for i in got["items"]}
    for k, v in (expected.get("items") or {}).items():
        assert k in rows, f"no item {k}"
        for kk, vv in (v if isinstance(v, dict) else {value: v}).items():
            if kk.endswith("_contains"):
                _contains(str(rows[k][kk.removesuffix("_contains")]), vv)
            else:
                assert rows[k][kk] == vv, f"{k}.{kk}: {rows[k][kk]} != {vv}"
    _json_keys(got, {k: v for k, v in expected.items() if k != "items"}, set())


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
        steps = expected.pop("steps", None)
        _json_keys(got, expected, set())
        for want in steps or []:          # {what_contains, value}: a step whose text contains it, with that value
            match = [s for s in got["steps"] if want["what_contains"] in s["what"]]
            assert match, f"no step containing {want['what_contains']!r}"
            if "value" in want:
                assert _same(match[0]["value"], want["value"]) if want["value"] is not None else match[0]["value"] is None
    elif command == "targets":
        _items(result, expected, "id", "status")
    elif command == "tasks":
        _items(result, expected, "key", "status")
    else:
        _items(result, expected, "project", "amount")
