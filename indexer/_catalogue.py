"""Catalogue: which documents the product ships with, and what each is."""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from ._loader import read_text
from ._normalise import clean_original, for_matching
from .errors import DocumentError

KINDS = ("指南", "通知", "实施方案", "考核办法", "其他")


@dataclass(frozen=True)
class DocumentInfo:
    """A document's identity and provenance, as a reviewer would cite it."""

    id: str
    title: str
    issuer: str
    date: str
    year: int | None
    kind: str
    region: str = ""
    aliases: tuple[str, ...] = field(default_factory=tuple)
    file: str = ""

    def to_dict(self) -> dict:
        d = asdict(self)
        d["aliases"] = list(self.aliases)
        return d

    @classmethod
    def from_dict(cls, d: dict) -> DocumentInfo:
        d = dict(d)
        d["aliases"] = tuple(d.get("aliases") or ())
        return cls(**d)


def bundled_corpus_dir() -> Path:
    """Where the shipped corpus lives inside the installed package."""
    return Path(__file__).resolve().parent / "corpus"


@lru_cache(maxsize=1)
def load_catalogue() -> tuple[DocumentInfo, ...]:
    """The bundled documents, in catalogue order."""
    raw = yaml.safe_load((bundled_corpus_dir() / "catalogue.yaml").read_text(encoding="utf-8"))
    return tuple(DocumentInfo.from_dict(d) for d in raw["documents"])


def bundled_document(doc_id: str) -> DocumentInfo:
    for d in load_catalogue():
        if d.id == doc_id:
            return d
    raise DocumentError(f"没有编号为 {doc_id} 的内置文档；可选：{', '.join(d.id for d in load_catalogue())}")


def document_text(doc_id: str) -> str:
    """A bundled document's quotable text (pinyin glosses and web footer removed)."""
    info = bundled_document(doc_id)
    return clean_original(read_text(bundled_corpus_dir() / info.file))


def matching_text(doc_id: str) -> str:
    """A bundled document's text in simplified characters, for checking quotes against it."""
    return for_matching(document_text(doc_id))


_YEAR = re.compile(r"(20\d\d)\s*年")


def infer_info(path: Path, text: str) -> DocumentInfo:
    """Catalogue entry for a user's own document: title from its first line, year from its text."""
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    title = lines[0][:60] if lines else path.stem
    years = [int(y) for y in _YEAR.findall(title + "\n" + text[:2000])]
    kind = next((k for k in KINDS if k in title), "其他")
    slug = re.sub(r"[^0-9A-Za-z\u4e00-\u9fff]+", "-", path.stem).strip("-") or "doc"
    return DocumentInfo(
        id=f"user-{slug}",
        title=title,
        issuer="",
        date=str(years[0]) if years else "",
        year=years[0] if years else None,
        kind=kind,
        file=str(path),
    )
