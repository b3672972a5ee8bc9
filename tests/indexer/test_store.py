"""Index writes are atomic: a failed or interrupted build never replaces a working index."""
import os
import shutil
import time

import pytest

import indexer
from indexer._store import STALE_TMP_SECONDS, current_path, read_index
from kb import KnowledgeBase


@pytest.fixture
def home_copy(kb_home, tmp_path):
    home = tmp_path / "home"
    shutil.copytree(kb_home, home, symlinks=True)
    return home


def test_failure_mid_write_leaves_the_previous_index_answering(home_copy):
    before = current_path(home_copy)

    def crash(build_dir):
        assert (build_dir / "manifest.json").exists()
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError, match="disk full"):
        indexer.build_index(home=home_copy, before_publish=crash)
    assert current_path(home_copy) == before
    assert not [p for p in (home_copy / "builds").iterdir() if p.name.startswith("tmp-")]
    answer = KnowledgeBase.open(home=home_copy).ask("问道科学沙龙一年最少要办几场？")
    assert not answer.abstained and "15场" in answer.answer


def test_leftover_of_a_killed_build_is_ignored_then_cleaned(home_copy):
    junk = home_copy / "builds" / "tmp-killed"
    junk.mkdir()
    (junk / "chunks.json").write_text("[", encoding="utf-8")
    old = time.time() - 2 * STALE_TMP_SECONDS
    os.utime(junk, (old, old))
    in_progress = home_copy / "builds" / "tmp-another-process"
    in_progress.mkdir()
    assert read_index(home_copy).manifest["n_chunks"] > 100
    indexer.build_index(home=home_copy)
    assert not junk.exists()
    assert in_progress.exists()  # a concurrent build's directory is left alone
    # The newest builds stay for a reader that has just resolved `current` to the one before.
    assert len([d for d in (home_copy / "builds").iterdir() if d.name.startswith("b-")]) <= 2


def test_home_without_an_index_says_how_to_build_one(tmp_path):
    with pytest.raises(indexer.IndexNotFound, match="xuehui index"):
        read_index(tmp_path)
