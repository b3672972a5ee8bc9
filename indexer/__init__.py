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
from ._normalise import compact, for_matching
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
]
