"""Question reading on paraphrases: what is asked, whose rules, which words count (no corpus)."""
import pytest

from indexer import DocumentInfo
from kb._query import (
    ASKING_CLAUSE_CHARS,
    LAST,
    analyse,
    asking_clause,
    counted_noun,
    has_evidence,
    listed_noun,
    states_total,
)

from ._built import ASKS_ONLY_BY_NAME, PROVINCE, TISHENG, ask

PROVINCE_2022 = PROVINCE
KAOHE_2024 = DocumentInfo(id="k2024", title="2024年度考核办法", issuer="江苏省科学技术协会", date="2024", year=2024,
                          kind="考核办法", region="江苏省", aliases=("考核办法",))


def test_synonyms_match_whole_words_not_substrings():
    assert "提交" not in ask("学术交流活动有什么要求").keyword_tokens  # 交 inside 交流
    assert "提交" in ask("材料什么时候交").keyword_tokens
    assert "合计" in ask("各县培训人数加起来是多少").keyword_tokens


@pytest.mark.parametrize("q", ["会员有2050人能报吗", "我们有2030名会员", "我们2021年考核是C等，能报吗"])
def test_a_count_or_the_askers_own_year_names_no_document(q):
    a = ask(q)
    assert a.years == [] and a.doc_years == []


@pytest.mark.parametrize("q", ["2021年度提升计划什么时候截止", "2025年考核办法有什么变化"])
def test_a_year_before_a_document_word_names_a_document(q):
    assert ask(q).doc_years


@pytest.mark.parametrize("q,regions", [
    ("苏州市科协对服务站资助多少", ["苏州市"]),
    ("浙江省科协的提升计划有哪些类别", ["浙江省"]),
    ("南京市级学会每年开几次会", ["南京市"]),
    ("上海市学会的考核怎么算", ["上海市"]),
    ("在南京办的活动能申报吗", []),
    ("材料寄到南京哪里", []),
    ("苏州的学会能报省科协的计划吗", []),  # the asker's city; the rules asked are the province's
])
def test_scope_regions_are_places_owning_the_rules(q, regions):
    assert ask(q).scope_regions == regions


@pytest.mark.parametrize("q,provincial", [("省科协对服务站资助多少", True), ("省级学会要开几次理事会", True),
                                          ("盐城市科协资助多少", False), ("服务站资助多少", False)])
def test_provincial_questions(q, provincial):
    assert ask(q).provincial is provincial


@pytest.mark.parametrize("q,items", [
    ("提升计划一共有哪几类项目", True), ("服务平台建设下面有哪些子项目", True), ("创新部分有哪几条", True),
    ("指南包含哪三部分内容", True), ("主要业务工作有哪些", True),
    ("哪些单位有资格申报", False), ("工作动态往哪些上级平台报送", False),
])
def test_listing_questions_about_items_versus_names_in_a_sentence(q, items):
    a = ask(q)
    assert a.asks_list and a.asks_items is items


@pytest.mark.parametrize("q", ["理事会一年开几次", "交材料要多久"])
def test_non_listing_questions(q):
    assert not ask(q).asks_list


@pytest.mark.parametrize("q,total", [("总预算是多少钱", True), ("加起来一共多少人", True), ("合计多少", True),
                                     ("每个项目资助多少钱", False), ("总体要求是什么", False)])
def test_total_questions(q, total):
    assert ask(q).asks_total is total


@pytest.mark.parametrize("q,names", [("被认定为一流学会的有哪些学会", True), ("有没有获奖学会名单", True),
                                     ("哪些学会可以被认定为一流学会", False), ("哪些学会能申报", False)])
def test_asking_for_names_of_societies_versus_which_kind_qualifies(q, names):
    assert ("names" in ask(q).wants) is names


@pytest.mark.parametrize("q", ["秘书长工资标准是多少", "奖金一般设多少", "总预算多少"])
def test_pay_prize_and_budget_questions_ask_an_amount(q):
    assert "money" in ask(q).wants


def test_a_bare_year_is_no_date_but_a_day_is():
    assert not has_evidence("time", "2023年度省级学会考核升类申请表")
    assert has_evidence("time", "5月17日17:00前提交")
    assert has_evidence("time", "须在本年度11月底前完成")


def test_a_web_address_answers_where():
    assert has_evidence("place", "文件模板可从网站（http：//kx.example.gov.cn/）下载")
    assert has_evidence("place", "电子邮箱：abc@126.com")
    assert not has_evidence("place", "填写内容须实事求是")


def test_names_evidence_is_names_listed_with_enumeration_commas():
    assert has_evidence("names", "市物理学会、市气象学会")
    assert not has_evidence("names", "认定20家争先进位学会，推动省级学会整体提升")


def test_totals_are_stated_totals():
    assert states_total("合计：1100") and states_total("小计 50") and not states_total("资助3000元")


@pytest.mark.parametrize("q", ["第一一条讲什么", "第十1条和第二三条分别讲什么"])
def test_malformed_ordinals_are_no_ordinals_and_no_traceback(q):
    assert ask(q).ordinals == []


def test_well_formed_ordinals_are_read():
    assert ask("第三部分第（二）条讲什么").ordinals == [3, 2]


@pytest.mark.parametrize("q,yes_no", [("全国科普日能算进这个专项吗", True), ("能不能同时申报", True),
                                      ("资助标准是多少", False)])
def test_yes_no_questions(q, yes_no):
    assert ask(q).yes_no is yes_no


# Every synonym key, read in a question of its own (not a dev question): the key fires as a whole
# word and brings its documents' words; removing a key fails its case.
@pytest.mark.parametrize("q,brought", [
    ("三个县的人数加起来多少", "合计"),
    ("这些子项目一共有多少项", "合计"),
    ("总共资助了多少家", "小计"),
    ("会员总数是多少", "合计"),
    ("申报的门槛高吗", "不低于"),
    ("申报有什么条件", "资格条件"),
    ("哪些学会不能申请", "不得"),
    ("我会能报这个项目吗", "申报"),
    ("去年立过项的能不能报", "不得"),
    ("学会评级有几档", "等级"),
    ("理事会多久开会一次", "召开"),
    ("换届要提前多久", "提前"),
    ("服务站给多少钱", "经费"),
    ("申报什么时候截止", "申报时间"),
    ("材料几号之前报", "申报时间"),
    ("纸质材料怎么交", "报送"),
    ("考核不合格会降级吗", "降入"),
    ("每个子项目有多少名额", "上限"),
    ("两个专项可以一起报吗", "兼报"),
    ("两个专项可以一起申报吗", "兼报"),
    ("两个专项可以同时报吗", "兼报"),
    ("两个专项都报可以吗", "最多可申报"),  # "都报" asks the cap as much as 兼报
    ("两个专项都申报行吗", "兼报"),
    ("材料最晚什么时候报", "截止"),
    ("纸质材料送到什么地方", "地址"),
    ("材料寄到哪里", "地址"),
    ("连续两年C等会降到哪一类", "降至"),
    ("A等的学会能升级吗", "升入"),
    ("双创竞赛参赛项目合计多少", "创新创业"),
    ("评上以后省科协怎么表彰", "表扬"),
    ("有哪些情况可以加分", "附加分"),
    ("被定为升类以后按哪个类别考", "升降"),
    ("降类以后还能报项目吗", "降入"),
    ("明年按新类别参加考核吗", "下年度"),
    ("今年新增的平台算不算", "本年度"),
])
def test_each_synonym_key_brings_the_documents_word(q, brought):
    assert brought in ask(q).keyword_tokens


def test_a_word_that_only_sounds_like_a_key_brings_nothing():
    assert "附加分" not in ask("有没有额外的经费").keyword_tokens  # 额外 is "extra", not 附加分


def test_a_question_is_cut_with_the_terms_the_documents_brought():
    from kb._query import analyse

    from ._built import DOCS

    assert "问道科学沙龙" in analyse("问道科学沙龙每场资助多少", DOCS, ("问道科学沙龙",)).tokens
    assert "问道科学沙龙" not in analyse("问道科学沙龙每场资助多少", DOCS).tokens


# -- whose rules: a place set aside, and a premise before the asking clause ------------------------

# CITY (c2018) is 盐城's document: a question that only mentions 盐城 to set it aside, or as the
# premise it compares with, must not narrow the search to it.
@pytest.mark.parametrize("q", [
    "盐城那边是5月31号截止，省里的提升计划从哪天开始可以报？",
    "不是盐城那个，省级学会的指南里对会员队伍是怎么要求的",
    "盐城的方案规定5月底截止，省级的提升计划什么时候截止？",
    "盐城是每场资助3000元，省科协资助多少？",
])
def test_the_asking_clause_says_whose_rules_not_the_premise_before_it(q):
    a = ask(q)
    assert a.provincial is True
    assert "c2018" not in a.doc_hints and "c2018" not in a.named_docs


def test_a_city_named_in_the_premise_does_not_make_a_provincial_question_a_city_one():
    # "盐城市科协" in the premise would be read as the scope (盐城市) and turn provincial off.
    a = ask("盐城市科协是5月截止，省科协的什么时候截止")
    assert a.provincial is True and a.scope_regions == [] and "c2018" not in a.doc_hints


@pytest.mark.parametrize("q", [
    "不是盐城的方案，服务站资助多少",  # the asking clause names no scope: only the negation helps
    "不看盐城的规定，服务站资助多少",
    "除了盐城以外的学会有什么要求",  # one clause: nothing to choose between
    "除了盐城市科协的文件，还有哪些规定",
])
def test_a_place_set_aside_names_no_scope(q):
    a = ask(q)
    assert "c2018" not in a.doc_hints and "c2018" not in a.named_docs
    assert a.scope_regions == []


@pytest.mark.parametrize("q", ["盐城的学会有什么要求", "盐城那个方案里服务站资助多少", "盐城市科协对服务站资助多少"])
def test_a_question_naming_only_yancheng_still_means_its_document(q):
    a = ask(q)
    assert "c2018" in a.doc_hints and a.provincial is False


@pytest.mark.parametrize("q", ["省里是5月截止，盐城的方案什么时候截止", "省级学会要300名会员，盐城的学会要多少？"])
def test_a_provincial_premise_does_not_override_an_asking_clause_about_yancheng(q):
    a = ask(q)
    assert "c2018" in a.doc_hints and a.provincial is False


# -- mailbox, phone, fax, web address and cap questions need that fact written out ----------------

@pytest.mark.parametrize("q,want", [
    ("申报材料发到哪个邮箱", "email"), ("邮箱地址是多少", "email"), ("电子版交到什么邮箱", "email"),
    ("联系电话是多少", "phone"), ("打什么电话咨询", "phone"), ("电话号码是多少", "phone"),
    ("传真号码是多少", "fax"), ("传真多少", "fax"),
    ("网址是什么", "url"), ("从哪个网站下载", "url"), ("下载地址是什么", "url"),
    ("数量上限是多少", "limit"), ("最多立几个", "limit"), ("每个学会最多能报几个", "limit"), ("项目名额有几个", "limit"),
])
def test_contact_and_cap_questions_ask_for_that_fact(q, want):
    assert want in ask(q).wants


@pytest.mark.parametrize("want,text", [
    ("email", "电子版发送至kxb@jsast.org.cn"),
    ("email", "邮箱：xuehui＠163.com"),
    ("phone", "联系电话：025-83625058"),
    ("phone", "联系人：张老师，88192426"),
    ("fax", "传真：0515-88192426"),
    ("fax", "传真 88192426"),
    ("url", "详见www.jsast.org.cn"),
    ("url", "模板可从http://kx.example.gov.cn下载"),
    ("limit", "项目数量上限为40项"),
    ("limit", "每个学会最多申报2个"),
    ("limit", "每家不超过3项"),
])
def test_contact_and_cap_evidence_is_the_fact_written_out(want, text):
    assert has_evidence(want, text)


@pytest.mark.parametrize("want,text", [
    ("email", "提交至指定邮箱，具体要求另行通知"),  # names a mailbox, gives none
    ("email", "电子版通过邮箱报送"),
    ("phone", "请电话联系学会部"),
    ("fax", "电话：0515-88192426"),  # a phone number is no fax number
    ("fax", "可通过传真报送"),
    ("url", "在省科协网站下载"),
    ("limit", "须在本年度11月底前完成"),  # a digit, but no cap
    ("limit", "上限另行通知"),  # a cap, but no figure
])
def test_mentioning_the_channel_is_no_evidence(want, text):
    assert not has_evidence(want, text)


@pytest.mark.parametrize("q", ["青年会员占多少", "女性会员占了多少", "企业会员占几成"])
def test_what_share_something_takes_is_a_percent_question(q):
    assert "percent" in ask(q).wants


@pytest.mark.parametrize("q", ["归在哪个类别下面", "这个项目归在哪一类", "该活动属于在哪个板块"])
def test_which_category_is_not_a_place_question(q):
    assert "place" not in ask(q).wants


@pytest.mark.parametrize("q", ["材料交到哪", "办公室在哪", "学会在哪儿办公", "材料往哪儿寄"])
def test_where_alone_is_a_place_question(q):
    assert "place" in ask(q).wants


# -- units of measure: words, area, a span of years ----------------------------------------------

@pytest.mark.parametrize("q,want", [
    ("至少写多少字", "count:字"), ("论文要写多少字", "count:字"),
    ("多少平方米", "count:平方米"), ("场地要多少平米", "count:平米"),
    ("实施周期是几年", "count:年"), ("项目周期有几年", "count:年"), ("这个计划实施几年", "count:年"),
    ("纸质材料要几份", "count:份"), ("申报书一式多少份", "count:份"),
])
def test_measure_questions_count_their_unit(q, want):
    assert want in ask(q).wants


@pytest.mark.parametrize("want,text,held", [
    ("count:字", "报告不少于5000字", True),
    ("count:字", "字数另行通知", False),
    ("count:平方米", "场地面积不少于100平方米", True),
    ("count:平米", "活动场所200平米以上", True),
    ("count:年", "实施周期为3年", True),
    ("count:年", "项目周期两年", True),
    ("count:年", "2022年启动实施", False),  # a date, not a span
    ("count:年", "按年度考核", False),
    ("count:年", "2022年度提升计划", False),
    ("count:份", "申报书一式3份", True),
    ("count:份", "纸质材料报送至学会部", False),
    ("count:份", "表｜材料：申报书；份数：2", True),
    ("count:份", "表｜材料：申报书；项目数量（上限）：2", False),  # a figure under another header
])
def test_a_span_of_years_is_not_a_date(want, text, held):
    assert has_evidence(want, text) is held


# -- a whole clause: list questions and "具体要做些啥 / 主要内容 / 讲什么" -------------------------------

@pytest.mark.parametrize("q", [
    "学术交流具体要做些啥", "这个专项具体包括什么", "服务站要干些什么", "学术交流活动主要内容是什么",
    "第三部分讲什么", "最后一部分说了什么", "这一块都要做什么", "提升计划一共有哪几类项目",
])
def test_questions_about_what_a_clause_says_as_a_whole_ask_for_all_of_it(q):
    # These are quoted in document order, not as the few sentences sharing most words.
    assert ask(q).asks_whole


@pytest.mark.parametrize("q", ["学术交流活动要求是什么", "服务站资助多少钱", "申报什么时候截止", "能不能同时申报"])
def test_questions_after_one_fact_do_not_ask_for_the_whole_clause(q):
    assert not ask(q).asks_whole


# -- the asking clause after a story -----------------------------------------------------------------

@pytest.mark.parametrize("q,clause", [
    ("我们学会是去年刚成立的，会员300多人，想问问一流平台学会对评估等级有什么要求", "想问问一流平台学会对评估等级有什么要求"),
    ("我们会员有2050人，去年考核B等，一流学会建设要满足哪些条件", "一流学会建设要满足哪些条件"),
    ("线下活动每场资助3000元，线上活动资助多少", "线上活动资助多少"),
])
def test_the_asking_clause_is_the_last_clause_that_asks(q, clause):
    a = ask(q)
    assert asking_clause(a.norm) == clause
    assert a.asking_tokens and set(a.asking_tokens) <= set(a.tokens)


@pytest.mark.parametrize("q", ["一流平台学会对评估等级有什么要求", "学术年会什么时候截止"])
def test_a_one_clause_question_has_no_separate_asking_clause(q):
    # Its whole question is the asking clause: nothing to judge twice.
    assert asking_clause(ask(q).norm) == "" and ask(q).asking_tokens == []


@pytest.mark.parametrize("q", ["我们学会会员300人，能报吗", "去年考核是C等，可以吗", "线下要500人，几个人"])
def test_a_short_asking_clause_leans_on_the_clauses_before_it(q):
    # "能报吗" alone says nothing about what: judged by itself it would cover any passage with 报.
    clause = [c for c in q.split("，") if c][-1]
    assert len(clause) < ASKING_CLAUSE_CHARS
    assert ask(q).asking_tokens == []


def test_an_asking_clause_of_the_minimum_length_is_used():
    assert len("线上多少") == ASKING_CLAUSE_CHARS
    assert ask("线下活动每场资助3000元，线上多少").asking_tokens == ["线上"]


@pytest.mark.parametrize("q", ASKS_ONLY_BY_NAME)
def test_words_naming_a_document_are_not_the_asking_clauses_own(q):
    # "这样能报提升计划吗" asks nothing of its own: 提升计划 names the document, and every passage
    # of that document covers it (its names count as covered text).
    a = analyse(q, [TISHENG])
    assert "提升" in a.tokens and "计划" in a.tokens
    assert not {"提升", "计划", "提升计划"} & set(a.asking_tokens)


# -- the last item --------------------------------------------------------------------------------

@pytest.mark.parametrize("q", ["创新部分最后一条是什么", "加分项最后一项讲什么", "最后一点说的啥", "最后一块是什么",
                               "最后一个条是什么", "主要措施的最后一款"])
def test_the_last_item_is_an_ordinal(q):
    assert ask(q).ordinals == [LAST]


@pytest.mark.parametrize("q", ["最后一部分讲什么", "最后期限是哪天", "最后一次提交是什么时候"])
def test_a_last_part_deadline_or_time_is_no_last_item(q):
    # "最后一部分" is a document's last part (LAST_PART), not the last item of a named clause.
    assert ask(q).ordinals == []


@pytest.mark.parametrize("q,ordinals", [("第二大项讲什么", [2]), ("第三块是什么", [3]), ("第二节讲什么", [2]),
                                        ("第二个条是什么", [2])])
def test_ordinals_of_blocks_sections_and_big_items_are_read(q, ordinals):
    assert ask(q).ordinals == ordinals


# -- full marks are points ------------------------------------------------------------------------

@pytest.mark.parametrize("q", ["满分是多少", "总分多少", "这个指标分值多少", "这一项的分数是多少"])
def test_full_marks_questions_ask_for_points(q):
    # No unit in the question ("多少分"), yet only a figure in 分 answers it.
    assert "count:分" in ask(q).wants


def test_full_marks_asked_in_money_stay_money():
    assert ask("满分能拿多少钱").wants == ["money"]


# -- what a count question counts ------------------------------------------------------------------

@pytest.mark.parametrize("q,counted", [
    ("最少要有几个专家", "专家"), ("至少需要几名专家", "专家"), ("评审要几位专家", "专家"), ("几个专家以上", "专家"),
    ("需要多少个会员才行", "会员"),
    ("需要几个人以上", ""), ("要几个人呢", ""), ("最少几个吗", ""), ("要几个以上", ""), ("至少要几个才能报", ""),
])
def test_the_counted_noun_follows_the_unit(q, counted):
    # 以上/呢/吗/才 after the unit qualify the count; they are no thing counted.
    assert ask(q).counted == counted


def test_counted_noun_reads_right_after_the_unit():
    assert counted_noun("要几个专家", len("要几个")) == "专家"
    assert counted_noun("要几个的专家", len("要几个")) == "专家"
    assert counted_noun("要几个以上", len("要几个")) == ""
    assert counted_noun("要几个", len("要几个")) == ""


@pytest.mark.parametrize("cell", ["项目数量（上限）：20", "序号：3；项目类别：学会服务；数量：20"])
def test_a_cells_bare_figure_counts_only_what_its_header_names(cell):
    # "最少要有几个专家": 20 is a number of projects, not of experts.
    assert not has_evidence("count:个", cell, "专家")
    assert has_evidence("count:个", cell)  # nothing counted named: any bare cell figure counts


@pytest.mark.parametrize("cell", ["专家人数：5", "评审专家（人）：5", "项目名称：企会协作；专家数量：3"])
def test_a_cell_whose_header_names_the_counted_thing_counts_it(cell):
    assert has_evidence("count:个", cell, "专家")


def test_a_figure_with_its_unit_counts_whatever_is_counted():
    assert has_evidence("count:个", "至少邀请5个以上单位参加", "专家")


# -- items: things to do, and what a listing lists -----------------------------------------------------

@pytest.mark.parametrize("q", ["指南要学会具体做哪些事", "学会要做哪些工作", "有哪些任务要完成", "要完成哪几项任务"])
def test_things_to_do_are_a_clauses_items(q):
    a = ask(q)
    assert a.asks_list and a.asks_items


@pytest.mark.parametrize("listed,noun", [
    ("种形式", "形式"), ("种能力", "能力"), ("形式", "形式"), ("单位", "单位"),
    ("类项目", ""), ("条", ""), ("条目", ""), ("个方面", ""), ("项任务", ""), ("事", ""), ("", ""),
])
def test_listed_noun_is_what_is_listed_unless_it_is_the_documents_items(listed, noun):
    assert listed_noun(listed) == noun


@pytest.mark.parametrize("q,noun", [("决策咨询认哪几种形式", "形式"), ("要培养哪几种能力", "能力"),
                                    ("有哪几类项目", ""), ("包括哪几个方面", ""), ("有哪些条目", "")])
def test_a_listing_questions_listed_noun(q, noun):
    assert listed_noun(ask(q).listed) == noun


# -- names of societies: a list, or "which societies" with an outcome ------------------------------

@pytest.mark.parametrize("q", [
    "有没有一流学会名录", "一流学会名单在哪看", "获批的有哪些学会", "去年入选的学会有哪些",
    "被评上一流学会的是哪几家学会", "获评先进的协会有哪几个", "要办大型学术活动的有哪些学会", "承担培训任务的是哪些学会",
])
def test_names_are_asked_by_a_list_an_outcome_or_what_is_set_for_them(q):
    assert "names" in ask(q).wants


@pytest.mark.parametrize("q", [
    "哪些学会可以被认定为一流学会", "哪些学会能申报", "是给哪些学会的", "哪些学会才能获评一流",
    "哪些学会参加了考核", "哪些学会可以获批",
])
def test_which_kind_of_society_qualifies_is_no_names_question(q):
    # A condition answers these ("省级学会"), not a list of societies.
    assert "names" not in ask(q).wants


# -- the third batch of readings ------------------------------------------------------------------------


@pytest.mark.parametrize("q", ["这样符合提升计划要求不", "我们学会能报不？", "监事会今年开会没", "是不是优先资助"])
def test_a_tail_not_or_shi_bu_shi_asks_yes_or_no(q):
    assert ask(q).yes_no


@pytest.mark.parametrize("q", ["学会数量不多", "项目不少", "我们会员不足"])
def test_a_not_inside_a_statement_asks_nothing(q):
    assert not ask(q).yes_no


@pytest.mark.parametrize("q", ["问道沙龙一场最少得搞多长时间", "一场活动要多少时间"])
def test_how_long_asks_a_time(q):
    assert "time" in ask(q).wants


@pytest.mark.parametrize("q,want", [("论文集篇数有要求吗", "count:篇"), ("报告字数有没有规定", "count:字"),
                                    ("沙龙场次有什么限制", "count:场")])
def test_a_count_asked_by_its_units_shu(q, want):
    assert want in ask(q).wants


def test_a_units_shu_without_asking_for_a_figure_asks_no_count():
    assert not any(w.startswith("count:") for w in ask("论文集篇数越多越好").wants)


@pytest.mark.parametrize("q,brought", [("监事会查账多久一次", "审计"), ("一个学会能报两项吗", "最多可申报"),
                                       ("这个项目能报两个吗", "兼报"), ("每个学会能报几项", "最多可申报"),
                                       ("每个学会能报几个", "兼报")])
def test_colloquial_words_for_audits_and_caps_bring_the_documents_words(q, brought):
    assert brought in ask(q).keyword_tokens


@pytest.mark.parametrize("q,text,held", [
    ("培训多少人", "表｜单位：东台；创新创业培训人数：120", True),
    ("培训多少人", "表｜子项目：培训；项目数量（上限）：30", False),  # a cap on projects counts no people
    ("办了几场", "表｜单位：市学会；大型学术活动场次：2", True),
    ("办了几场", "表｜单位：市学会；项目数量：2", False),
    ("有几个项目", "表｜单位：市学会；项目数量：2", True),  # 个 counts whatever the header names
])
def test_a_cells_bare_figure_counts_people_or_sessions_only_under_a_header_saying_so(q, text, held):
    from kb._query import has_evidence
    a = ask(q)
    want = next(w for w in a.wants if w.startswith("count:"))
    assert has_evidence(want, text, a.counted) is held


def test_the_names_a_question_gives_its_document_are_kept_to_match_other_documents_passages():
    a = ask("考核结果和计划指南的申报有啥关系")
    assert a.named_docs == {"p2022"} and a.names_used == ["计划指南"]
    assert ask("考核结果和申报有啥关系").names_used == []


# -- a statement before the question tells the asker's case ---------------------------------------

@pytest.mark.parametrize("q", [
    "我们学会前几年就有职称评审资格了。加分项里那条今年还能拿吗？",
    "我们学会成立30年了，秘书处一直是几个老师兼职在干。指南对秘书处有啥要求？",
    "去年办了几场活动。今年还能报吗？",
])
def test_a_count_in_a_statement_before_the_question_is_not_asked(q):
    assert not any(w.startswith("count:") for w in ask(q).wants)


def test_a_count_in_the_asking_sentence_is_still_asked():
    assert "count:场" in ask("我们学会去年办得不错。今年要办几场？").wants
    assert "count:个" in ask("几个专家就够了吗？").wants  # one sentence: nothing is set aside


def test_a_year_in_a_statement_is_the_askers_history_and_names_no_missing_document():
    a = ask("我们的科技奖2019年就报备了，每两年评一次。结题时得交哪些东西？")
    assert a.years == []
    assert ask("2019年的结题材料交哪些东西？").years == [2019]


@pytest.mark.parametrize("q, year", [("23年指南对秘书处有啥要求？", 2023), ("22年计划指南里服务站怎么建", 2022),
                                     ("24年的考核办法发给谁", 2024)])
def test_a_year_written_short_before_a_documents_name_names_that_document(q, year):
    assert year in ask(q).years


def test_a_short_number_of_years_is_no_documents_year():
    assert ask("我们学会成立30年了，有什么要求").years == []
    assert ask("我们学会成立22年了，有什么要求").years == []


@pytest.mark.parametrize("q", ["年度考核最后的总分是怎么得出来的？", "总分怎么算", "这个占比是如何计算的"])
def test_how_a_figure_is_arrived_at_asks_no_figure(q):
    wants = ask(q).wants
    assert "percent" not in wants and not any(w.startswith("count:") for w in wants)


def test_the_figure_itself_is_still_asked():
    assert "count:分" in ask("年度考核总分是多少").wants
    assert "percent" in ask("集中考核占比多少").wants


def test_a_colloquial_question_word_marks_the_asking_clause():
    a = ask("我们学会会员5000多，秘书处兼职人员不少，指南对秘书长这块有啥要求")
    assert "秘书长" in a.asking_tokens


def test_a_place_in_a_statement_before_the_question_is_where_the_asker_is_not_whose_rules():
    a = ask("我们是盐城的市级学会。省科协那个计划指南是发给哪些学会的，我们在不在范围里？")
    assert "c2018" not in a.doc_hints and a.provincial
    assert "c2018" in ask("盐城的计划是发给哪些学会的？").doc_hints


def test_a_document_named_in_a_statement_is_context_when_the_question_names_its_own():
    a = ask("18年的方案说要建服务站。对照22年计划指南，服务站要达到什么程度？")
    assert "p2022" in a.doc_hints and "c2018" not in a.doc_hints
    # Named only in the statement, it is still the document the question is about.
    assert "p2022" in ask("22年计划指南说要建服务站。这个要达到什么程度？").doc_hints


@pytest.mark.parametrize("q, attr", [
    ("24年考核办法说看有没有主建平台。平台建成以后要达到什么程度？", "yes_no"),
    ("我们一共办了3场活动。这次活动要达到什么规模？", "asks_total"),
    ("我们问过有哪些项目了。服务站要达到什么程度？", "asks_list"),
    ("我们不知道怎么申报。服务站要达到什么程度？", "asks_how"),
    ("上回问过具体要做些啥。服务站要达到什么程度？", "asks_whole"),
])
def test_the_form_of_the_question_is_read_from_its_asking_sentences(q, attr):
    assert getattr(ask(q), attr) is False
    assert getattr(ask(q.split("。")[0] + "？"), attr) is True


def test_a_missing_documents_year_in_a_statement_is_history():
    assert ask("2021年提升计划我们立项了。今年还能报吗？").doc_years == []
    assert ask("2021年提升计划有哪些项目？").doc_years == [2021]


@pytest.mark.parametrize("q, aside", [
    ("学会自己推进科创江苏（不是服务团那种），要解决几个技术问题？", "服务团"),
    ("不是一流学会那个，平台学会有什么要求", "一流学会"),
    ("会员之家，不是服务站那类，要多大面积", "服务站"),
])
def test_what_the_asker_sets_aside_is_not_what_they_ask_about(q, aside):
    a = ask(q)
    assert aside not in a.tokens and aside not in a.keyword_tokens


def test_a_plain_negation_sets_nothing_aside():
    assert "服务团" in ask("服务团不是必须建的吗").tokens
    assert "服务团" in ask("不是服务团要交材料吗").tokens


# -- round 6: figures the user states, how often, the first item, documents that do not exist --------

def test_a_percentage_the_user_states_asks_for_none():
    assert "percent" not in ask("盐城要求会员每年涨3%-10%，省里对会员发展怎么要求的？").wants
    assert "percent" in ask("会员每年要涨多少%？").wants


@pytest.mark.parametrize("q", ["这个计划多久发一次", "理事会多长时间开一次", "奖项几年评一次", "一年搞几次"])
def test_how_often_wants_a_frequency_not_a_date(q):
    a = ask(q)
    assert "frequency" in a.wants and "time" not in a.wants


@pytest.mark.parametrize("text,held", [("市科协每年发布重点项目", True), ("每两年评选一次", True),
                                       ("3年一次", True), ("活动实施前后10天报备", False)])
def test_a_frequency_is_stated_as_every_so_often(text, held):
    assert has_evidence("frequency", text) is held


@pytest.mark.parametrize("q", ["保障措施头一条说的啥", "保障措施头条是什么"])
def test_the_head_item_is_the_first(q):
    assert ask(q).ordinals == [1]


def test_a_year_and_a_name_no_document_of_that_year_bears_is_a_missing_document():
    docs = [PROVINCE_2022, KAOHE_2024]
    assert analyse("24年的计划指南几号开始报？", docs).missing_docs == [(2024, "计划指南")]
    assert analyse("2024年的考核办法几号发的", docs).missing_docs == []  # that year's document bears it
    assert analyse("2022年的计划指南几号开始报", docs).missing_docs == []
    assert analyse("我们2024年计划指南立项了吗", docs).missing_docs == []  # the asker's own year


@pytest.mark.parametrize("q, n", [("学术建设下面第3个是什么项目", [3]), ("第二个是啥", [2]), ("第2个子项目是什么", [2])])
def test_an_item_numbered_with_ge_alone_is_an_ordinal(q, n):
    assert ask(q).ordinals == n


@pytest.mark.parametrize("q", ["我们准备报特色学术交流。这个子项目全省一共能立多少个？",
                               "这个专项全省一共限多少项", "该项目总共能立几个"])
def test_yigong_of_the_item_the_question_points_at_is_that_items_figure_not_a_total(q):
    assert ask(q).asks_total is False


def test_yigong_of_the_whole_is_still_a_total():
    assert ask("提升计划全省一共能立多少个项目").asks_total is True


def test_a_cell_figure_counts_only_under_its_own_header_not_a_colon_inside_another_cell():
    row = "表｜项目名称：精品学术交流活动；资助标准（元/项）：1000-5000；备注：1、活动举办时间为：2017年11月"
    assert not has_evidence("count:场", row)
    assert has_evidence("count:场", "表｜单位：东台；活动场次：12")


def test_the_counted_noun_is_read_in_the_asking_sentence():
    assert ask("我们准备报特色学术交流。这个子项目全省一共能立多少个？").counted == ""
    assert ask("我们去年办得不错。最少要有几个专家？").counted == "专家"


def test_province_wide_is_read_from_the_asking_sentence():
    assert ask("这个子项目全省一共能立多少个").province_wide is True
    assert ask("每个学会能立多少个").province_wide is False


def test_which_points_is_no_hour():
    assert "time" not in ask("传播力那块下面分了哪几点").wants
    assert "time" in ask("材料下午几点前交").wants


@pytest.mark.parametrize("q", ["工作指南第三部分（创新部分）主要突出什么", "第二部分(能力部分)讲啥"])
def test_a_part_restated_by_name_in_parentheses_is_the_part_not_its_nth_item(q):
    assert ask(q).ordinals == []


@pytest.mark.parametrize("q, n", [("第三部分（一）讲什么", [3]), ("第三部分第（一）条讲什么", [3, 1]),
                                  ("第三部分讲什么", [3])])
def test_a_numbered_part_and_its_numbered_item_are_still_read(q, n):
    assert ask(q).ordinals == n


@pytest.mark.parametrize("q", ["佐证材料具体截止到哪一天", "网上申报几号截止", "哪天印发的"])
def test_asking_for_a_day_wants_one(q):
    assert "day" in ask(q).wants


@pytest.mark.parametrize("text,held", [("5月17日17:00前提交", True), ("每月5号前报送", True),
                                       ("10月至11月提交佐证材料", False), ("3月底前发布", False)])
def test_a_day_is_named_by_its_number(text, held):
    assert has_evidence("day", text) is held
