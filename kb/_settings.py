"""Knowledge-base settings, validated at construction. Defaults are the measured choices."""
from __future__ import annotations

from dataclasses import dataclass, field

from indexer import ConfigError

from ._retrieve import Fusion


@dataclass(frozen=True)
class KBSettings:
    """Retrieval and answering knobs (see bench/tune.py for how the defaults were chosen)."""

    fusion: Fusion = field(default_factory=Fusion)
    k_retrieved: int = 8
    # Chunks of a document the question does not name are down-weighted, not dropped: users
    # name years loosely, and a near-miss from another year is still worth showing.
    off_hint_factor: float = 0.6
    # … and by less when the question only uses a document's name ("工作指南"), which other
    # years' documents also use.
    off_name_factor: float = 0.85
    # Chunks of a document a newer one of the same kind and level replaces (the 2023 指南 once the
    # 2025 one is added), when the question does not name its year: the newest answers.
    superseded_factor: float = 0.5
    # A blank form's field labels echo many questions' words but answer none.
    form_factor: float = 0.7
    bm25_k1: float = 1.2
    bm25_b: float = 0.75
    # Below this share of the question's (IDF-weighted) words found in the best passage, the
    # knowledge base says it does not know.
    min_coverage: float = 0.25
    max_citations: int = 3

    def __post_init__(self) -> None:
        if not 1 <= self.k_retrieved <= 50:
            raise ConfigError(f"k_retrieved 须在 1–50 之间，收到 {self.k_retrieved}")
        if not 0 < self.off_hint_factor <= 1:
            raise ConfigError(f"off_hint_factor 须在 (0, 1] 之间，收到 {self.off_hint_factor}")
        if not 0 < self.off_name_factor <= 1:
            raise ConfigError(f"off_name_factor 须在 (0, 1] 之间，收到 {self.off_name_factor}")
        if not 0 < self.superseded_factor <= 1:
            raise ConfigError(f"superseded_factor 须在 (0, 1] 之间，收到 {self.superseded_factor}")
        if not 0 < self.form_factor <= 1:
            raise ConfigError(f"form_factor 须在 (0, 1] 之间，收到 {self.form_factor}")
        if not 0 <= self.min_coverage <= 1:
            raise ConfigError(f"min_coverage 须在 0–1 之间，收到 {self.min_coverage}")
        if not 1 <= self.max_citations <= 10:
            raise ConfigError(f"max_citations 须在 1–10 之间，收到 {self.max_citations}")
