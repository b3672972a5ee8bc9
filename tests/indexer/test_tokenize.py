"""The tokeniser's dictionary: the terms documents bring (built values, no corpus, no model)."""
import pytest

from indexer import document_terms, tokenize
from indexer._tokenize import TERM_FREQ, _base, corpus_terms, segment


@pytest.mark.parametrize("text,term", [
    ("开展“问道科学沙龙”活动。", "问道科学沙龙"),
    ("参照《学会建设规范》执行。", "学会建设规范"),
    ("设立「会员之家」。", "会员之家"),
])
def test_a_quoted_name_is_a_term(text, term):
    assert corpus_terms([text]) == [term]


def test_only_quoted_text_counts_not_the_prose_around_it():
    assert corpus_terms(["各学会要加强组织领导，落实工作责任。"]) == []


@pytest.mark.parametrize("heading,term", [
    ("三、项目类别", "项目类别"), ("（一）项目内容", "项目内容"), ("4．相关要求", "相关要求"),
    ("(2)申报方式", "申报方式"), ("1）保障措施", "保障措施"), ("第三条 总体要求", "总体要求"),
    ("附件1 任务分解表", "任务分解表"),
])
def test_a_headings_number_label_is_not_part_of_the_term(heading, term):
    assert corpus_terms([], [heading]) == [term]


def test_a_heading_with_sentence_punctuation_is_prose_not_a_term():
    assert corpus_terms([], ["资助扶持基础相对薄弱，自我发展能力不够"]) == []
    assert corpus_terms([], ["加强组织领导、落实经费保障，确保工作取得实效"]) == []  # not even its first part


def test_a_heading_listing_names_gives_each_name():
    assert corpus_terms([], ["项目类别、资格条件"]) == ["资格条件", "项目类别"]


@pytest.mark.parametrize("name", ["2022年度项目", "序号", "学会", "10", "abc项目", "学会服务科技创新能力提升计划项目"])
def test_digits_latin_two_characters_and_long_phrases_are_not_terms(name):
    assert corpus_terms([f"“{name}”"], [name]) == []


def test_terms_are_in_matching_form_sorted_and_once():
    assert corpus_terms(["《爭先進位》与“争先进位”"], ["服務平台", "服务平台"]) == ["争先进位", "服务平台"]


def test_a_brought_term_is_cut_whole_only_where_it_is_brought():
    assert "问道科学沙龙" in tokenize("举办问道科学沙龙", ["问道科学沙龙"])
    assert "问道科学沙龙" not in tokenize("举办问道科学沙龙")  # the shared base is never changed
    assert segment("举办问道科学沙龙", ["问道科学沙龙"]) == ["举办", "问道科学沙龙"]


def test_search_mode_still_gives_a_brought_terms_parts():
    toks = tokenize("问道科学沙龙", ["问道科学沙龙"])
    assert {"问道", "科学", "沙龙"} <= set(toks)


def test_a_brought_term_never_lowers_a_word_jieba_already_weighs_higher():
    from indexer._tokenize import _with_terms

    word = max(("中国", "学会", "科学"), key=lambda w: _base().FREQ.get(w, 0))
    assert _base().FREQ[word] > TERM_FREQ
    assert _with_terms((word,)).FREQ[word] == _base().FREQ[word]


def test_the_hand_list_holds_only_words_jieba_does_not_know():
    """Each hand entry earns its place by being a general term jieba would cut apart."""
    import jieba

    from indexer._tokenize import _DICT

    plain = jieba.Tokenizer()
    plain.initialize()
    words = [line.split()[0] for line in _DICT.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert words and not [w for w in words if plain.FREQ.get(w)]


def test_a_document_brings_quoted_names_headings_and_table_headers_not_row_cells():
    chunks = [
        {"text": "开展“问道科学沙龙”。", "headings": ["二、项目类别"], "fields": []},
        {"text": "表｜子项目：会员之家建设", "headings": [], "fields": [["子项目", "会员之家建设"], ["项目数量", "10"]]},
    ]
    assert document_terms(chunks) == sorted(["问道科学沙龙", "子项目", "项目数量", "项目类别"])


def test_adding_terms_never_writes_to_the_shared_base_table():
    from indexer._tokenize import _with_terms

    before = (len(_base().FREQ), _base().total)
    _with_terms(("测试专用新词甲乙",))
    assert (len(_base().FREQ), _base().total) == before and "测试专用新词甲乙" not in _base().FREQ
