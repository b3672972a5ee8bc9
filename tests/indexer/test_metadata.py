"""What a document says about itself: title without markup, issuer, 文号, date, year, kind, level."""
from __future__ import annotations

import pytest

from indexer._metadata import read_kind, read_metadata, read_title

NOTICE = """盐城市科学技术协会文件
盐科协﹝2018﹞20号

盐城市科学技术协会
印发《关于进一步提升学会服务创新能力

推进学会改革发展实施方案》的通知
各县（市、区）科协，市级各学会：

现将《实施方案》印发给你们，请认真组织实施。

盐城市科学技术协会
2018年4月19日

一、总体要求
（一）指导思想。以提升服务能力为重点。
"""


def test_title_spans_its_wrapped_lines_and_skips_the_red_header():
    assert read_title(NOTICE, "x") == "印发《关于进一步提升学会服务创新能力推进学会改革发展实施方案》的通知"


def test_markdown_heading_marks_are_not_part_of_the_title():
    assert read_title("# 关于开展**学会评估**的通知\n\n一、对象", "x") == "关于开展学会评估的通知"


def test_notice_metadata_from_its_own_text():
    m = read_metadata(NOTICE, "x")
    assert m.issuer == "盐城市科学技术协会" and m.number == "盐科协〔2018〕20号"
    assert m.date == "2018-04-19" and m.year == 2018
    assert m.kind == "实施方案" and m.level == "市" and m.region == "盐城市"


def test_provincial_document_that_opens_with_a_salutation():
    text = ("各省级学会：\n《2024年度省科协所属学会高质量发展考核实施办法》已经研究通过，现印发你们。\n"
            "江苏省科学技术协会\n2024年3月14日\n2024年度省科协所属学会高质量发展考核实施办法\n一、考核对象\n")
    m = read_metadata(text, "x")
    assert m.title == "2024年度省科协所属学会高质量发展考核实施办法"
    assert (m.issuer, m.level, m.region, m.year, m.kind) == ("江苏省科学技术协会", "省", "江苏省", 2024, "考核办法")


def test_year_from_the_title_before_the_signing_date():
    m = read_metadata("2023年度学会工作指南\n一、总则\n江苏省科协\n2022年12月30日\n", "x")
    assert m.year == 2023 and m.date == "2022-12-30" and m.kind == "指南"


def test_level_from_the_document_number_when_no_issuer_is_named():
    m = read_metadata("关于开展评估的通知\n苏科协发〔2025〕7号\n一、对象\n", "x")
    assert (m.level, m.region, m.year) == ("省", "江苏省", 2025)


@pytest.mark.parametrize(
    "title, kind",
    [("关于印发《2025年度工作要点》的通知", "通知"), ("关于印发《学会评估实施方案》的通知", "实施方案"),
     ("2024年度学会考核实施办法", "考核办法"), ("2023年度工作指南", "指南"), ("学会章程", "其他")],
)
def test_kind_is_the_enclosed_document_s_kind(title, kind):
    assert read_kind(title) == kind


def test_a_document_without_a_title_block_falls_back_to_the_file_name():
    assert read_title("一、总则\n（一）目的。", "我的文件") == "我的文件"
