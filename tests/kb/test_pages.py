"""A clause of an added PDF is cited with its page: in --json (an extra "page" key), in the answer
text, in the CLI's citation lines and in a clause look-up."""
from __future__ import annotations

import asyncio
import shutil

import pytest
from doc_builders import cjk_font, make_pdf

import indexer
from bot import ChatCore, ChatSettings, Incoming, _render
from bot._gate import AccessList
from kb import KnowledgeBase
from kb._types import ClauseView, Passage

NEEDS_FONT = pytest.mark.skipif(
    cjk_font() is None,
    reason="没有中文字体，无法用 fpdf2 生成中文 PDF；./setup.sh 以 root 运行时会安装 fonts-wqy-microhei",
)

PAGES = [
    ["南通市科学技术协会", "关于开展2025年度学会星级评定工作的通知", "通科协〔2025〕11号", "各市级学会：",
     "一、评定对象", "（一）市级学会。登记满三年的市级学会均可申请星级评定。"],
    ["二、评定标准", "1．组织建设。理事会每年至少召开2次会议。",
     "2．会员服务。个人会员年度续会率不低于八成。"],
    ["三、奖励办法", "获评五星级的学会给予一次性奖励3万元。", "南通市科学技术协会", "2025年6月9日"],
]


def _passage(page: int | None) -> Passage:
    return Passage(doc="d", title="某通知", year=2025, clause="三、", text="…", score=0.5, page=page)


def test_page_is_an_extra_json_key_only_when_known():
    assert _passage(3).to_json()["page"] == 3
    assert "page" not in _passage(None).to_json()
    view = ClauseView(doc="d", title="某通知", clause="三、", headings=[], text="…", children=[], page=2)
    assert view.to_json()["page"] == 2
    assert "page" not in ClauseView(doc="d", title="t", clause="三、", headings=[], text="…", children=[]).to_json()


def test_cli_citation_line_says_the_page():
    assert _render.on_page(3) == "（第3页）" and _render.on_page(None) == ""


@NEEDS_FONT
def test_added_pdf_answer_cites_the_page_its_clause_is_on(kb_home, tmp_path, capsys):
    home = tmp_path / "home"
    shutil.copytree(kb_home, home, symlinks=True)
    pdf = make_pdf(tmp_path / "星级评定.pdf", PAGES, header="南通市科协文件")
    [r] = indexer.add_documents([pdf], home=home)
    assert r.status == "added", r.line()
    base = KnowledgeBase.open(home=home)

    a = base.ask("南通市获评五星级的学会奖励多少钱")
    assert not a.abstained and a.citations[0].doc == r.doc, a.answer
    assert a.citations[0].page == 3 and a.to_json()["citations"][0]["page"] == 3
    assert "（第3页）" in a.answer
    _render.answer(a)
    assert "（第3页）" in capsys.readouterr().out

    view = base.clause(r.doc, "二、2．")
    assert "八成" in view.text and view.page == 2
    _render.clause(view)
    assert "（第2页）" in capsys.readouterr().out

    # The chat core: a clause looked up, and a previous answer's citation shown in full.
    core = ChatCore(kb=base, data_dir=tmp_path / "chat", access=AccessList.parse("wecom:alice"),
                    settings=ChatSettings(rate_limit=1000))

    async def say(*texts: str) -> list:
        out = [await core.handle(Incoming(channel="wecom", chat_id="alice", chat_type="private", sender="alice",
                                          text=t, mentioned=False, message_id=str(i), choice=None))
               for i, t in enumerate(texts)]
        await core.close()
        return out

    [[looked], [asked], [shown]] = asyncio.run(say(f"/clause {r.doc} 二、2．", "南通市获评五星级的学会奖励多少钱",
                                                   "原文是什么"))
    assert "（第2页）" in looked.text and "（第3页）" in asked.text
    assert "（第3页）" in shown.text, shown.text
