"""What is quoted: the sentences that answer, the deciding exclusion, the asked columns."""
import pytest

from kb._excerpt import excerpt

from ._built import ask, passage, stats

LONG = ("1．青少年科普服务专项\n"
        "发挥学会优势，重点面向青少年开展各类科技创新、综合实践、科技研学、科学实验等活动。\n"
        "开发科普资源，激发青少年对科学的兴趣和求知欲，培养创新精神和实践能力。\n"
        "疫情状态下可通过线上线下相结合的方式开展活动，场次及累计受众多者优先获得申报立项。\n"
        "省科普宣传周、全国科普日活动内容不列入本项目申报。")


def test_a_sentence_sharing_only_common_words_is_left_out():
    q = ask("学会理事会一年开几次")
    p = passage("（五）自身建设\n理事会每年至少召开2次。学会应当加强建设，提升学会服务能力，完善学会各项制度。")
    out = excerpt(q, p, stats(), len(p.text) - 1)  # room for both: only the floor leaves one out
    assert "召开2次" in out and "完善学会各项制度" not in out


def test_a_yes_no_question_quotes_the_excluding_sentence_even_past_the_limit():
    q = ask("全国科普日的活动能算进青少年科普服务专项吗")
    out = excerpt(q, passage(LONG), stats(), 30)  # room for one sentence: the exclusion is added
    assert "不列入本项目申报" in out


def test_the_exclusion_is_not_forced_into_other_questions():
    q = ask("青少年科普服务专项面向谁开展")
    assert "不列入" not in excerpt(q, passage(LONG), stats(), 30)


def test_a_listing_question_is_quoted_at_twice_the_length():
    p = passage("（一）项目类别\n" + "。".join(f"第{i}类项目包括学会建设" for i in range(1, 9)) + "。", clause="二、（一）")
    short = excerpt(ask("学会建设类项目要求是什么"), p, stats(), 40)
    listed = excerpt(ask("学会建设类项目包括哪几类"), p, stats(), 40)
    assert len(listed) > len(short) + 20


def test_a_sentence_holding_the_asked_fact_outranks_one_sharing_more_words():
    q = ask("服务站资助标准是多少")
    p = passage("（二）服务站\n服务站建设要规范，要有团队，资助对象要明确。服务站资助3000元。")
    out = excerpt(q, p, stats(), 20)
    assert "3000元" in out and "要有团队" not in out


def test_a_lifted_listing_is_quoted_as_its_lines():
    p = passage("三、主要措施\n（一）培育典型。很长的内容。\n（二）搭建平台。很长的内容。")
    p.listing = ["三、主要措施", "（一）培育典型。", "（二）搭建平台。"]
    assert excerpt(ask("主要措施有哪几条"), p, stats(), 10) == "三、主要措施……（一）培育典型。……（二）搭建平台。"


ROW = passage("重点项目表｜项目类别：学会服务；项目名称：企会协作；项目内容：组织专家开展专项协作；"
              "资助标准（元/项）：1000-2000；备注：项目申报另行通知", kind="row",
              fields=[("项目类别", "学会服务"), ("项目名称", "企会协作"), ("项目内容", "组织专家开展专项协作"),
                      ("资助标准（元/项）", "1000-2000"), ("备注", "项目申报另行通知")])


def test_a_row_quotes_its_naming_cells_and_the_asked_column_only():
    out = excerpt(ask("企会协作的资助标准"), ROW, stats(), 100)
    assert "资助标准（元/项）：1000-2000" in out and "项目内容" not in out


def test_a_rows_remarks_qualify_the_asked_column():
    out = excerpt(ask("企会协作的资助标准"), ROW, stats(), 100)
    assert "备注：项目申报另行通知" in out


def test_a_column_holding_the_asked_kind_of_fact_is_quoted_whatever_its_header():
    out = excerpt(ask("企会协作的项目内容，奖励多少"), ROW, stats({"奖励": 3.0}), 100)
    assert "1000-2000" in out


# -- a whole clause is quoted in order, from the first sentence about the question on ------------------

EXCHANGE = ("2．学术交流\n"
            "学会要加强自身建设，完善内部治理。\n"  # before the question's topic: left out
            "围绕学科前沿举办学术交流活动，每年不少于2场。\n"
            "邀请高水平专家作报告，扩大影响。\n"  # shares no word: the ranked excerpt drops it
            "活动结束后报送总结材料。\n"
            "各单位要高度重视，认真组织落实。")
WHOLE = ["学术交流具体要做些啥", "学术交流活动主要内容是什么", "学术交流活动讲什么", "学术交流都要干啥", "学术交流包括哪些活动"]


@pytest.mark.parametrize("q", WHOLE)
def test_a_whole_clause_is_quoted_in_order_from_the_first_sentence_about_the_question(q):
    # Limit 30, doubled: the title for context, then sentence after sentence (the middle one too,
    # though it shares no word with the question), cut with "……" where the room ends.
    assert excerpt(ask(q), passage(EXCHANGE), stats(), 30) == (
        "2．学术交流……围绕学科前沿举办学术交流活动，每年不少于2场。邀请高水平专家作报告，扩大影响。活动结束后报送总结材料。……")


def test_a_question_after_one_fact_gets_only_the_sentences_about_it():
    out = excerpt(ask("学术交流活动要求是什么"), passage(EXCHANGE), stats(), 30)
    assert "邀请高水平专家" not in out and "围绕学科前沿" in out


@pytest.mark.parametrize("q", WHOLE)
def test_a_whole_clause_whose_first_sentence_is_about_the_question_is_quoted_from_the_top(q):
    text = EXCHANGE.replace("学会要加强自身建设，完善内部治理。\n", "")
    out = excerpt(ask(q), passage(text), stats(), 30)
    assert out.startswith("2．学术交流围绕学科前沿")  # the title line and on, no gap after it
    assert out.endswith("……") and "邀请高水平专家作报告" in out


@pytest.mark.parametrize("q", WHOLE)
def test_a_whole_clause_within_twice_the_limit_is_quoted_whole(q):
    text = EXCHANGE.replace("各单位要高度重视，认真组织落实。", "")
    assert len(text) > 40
    assert excerpt(ask(q), passage(text), stats(), 40) == text.strip()


# -- a yes/no question's deciding cap --------------------------------------------------------------

CAPPED = ("1．青少年科普服务专项\n"
          "发挥学会优势，重点面向青少年开展各类科技创新、综合实践、科技研学、科学实验等活动。\n"
          "开发科普资源，激发青少年对科学的兴趣和求知欲，培养创新精神和实践能力。\n"
          "疫情状态下可通过线上线下相结合的方式开展活动，场次及累计受众多者优先获得申报立项。\n")


@pytest.mark.parametrize("rule", ["每个学会最多可申报1项。", "每个学会至多申报1项。", "每个学会限报1项。"])
@pytest.mark.parametrize("q", ["青少年科普服务专项我们学会能报两个吗", "我们学会想报两个青少年科普项目，可以吗"])
def test_a_yes_no_question_quotes_the_cap_that_decides_it(q, rule):
    # The cap shares only 学会/申报 with the question, yet it is what says "no".
    out = excerpt(ask(q), passage(CAPPED + rule), stats(), 30)
    assert out.endswith(rule)
