"""The judge on built questions and passages: answerability, scope and which passage decides."""
from kb._judge import answers, choose, companions

from ._built import CITY, PROVINCE, ask, passage, stats


def test_below_min_coverage_the_knowledge_base_says_it_does_not_know():
    q = ask("秘书处工作人员的着装规范")
    p = passage("会员档案管理制度", score=0.9)
    assert choose(q, [p], stats(min_coverage=0.25)) == (None, "")
    assert choose(q, [p], stats(min_coverage=0.0))[0] is p


def test_the_asked_fact_must_stand_in_a_sentence_about_what_is_asked():
    q = ask("会员代表大会一年开几次")
    theirs = passage("每年至少召开2次理事会。会员代表大会职责明确。")
    ours = passage("会员代表大会每年召开1次。")
    s = stats({"会员代表大会": 3.0, "代表": 3.0, "大会": 3.0, "会员": 2.5, "理事会": 3.0})
    assert not answers(q, theirs, s)
    assert answers(q, ours, s)
    best, why = choose(q, [theirs], s)
    assert best is None and "数目" in why


def test_a_total_is_answered_only_by_a_stated_total():
    q = ask("各县培训经费一共多少钱")
    s = stats()
    assert not answers(q, passage("各县培训经费资助3000元。"), s)
    assert answers(q, passage("各县培训经费合计3000元。"), s)


def test_a_city_figure_does_not_answer_a_provincial_question():
    q = ask("省科协对科技服务站资助多少钱")
    city = passage("科技服务站资助3000元。", doc=CITY, score=0.95)
    best, why = choose(q, [city], stats())
    assert best is None and "省级" in why
    province = passage("科技服务站要挂牌服务。", doc=PROVINCE, score=0.9)
    best, why = choose(q, [city, province], stats())
    assert best is None and "盐城市2018年的市级文件" in why
    unscoped = ask("科技服务站资助多少钱")
    assert choose(unscoped, [city], stats())[0] is city


def test_another_citys_rules_are_refused_naming_what_the_knowledge_base_has():
    q = ask("苏州市科协对科技服务站资助多少钱")
    best, why = choose(q, [passage("科技服务站资助3000元。", doc=CITY)], stats())
    assert best is None and "苏州市" in why and "盐城市" in why


def test_a_named_documents_passage_comes_before_a_higher_ranked_other_one():
    q = ask("计划指南里服务站有什么要求")
    other = passage("服务站须有固定专家团队。", doc=CITY, score=0.95)
    named = passage("服务站须挂牌运行。", doc=PROVINCE, score=0.7)
    assert choose(q, [other, named], stats())[0] is named


def test_a_year_naming_a_missing_document_is_refused_but_the_askers_year_is_not():
    p = passage("上一年度综合能力评价等级不低于C等。")
    best, why = choose(ask("2021年度提升计划的条件"), [p], stats())
    assert best is None and "2021" in why
    assert choose(ask("我们2021年考核是C等能报吗"), [p], stats())[0] is p


def test_a_yes_no_question_is_decided_by_the_rule_naming_what_is_asked():
    q = ask("品牌交流跟特色交流能同时申报吗")
    loose = passage("品牌交流活动要打造高层次学术会议。", score=0.9)
    rule = passage("品牌交流、特色交流项目互不兼报。", score=0.85)
    s = stats({"品牌": 3.0, "特色": 3.0, "交流": 2.5})
    assert choose(q, [loose, rule], s)[0] is rule


def test_companions_must_be_nearly_as_strong_as_the_first():
    q = ask("服务站资助标准")
    best = passage("服务站资助标准为3000元。", score=1.0, clause="一、")
    close = passage("服务站资助标准按年度评定。", score=0.9, clause="二、")
    weak = passage("服务站资助标准另行通知。", score=0.5, clause="三、")
    cites = companions(q, best, [best, close, weak], stats())
    assert cites == [best, close]
    assert companions(q, best, [best, close, weak], stats(companion_ratio=0.95)) == [best]


def test_companions_must_be_as_much_about_the_question():
    q = ask("服务站资助标准")
    best = passage("服务站资助标准为3000元。", score=1.0, clause="一、")
    off = passage("服务站建设工作。", score=0.99, clause="二、")
    s = stats()
    assert s.min_coverage <= s.coverage(q, off) < 0.8 * s.coverage(q, best)
    assert companions(q, best, [best, off], s) == [best]


def test_a_row_naming_a_society_answers_which_societies():
    q = ask("要办大型学术活动的有哪些学会")
    row = passage("分解表｜市级学会：市交通学会；大型学术活动：1", kind="row",
                  fields=[("市级学会", "市交通学会"), ("大型学术活动", "1")])
    assert answers(q, row, stats())
    assert not answers(q, passage("大型学术活动要办好。"), stats())


def test_a_word_found_everywhere_does_not_make_a_sentence_about_the_question():
    q = ask("学会会员代表大会一年开几次")
    s = stats({"会员代表大会": 3.0, "代表": 3.0, "大会": 3.0, "会员": 2.5, "学会": 0.2})
    assert not answers(q, passage("学会每年至少召开2次理事会。会员代表大会职责明确。"), s)


def test_a_looked_up_clause_needs_only_the_asked_kind_of_fact():
    q = ask("会员代表大会一年开几次")
    s = stats({"会员代表大会": 3.0, "代表": 3.0, "大会": 3.0, "会员": 2.5, "理事会": 3.0})
    looked_up = passage("每年至少召开2次理事会。", score=1.0)
    assert looked_up.index == -1 and answers(q, looked_up, s)
    ranked = passage("每年至少召开2次理事会。", score=0.99)
    assert not answers(q, ranked, s)
