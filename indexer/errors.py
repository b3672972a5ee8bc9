"""The errors the indexer raises. Every one carries a message fit to show a user as is."""


class IndexerError(Exception):
    """Base of every error the indexer raises on purpose."""


class DocumentError(IndexerError):
    """A document cannot be indexed: missing, empty, binary or in an unknown encoding."""


class IndexNotFound(IndexerError):
    """No usable index exists at the given place."""


class ConfigError(IndexerError):
    """A setting is out of its valid range or names an unknown component."""
