"""Splitting and escaping of replies for Telegram (HTML, characters) and WeCom (markdown, bytes)."""
from __future__ import annotations

import re
from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st

from bot._markup import (
    TELEGRAM_LIMIT,
    WECOM_MESSAGE_LIMIT,
    WECOM_STREAM_LIMIT,
    Block,
    _units,
    block_pieces,
    chars,
    escape_html,
    escape_markdown,
    json_bytes,
    reply_sections,
    split_sections,
    telegram_html,
    telegram_messages,
    utf8_bytes,
    utf16_units,
    wecom_markdown,
    wecom_pages,
)
from bot._messages import Choice, Citation, Reply

HOSTILE = "<script>alert(1)</script> & &amp; *粗体 _斜体 [链接](http://x) `代码 #标题 > 引用 | ~删除 \\ 结束"


class _TagChecker(HTMLParser):
    """Telegram's HTML rule: only known tags, every one closed in order; returns the visible text."""

    ALLOWED = {"b", "i", "blockquote", "code", "pre", "a", "u", "s"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):  # noqa: ANN001
        assert tag in self.ALLOWED, tag
        self.stack.append(tag)

    def handle_endtag(self, tag):  # noqa: ANN001
        assert self.stack and self.stack.pop() == tag, tag

    def handle_data(self, data):  # noqa: ANN001
        self.text.append(data)


def visible(html_text: str) -> str:
    p = _TagChecker()
    p.feed(html_text)
    p.close()
    assert not p.stack, p.stack
    return "".join(p.text)


def _answer(text: str, quotes: list[str], reading: str | None = None) -> Reply:
    cites = [Citation(n=i, doc="d", title="江苏省科协学会提升计划", clause=f"三、（一）{i}.", quote=q)
             for i, q in enumerate(quotes, 1)]
    return Reply("answer", text, citations=cites, reading=reading)


# ---- escaping ---------------------------------------------------------------------------------------

def test_html_escaping_neutralises_every_tag_and_entity():
    out = escape_html(HOSTILE)
    assert "<" not in out and ">" not in out
    assert visible(out) == HOSTILE


def test_markdown_escaping_puts_a_backslash_before_every_markup_character():
    out = escape_markdown("*a* _b_ [c] `d` #e <f> ~g| \\")
    assert out == r"\*a\* \_b\_ \[c\] \`d\` \#e \<f\> \~g\| \\"


def test_markdown_escaping_leaves_chinese_and_full_width_punctuation_alone():
    text = "三、（一）1．（2）申报单位须为省级学会。"
    assert escape_markdown(text) == text


@given(st.text(max_size=300))
def test_any_text_survives_telegram_html_unchanged(text):
    assert visible(telegram_html(Block(text, "quote"))) == text


# ---- sections ---------------------------------------------------------------------------------------

def test_sections_follow_the_reply_order_reading_text_citations_choices():
    r = Reply("question", "你们学会的等级？", citations=[Citation(1, "d", "T", "一、", "原文")],
              choices=[Choice("一类", "1"), Choice("不知道", "?")], reading="按上一问理解为：二类学会")
    secs = reply_sections(r)
    assert [b.style for s in secs for b in s] == ["reading", "plain", "title", "quote", "plain"]
    assert secs[-1][0].text == "1. 一类\n2. 不知道"
    assert len(reply_sections(r, choices_as_list=False)) == 3


def test_telegram_rendering_quotes_a_citation_in_a_blockquote_under_a_bold_title():
    [msg] = telegram_messages(_answer("答案[1]", ["<原文> & 引用"]))
    assert "<b>[1] 江苏省科协学会提升计划 三、（一）1.</b>\n<blockquote>&lt;原文&gt; &amp; 引用</blockquote>" in msg
    assert visible(msg).startswith("答案[1]")


def test_wecom_rendering_quotes_every_line_of_a_quote():
    [page] = wecom_pages([_answer("答案", ["第一行\n\n第三行"])])
    assert "> 第一行\n>\n> 第三行" in page
    assert "**\\[1\\] 江苏省科协学会提升计划 三、（一）1.**" in page


# ---- splitting --------------------------------------------------------------------------------------

def test_a_short_reply_is_one_message():
    assert len(telegram_messages(_answer("短答案", ["短引用"]))) == 1


def test_long_replies_break_between_citations_never_inside_one():
    quotes = [f"第{i}条：" + "学会应当按规定完成年度工作任务。" * 40 for i in range(12)]
    msgs = telegram_messages(_answer("答案", quotes))
    assert len(msgs) > 1
    for m in msgs:
        assert utf16_units(m) <= TELEGRAM_LIMIT
        # each citation title sits in the same message as its whole quote
        assert m.count("<blockquote>") == m.count("</blockquote>") == m.count("<b>[")
        visible(m)
    joined = "".join(visible(m) for m in msgs)
    for q in quotes:
        assert q in joined


def test_an_over_long_quote_is_cut_between_sentences_each_piece_in_its_own_blockquote():
    quote = "".join(f"第{i}句话说明一项要求。" for i in range(900))   # ~9,000 characters
    msgs = telegram_messages(_answer("答案", [quote]))
    assert len(msgs) >= 3
    for m in msgs:
        assert utf16_units(m) <= TELEGRAM_LIMIT
        visible(m)
        body = re.sub(r"<[^>]+>", "", m)
        # pieces end on a sentence end, never mid-sentence
        for part in re.findall(r"<blockquote>(.*?)</blockquote>", m, flags=re.S):
            assert part.endswith("。"), part[-20:]
        assert body
    assert "".join(re.findall(r"<blockquote>(.*?)</blockquote>", "".join(msgs), flags=re.S)) == quote


def test_text_without_any_break_is_cut_by_characters_as_a_last_resort():
    text = "字" * 12000
    msgs = telegram_messages(Reply("answer", text))
    assert [len(m) for m in msgs] == [4096, 4096, 3808]
    assert "".join(msgs) == text


def test_escaping_expansion_counts_against_the_limit_and_never_splits_an_entity():
    text = "<&>" * 3000                     # 9,000 characters, 27,000 once escaped
    msgs = telegram_messages(Reply("answer", text))
    for m in msgs:
        assert len(m) <= TELEGRAM_LIMIT
        assert visible(m)                  # an entity cut in half would leave a stray "&am"
    assert "".join(visible(m) for m in msgs) == text


def test_wecom_pages_are_measured_in_bytes_of_the_json_frame():
    text = "中" * 10000                     # 30,000 bytes of UTF-8
    pages = wecom_pages([Reply("answer", text)], WECOM_STREAM_LIMIT)
    assert len(pages) == 2
    assert all(json_bytes(p) <= WECOM_STREAM_LIMIT for p in pages)
    assert json_bytes("a\nb\"") == 6 and utf8_bytes("a\nb\"") == 4
    msgs = wecom_pages([Reply("answer", text)], WECOM_MESSAGE_LIMIT)
    assert all(utf8_bytes(p) <= WECOM_MESSAGE_LIMIT for p in msgs)
    assert "".join(msgs) == text


def test_wecom_pages_join_one_turns_replies_and_number_the_choices():
    first = Reply("notice", "开始资格核对。")
    ask = Reply("question", "学会上一年度综合能力评价等级？", choices=[Choice("A", "A"), Choice("不知道", "")])
    [page] = wecom_pages([first, ask])
    assert page == "开始资格核对。\n\n学会上一年度综合能力评价等级？\n\n1. A\n2. 不知道"


def test_units_break_after_lines_and_sentence_ends():
    assert _units("甲。乙！丙\n丁") == ["甲。", "乙！", "丙\n", "丁"]
    assert _units("“好。”他说") == ["“好。”", "他说"]


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=2000), st.integers(min_value=40, max_value=600),
       st.sampled_from(["plain", "reading", "title", "quote"]))
def test_pieces_always_fit_and_lose_nothing(text, limit, style):
    block = Block(text, style)
    for render, measure in ((telegram_html, chars), (wecom_markdown, utf8_bytes)):
        pieces = block_pieces(block, render, limit, measure)
        assert all(measure(render(p)) <= limit for p in pieces)
        got = "".join(p.text for p in pieces)
        # only line breaks at cut points and blank-only pieces may go
        assert re.sub(r"\s", "", got) == re.sub(r"\s", "", text)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=900), min_size=1, max_size=8))
def test_split_sections_pages_always_fit_and_keep_order(texts):
    sections = [(Block(t, "quote"),) for t in texts]
    pages = split_sections(sections, telegram_html, 500, chars)
    assert all(len(p) <= 500 for p in pages)
    flat = re.sub(r"\s", "", "".join(visible(p) for p in pages))
    assert flat == re.sub(r"\s", "", "".join(texts))
