"""indexer: real documents → normalised text → clause tree and table rows → chunks → BM25 + vectors.

The public surface is what this module exports; everything in `_`-modules is private.
"""
from ._catalogue import (
    DocumentInfo,
    bundled_corpus_dir,
    document_text,
    load_catalogue,
    matching_text,
)
from ._normalise import compact, for_matching, to_simplified
from .errors import ConfigError, DocumentError, IndexerError, IndexNotFound

__all__ = [
    "ConfigError",
    "DocumentError",
    "DocumentInfo",
    "IndexNotFound",
    "IndexerError",
    "bundled_corpus_dir",
    "compact",
    "document_text",
    "for_matching",
    "load_catalogue",
    "matching_text",
    "to_simplified",
]

from ._chunker import Chunk, ChunkerSettings  # noqa: E402
from ._clauses import cn_to_int  # noqa: E402
from ._embed import DEFAULT_EMBEDDER, VALID_SPECS, make_embedder  # noqa: E402
from ._formats import SUPPORTED_SUFFIXES  # noqa: E402
from ._library import (  # noqa: E402
    FileResult,
    add_documents,
    build_index,
    ensure_index,
    index_is_current,
    list_documents,
    rebuild,
    remove_document,
)
from ._pipeline import IndexSettings, Progress, document_terms, parse_document  # noqa: E402
from ._store import StoredIndex, default_home, read_index, read_manifest  # noqa: E402
from ._tables import VERBATIM, row_reading  # noqa: E402
from ._tokenize import tokenize  # noqa: E402

__all__ += [
    "Chunk",
    "ChunkerSettings",
    "DEFAULT_EMBEDDER",
    "FileResult",
    "IndexSettings",
    "SUPPORTED_SUFFIXES",
    "Progress",
    "StoredIndex",
    "VALID_SPECS",
    "VERBATIM",
    "add_documents",
    "build_index",
    "cn_to_int",
    "default_home",
    "document_terms",
    "ensure_index",
    "index_is_current",
    "list_documents",
    "make_embedder",
    "parse_document",
    "read_index",
    "read_manifest",
    "rebuild",
    "row_reading",
    "remove_document",
    "tokenize",
]
