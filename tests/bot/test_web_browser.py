"""The web page in a real browser: Playwright driving Debian's Chromium against a real `xuehui serve`.

Asks a question, clicks a citation and sees the clause text, follows up, opens a clause by its link,
fills the eligibility form to a verdict and the score form to a grade, at desktop and phone widths.
Screenshots are kept under tests/artifacts/web/ (not committed). Skipped when no Chromium is installed
(./setup.sh installs Debian's `chromium` when it can).
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from web_process import ServeProcess

expect = pytest.importorskip("playwright.sync_api").expect

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts" / "web"
TOKEN = "browser-test-token"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
CLAUSE_LINK = "/#/2022-tisheng-jihua/三、（一）4.（2）"

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="没有 /usr/bin/chromium（./setup.sh 以 root 运行时会安装 Debian 的 chromium）；跳过浏览器测试")


@pytest.fixture(scope="module")
def server(kb_home, tmp_path_factory):
    with ServeProcess(kb_home, tmp_path_factory.mktemp("serve"), env={"XUEHUI_API_TOKEN": TOKEN}) as s:
        yield s
    assert "Traceback" not in s.log(), s.log()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")), executable_path=str(CHROMIUM), headless=True,
            args=FLAGS, viewport=DESKTOP, locale="zh-CN")
        context.set_default_timeout(60_000)
        yield context
        context.close()


@pytest.fixture(scope="module")
def authorised(browser, server):
    """The first visit: the page asks for the token once (its first API call is refused) and keeps it."""
    page = browser.new_page()
    page.goto(server.url + "/#/docs")
    dialog = page.locator("#token-dialog")
    dialog.wait_for(state="visible")
    page.fill("#token-input", "wrong-token")
    page.click("#token-form button[type=submit]")
    page.locator("#token-error").wait_for(state="visible")   # asked again, saying the token was wrong
    page.fill("#token-input", TOKEN)
    page.click("#token-form button[type=submit]")
    dialog.wait_for(state="hidden")
    page.locator("#doc-tree details.doc").first.wait_for()
    assert page.evaluate("localStorage.getItem('xuehui_token')") == TOKEN
    page.close()
    return browser


def _page(browser, viewport: dict):
    page = browser.new_page()
    page.set_viewport_size(viewport)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.errors = errors  # type: ignore[attr-defined]
    return page


def _ask(page, question: str, nth: int):
    page.fill("#question", question)
    page.click("#ask-button")
    card = page.locator(".msg.bot:not(.pending)").nth(nth)
    card.wait_for()
    return card


def test_chat_asks_cites_and_follows_up(authorised, server):
    page = _page(authorised, DESKTOP)
    page.goto(server.url + "/#/ask")
    card = _ask(page, "发展助力专项什么样的学会才能报？", 0)
    assert "answer" in card.get_attribute("class")
    marker = card.locator("button.cite").first
    marker.click()
    panel = page.locator("#cite-panel")
    panel.wait_for(state="visible")
    assert "active" in marker.get_attribute("class"), "the clicked marker is highlighted"
    cited = panel.locator(".clause-text").inner_text()
    assert "专职化工作人员" in cited, cited
    assert panel.locator(".clause-path").inner_text().startswith("三、（一）4.")
    # beside the answer on a desktop: the panel is to the right of the chat
    assert panel.bounding_box()["x"] > card.bounding_box()["x"] + card.bounding_box()["width"] - 1
    page.screenshot(path=str(ARTIFACTS / "chat-desktop.png"), full_page=True)

    follow = _ask(page, "那品牌学术交流呢？", 1)
    assert "品牌学术交流" in follow.inner_text()
    refusal = _ask(page, "标准制定项目每项资助多少钱", 2)
    assert "refusal" in refusal.get_attribute("class") and "知识库中没有答案" in refusal.inner_text()
    hostile = '<img src=x onerror="document.title=1">理事会几次'
    _ask(page, hostile, 3)
    assert page.locator(".msg.user").nth(3).inner_text() == hostile, "text is shown as text, never as HTML"
    assert page.locator("#chat-log img").count() == 0 and page.title() == "学会助手"
    assert not page.errors  # type: ignore[attr-defined]


def test_a_clause_link_opens_the_same_clause(authorised, server):
    page = _page(authorised, DESKTOP)
    page.goto(server.url + CLAUSE_LINK)
    text = page.locator("#clause-text")
    text.wait_for()
    assert "申报学会秘书处须有专职化工作人员" in text.inner_text()
    assert page.locator("#clause-view .clause-path").inner_text() == "三、（一）4.（2）"
    assert page.locator("#doc-tree a.current").inner_text().startswith("（2）")
    link = page.locator("#clause-link").input_value()
    assert link.endswith(CLAUSE_LINK), link
    page.screenshot(path=str(ARTIFACTS / "clause-desktop.png"), full_page=False)
    # a child clause, then a table row from the tree
    page.locator("#clause-view .children a").first.click()
    expect(page.locator("#clause-view .clause-path")).to_have_text("三、（一）4.（2）1）")
    page.goto(server.url + "/#/2018-yancheng-fangan/附件1%20市科协2018年服务创新发展重点任务分解表（涉县部分）%20射阳县科协")
    expect(page.locator("#clause-text")).to_contain_text("射阳县科协")
    page.goto(server.url + "/#/2022-tisheng-jihua/三、（九）")
    page.locator("#clause-view .error").wait_for()
    assert "三、（九）" in page.locator("#clause-view .error").inner_text()
    assert not page.errors  # type: ignore[attr-defined]


def _choose(page, name: str, value: str) -> None:
    page.select_option(f'.field[data-name="{name}"] select', value)


def test_eligibility_form_reaches_a_verdict_with_clauses_and_conflicts(authorised, server):
    page = _page(authorised, DESKTOP)
    page.goto(server.url + "/#/check")
    page.locator("#check-projects input[value='发展助力专项']").check()
    page.locator('.field[data-name="society.has_fulltime_staff"]').wait_for()
    names = page.locator("#check-fields .field").evaluate_all("els => els.map(e => e.dataset.name)")
    assert "society.hosts_cn_journal" not in names, "only the fields the chosen sub-project needs"
    for name, value in (("society.org_type", "provincial_society"), ("society.took_capability_evaluation", "true"),
                        ("society.annual_inspection_passed", "true"), ("society.integrity_clean", "true"),
                        ("society.has_fulltime_staff", "true"), ("society.capability_grade", "C")):
        _choose(page, name, value)
    page.click("#check-button")
    card = page.locator('.verdict[data-project="发展助力专项"]')
    card.wait_for()
    assert re.search("可以申报|需补充信息", card.locator(".badge").inner_text())
    assert page.locator("#plan-verdict").is_visible()
    # a second project that cannot be combined: the conflict names both
    page.locator("#check-projects input[value='一流学会建设']").check()
    page.locator('.field[data-name="society.assessment_level"]').wait_for()
    page.click("#check-button")
    conflict = page.locator(".conflict .pair").first
    conflict.wait_for()
    assert "一流学会建设" in conflict.inner_text() and "发展助力专项" in conflict.inner_text()
    assert "计划不可行" in page.locator("#plan-verdict").inner_text()
    missing = page.locator('.verdict[data-project="一流学会建设"] .missing')
    if missing.count():
        assert "society." not in missing.inner_text(), "missing facts are named by the form's labels"
    page.screenshot(path=str(ARTIFACTS / "check-desktop.png"), full_page=True)
    # a reason's clause opens in the browser
    page.locator('.verdict[data-project="发展助力专项"] .reason a.clause-ref').first.click()
    page.locator("#clause-text").wait_for()
    assert page.locator("#clause-text").inner_text().strip()
    assert not page.errors  # type: ignore[attr-defined]


def test_score_form_reaches_a_grade_with_every_step(authorised, server):
    page = _page(authorised, DESKTOP)
    page.goto(server.url + "/#/score")
    page.locator('.field[data-name="central.basic"] input').wait_for()
    _choose(page, "category", "2")
    _choose(page, "participated", "true")
    for name, value in (("central.basic", "90"), ("central.capability", "80"), ("central.innovation", "6"),
                        ("info_reporting", "95"), ("performance", "88"),
                        ("peers", "91.2, 88.0, 86.5, 84.0, 83.1, 80.0, 78.4, 75.0, 70.2")):
        page.fill(f'.field[data-name="{name}"] input', value)
    page.click("#score-button")
    grade = page.locator("#score-summary .grade")
    grade.wait_for()
    assert grade.inner_text() in {"A", "B", "C"}
    steps = page.locator("table.steps tbody tr")
    assert steps.count() >= 8
    assert steps.first.locator("a.clause-ref").inner_text() == "三、（三）"
    page.screenshot(path=str(ARTIFACTS / "score-desktop.png"), full_page=True)
    # out of range: the browser holds the form back; not a number: the server names it at the field
    page.fill('.field[data-name="central.basic"] input', "130")
    assert page.eval_on_selector('.field[data-name="central.basic"] input', "i => !i.checkValidity()")
    page.fill('.field[data-name="central.basic"] input', "90")
    page.fill('.field[data-name="peers"] input', "91.2, 八十")
    page.click("#score-button")
    page.locator('.field[data-name="peers"] .field-error').wait_for()
    assert "peers[1]" in page.locator("#score-error").inner_text()
    assert not page.errors  # type: ignore[attr-defined]


def test_phone_width_shows_the_cited_clause_as_a_sheet(authorised, server):
    page = _page(authorised, PHONE)
    page.goto(server.url + "/#/ask")
    card = _ask(page, "问道科学沙龙一年最少要办几场？", 0)
    card.locator("button.cite").first.click()
    panel = page.locator("#cite-panel")
    panel.wait_for(state="visible")
    box = panel.bounding_box()
    assert box["width"] <= PHONE["width"] and box["y"] + box["height"] <= PHONE["height"] + 1
    assert "15场" in panel.locator(".clause-text").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], "nothing wider than the phone"
    page.screenshot(path=str(ARTIFACTS / "chat-phone.png"))
    page.goto(server.url + CLAUSE_LINK)
    page.locator("#clause-text").wait_for()
    page.screenshot(path=str(ARTIFACTS / "clause-phone.png"), full_page=True)
    page.goto(server.url + "/#/check")
    page.locator("#check-projects input[value='特色学术交流']").check()
    page.locator('.field[data-name="society.org_type"]').wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=str(ARTIFACTS / "check-phone.png"), full_page=True)
    assert not page.errors  # type: ignore[attr-defined]


def test_openapi_page_renders_offline_with_the_pages_token(authorised, server):
    page = _page(authorised, DESKTOP)
    page.goto(server.url + "/docs")
    title = page.locator(".swagger-ui .info .title")
    title.wait_for()
    assert "学会助手 API" in title.inner_text()
    expect(page.locator(".swagger-ui .opblock-summary-path").first).to_be_visible()
    assert "/api/ask" in page.locator(".swagger-ui").inner_text()
