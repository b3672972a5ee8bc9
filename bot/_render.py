"""Rendering for people (rich) and for programs (JSON). Messages in Chinese."""
from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Iterator

from rich.console import Console
from rich.panel import Panel
from rich.progress import BarColumn, Progress, TaskID, TextColumn
from rich.table import Table
from rich.text import Text

out = Console(highlight=False)
err = Console(stderr=True, highlight=False)


def print_json(obj) -> None:  # noqa: ANN001
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=None) + "\n")


def error(message: str) -> None:
    # Plain write: a message must not be re-wrapped or styled when stderr is a file or a pipe.
    sys.stderr.write(f"xuehui: {message}\n")


@contextlib.contextmanager
def progress() -> Iterator:
    """A progress bar on stderr while an index builds; silent when nothing is built."""
    bar = Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                   console=err, transient=True)
    tasks: dict[str, TaskID] = {}
    started = False

    def report(stage: str, done: int, total: int) -> None:
        nonlocal started
        if not started:
            err.print("正在为知识库建立索引（仅首次使用或文档变化时）…")
            bar.start()
            started = True
        if stage not in tasks:
            tasks[stage] = bar.add_task(stage, total=max(total, 1))
        bar.update(tasks[stage], completed=done, total=max(total, 1))

    try:
        yield report
    finally:
        if started:
            bar.stop()


# Under an answer flagged `suggest: "check"` (kb.SUGGEST_CHECK; kb is not imported here, this module
# serves every command): where a filled-in example and a blank template are.
CHECK_HINT = ("如需按贵会的具体情况逐条核对能否申报：参照 examples/eligibility-2022-full.yaml 填写，"
              "或用 `xuehui check --template 2022提升计划 > 我会.yaml` 取空白模板，再运行 `xuehui check 我会.yaml`。")


def answer(a) -> None:  # noqa: ANN001
    style = "yellow" if a.abstained else "green"
    body = a.answer + ("\n" + CHECK_HINT if a.suggest == "check" else "")
    out.print(Panel(Text(body), title="答案" if not a.abstained else "知识库中没有答案", border_style=style))
    shown = a.citations or a.retrieved[:3]
    if shown:
        out.print(Text("引用的条文（全文）" if a.citations else "最接近的条文（未回答所问，仅供参考）", style="bold"))
    for n, p in enumerate(shown, 1):
        year = f"（{p.year}年）" if p.year and str(p.year) not in p.title else ""
        out.print(Text(f"[{n}] 《{p.title}》{year} {p.clause}{on_page(p.page)}", style="cyan"))
        out.print(Text(p.text), style="dim" if not a.citations else "")


def on_page(page: int | None) -> str:
    """"（第3页）" for a clause of a paged document (PDF); "" where the page is unknown."""
    return f"（第{page}页）" if page else ""


def clause(v) -> None:  # noqa: ANN001
    head = " › ".join(h for h in v.headings if h)
    out.print(Panel(Text(v.text), title=f"《{v.title}》{v.clause}{on_page(v.page)}", subtitle=head or None))
    if v.children:
        out.print("下设条款：" + "、".join(c["clause"] for c in v.children))


def manifest(m: dict) -> None:
    out.print(f"索引已建立：{len(m['documents'])} 份文档，{m['n_chunks']} 个段落，向量模型 {m['embedder']}")
    documents_from_dicts(m["documents"])


def documents_from_dicts(docs: list[dict]) -> None:
    t = Table()
    for col in ("编号", "标题", "发文机关", "日期", "类型"):
        t.add_column(col)
    for d in docs:
        t.add_row(d["id"], d["title"], d.get("issuer", ""), d.get("date", ""), d.get("kind", ""))
    out.print(t)


def documents(docs) -> None:  # noqa: ANN001
    documents_from_dicts([d.to_dict() for d in docs])


def file_result(r) -> None:  # noqa: ANN001
    """One line a file of a library change (added / updated / unchanged / skipped with the reason)."""
    # Plain write: scripts read these lines; a skipped file's line goes to stderr as well as the
    # reason a batch partly failed, so a pipe of stdout still lists every indexed file.
    stream = sys.stderr if r.status == "skipped" else sys.stdout
    stream.write(r.line() + "\n")
    stream.flush()


def library(docs: list[dict]) -> None:
    """`xuehui docs`: the documents of the library."""
    t = Table()
    for col in ("编号", "标题", "发文机关", "文号", "年份", "层级", "类型", "段落", "文件", "添加时间"):
        t.add_column(col)
    for d in docs:
        file = "（内置）" if d.get("bundled") else d.get("file", "")
        t.add_row(d["id"], d["title"], d.get("issuer", ""), d.get("number", ""), str(d.get("year") or ""),
                  (d.get("level") or "") + ((" " + d["region"]) if d.get("region") else ""), d.get("kind", ""),
                  str(d.get("chunks", "")), file, d.get("added", ""))
    out.print(t)
