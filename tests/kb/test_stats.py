"""Word weights and coverage, from built token lists."""
from dataclasses import replace

import pytest

from indexer import DocumentInfo
from kb._query import analyse
from kb._stats import CorpusStats, words_of

from ._built import ASKS_ONLY_BY_NAME, TISHENG, ask, passage, stats


def test_rare_words_weigh_more_and_unseen_words_weigh_like_a_typical_one():
    s = CorpusStats.from_tokens([["学会", "换届"], ["学会", "会员"], ["学会", "理事会"], ["学会"]])
    assert s.idf("换届") > s.idf("学会")
    assert s.idf("从没见过") == s.unseen_idf and s.idf("从没见过", unseen=0.0) == 0.0


def test_coverage_is_the_weighted_share_of_question_words_in_the_passage():
    s = CorpusStats(idf_table={"换届": 3.0, "筹备": 3.0}, unseen_idf=1.0)
    q = ask("换届筹备")
    assert s.coverage(q, passage("换届应提前筹备")) == 1.0
    assert 0.4 < s.coverage(q, passage("换届工作")) < 0.6


# -- the user's own phrasing counts once ----------------------------------------------------------

def test_overlapping_pieces_reduce_to_the_longest_word():
    assert words_of(["报上", "上去", "报上去", "材料"]) == ["报上去", "材料"]


@pytest.mark.parametrize("q", ["材料怎么报上去", "表格怎么递上去", "材料要交上去吗"])
def test_a_word_the_corpus_never_uses_counts_once_not_once_per_overlapping_piece(q):
    # "报上去" is cut into 报上/上去/报上去, all unseen: counted three times it would weigh three
    # times 材料 and sink a passage that holds what is asked (coverage 0.25 instead of 0.5).
    s = CorpusStats(idf_table={"材料": 3.0, "表格": 3.0}, unseen_idf=3.0)
    assert s.coverage(ask(q), passage("材料、表格须按时报送。")) == 0.5


def test_known_words_count_each_even_when_one_holds_another():
    # 考核, 办法 and 考核办法 are all the corpus's words: each keeps its own weight, as before.
    s = CorpusStats(idf_table={"考核": 1.0, "核办": 1.0, "办法": 1.0, "考核办法": 2.0}, unseen_idf=3.0)
    assert s.coverage(ask("考核办法"), passage("年度考核按期进行。")) == 0.2


# -- a document's nickname is covered text -----------------------------------------------------------

NICKNAMED = DocumentInfo(id="p2023", title="省级学会综合能力评价实施细则", issuer="江苏省科学技术协会", date="2023",
                         year=2023, kind="细则", region="江苏省", aliases=("考核办法",))
PLAIN = DocumentInfo(id="p2024", title="省级学会综合能力评价实施细则", issuer="江苏省科学技术协会", date="2024",
                     year=2024, kind="细则", region="江苏省")


@pytest.mark.parametrize("q", ["考核办法里会员发展有什么要求", "考核办法对会员发展的要求", "会员发展要求在考核办法里是怎么写的"])
def test_the_documents_nickname_in_the_question_counts_as_covered(q):
    # Users call the 实施细则 "考核办法"; neither its passages nor its title say so. Without the
    # nickname only 会员/发展/要求 (3 of 7 equal weights) would be covered.
    table = {t: 1.0 for t in ["考核", "核办", "办法", "考核办法", "会员", "发展", "要求"]}
    s = CorpusStats(idf_table=table, unseen_idf=1.0, docs=(NICKNAMED, PLAIN))
    text = "会员发展要求：会员数量稳步增长。"
    assert s.coverage(ask(q), passage(text, doc=NICKNAMED)) == 1.0
    assert s.coverage(ask(q), passage(text, doc=PLAIN)) == 3 / 7


# -- a story before the question is judged by its asking clause too ---------------------------------

STORY_FIRST = [
    "我们学会是去年刚成立的，会员300多人，想问问一流平台学会对评估等级有什么要求",
    "我会秘书处只有两个人，经费也紧张，一流平台学会对评估等级有什么要求",
    "去年我们换届了，理事也调整了，请问一流平台学会的评估等级要求是什么",
]
PLATFORM = {"一流": 2.5, "平台": 3.0, "评估": 3.0, "等级": 3.0, "要求": 1.0}


@pytest.mark.parametrize("q", STORY_FIRST)
def test_a_story_before_the_question_does_not_sink_coverage(q):
    # The story's words (成立, 会员, 秘书处, 换届 …) are in no passage about the asked rule: the
    # share over the whole question falls below a bar the asking clause's share clears.
    s = CorpusStats(idf_table=PLATFORM, unseen_idf=3.0, min_coverage=0.6)
    a = ask(q)
    p = passage("申报一流平台学会，上一年度评估等级不低于A等。")
    whole = s.coverage(replace(a, asking_tokens=[]), p)
    assert whole < s.min_coverage <= s.coverage(a, p)
    assert s.coverage(a, p) == s.coverage(replace(a, tokens=a.asking_tokens), p)


@pytest.mark.parametrize("q", STORY_FIRST)
def test_the_asking_clause_cannot_lower_coverage(q):
    # Coverage is the better of the two shares: a passage about the story keeps its whole-question
    # share though it holds none of the asking clause's distinctive words.
    s = CorpusStats(idf_table=PLATFORM, unseen_idf=3.0)
    a = ask(q)
    p = passage(q.split("，")[0] + "。" + q.split("，")[1] + "。")
    whole = s.coverage(replace(a, asking_tokens=[]), p)
    assert s.coverage(replace(a, tokens=a.asking_tokens), p) < whole == s.coverage(a, p)


@pytest.mark.parametrize("q", ASKS_ONLY_BY_NAME)
def test_an_asking_clause_that_only_names_the_document_adds_no_coverage(q):
    # Every passage of 提升计划 covers its name (the document's names are covered text): were
    # 提升/计划 the asking clause's words, any passage of it would pass as about the question.
    s = CorpusStats(idf_table={"学会": 0.2, "会员": 1.0}, unseen_idf=3.0, docs=(TISHENG,))
    a = analyse(q, [TISHENG])
    off_topic = passage("服务站建设要规范，资助3000元。", doc=TISHENG)
    assert s.coverage(a, off_topic) == s.coverage(replace(a, asking_tokens=[]), off_topic)


def test_the_year_the_asker_speaks_from_does_not_dilute_coverage():
    s = stats({"今年": 5.0, "明年": 5.0})
    p = passage("升类后按新的类别参加考核。")
    assert s.coverage(ask("今年升类以后明年按什么类别"), p) == pytest.approx(s.coverage(ask("升类以后按什么类别"), p))
