import pytest

from kb import ClauseNotFound, DocumentNotFound
from kb._refs import ref_tokens, same_clause


def test_clause_refs_compare_equal_across_bracket_and_dot_styles():
    assert same_clause("三、（一）1．（2）1）", "三、(一)1.(2)1)")
    assert ref_tokens("附件3 7.") == [("att", 3), ("num", 7)]
    assert ref_tokens("不是条款") is None


def test_clause_lookup_returns_whole_text_with_headings_and_children(knowledge_base):
    v = knowledge_base.clause("2022", "三、（二）1．（2）")
    assert v.title == "2022年度江苏省科协提升学会服务科技创新能力计划项目指南"
    assert v.headings == ["项目内容及相关要求", "学术建设", "学术交流", "相关要求"]
    assert "2022年11月30日前" in v.text
    assert [c["clause"] for c in v.children] == [f"三、（二）1.（2）{i}）" for i in range(1, 5)]


def test_clause_lookup_by_document_id_and_with_tables(knowledge_base):
    v = knowledge_base.clause("2018-yancheng-fangan", "附件2")
    assert "新注册企业200元/家；征集案例400元/个" in v.text


def test_attachment_prefix_may_be_left_out_when_unambiguous(knowledge_base):
    v = knowledge_base.clause("2023", "二、1、（二）（2）")
    assert v.clause == "附件1 二、1、（二）（2）" and "参会人数200人以上" in v.text


def test_unknown_clause_names_the_nearest_existing_ones(knowledge_base):
    with pytest.raises(ClauseNotFound) as e:
        knowledge_base.clause("2022", "三、（九）")
    assert e.value.nearest and all(n.startswith("三、") for n in e.value.nearest)
    assert "三、（九）" in str(e.value)


def test_unknown_document_lists_the_valid_ones(knowledge_base):
    with pytest.raises(DocumentNotFound) as e:
        knowledge_base.clause("2030", "一、")
    assert "2022-tisheng-jihua" in e.value.valid and "2022" in str(e.value)
