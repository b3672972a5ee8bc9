import re

import pytest
from corpus_fixtures import chunks, clean

from indexer import compact
from indexer._chunker import ChunkerSettings, _windows
from indexer.errors import ConfigError


def test_short_sibling_items_stay_in_one_chunk():
    c = next(ch for ch in chunks("2022") if ch.clause == "三、（一）1.（2）")
    for item in ("不低于B等", "不低于4A级", "一流平台学会建设的子项目", "达到一类"):
        assert item in c.text


def test_long_clause_splits_at_sentence_boundaries_without_losing_text():
    text = "（一）" + "这是一个完整的句子，讲一件事。" * 40
    wins = _windows(text, 200, 40)
    assert len(wins) > 1
    assert all(len(w) <= 200 for w in wins)
    assert all(w.endswith("。") for w in wins)
    assert "".join(wins) == text


def test_real_long_clause_windows_are_sentence_aligned():
    wins = [ch for ch in chunks("2018") if ch.clause == "二、（一）"]
    assert len(wins) >= 2
    assert all(w.kind == "window" and re.search(r"[。；]$", w.text.strip()) for w in wins)


def test_every_table_row_is_a_chunk_with_title_and_headers():
    row = next(ch for ch in chunks("2018") if ch.kind == "row" and "射阳县科协" in ch.text)
    assert row.text.startswith("市科协2018年服务创新发展重点任务分解表（涉县部分）｜")
    assert "孵化落地项目：1" in row.text
    assert row.clause == "附件1 市科协2018年服务创新发展重点任务分解表（涉县部分） 射阳县科协"


def test_clause_chunks_quote_the_document_verbatim():
    for year in ("2022", "2023", "2024", "2018"):
        doc = compact(clean(year))
        for ch in chunks(year):
            if ch.kind != "row":
                assert compact(ch.text) in doc, (year, ch.clause)


def test_blank_form_is_marked_as_form():
    kinds = {ch.clause: ch.kind for ch in chunks("2018")}
    assert kinds["附件3"] == "form"


@pytest.mark.parametrize("bad", [10, 100000])
def test_chunker_settings_are_validated(bad):
    with pytest.raises(ConfigError, match="max_chars"):
        ChunkerSettings(max_chars=bad)


def test_row_chunks_are_cited_as_the_look_up_addresses_them():
    from corpus_fixtures import clauses

    rows = [ch for ch in chunks("2022") if ch.kind == "row"]
    parts = clauses("2022")
    assert rows and all(ch.clause in parts and parts[ch.clause].full_text() == ch.text for ch in rows)
    assert "二、（一） 2022年度“提升计划”项目设置 品牌学术交流" in {ch.clause for ch in rows}
    assert len({ch.clause for ch in rows}) == len(rows)  # every row its own name
