"""Each document's clause tree for the page's browser: numbered clauses, attachments and table rows.

Built once from the loaded index's clause records. A table row is a record of its own
(`附件1 <表名> <行名>`, looked up like any clause) but is not among its clause's children: it is
placed under the table it belongs to, so the browser shows 附件1 › 表 › 射阳县科协.
"""
from __future__ import annotations

import kb

PREVIEW_CHARS = 30   # enough to recognise an untitled clause ("1）申报学会上一年度综合能力评价等级…") in the tree


def preview(rec: dict) -> str:
    """An untitled clause's first words (its label removed), for the tree; "" when it has a heading."""
    if rec["heading"]:
        return ""
    first = next((ln.strip() for ln in str(rec.get("text") or "").splitlines() if ln.strip()), "")
    if first.startswith(rec["label"]):
        first = first[len(rec["label"]):].strip()
    return first if len(first) <= PREVIEW_CHARS else first[:PREVIEW_CHARS] + "…"


def _node(rec: dict) -> dict:
    return {"clause": rec["path"], "label": rec["label"], "heading": rec["heading"], "preview": preview(rec),
            "children": [], "tables": []}


def _table_of(path: str, tables: dict[tuple[str, str], dict]) -> dict | None:
    """The table a row record belongs to: the longest `<clause> <table name> ` its path starts with."""
    owners = [k for k in tables if path.startswith(f"{k[0]} {k[1]} ")]
    return tables[max(owners, key=lambda k: len(k[0]) + len(k[1]))] if owners else None


def document_tree(records: list[dict]) -> list[dict]:
    """One document's top-level nodes; each node has its children and its tables' rows, in document order."""
    nodes = {r["path"]: _node(r) for r in records}
    child_paths = {c for r in records for c in r["children"]}
    tables: dict[tuple[str, str], dict] = {}
    for r in records:
        nodes[r["path"]]["children"] = [nodes[c] for c in r["children"] if c in nodes]
        for name in r.get("tables") or []:
            t = {"name": name, "rows": []}
            tables[(r["path"], name)] = t
            nodes[r["path"]]["tables"].append(t)
    roots = []
    for r in records:
        if r["path"] in child_paths:
            continue
        table = _table_of(r["path"], tables)
        if table is not None:
            table["rows"].append({"clause": r["path"], "label": r["label"]})
        else:
            roots.append(nodes[r["path"]])
    return roots


def build(base: kb.KnowledgeBase) -> list[dict]:
    """Every indexed document (the `docs --json` fields) with its clause tree under `clauses`."""
    return [{**d.to_dict(), "clauses": document_tree(base.stored.clauses.get(d.id, []))} for d in base.documents()]


__all__ = ["PREVIEW_CHARS", "build", "document_tree", "preview"]
