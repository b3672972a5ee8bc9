"""The judge on built questions and passages: answerability, scope and which passage decides."""
from dataclasses import replace

import pytest

from kb._judge import HEADING_RATIO, RULE_COVERAGE_SHARE, answers, choose, companions, focus
from kb._query import analyse
from kb._types import Passage

from ._built import CITY, DOCS, PROVINCE, ask, passage, stats


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


# -- contact and cap questions: a passage that only names the channel does not answer ------------

@pytest.mark.parametrize("q,vague,written", [
    ("申报材料发到哪个邮箱", "申报材料提交至指定邮箱，具体要求另行通知。", "申报材料发送至kxb@jsast.org.cn。"),
    ("学会部联系电话是多少", "有疑问请电话联系学会部。", "学会部联系电话：025-83625058。"),
    ("传真号码是多少", "材料可通过传真报送。", "学会部传真号码：0515-88192426。"),
    ("网址是什么", "模板在省科协网站下载。", "模板下载网址：www.jsast.org.cn。"),
    ("数量上限是多少", "项目数量根据申报情况确定。", "项目数量上限为40项。"),
])
def test_a_contact_or_cap_question_is_answered_only_by_the_fact_written_out(q, vague, written):
    s = stats()
    best, why = choose(ask(q), [passage(vague, score=0.95)], s)
    assert best is None and why  # says which fact the documents leave out
    answer = passage(written, score=0.9)
    assert choose(ask(q), [passage(vague, score=0.95), answer], s)[0] is answer


# -- the user's own numbers are their case, not the topic -----------------------------------------

# The corpus writes "500人", "31日" and "2050" too, so these weigh as distinctive words; as focus
# words they would let any sentence holding the user's figure pass as about the question.
NUMBERS = {"500": 3.0, "31": 3.0, "2050": 3.0, "300": 3.0, "学术活动": 3.0, "截止": 2.5, "会员": 2.5}


@pytest.mark.parametrize("q,topic", [
    ("500人的学术活动能报吗", "学术活动"),
    ("盐城那边是5月31号截止，省里的从哪天开始报", "截止"),
    ("我们有2050名会员，够条件吗", "会员"),
    ("盐城那边要求300名会员，省级学会要多少会员？", "会员"),
])
def test_the_users_own_numbers_are_never_focus_words(q, topic):
    words = focus(ask(q), stats(NUMBERS))
    assert topic in words
    assert not any(w.isdigit() for w in words)


# -- a yes/no question's rule sentence decides despite the user's story --------------------------

# 合办 and 学术年会 are what is asked; the rest (南京大学, 对方, 一半 …) is the user's story, which
# dilutes coverage below the bar for every passage.
STORY = {"合办": 3.0, "学术年会": 3.0, "经费": 1.0}
STORIES = [
    "我们跟南京大学合办学术年会，对方出一半经费，能报吗",
    "学术年会打算和南京大学合办，场地对方出，这样可以申报吗",
    "学术年会跟兄弟单位合办，钱各出一半，算不算数",
]
LOOSE = "学术年会要邀请高水平专家作报告。"


@pytest.mark.parametrize("q", STORIES)
def test_a_yes_no_question_is_answered_by_a_rule_naming_two_asked_words_despite_low_coverage(q):
    s = stats(STORY, min_coverage=0.4)
    a = ask(q)
    assert a.yes_no and a.wants == []
    loose = passage(LOOSE, score=0.9)
    rule = passage("学术年会须由学会独立承办，合办的按协办处理。", score=0.8)  # 须由: a requiring rule
    assert s.coverage(a, loose) < s.min_coverage
    assert RULE_COVERAGE_SHARE * s.min_coverage <= s.coverage(a, rule) < s.min_coverage
    assert choose(a, [loose, rule], s) == (rule, "")


@pytest.mark.parametrize("q", STORIES)
def test_without_a_rule_sentence_a_diluted_yes_no_question_is_refused(q):
    s = stats(STORY, min_coverage=0.4)
    described = passage("学术年会可与高校合办，费用自理。", score=0.8)  # both asked words, but no rule
    assert choose(ask(q), [passage(LOOSE, score=0.9), described], s) == (None, "")


@pytest.mark.parametrize("q", STORIES)
def test_a_rule_naming_only_one_asked_word_does_not_decide(q):
    s = stats(STORY, min_coverage=0.4)
    a = ask(q)
    # 须由 rules on 学术年会 but says nothing of 合办 (协办 is another word); it shares enough of the
    # story to pass the lowered coverage bar, so only the two-word requirement refuses it.
    one = passage("学术年会须由学会独立承办，其他单位可以协办，场地、经费一半可由对方出。", score=0.8)
    assert s.coverage(a, one) >= RULE_COVERAGE_SHARE * s.min_coverage
    assert choose(a, [passage(LOOSE, score=0.9), one], s) == (None, "")


@pytest.mark.parametrize("q", [
    "我们跟南京大学合办学术年会，对方出一半经费，能报吗？几月截止",
    "学术年会跟南京大学合办，对方出一半经费，能不能报，哪天截止",
])
def test_a_yes_no_question_asking_for_a_fact_is_not_answered_by_a_rule_without_it(q):
    # It asks for a date too: a rule sentence deciding "能报吗" does not give the date.
    s = stats(STORY, min_coverage=0.4)
    a = ask(q)
    assert a.yes_no and a.wants
    dated = passage("学术年会于5月31日前完成。", score=0.9)
    rule = passage("学术年会须由学会独立承办，合办的按协办处理。", score=0.8)
    assert s.coverage(a, dated) < s.min_coverage
    assert choose(a, [dated, rule], s) == (None, "")


@pytest.mark.parametrize("q", STORIES)
def test_a_rule_passage_still_needs_its_share_of_the_usual_coverage(q):
    a = ask(q)
    rule = passage("学术年会须由学会独立承办，合办的按协办处理。", score=0.8)
    cov = stats(STORY).coverage(a, rule)
    strict = stats(STORY, min_coverage=1.1 * cov / RULE_COVERAGE_SHARE)
    assert choose(a, [passage(LOOSE, score=0.9), rule], strict) == (None, "")


# -- a clause headed by what is asked outranks one that mentions it ------------------------------

HEADED = {"一流": 2.5, "平台": 3.0, "建设": 2.0, "评估": 3.0, "等级": 3.0}


def _requirements(platform_score: float) -> tuple:
    # Two "（2）相关要求" clauses with the same words: only their parent headings tell them apart.
    plain = passage("申报学会评估等级不低于B等。", score=0.9, clause="三、（一）1.（2）",
                    headings=["学会建设", "一流学会建设", "（2）相关要求"])
    platform = passage("申报学会评估等级不低于A等。", score=platform_score, clause="三、（一）2.（2）",
                       headings=["学会建设", "一流平台学会建设", "（2）相关要求"])
    return plain, platform


@pytest.mark.parametrize("q", ["一流平台学会建设对评估等级有啥要求", "一流平台学会建设的相关要求是什么",
                               "申报一流平台学会建设，评估等级要求怎样"])
def test_the_clause_headed_by_what_is_asked_outranks_a_slightly_stronger_one(q):
    plain, platform = _requirements(0.85)
    assert platform.score >= HEADING_RATIO * plain.score
    assert choose(ask(q), [plain, platform], stats(HEADED))[0] is platform


@pytest.mark.parametrize("q", ["一流平台学会建设对评估等级有啥要求", "一流平台学会建设的相关要求是什么"])
def test_a_headed_clause_far_below_the_top_is_not_picked(q):
    plain, platform = _requirements(0.6)
    assert platform.score < HEADING_RATIO * plain.score
    assert choose(ask(q), [plain, platform], stats(HEADED))[0] is plain


@pytest.mark.parametrize("q", ["项目怎么申报", "材料如何提交", "怎样申请这个项目"])
def test_a_how_question_prefers_the_clause_headed_by_a_procedure(q):
    assert ask(q).asks_how
    words = "申报项目、申请材料须提交。"  # the same words in both: only the headings differ
    rules = passage(words + "材料须真实。", score=0.9, clause="三、", headings=["三、申报要求"])
    how = passage(words + "登录系统在线填报。", score=0.8, clause="四、", headings=["四、申报方式"])
    assert choose(ask(q), [rules, how], stats())[0] is how
    far = passage(how.text, score=0.6, clause="四、", headings=["四、申报方式"])
    assert choose(ask(q), [rules, far], stats())[0] is rules


# -- a table cell's bare figure counts what its header names -------------------------------------

EXPERTS = {"专家": 3.0, "评审": 3.0}


@pytest.mark.parametrize("q", ["评审最少要有几个专家", "评审至少需要几名专家", "评审要几位专家"])
def test_a_cell_counting_other_things_does_not_answer_how_many_experts(q):
    # The row mentions 专家 (its name) and holds a bare 20, but 20 is the projects' cap.
    row = passage("项目设置｜子项目：专家评审服务；项目数量（上限）：20", kind="row",
                  fields=[("子项目", "专家评审服务"), ("项目数量（上限）", "20")])
    assert not answers(ask(q), row, stats(EXPERTS))


@pytest.mark.parametrize("q", ["评审最少要有几个专家", "评审至少需要几名专家", "评审要几位专家"])
def test_a_cell_headed_by_the_counted_thing_answers(q):
    row = passage("评审安排｜环节：项目评审；评审专家人数：5", kind="row",
                  fields=[("环节", "项目评审"), ("评审专家人数", "5")])
    assert answers(ask(q), row, stats(EXPERTS))


def test_without_a_counted_noun_a_bare_cell_figure_still_counts():
    row = passage("项目设置｜子项目：专家评审服务；项目数量（上限）：20", kind="row",
                  fields=[("子项目", "专家评审服务"), ("项目数量（上限）", "20")])
    assert answers(ask("专家评审服务最多立几个"), row, stats(EXPERTS))


def test_one_domain_word_in_a_heading_does_not_make_a_clause_about_the_question():
    # "注重考核奖惩" shares only 考核 with a question naming 学会网, 信息报送 and 打分: the top passage
    # (headed by none of them) stays.
    from kb._judge import HEADING_SHARE, headed_by
    q = ask("学会网信息报送考核年底怎么打分")
    weights = {"考核": 2.5, "网": 2.0, "信息": 4.0, "报送": 4.0, "打分": 3.0, "年底": 2.5}
    st = stats(weights)
    one_word = passage("（三）注重考核奖惩。", headings=["考核奖惩"])
    assert 0 < weights["考核"] < HEADING_SHARE * sum(weights.values())
    assert headed_by(q, one_word, st) == (False, 0.0)
    most = passage("（四）学会网信息报送考核。", headings=["学会网信息报送考核"])
    assert headed_by(q, most, st)[1] > 0


def test_near_tied_passages_are_decided_by_the_sentence_holding_more_of_what_is_asked():
    # Two clauses within TIE_RATIO of each other: the one whose single sentence names 分支机构 and
    # 考核 together answers "对分支机构有没有考核要求", not the one naming them apart.
    from kb._judge import TIE_RATIO, choose
    q = ask("指南对分支机构有没有考核要求")
    st = stats({"分支机构": 4.0, "考核": 3.0, "要求": 0.5, "指南": 0.5})
    apart = passage("分支机构每半年汇报工作。学会接受考核。", score=0.9, clause="二、")
    together = passage("对分支机构实行年度动态考核。", score=0.9 * TIE_RATIO + 0.001, clause="一、")
    apart.index, together.index = 0, 1  # retrieved, not looked up
    assert choose(q, [apart, together], st)[0] is together
    far = passage("对分支机构实行年度动态考核。", score=0.9 * TIE_RATIO - 0.05, clause="一、")
    far.index = 1
    assert choose(q, [apart, far], st)[0] is apart  # not near-tied: rank decides


def test_a_clause_looked_up_by_what_the_question_names_is_never_displaced_by_a_tie():
    from kb._judge import choose
    q = ask("指南保障措施第二条写的什么")
    st = stats({"保障措施": 4.0, "指南": 0.5})
    looked_up = Passage(doc="p2022", title="2022年度省计划指南", year=2022, clause="四、（二）",
                        text="（二）严格考核，强化监管。", score=1.0, index=-1)
    wider = passage("四、保障措施\n（一）加强领导。（二）严格考核。", score=0.99, clause="四、")
    assert choose(q, [looked_up, wider], st)[0] is looked_up


def test_another_documents_passage_using_the_documents_name_stays_a_candidate():
    # "计划指南" names PROVINCE; CITY's passage speaks of the 计划指南 itself, so it is about what is
    # named and keeps its higher rank. A CITY passage not using the name gives way to PROVINCE's.
    q = ask("考核结果和计划指南的申报有啥关系")
    mentions = passage("考核结果可对应申报计划指南中不同类别的项目。", doc=CITY, score=0.95)
    named = passage("考核结果在申报时提交。", doc=PROVINCE, score=0.9)
    assert choose(q, [mentions, named], stats())[0] is mentions
    silent = passage("考核结果予以公布。", doc=CITY, score=0.95)
    assert choose(q, [silent, named], stats())[0] is named


@pytest.mark.parametrize("q", ["新一年的工作指南一般啥时候发下来", "今年的工作指南啥时候发下来", "明年的工作指南啥时候发"])
def test_the_year_the_asker_speaks_from_is_not_what_the_question_is_about(q):
    # The rules say "3月底前，修订发布本年度…工作指南": no 今年/一年 in the sentence holding the date.
    a = ask(q)
    s = stats({"今年": 3.0, "明年": 3.0, "一年": 3.0, "新一年": 3.0})  # known words, as in the corpus
    assert not focus(a, s) & {"今年", "明年", "一年", "新一年"}
    assert answers(a, passage("3月底前，修订发布本年度工作指南。"), s)


def test_a_missing_document_is_refused_unless_that_years_clause_is_headed_by_it():
    q = ask("2022年的盐城方案讲了什么")  # CITY (c2018) bears 盐城; no 2022 document does
    assert q.missing_docs == [(2022, "盐城")]
    body = passage("盐城的学会也可参照申报。", doc=PROVINCE, score=0.9)
    best, why = choose(q, [body], stats())
    assert best is None and "2022年的盐城" in why
    headed = passage("盐城方案由市科协编制。", doc=PROVINCE, score=0.9, headings=["（一）编制盐城方案"])
    assert choose(q, [headed], stats())[0] is headed


def test_a_part_the_named_document_lacks_is_refused_naming_the_document():
    q = ask("计划指南的附件2是什么表")
    q.absent_part = "附件2"
    best, why = choose(q, [passage("附件2 重点项目表", doc=CITY)], stats())
    assert best is None and "附件2" in why and PROVINCE.title in why


def test_a_passage_holding_the_name_the_question_quotes_comes_before_a_near_one():
    q = ask("好的做法总结了，能投《江苏科协》吗")
    loose = replace(passage("及时总结好的做法并宣传推广。", score=0.9), index=3)  # retrieved chunks
    quoting = replace(passage("向《江苏科协》等内刊投稿。", score=0.8), index=7)
    assert choose(q, [loose, quoting], stats())[0] is quoting
    assert choose(ask("好的做法总结了，能投稿吗"), [loose, quoting], stats())[0] is loose


def test_a_clause_looked_up_by_number_keeps_its_place_before_one_quoting_the_name():
    q = ask("“保障措施”第二条写的什么")
    looked_up = Passage(doc=PROVINCE.id, title=PROVINCE.title, year=PROVINCE.year, clause="四、（二）",
                        text="（二）严格项目管理。", score=1.0, index=-1)
    quoting = replace(passage("保障措施方面，要加强领导。", score=0.95), index=2)
    assert choose(q, [looked_up, quoting], stats())[0] is looked_up


def test_a_figure_the_user_states_is_not_what_the_question_is_about():
    q = ask("盐城要求会员每年涨3%-10%，省里对会员发展怎么要求")
    s = stats({"3%": 5.0, "10%": 5.0, "会员": 3.0})
    assert not focus(q, s) & {"3%", "10%"}
    p = passage("会员发展成效显著。")
    one = ask("会员每年涨10%有啥要求")  # one clause: coverage is over all of its words
    assert s.coverage(one, p) == pytest.approx(s.coverage(ask("会员每年涨有啥要求"), p))


def test_a_province_wide_count_is_not_answered_by_each_applicants_figure():
    q = ask("特色学术交流这个子项目全省一共能立多少个")
    each = passage("特色学术交流每个学会最多可申报1个。", score=0.9)
    assert not answers(q, each, stats())
    assert answers(ask("特色学术交流每个学会能立多少个"), each, stats())


def test_a_table_row_is_weighed_as_one_statement_when_choosing_between_fitting_passages():
    q = ask("特色学术交流这个子项目全省一共能立多少个")
    row = passage("表｜子项目：特色学术交流；项目数量（上限）：50", kind="row", score=0.9)
    rule = passage("申报特色学术交流子项目的学会须同时申报至少1个平台子项目。", score=0.85)
    assert choose(q, [row, rule], stats())[0] is row


def test_a_rule_on_where_decides_a_yes_no_question_naming_a_place():
    # The story's words pull up loose passages; the rule "举办地须在江苏省内" names none of them
    # but speaks of the place the question names, and sits below the usual three.
    terms = ("品牌学术交流",)
    q = analyse("我们跟上海那边一个学会关系好，想把今年的品牌学术交流放到上海合办，还能报吗？", DOCS, terms)
    s = stats({"品牌学术交流": 4.0, "关系": 3.0, "合办": 3.0}, min_coverage=0.45)
    loose = [replace(passage(f"品牌学术交流第{i}类活动。", score=0.9 - i / 20), index=i) for i in range(3)]
    rule = replace(passage("品牌学术交流活动举办地须在江苏省内，不得在省外举办。", score=0.5), index=9)
    assert choose(q, [*loose, rule], s)[0] is rule
    no_place = analyse("我们跟兄弟学会关系好，想把今年的品牌学术交流合办，还能报吗？", DOCS, terms)
    assert choose(no_place, [*loose, rule], s)[0] is not rule


def test_after_a_statement_the_passage_holding_more_of_the_asking_sentence_comes_first():
    terms = ("品牌学术交流", "优先支持")
    text = "我们打算报品牌学术交流，去年来了600多人。计划说啥样的学术活动会优先支持？"
    q = analyse(text, DOCS, terms)
    assert q.asked_tokens and "品牌学术交流" not in q.asked_tokens
    s = stats({"品牌学术交流": 4.0, "优先支持": 4.0, "学术活动": 3.0})
    story = replace(passage("品牌学术交流紧紧围绕特定主题持续打造品牌。", score=0.93), index=1)
    asked = replace(passage("优先支持内容前沿、学术水平较高的学术活动。", score=0.81), index=2)
    assert choose(q, [story, asked], s)[0] is asked
    one = analyse("品牌学术交流啥样的学术活动会优先支持？", DOCS, terms)  # no statement: rank decides
    assert one.asked_tokens == [] and choose(one, [story, asked], s)[0] is story
    # Holding only a little more of the asking sentence (less than ASKED_MARGIN) does not outrank.
    near = replace(passage("品牌学术交流是学术活动。", score=0.93), index=1)
    little = replace(passage("品牌学术交流是学术活动，要支持。", score=0.81), index=2)
    assert choose(q, [near, little], s)[0] is near


def test_a_month_does_not_answer_which_day():
    q = ask("佐证材料具体截止到哪一天")
    s = stats({"佐证": 3.0, "材料": 3.0})
    best, why = choose(q, [passage("10月至11月提交佐证材料。")], s)
    assert best is None and "具体日期" in why
    dated = passage("佐证材料11月20日前提交。")
    assert choose(q, [dated], s)[0] is dated
