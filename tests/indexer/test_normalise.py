import re

from corpus_fixtures import clean, raw

import indexer
from indexer._loader import read_text
from indexer._normalise import clean_original, drop_footer, for_matching, mark_lost_characters, strip_glosses
from indexer.errors import DocumentError


def test_pinyin_glosses_after_characters_are_removed():
    assert "學(xué)" in raw("2024")
    text = clean("2024")
    assert "(xué)" not in text and "(huì)" not in text
    assert "各省級學會(協會、研究會、促進會)" in text


def test_gloss_on_a_garbled_character_is_removed_only_when_it_carries_a_tone():
    assert strip_glosses("績?(yōu)閷W(xué)會") == "績?閷W會"
    assert strip_glosses("APP(abc)") == "APP(abc)"


def test_real_parentheses_survive_gloss_removal():
    text = clean("2024")
    for kept in ("(一)編制工作指南", "創新部分為附加分(20分)", "年度工作指南(附件1)"):
        assert kept in text


def test_web_footer_is_dropped_from_the_real_page():
    text = clean("2024")
    for gone in ("上一篇", "下一篇", "免責聲明", "珠海", "TOP"):
        assert gone not in text
    assert text.rstrip().endswith("專家療養等工作。")


def test_footer_words_in_the_first_half_do_not_cut_the_document():
    body = "上一篇:不是页脚\n" + "正文内容。\n" * 50
    assert drop_footer(body) == body


def test_traditional_is_simplified_for_matching_but_kept_for_quoting():
    text = clean("2024")
    assert "前位30%、中位40%、后位30%" in text
    assert "建立升降機制" in text
    assert "建立升降机制" in for_matching(text)
    assert "（二）" in for_matching("(二)")


def test_padding_inside_a_label_is_not_a_word_break_for_matching():
    assert for_matching("合  计") == "合计"


def test_gb18030_document_is_read(tmp_path):
    p = tmp_path / "gb.txt"
    p.write_bytes(raw("2022").encode("gb18030"))
    assert read_text(p) == raw("2022")


def test_empty_and_binary_files_are_refused(tmp_path):
    import pytest

    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    binary = tmp_path / "bin.txt"
    binary.write_bytes(b"\x89PNG\x00\x00\x01")
    with pytest.raises(DocumentError, match="空"):
        read_text(empty)
    with pytest.raises(DocumentError, match="二进制"):
        read_text(binary)
    with pytest.raises(DocumentError, match="不存在"):
        read_text(tmp_path / "missing.txt")


def test_public_matching_text_is_clean_simplified():
    text = indexer.matching_text("2024-kaohe-banfa")
    assert "学会网信息报送考核" in text and "(xué)" not in text
    assert clean_original(raw("2024")) == indexer.document_text("2024-kaohe-banfa")


def test_a_gloss_whose_bracket_was_lost_with_a_garbled_character_is_removed():
    assert strip_glosses("日?;顒?dòng)開展情況") == "日?;顒開展情況"
    assert strip_glosses("成績?yōu)閷W會") == "成績閷W會"
    assert strip_glosses("活動dòng)開展") == "活動開展"


def test_text_that_only_looks_like_a_lost_gloss_stays():
    for kept in ("是否?(见附件)", "版本v2)", "APP?abc)", "第(1)项", "英文 words)"):
        assert strip_glosses(kept) == kept


def test_real_web_page_quotes_carry_no_gloss_debris():
    text = clean("2024")
    assert "dòng)" not in text and "yōu)" not in text
    assert not re.search(r"[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]+\)", text.replace("(20分)", ""))


def test_a_character_lost_to_a_question_mark_is_marked_not_read_as_a_question():
    assert mark_lost_characters("日?;顒開展情況") == "日□;顒開展情況"
    assert mark_lost_characters("累計成績?為學會") == "累計成績□為學會"


def test_real_question_marks_stay():
    for kept in ("能报吗?", "能报吗? 可以", "what?", "是否?\n下一行", "(?)"):
        assert mark_lost_characters(kept) == kept


def test_the_real_web_page_shows_its_lost_character_marked():
    text = clean("2024")
    assert "日□;顒開展情況" in text and "?" not in text
