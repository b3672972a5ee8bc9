"""The document library: add, update, remove and rebuild without dropping anything, one line a file."""
from __future__ import annotations

import shutil

import pytest
from doc_builders import make_docx

import indexer
from indexer._store import current_path
from kb import KnowledgeBase

A_MD = """# 关于开展2025年度学会评估工作的通知

盐科协〔2025〕8号

各市级学会：

## 一、评估对象

（一）市级学会。成立满两年的市级学会均须参加评估。

（二）新成立学会。成立不满两年的学会自愿参加评估。

## 二、结果运用

评估结果分为优秀、良好、合格三个等次，评估优秀的学会奖励2万元。

盐城市科学技术协会

2025年5月6日
"""
B_ITEMS = [
    (None, "无锡市科学技术协会"),
    (None, "关于印发《2026年度无锡市学会工作要点》的通知"),
    (None, "锡科协〔2026〕3号"),
    (0, "工作目标"),
    (1, "会员发展。各学会年内新发展会员不少于80人。"),
    (1, "科普活动。各学会全年举办科普讲座不少于6场。"),
    (0, "保障措施"),
    (2, "强化经费保障，每个学会补助工作经费9000元。"),
    (None, "无锡市科学技术协会"),
    (None, "2026年2月10日"),
]


@pytest.fixture
def home(kb_home, tmp_path):
    h = tmp_path / "home"
    shutil.copytree(kb_home, h, symlinks=True)
    return h


def _docs(home) -> dict[str, dict]:
    return {d["id"]: d for d in indexer.list_documents(home)}


def test_add_md_then_docx_then_remove_md_keeps_everything_else(home, tmp_path):
    a = tmp_path / "a.md"
    a.write_text(A_MD, encoding="utf-8")
    b = make_docx(tmp_path / "b.docx", B_ITEMS)

    [r] = indexer.add_documents([a], home=home)
    assert r.status == "added" and r.doc == "user-a"
    docs = _docs(home)
    assert docs["user-a"]["title"] == "关于开展2025年度学会评估工作的通知"  # no "# "
    assert docs["user-a"]["number"] == "盐科协〔2025〕8号" and docs["user-a"]["year"] == 2025
    assert docs["user-a"]["level"] == "市" and docs["user-a"]["region"] == "盐城市"
    assert len(docs) == 5
    base = KnowledgeBase.open(home=home)
    assert "2万元" in base.clause("user-a", "二、").text
    assert base.search("学会评估结果为优秀的奖励多少钱")[0].doc == "user-a"

    [r] = indexer.add_documents([b], home=home)
    assert r.status == "added" and r.doc == "user-b"
    docs = _docs(home)
    assert {"user-a", "user-b"} <= docs.keys() and docs["user-b"]["issuer"] == "无锡市科学技术协会"
    assert docs["user-b"]["year"] == 2026 and docs["user-b"]["kind"] == "通知" and docs["user-b"]["chunks"] > 0
    base = KnowledgeBase.open(home=home)
    assert "9000元" in base.clause("user-b", "二、1．").text
    assert "2万元" in base.clause("user-a", "二、").text  # the first document is still there
    assert base.search("每个学会补助工作经费多少")[0].doc == "user-b"

    gone = indexer.remove_document("user-a", home=home)
    assert gone.status == "removed"
    docs = _docs(home)
    assert "user-a" not in docs and "user-b" in docs and len(docs) == 5
    base = KnowledgeBase.open(home=home)
    assert not any(c["doc"] == "user-a" for c in base.chunks)
    with pytest.raises(Exception, match="user-a|没有"):
        base.clause("user-a", "二、")
    assert "9000元" in base.clause("user-b", "二、1．").text


def test_adding_the_same_file_again_is_unchanged_and_publishes_nothing(home, tmp_path):
    a = tmp_path / "a.md"
    a.write_text(A_MD, encoding="utf-8")
    indexer.add_documents([a], home=home)
    before = current_path(home)
    [r] = indexer.add_documents([a], home=home)
    assert r.status == "unchanged" and current_path(home) == before


def test_changed_file_is_updated_and_only_changed_chunks_are_embedded(home, tmp_path):
    a = tmp_path / "a.md"
    a.write_text(A_MD, encoding="utf-8")
    indexer.add_documents([a], home=home)
    a.write_text(A_MD.replace("奖励2万元", "奖励3万元"), encoding="utf-8")
    embedded: list[int] = []

    def progress(stage, done, total):
        if stage == "计算向量":
            embedded.append(total)

    [r] = indexer.add_documents([a], home=home, progress=progress)
    assert r.status == "updated" and r.doc == "user-a"
    assert embedded and max(embedded) == 1  # one clause changed: one chunk embedded
    stored = indexer.read_index(home)
    texts = [c["text"] for c in stored.chunks if c["doc"] == "user-a"]
    assert any("3万元" in t for t in texts) and not any("2万元" in t for t in texts)


def test_rebuild_keeps_added_documents_even_when_the_original_is_gone(home, tmp_path):
    a = tmp_path / "a.md"
    a.write_text(A_MD, encoding="utf-8")
    indexer.add_documents([a], home=home)
    a.unlink()
    assert indexer.index_is_current(home, indexer.IndexSettings())  # asking never re-reads the file
    indexer.rebuild(home=home)
    assert "user-a" in _docs(home)
    assert "2万元" in KnowledgeBase.open(home=home).clause("user-a", "二、").text


def test_a_folder_is_walked_and_every_file_reported(home, tmp_path):
    folder = tmp_path / "docs"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.md").write_text(A_MD, encoding="utf-8")
    make_docx(folder / "sub" / "b.docx", B_ITEMS)
    (folder / "sub" / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    (folder / "sub" / "~$b.docx").write_bytes(b"owner")
    results = {r.path.split("/")[-1]: r for r in indexer.add_documents([folder], home=home)}
    assert results["a.md"].status == "added" and results["b.docx"].status == "added"
    assert results["photo.jpg"].status == "skipped" and "不支持的文件类型" in results["photo.jpg"].reason
    assert results["~$b.docx"].status == "skipped" and "临时文件" in results["~$b.docx"].reason


def test_bad_files_each_get_a_reason_and_the_batch_goes_on(home, tmp_path):
    good = tmp_path / "a.md"
    good.write_text(A_MD, encoding="utf-8")
    empty = tmp_path / "空.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "程序.txt"
    binary.write_bytes(b"\x7fELF\x00\x01\x02" * 100)
    huge = tmp_path / "日志.txt"
    with open(huge, "wb") as f:
        f.write("一、日志\n".encode())
        f.truncate(50 * 1024 * 1024)
    broken_docx = tmp_path / "坏.docx"
    broken_docx.write_bytes(b"PK\x03\x04broken")
    broken_pdf = tmp_path / "坏.pdf"
    broken_pdf.write_bytes(b"%PDF-1.4 broken")
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes(A_MD.replace("2025年度学会评估", "2027年度学会年检").replace("#", "").encode("gbk"))
    twin = tmp_path / "a副本.md"
    twin.write_text(A_MD, encoding="utf-8")
    vanishing = tmp_path / "消失.md"
    vanishing.write_text(A_MD.replace("评估", "考评"), encoding="utf-8")

    def vanish(result):
        if result.path == str(good):
            vanishing.unlink()

    paths = [good, empty, binary, huge, broken_docx, broken_pdf, gbk, twin, vanishing]
    results = {r.path: r for r in indexer.add_documents(paths, home=home, report=vanish)}
    assert results[str(good)].status == "added"
    assert results[str(gbk)].status == "added"  # GBK without a declaration is read, not refused
    expected = {empty: "空", binary: "二进制", huge: "太大", broken_docx: "Word", broken_pdf: "PDF",
                twin: "内容相同", vanishing: "不存在"}
    for path, words in expected.items():
        r = results[str(path)]
        assert r.status == "skipped" and words in r.reason, r.line()
        assert r.line().startswith("已跳过：") and str(path) in r.line()
    assert {"user-a", "user-gbk"} <= _docs(home).keys()


def test_a_document_identical_to_a_bundled_one_is_not_added_twice(home, tmp_path):
    copy = tmp_path / "指南.txt"
    copy.write_bytes((indexer.bundled_corpus_dir() / indexer.load_catalogue()[0].file).read_bytes())
    [r] = indexer.add_documents([copy], home=home)
    assert r.status == "skipped" and "内置文档" in r.reason


def test_removing_a_bundled_or_unknown_document_is_refused(home):
    with pytest.raises(indexer.DocumentError, match="内置文档"):
        indexer.remove_document("2022-tisheng-jihua", home=home)
    with pytest.raises(indexer.DocumentError, match="没有编号为 nope"):
        indexer.remove_document("nope", home=home)


def test_catalogue_file_overrides_what_the_document_says(home, tmp_path):
    a = tmp_path / "a.md"
    a.write_text(A_MD, encoding="utf-8")
    (home / "catalogue.yaml").write_text(
        "documents:\n  - file: a.md\n    year: 2024\n    kind: 考核办法\n    title: 评估通知\n", encoding="utf-8"
    )
    indexer.add_documents([a], home=home)
    d = _docs(home)["user-a"]
    assert (d["year"], d["kind"], d["title"]) == (2024, "考核办法", "评估通知")


def test_a_document_whose_kept_copy_is_lost_is_reported_not_silently_dropped(home, tmp_path):
    a = tmp_path / "a.md"
    a.write_text(A_MD, encoding="utf-8")
    indexer.add_documents([a], home=home)
    a.unlink()
    for f in (home / "sources").iterdir():
        f.unlink()
    results = indexer.rebuild(home=home)
    [lost] = [r for r in results if r.doc == "user-a"]
    assert lost.status == "skipped" and "副本" in lost.reason and "xuehui add" in lost.reason
