"""Metadata a document states about itself: title, issuer, 文号, date, year, kind and level.

Read from the text as a reader would: the title is the heading block before the body starts,
the issuer the organisation named in the 文号 or at the signature, the date the signing date.
Anything read wrongly can be overridden in the library's catalogue file (see _library.py).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ._normalise import to_simplified

# 江苏省科学技术协会 / 盐城市科协 / 南京市科学技术协会办公室 / 中国科协
_ORG = re.compile(
    r"((?:中国|[\u4e00-\u9fff]{2,3}省|[\u4e00-\u9fff]{2,4}市|[\u4e00-\u9fff]{2,4}[县区])"
    r"(?:科学技术协会|科协)(?:办公室|办公厅)?)"
)
# 盐科协〔2018〕20号, 苏科协发〔2022〕45号, 苏科协函[2023]7号
_NUMBER = re.compile(r"([\u4e00-\u9fff]{1,8}[〔［\[【(（﹝]\s*(20\d\d|19\d\d)\s*[〕］\]】)）﹞]\s*\d{1,4}\s*号)")
_DATE = re.compile(r"((?:19|20)\d\d)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_DATE_ISO = re.compile(r"\b((?:19|20)\d\d)[-./](\d{1,2})[-./](\d{1,2})\b")
_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")
# The kind a document is, from its title; the enclosed document (《…实施方案》) decides a 印发 notice.
KIND_WORDS: tuple[tuple[str, str], ...] = (
    ("考核办法", r"考核(?:实施)?办法|考核细则|评价办法"),
    ("实施方案", r"实施方案|工作方案"),
    ("指南", r"工作指南|项目指南|申报指南|指南"),
    ("通知", r"通知|通告|公告"),
)
# Abbreviated provinces and cities as 文号 prefixes write them: 苏科协 → 江苏省, 盐科协 → 盐城市.
_NUMBER_PREFIX = {"苏": "江苏省", "宁": "南京市", "锡": "无锡市", "徐": "徐州市", "常": "常州市", "苏州": "苏州市",
                  "通": "南通市", "连": "连云港市", "淮": "淮安市", "盐": "盐城市", "扬": "扬州市", "镇": "镇江市",
                  "泰": "泰州市", "宿": "宿迁市"}


_BRACKETS = str.maketrans({"﹝": "〔", "﹞": "〕", "[": "〔", "]": "〕", "【": "〔", "】": "〕", "［": "〔", "］": "〕"})


@dataclass(frozen=True)
class Metadata:
    title: str
    issuer: str
    number: str  # 文号
    date: str  # YYYY-MM-DD, or YYYY when only a year is stated
    year: int | None
    kind: str
    level: str  # 省 | 市 | 县 | 国家 | ""
    region: str  # 江苏省 / 盐城市 …


def _clean(line: str) -> str:
    line = re.sub(r"^\s{0,3}#{1,6}\s+", "", line)
    line = re.sub(r"(\*\*|__)(.+?)\1", r"\2", line)
    return line.strip().strip("#").strip()


_BODY_START = re.compile(r"^(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}[.．、]|第[一二三四五六七八九十]+条)")
_SALUTATION = re.compile(r"[:：]\s*$")
_KIND_ANY = re.compile("|".join(p for _, p in KIND_WORDS) + r"|意见|要点|规定|规则|细则|办法|方案|计划|决定")
_ATTACHMENT = re.compile(r"^附\s*件\s*\d*\s*[:：]?$")


def _skip_line(line: str) -> bool:
    """Lines above a title that are not part of it: 附件1, a red header (…文件), a 文号, an issuer."""
    return bool(
        _ATTACHMENT.match(line) or re.fullmatch(r".{2,20}文件", line) or _NUMBER.fullmatch(line)
        or _ORG.fullmatch(line) or _DATE.fullmatch(line) or re.fullmatch(r"[-—=*_\s]+", line)
    )


def _balanced(s: str) -> bool:
    return s.count("《") <= s.count("》") and s.count("（") <= s.count("）")


def read_title(text: str, fallback: str) -> str:
    """The title block: the first lines before the body (a salutation, a numbered clause, a long
    sentence), joined — a long title wraps over two lines, sometimes with a blank line between.
    A document that opens with a salutation takes the first short line naming a document kind."""
    lines = [_clean(raw) if not raw.startswith("\t") else "\t" for raw in text.split("\n")[:60]]
    parts: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if not line:
            continue
        if not parts and _skip_line(line):
            continue
        if line == "\t" or _BODY_START.match(line) or _SALUTATION.search(line) or len(line) > 60 or _skip_line(line):
            break
        if parts and re.search(r"[。；]$", line):
            break
        parts.append(line)
        joined = "".join(parts)
        nxt = next((ln for ln in lines[i:] if ln), "")
        if not _balanced(joined) or (not _KIND_ANY.search(joined) and nxt and _KIND_ANY.search(nxt)
                                     and len(nxt) <= 40 and not _SALUTATION.search(nxt)):
            continue
        break
    title = "".join(parts)
    if not title or not _KIND_ANY.search(title):
        for line in lines:
            if line and line != "\t" and len(line) <= 60 and _KIND_ANY.search(line) and not _SALUTATION.search(line) \
                    and not re.search(r"[。，,；]", line) and not _BODY_START.match(line):
                title = title if title and _KIND_ANY.search(title) else line
                break
    return title[:120] if title else fallback


def read_kind(title: str) -> str:
    inner = re.findall(r"《([^》]+)》", title)
    for source in inner + [title]:
        for kind, pattern in KIND_WORDS:
            if re.search(pattern, source):
                return kind
    return "其他"


def _region_of(org: str) -> tuple[str, str]:
    if org.startswith("中国"):
        return "国家", "全国"
    m = re.match(r"([\u4e00-\u9fff]{2,3}省)", org)
    if m:
        return "省", m.group(1)
    m = re.match(r"([\u4e00-\u9fff]{2,4}市)", org)
    if m:
        return "市", m.group(1)
    m = re.match(r"([\u4e00-\u9fff]{2,4}[县区])", org)
    if m:
        return "县", m.group(1)
    return "", ""


def read_metadata(text: str, fallback_title: str) -> Metadata:
    """Everything the document says about itself; fields it does not state stay empty."""
    text = to_simplified(text)
    title = read_title(text, fallback_title)
    head, tail = text[:3000], text[-1500:]
    number_m = _NUMBER.search(title) or _NUMBER.search(head) or _NUMBER.search(tail)
    # 文号 brackets as the standard writes them (﹝﹞, [], 【】 in copies → 〔〕).
    number = re.sub(r"\s+", "", number_m.group(1)).translate(_BRACKETS) if number_m else ""
    # The issuer: named in the title ("盐城市科协关于…"), else at the signature, else anywhere early.
    # The issuer: a line that is only an organisation (red header, signature), else the title's.
    own_lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    head_lines, tail_lines = own_lines[:30], own_lines[-30:]
    orgs = [m.group(1) for ln in head_lines if (m := _ORG.fullmatch(re.sub(r"文件$", "", ln)))]
    orgs += [m.group(1) for ln in reversed(tail_lines) if (m := _ORG.fullmatch(re.sub(r"\s*\d{4}年.*$", "", ln)))]
    orgs += _ORG.findall(title)
    issuer = orgs[0] if orgs else ""
    issuer = re.sub(r"(办公室|办公厅)$", "", issuer)
    issuer = issuer.replace("科协", "科学技术协会") if issuer.endswith("科协") else issuer
    level, region = _region_of(issuer)
    if not level and number:
        prefix = number[:2] if number[:2] in _NUMBER_PREFIX else number[:1]
        if prefix in _NUMBER_PREFIX:
            region = _NUMBER_PREFIX[prefix]
            level = "省" if region.endswith("省") else "市"
    # The signing date stands on a line of its own, under the issuer: first such near the top
    # (a notice that encloses its document), else the last near the end.
    own_dates = [m for ln in head_lines if (m := _DATE.fullmatch(ln))] or \
        [m for ln in reversed(tail_lines) if (m := _DATE.fullmatch(ln))]
    dates = own_dates or list(_DATE.finditer(tail)) or list(_DATE.finditer(head))
    date = ""
    if dates:
        y, mo, d = dates[0].groups() if own_dates else dates[-1].groups()
        date = f"{y}-{int(mo):02d}-{int(d):02d}"
    else:
        iso = _DATE_ISO.search(head)
        if iso:
            date = f"{iso.group(1)}-{int(iso.group(2)):02d}-{int(iso.group(3)):02d}"
    # The year a document is for: its title's year ("2024年度…"), else its 文号's, else its date's.
    year_s = next(iter(_YEAR.findall(title)), "") or (number_m.group(2) if number_m else "") or date[:4]
    if not year_s:
        found = _YEAR.findall(head)
        year_s = found[0] if found else ""
    year = int(year_s) if year_s else None
    return Metadata(title=title, issuer=issuer, number=number, date=date or (str(year) if year else ""),
                    year=year, kind=read_kind(title), level=level, region=region)
