"""Loader: bytes on disk → text, refusing what is not a readable text document."""
from __future__ import annotations

from pathlib import Path

from .errors import DocumentError

# Users bring files saved by Windows tools as often as UTF-8; GB18030 is a superset of GBK/GB2312.
_ENCODINGS = ("utf-8-sig", "gb18030")
SUPPORTED_SUFFIXES = (".txt", ".md", ".text")


def read_text(path: Path) -> str:
    """Return the text of `path`, decoded from UTF-8 or GB18030."""
    if not path.exists():
        raise DocumentError(f"文件不存在：{path}")
    if path.is_dir():
        raise DocumentError(f"这是一个目录，不是文件：{path}")
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        raise DocumentError(
            f"不支持的文件类型 {path.suffix or '(无后缀)'}：{path}；目前可索引的类型：{', '.join(SUPPORTED_SUFFIXES)}"
        )
    data = path.read_bytes()
    return decode(data, str(path))


def decode(data: bytes, name: str) -> str:
    """Decode document bytes, rejecting empty and binary content."""
    if not data.strip():
        raise DocumentError(f"文件是空的：{name}")
    if b"\x00" in data[:4096]:
        raise DocumentError(f"文件是二进制内容，不是文本：{name}")
    for enc in _ENCODINGS:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        return text.replace("\r\n", "\n").replace("\r", "\n")
    raise DocumentError(f"无法识别文件编码（支持 UTF-8、GB18030）：{name}")
