"""A newer document of the same kind and level replaces an older one: questions without a year are
answered from the newest, a named year restricts to it, and an older citation says a newer one exists."""
from __future__ import annotations

import shutil
from dataclasses import replace

import numpy as np
import pytest

import indexer
from indexer import ConfigError, DocumentInfo
from kb import KnowledgeBase
from kb._answer import compose
from kb._query import analyse
from kb._settings import KBSettings
from kb._stats import CorpusStats
from kb._types import Passage
from kb._years import down_weighted, newer_notes, newest_of_series, year_weights

OLD = DocumentInfo(id="g2023", title="江苏省科协所属学会2023年度工作指南", issuer="江苏省科学技术协会", date="2023",
                   year=2023, kind="指南", region="江苏省")
NEW = replace(OLD, id="g2025", title="江苏省科协所属学会2025年度工作指南", date="2025", year=2025)
CITY = DocumentInfo(id="c2024", title="盐城市学会工作指南", issuer="盐城市科学技术协会", date="2024", year=2024,
                    kind="指南", region="盐城市")
PLAN = DocumentInfo(id="p2024", title="2024年度考核办法", issuer="江苏省科学技术协会", date="2024", year=2024,
                    kind="考核办法", region="江苏省")
DOCS = [OLD, NEW, CITY, PLAN]


def _passage(d: DocumentInfo, text: str = "监事会每半年至少进行1次专项监督检查。") -> Passage:
    return Passage(doc=d.id, title=d.title, year=d.year, clause="一、1．（3）", text=text, score=0.9)


def test_an_older_document_of_the_same_kind_and_level_is_superseded_by_the_newest():
    assert {k: v.id for k, v in newest_of_series(DOCS).items()} == {"g2023": "g2025"}


def test_another_city_another_kind_or_no_year_supersedes_nothing():
    undated = replace(NEW, year=None)
    assert newest_of_series([OLD, CITY, PLAN]) == {}
    assert newest_of_series([OLD, undated]) == {}
    assert newest_of_series([OLD, replace(NEW, kind="")]) == {}


def test_a_question_without_a_year_down_weights_the_superseded_document():
    q = analyse("监事会多久做一次专项监督检查", DOCS)
    superseded = newest_of_series(DOCS)
    assert down_weighted(q, superseded) == {"g2023"}
    weights = year_weights(np.array(["g2023", "g2025", "c2024", "g2023"]), q, superseded, 0.5)
    assert weights.tolist() == [0.5, 1.0, 1.0, 0.5]


def test_a_question_naming_the_older_year_keeps_its_document_whole():
    q = analyse("2023年工作指南里监事会多久做一次专项监督检查", DOCS)
    assert q.doc_hints == {"g2023"}
    weights = year_weights(np.array(["g2023", "g2025"]), q, newest_of_series(DOCS), 0.5)
    assert weights.tolist() == [1.0, 1.0]


def test_naming_a_city_without_a_year_still_means_its_newest_document():
    city_new = replace(CITY, id="c2026", title="盐城市学会工作指南（2026年修订）", year=2026)
    docs = [*DOCS, city_new]
    q = analyse("盐城的学会工作指南对理事会会议有什么要求", docs)
    assert {"c2024", "c2026"} <= q.doc_hints
    assert down_weighted(q, newest_of_series(docs)) == {"g2023", "c2024"}


def test_superseded_factor_is_validated():
    with pytest.raises(ConfigError, match="superseded_factor"):
        KBSettings(superseded_factor=0)
    assert KBSettings().superseded_factor < 1


def test_an_older_citation_says_which_newer_document_replaces_it():
    notes = newer_notes([_passage(OLD), _passage(OLD, "另一句。")], newest_of_series(DOCS))
    assert notes == ["（注意：已有更新的同类文件《江苏省科协所属学会2025年度工作指南》（2025年））"]
    assert newer_notes([_passage(NEW), _passage(CITY)], newest_of_series(DOCS)) == []


def test_the_composed_answer_carries_the_newer_document_note():
    stats = CorpusStats(idf_table={}, unseen_idf=3.0, docs=tuple(DOCS))
    q = analyse("2023年监事会多久做一次专项监督检查", DOCS)
    old = compose(q, [_passage(OLD)], stats)
    assert not old.abstained and "已有更新的同类文件《江苏省科协所属学会2025年度工作指南》（2025年）" in old.answer
    new = compose(analyse("监事会多久做一次专项监督检查", DOCS), [_passage(NEW)], stats)
    assert not new.abstained and "已有更新" not in new.answer


# -- end to end: a 2025 指南 added beside the bundled 2023 one ------------------------------------

GUIDE_2025 = """# 江苏省科协所属学会2025年度工作指南

一、基础部分

1．依法按章办会

（1）建立健全并严格落实各项规章制度。

（2）监事会每季度至少对学会财务运行管理等具体情况进行2次专项监督检查并形成报告。

二、能力提升

1．学术交流

（1）全年举办学术交流活动不少于8场。

江苏省科学技术协会

2025年2月10日
"""


@pytest.fixture(scope="module")
def with_2025(kb_home, tmp_path_factory):
    home = tmp_path_factory.mktemp("years") / "home"
    shutil.copytree(kb_home, home, symlinks=True)
    src = home.parent / "2025工作指南.md"
    src.write_text(GUIDE_2025, encoding="utf-8")
    [r] = indexer.add_documents([src], home=home)
    assert r.status == "added", r.line()
    return KnowledgeBase.open(home=home), r.doc


def test_added_2025_guide_is_the_same_series_as_the_bundled_2023_one(with_2025):
    base, new_id = with_2025
    assert newest_of_series(base.docs)["2023-gongzuo-zhinan"].id == new_id


def test_question_without_a_year_is_answered_from_2025_and_says_the_year(with_2025):
    base, new_id = with_2025
    a = base.ask("监事会对学会财务运行管理进行专项监督检查的频次是多少")
    assert not a.abstained and [c.doc for c in a.citations] == [new_id], a.answer  # the 2023 rule is not quoted
    assert "2025" in a.answer and "2次" in a.answer


def test_question_naming_2023_cites_2023_and_points_to_the_newer_guide(with_2025):
    base, _ = with_2025
    a = base.ask("2023年监事会对学会财务运行管理进行专项监督检查的频次是多少")
    assert not a.abstained and a.citations[0].doc == "2023-gongzuo-zhinan", a.answer
    assert "每半年" in a.answer
    assert "已有更新的同类文件《江苏省科协所属学会2025年度工作指南》（2025年）" in a.answer
