"""Catalogue: which documents the product ships with, and what each is."""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, fields
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
    level: str = ""  # 国家 | 省 | 市 | 县
    number: str = ""  # 文号, e.g. 盐科协〔2018〕20号

    def to_dict(self) -> dict:
        d = asdict(self)
        d["aliases"] = list(self.aliases)
        return d

    @classmethod
    def from_dict(cls, d: dict) -> DocumentInfo:
        """From a catalogue entry or a manifest record; keys that are not fields (sha256, chunks,
        added …) are library bookkeeping and are ignored."""
        names = {f.name for f in fields(cls)}
        d = {k: v for k, v in d.items() if k in names}
        d["aliases"] = tuple(d.get("aliases") or ())
        return cls(**d)


def bundled_corpus_dir() -> Path:
    """Where the shipped corpus lives inside the installed package."""
    return Path(__file__).resolve().parent / "corpus"


@lru_cache(maxsize=1)
def load_catalogue() -> tuple[DocumentInfo, ...]:
    """The bundled documents, in catalogue order."""
    raw = yaml.safe_load((bundled_corpus_dir() / "catalogue.yaml").read_text(encoding="utf-8"))
    out = []
    for d in raw["documents"]:
        info = DocumentInfo.from_dict(d)
        if not info.level:
            info = DocumentInfo.from_dict({**info.to_dict(), "level": _level_of(info.region)})
        out.append(info)
    return tuple(out)


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


_LEVEL = {"省": "省", "市": "市", "县": "县", "区": "县"}


def _level_of(region: str) -> str:
    return _LEVEL.get(region[-1:], "") if region else ""


def infer_info(path: Path, text: str, doc_id: str = "") -> DocumentInfo:
    """Catalogue entry for a user's own document, from what the document states about itself."""
    from ._metadata import read_metadata

    meta = read_metadata(text, path.stem)
    slug = re.sub(r"[^0-9A-Za-z\u4e00-\u9fff]+", "-", path.stem).strip("-") or "doc"
    return DocumentInfo(
        id=doc_id or f"user-{slug}",
        title=meta.title,
        issuer=meta.issuer,
        date=meta.date,
        year=meta.year,
        kind=meta.kind,
        region=meta.region,
        file=str(path),
        level=meta.level,
        number=meta.number,
    )
