"""Answers on the real corpus: cited verbatim, named as reviewers cite them, or plainly refused."""
import re

import pytest

from indexer import compact, matching_text
from kb import QuestionError


def test_answer_quotes_the_threshold_clause_and_cites_it_by_path(knowledge_base):
    a = knowledge_base.ask("想报一流学会建设，对学会评级有什么门槛")
    assert not a.abstained
    first = a.citations[0]
    assert (first.doc, first.clause) == ("2022-tisheng-jihua", "三、（一）1.（2）")
    assert "不低于B等" in a.answer and "不低于4A级" in a.answer
    assert "《2022年度江苏省科协提升学会服务科技创新能力计划项目指南》三、（一）1.（2）" in a.answer


def test_every_citation_marker_points_into_citations_and_quotes_are_verbatim(knowledge_base):
    a = knowledge_base.ask("学会换届得提前多久开始筹备？方案要提前多久报给省科协？")
    markers = {int(m) for m in re.findall(r"\[(\d+)\]", a.answer)}
    assert markers == set(range(1, len(a.citations) + 1))
    for quote in re.findall(r"“(.+?)”\[\d+\]", a.answer, flags=re.S):
        for part in quote.split("……"):
            assert compact(part) in compact(matching_text("2023-gongzuo-zhinan")) or compact(part) in compact(
                "".join(c.text for c in a.citations)
            )
    assert "6个月" in a.answer and "3个月" in a.answer


def test_question_asking_an_amount_no_document_states_is_refused(knowledge_base):
    a = knowledge_base.ask("标准制定项目每项资助多少钱")
    assert a.abstained and a.citations == []
    assert a.answer.startswith("知识库中没有") and "金额" in a.answer
    assert len(a.retrieved) >= 5  # the nearest passages are still shown


def test_amount_from_another_city_and_year_does_not_answer_a_provincial_question(knowledge_base):
    a = knowledge_base.ask("省科协2022年品牌学术交流项目每项能资助多少钱？")
    assert a.abstained


@pytest.mark.parametrize("q", ["学会个人会员一年会费交多少", "秘书长有没有年龄上限？70岁以上还能当吗"])
def test_questions_the_documents_do_not_answer_are_refused(knowledge_base, q):
    assert knowledge_base.ask(q).abstained


def test_year_without_a_document_is_refused_and_says_so(knowledge_base):
    a = knowledge_base.ask("2025年提升计划什么时候申报")
    assert a.abstained and "2025年" in a.answer


def test_traditional_question_finds_the_traditional_passage_and_quotes_it_in_simplified(knowledge_base):
    a = knowledge_base.ask("考核結果A、B、C三個等級各按多少比例劃分？")
    assert a.citations[0].clause == "四、（二）"
    assert "建立升降機制" in a.citations[0].text  # the citation itself stays verbatim
    assert "前位30%、中位40%、后位30%" in a.answer and "原文为繁体" in a.answer


def test_table_row_answers_a_county_question_on_its_own(knowledge_base):
    a = knowledge_base.ask("射阳县科协的孵化落地项目任务是几个？")
    assert "射阳县科协" in a.citations[0].text and "孵化落地项目：1" in a.answer


def test_sum_question_is_answered_by_the_total_row(knowledge_base):
    a = knowledge_base.ask("盐城各县区创新创业培训人数加起来一共是多少？")
    assert "1100" in a.answer


def test_clause_named_by_heading_and_ordinal_is_looked_up(knowledge_base):
    a = knowledge_base.ask("盐城实施方案“主要措施”第（四）条是什么内容？")
    assert (a.citations[0].doc, a.citations[0].clause) == ("2018-yancheng-fangan", "三、（四）")
    assert "择优资助" in a.answer


def test_clause_path_written_in_the_question_is_looked_up(knowledge_base):
    a = knowledge_base.ask("2022年指南 三、（一）1．（2）说了什么")
    assert a.citations[0].clause == "三、（一）1.（2）"


def test_citations_from_two_years_say_which_year_each_is(knowledge_base):
    a = knowledge_base.ask("申报一流学会要什么条件？")
    years = {c.year for c in a.citations}
    if len(years) > 1:
        assert "不同年度" in a.answer
    assert any(c.clause == "三、（一）1.（2）" for c in a.citations)


def test_eligibility_question_points_to_the_checker(knowledge_base):
    a = knowledge_base.ask("我们能报发展助力专项吗")
    assert a.suggest == "check" and a.to_json()["suggest"] == "check"


def test_search_is_the_batch_search_of_one(knowledge_base):
    q = "监事会多久开一次会"
    assert [p.text for p in knowledge_base.search(q)] == [p.text for p in knowledge_base.batch_search([q])[0]]
    assert "每半年至少召开1次监事会" in knowledge_base.ask(q).answer


@pytest.mark.parametrize("q", ["", "   ", "问" * 501])
def test_empty_or_overlong_question_is_a_question_error(knowledge_base, q):
    with pytest.raises(QuestionError):
        knowledge_base.ask(q)


def test_nested_ordinals_in_a_named_document_walk_down_its_clause_tree(knowledge_base):
    a = knowledge_base.ask("2022年提升计划第三部分第（二）项第2条是什么")
    assert (a.citations[0].doc, a.citations[0].clause) == ("2022-tisheng-jihua", "三、（二）2.")
    assert "梯队期刊建设" in a.answer


def test_count_question_needs_a_number_of_that_unit_about_the_thing_asked(knowledge_base):
    a = knowledge_base.ask("智库专家要多少人")
    assert not a.abstained and "15人以上" in a.answer


def test_a_year_inside_a_rule_is_not_a_document_year(knowledge_base):
    a = knowledge_base.ask("科技奖励项目2021年立项过的今年还能报吗")
    assert not a.abstained and "2021年获得立项的学会不得申报" in a.answer


def test_a_document_of_a_year_the_corpus_lacks_is_refused(knowledge_base):
    a = knowledge_base.ask("2021年提升计划有哪些项目")
    assert a.abstained and "2021年" in a.answer
