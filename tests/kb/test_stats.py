"""Word weights and coverage, from built token lists."""
from kb._stats import CorpusStats

from ._built import ask, passage


def test_rare_words_weigh_more_and_unseen_words_weigh_like_a_typical_one():
    s = CorpusStats.from_tokens([["学会", "换届"], ["学会", "会员"], ["学会", "理事会"], ["学会"]])
    assert s.idf("换届") > s.idf("学会")
    assert s.idf("从没见过") == s.unseen_idf and s.idf("从没见过", unseen=0.0) == 0.0


def test_coverage_is_the_weighted_share_of_question_words_in_the_passage():
    s = CorpusStats(idf_table={"换届": 3.0, "筹备": 3.0}, unseen_idf=1.0)
    q = ask("换届筹备")
    assert s.coverage(q, passage("换届应提前筹备")) == 1.0
    assert 0.4 < s.coverage(q, passage("换届工作")) < 0.6
