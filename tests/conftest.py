"""Session fixtures: the real bundled corpus, indexed once per test session into a temporary home."""
from __future__ import annotations

from pathlib import Path

import pytest

import indexer
from kb import KnowledgeBase


@pytest.fixture(scope="session")
def kb_home(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("xuehui-home")
    indexer.build_index(home=home)
    return home


@pytest.fixture(scope="session")
def knowledge_base(kb_home) -> KnowledgeBase:
    return KnowledgeBase.open(home=kb_home)
