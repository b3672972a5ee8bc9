"""The 2018 task table rule file against the corpus table, cell by cell (and its totals where they add up)."""
from __future__ import annotations

import pytest

import indexer
from eligibility import _catalog

RULES = _catalog.select("tasks", None)


def _blocks() -> dict[str, list[str]]:
    """unit name → its row's cells after the name, from the corpus table (tab-prefixed lines per row)."""
    rows: dict[str, list[str]] = {}
    cur: list[str] = []
    for line in _raw().split("\n") + [""]:
        if line.startswith("\t"):
            cur.append(line[1:].strip())
            continue
        if cur:
            cells = cur[1:] if not cur[0].isdigit() and cur[0] else cur[2:]
            name = cur[0] if not cur[0].isdigit() and cur[0] else (cur[1] if len(cur) > 1 else "")
            rows.setdefault(name, cells)
        cur = []
    return rows


def _raw() -> str:
    return indexer.document_text(RULES.doc)


@pytest.mark.parametrize("table", RULES.tables, ids=lambda t: t.name)
def test_every_row_matches_the_corpus_table_cell_by_cell(table) -> None:
    corpus = _blocks()
    for row in table.rows:
        cells = corpus[row.unit]
        expected = [str(row.targets[c.key]) if c.key in row.targets else "" for c in table.columns]
        assert cells[:len(expected)] == expected, row.unit


@pytest.mark.parametrize("table", [t for t in RULES.tables if t.name != "市级学会"], ids=lambda t: t.name)
def test_rows_add_up_to_the_tables_own_total(table) -> None:
    sums = {c.key: sum(r.targets.get(c.key, 0) for r in table.rows) for c in table.columns}
    assert sums == table.total
