"""The rule catalogue depends on rule models only: no engine module is imported by it (no import cycle)."""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "eligibility"


def _imports(module: str, top_level_only: bool) -> set[str]:
    tree = ast.parse((PACKAGE / f"{module}.py").read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    return {n.module.lstrip(".") for n in nodes if isinstance(n, ast.ImportFrom) and n.level == 1 and n.module}


def _graph() -> dict[str, set[str]]:
    return {p.stem: _imports(p.stem, top_level_only=False) for p in PACKAGE.glob("*.py")}


def test_the_catalogue_imports_only_model_modules_at_top_level() -> None:
    assert _imports("_catalog", top_level_only=False) <= {
        "_assessment", "_funding_rules", "_profile", "_rules", "_target_rules", "_task_rules", "_validate", "errors"}


def test_no_module_of_the_package_is_in_an_import_cycle() -> None:
    graph = _graph()

    def reaches(start: str, target: str, seen: set[str]) -> bool:
        for nxt in graph.get(start, ()):
            if nxt == target or (nxt not in seen and reaches(nxt, target, seen | {nxt})):
                return True
        return False

    cyclic = sorted(m for m in graph if m != "__init__" and reaches(m, m, {m}))
    assert not cyclic, cyclic
