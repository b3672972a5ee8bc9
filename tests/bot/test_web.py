"""The web API (bot/_web.py) through FastAPI's test client, on the real bundled corpus and rules.

Every route, bad bodies, an oversized body, a missing or wrong token, the rate limit and CORS; every
refusal is `{"error": {"code", "message", "field"}}` with a 4xx status, never a 500 for input.
"""
from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from web_process import ServeProcess

import eligibility
from bot import ChatCore
from bot._web import WebConfig, create_app
from bot._web_guard import RateLimit
from bot._web_service import WebService, serialised

CHECK_SMALL = {
    "programme": "2022提升计划",
    "society": {"name": "江苏省某青年学会", "org_type": "provincial_society", "took_capability_evaluation": True,
                "annual_inspection_passed": True, "capability_grade": "C", "assessment_level": 3,
                "integrity_clean": True, "has_fulltime_staff": True, "funded": {"2020": ["发展助力专项"]}},
    "apply": ["发展助力专项", "特色学术交流", "青少年科普服务实事专项"],
}
SCORE_EXAMPLE = {"year": 2024, "category": 2, "participated": True,
                 "central": {"basic": 90, "capability": 80, "innovation": 6}, "info_reporting": 95,
                 "performance": 88, "peers": [91.2, 88.0, 86.5, 84.0, 83.1, 80.0, 78.4, 75.0, 70.2]}


@pytest.fixture(scope="module")
def service(knowledge_base, tmp_path_factory):
    base = serialised(knowledge_base)
    core = ChatCore(kb=base, data_dir=tmp_path_factory.mktemp("web-data"))
    return WebService(base, core)


def _client(service, **config) -> TestClient:
    return TestClient(create_app(service, WebConfig(**config)), raise_server_exceptions=False)


@pytest.fixture(scope="module")
def client(service):
    return _client(service, rate_per_minute=0)


def _error(r, status: int, code: str, field: str | None = "<any>") -> dict:
    assert r.status_code == status, r.text
    body = r.json()
    assert set(body) == {"error"} and {"code", "message", "field"} <= body["error"].keys()
    assert body["error"]["code"] == code
    if field != "<any>":
        assert body["error"]["field"] == field
    assert any("\u4e00" <= ch <= "\u9fff" for ch in body["error"]["message"]), "messages are Chinese"
    return body["error"]


# -- /healthz, the page, OpenAPI ----------------------------------------------------------------------

def test_healthz_reports_the_loaded_documents(client):
    r = client.get("/healthz")
    assert r.status_code == 200 and r.json() == {"ok": True, "documents": 4}


def test_the_page_and_its_files_are_served_with_a_strict_content_policy(client):
    r = client.get("/")
    assert r.status_code == 200 and "学会助手" in r.text and "/static/app.js" in r.text
    assert "default-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"
    for path in ("/static/app.js", "/static/style.css", "/favicon.ico"):
        assert client.get(path).status_code == 200, path


def test_openapi_page_works_offline_and_lists_every_route(client):
    page = client.get("/docs")
    assert page.status_code == 200 and "/docs-static/swagger-ui-bundle.js" in page.text and "cdn" not in page.text
    assert client.get("/docs-static/swagger-ui-bundle.js").status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/healthz", "/api/ask", "/api/clause", "/api/docs", "/api/check", "/api/score"} <= set(paths)


# -- /api/ask -------------------------------------------------------------------------------------------

def test_ask_returns_the_ask_json_shape_with_conversation_and_reading(client):
    r = client.post("/api/ask", json={"question": "问道科学沙龙一年最少要办几场？"})
    assert r.status_code == 200
    a = r.json()
    assert {"question", "answer", "abstained", "citations", "retrieved", "conversation", "reading"} <= a.keys()
    assert a["abstained"] is False and "15场" in a["answer"] and "[1]" in a["answer"]
    assert a["conversation"] is None and a["reading"] is None
    assert {"doc", "title", "clause", "text", "score"} <= a["citations"][0].keys()


def test_ask_refusal_is_marked_abstained(client):
    a = client.post("/api/ask", json={"question": "标准制定项目每项资助多少钱"}).json()
    assert a["abstained"] is True and a["citations"] == []


def test_follow_up_in_a_conversation_is_read_against_the_previous_question(client):
    first = client.post("/api/ask", json={"question": "问道科学沙龙一年最少要办几场？", "conversation": "t-follow"})
    assert first.json()["conversation"] == "t-follow"
    second = client.post("/api/ask", json={"question": "那品牌学术交流呢？", "conversation": "t-follow"}).json()
    assert second["reading"] and "品牌学术交流" in second["reading"]
    alone = client.post("/api/ask", json={"question": "那品牌学术交流呢？", "conversation": "t-other"}).json()
    assert alone["reading"] is None, "another conversation has no context"


def test_concurrent_questions_each_get_their_own_answer(service):
    import asyncio

    questions = ["问道科学沙龙一年最少要办几场？", "标准制定项目每项资助多少钱", "理事会一年至少要开几次？"]

    async def run() -> list[dict]:
        return await asyncio.gather(*(service.ask(q, None) for q in questions * 3),
                                    service.ask(questions[0], "t-concurrent"))

    answers = asyncio.run(run())
    assert [a["question"] for a in answers] == questions * 3 + questions[:1]
    assert [a["abstained"] for a in answers[:3]] == [False, True, False]


@pytest.mark.parametrize("body, field, code", [
    ({}, "question", "invalid_input"),
    ({"question": ""}, "question", "invalid_input"),
    ({"question": "   \n"}, "question", "invalid_input"),
    ({"question": 5}, "question", "invalid_input"),
    ({"question": "x" * 501}, "question", "invalid_input"),
    ({"question": "理事会几次", "conversation": "has space"}, "conversation", "invalid_input"),
    ({"question": "理事会几次", "mode": "fast"}, "mode", "invalid_input"),
    ([1, 2], None, "invalid_input"),
    ("一个字符串", None, "invalid_input"),
])
def test_ask_bad_bodies_are_422_naming_the_field(client, body, field, code):
    err = _error(client.post("/api/ask", json=body), 422, code, field)
    if field == "mode":
        assert err["valid"] == ["question", "conversation"]
    if body == {"question": "x" * 501}:
        assert "500" in err["message"]


def test_ask_invalid_json_is_400(client):
    _error(client.post("/api/ask", content=b'{"question": ', headers={"content-type": "application/json"}),
           400, "invalid_json", None)


def test_ask_without_a_json_content_type_says_so(client):
    err = _error(client.post("/api/ask", content=b'{"question": "x"}', headers={"content-type": "text/plain"}),
                 422, "invalid_input", None)
    assert "Content-Type" in err["message"]


def test_an_oversized_body_is_413_whether_announced_or_streamed(service):
    c = _client(service, max_body=1024, rate_per_minute=0)
    big = json.dumps({"question": "学" * 2000}).encode()
    _error(c.post("/api/ask", content=big, headers={"content-type": "application/json"}), 413, "body_too_large")

    def chunks():  # no Content-Length: the limit counts the bytes as they arrive
        for i in range(0, len(big), 256):
            yield big[i:i + 256]
    err = _error(c.post("/api/ask", content=chunks(), headers={"content-type": "application/json"}), 413,
                 "body_too_large")
    assert "1024" in err["message"]
    assert c.post("/api/ask", json={"question": "理事会一年至少要开几次？"}).status_code == 200


# -- /api/clause, /api/docs ------------------------------------------------------------------------------

def test_clause_returns_the_clause_json_shape(client):
    c = client.get("/api/clause", params={"doc": "2022-tisheng-jihua", "path": "三、（一）4.（2）"}).json()
    assert {"doc", "title", "clause", "text", "children"} <= c.keys()
    assert c["clause"] == "三、（一）4.（2）" and "专职化工作人员" in c["text"]
    assert [k["clause"] for k in c["children"]][:2] == ["三、（一）4.（2）1）", "三、（一）4.（2）2）"]
    by_year = client.get("/api/clause", params={"doc": "2022", "path": "三、(一)4．(2)"}).json()
    assert by_year["clause"] == c["clause"]


def test_a_table_row_opens_by_the_position_its_citation_gives(client):
    path = "附件1 市科协2018年服务创新发展重点任务分解表（涉县部分） 射阳县科协"
    c = client.get("/api/clause", params={"doc": "2018-yancheng-fangan", "path": path}).json()
    assert "孵化落地项目：1" in c["text"]


def test_unknown_clause_is_404_naming_the_nearest(client):
    err = _error(client.get("/api/clause", params={"doc": "2022", "path": "三、（九）"}), 404, "clause_not_found", "path")
    assert err["nearest"] and "三、（九）" in err["message"]


def test_unknown_document_is_404_listing_the_valid_ones(client):
    err = _error(client.get("/api/clause", params={"doc": "2099", "path": "一、"}), 404, "doc_not_found", "doc")
    assert "2022-tisheng-jihua" in err["valid"]


@pytest.mark.parametrize("params, field", [({"path": "一、"}, "doc"), ({"doc": "2022"}, "path"),
                                           ({"doc": " ", "path": "一、"}, "doc"), ({"doc": "2022", "path": ""}, "path")])
def test_clause_missing_parameters_are_422(client, params, field):
    _error(client.get("/api/clause", params=params), 422, "invalid_input", field)


def _walk(nodes):
    for n in nodes:
        yield n
        yield from _walk(n["children"])


def test_docs_lists_every_document_with_its_clause_tree_attachments_and_table_rows(client):
    docs = {d["id"]: d for d in client.get("/api/docs").json()}
    assert set(docs) == {"2022-tisheng-jihua", "2023-gongzuo-zhinan", "2018-yancheng-fangan", "2024-kaohe-banfa"}
    assert {"id", "title", "year", "clauses"} <= docs["2022-tisheng-jihua"].keys()
    paths = {n["clause"] for n in _walk(docs["2022-tisheng-jihua"]["clauses"])}
    assert {"三、", "三、（一）", "三、（一）4.", "三、（一）4.（2）", "三、（一）4.（2）2）"} <= paths
    yancheng = list(_walk(docs["2018-yancheng-fangan"]["clauses"]))
    assert {"附件1", "附件2", "附件3"} <= {n["clause"] for n in yancheng}
    rows = [r for n in yancheng for t in n["tables"] for r in t["rows"]]
    assert any(r["label"] == "射阳县科协" for r in rows)
    assert {n["clause"] for n in _walk(docs["2023-gongzuo-zhinan"]["clauses"])} >= {"附件1", "附件1 一、"}


# -- /api/check, /api/score, the forms -------------------------------------------------------------------

def test_check_returns_what_xuehui_check_json_prints(client):
    r = client.post("/api/check", json=CHECK_SMALL)
    assert r.status_code == 200
    assert r.json() == eligibility.check(json.loads(json.dumps(CHECK_SMALL))).to_json()
    assert [p["project"] for p in r.json()["projects"]] == CHECK_SMALL["apply"]


def test_check_names_both_projects_of_a_conflict(client):
    body = {"society": CHECK_SMALL["society"], "apply": ["一流学会建设", "发展助力专项"]}
    r = client.post("/api/check", json=body).json()
    assert r["plan_ok"] is False
    assert any({"一流学会建设", "发展助力专项"} <= set(c["projects"]) for c in r["conflicts"])


@pytest.mark.parametrize("body, field", [
    ({"society": {"capability_grade": "E"}}, "society.capability_grade"),
    ({"apply": ["一流学会建"]}, "apply[0]"),
    ({"society": {"colour": "red"}}, "society.colour"),
])
def test_check_input_errors_are_422_naming_the_field_and_valid_values(client, body, field):
    err = _error(client.post("/api/check", json=body), 422, "invalid_input", field)
    assert err["valid"], "the valid values are listed"


def test_check_lists_every_problem_of_the_body(client):
    body = {"society": {"capability_grade": "E", "assessment_level": 9}, "apply": ["一流学会建"]}
    err = _error(client.post("/api/check", json=body), 422, "invalid_input")
    assert {e["field"] for e in err["errors"]} >= {"society.capability_grade", "society.assessment_level", "apply[0]"}


def test_check_unknown_project_suggests_the_closest(client):
    err = _error(client.post("/api/check", json={"apply": ["一流学会建"]}), 422, "invalid_input", "apply[0]")
    assert err["closest"] == "一流学会建设"


@pytest.mark.parametrize("route", ["/api/check", "/api/score"])
def test_check_and_score_bodies_must_be_objects(client, route):
    _error(client.post(route, json=[1]), 422, "invalid_input", None)
    _error(client.post(route, content=b"{oops", headers={"content-type": "application/json"}), 400, "invalid_json")


def test_score_returns_what_xuehui_score_json_prints(client):
    r = client.post("/api/score", json=SCORE_EXAMPLE)
    assert r.status_code == 200
    assert r.json() == eligibility.score(json.loads(json.dumps(SCORE_EXAMPLE))).to_json()
    assert r.json()["grade"] in {"A", "B", "C"} and r.json()["steps"]


def test_score_bad_category_is_422_with_the_valid_ones(client):
    err = _error(client.post("/api/score", json={"category": 7}), 422, "invalid_input", "category")
    assert err["valid"]


def test_check_form_lists_only_the_fields_the_chosen_projects_need(client):
    every = {f["name"] for f in client.get("/api/forms/check").json()["fields"]}
    form = client.get("/api/forms/check", params={"projects": ["发展助力专项"]}).json()
    names = {f["name"] for f in form["fields"]}
    assert "society.capability_grade" in names and "society.has_fulltime_staff" in names
    assert names < every, "a field only other projects need is left out"
    grade = next(f for f in form["fields"] if f["name"] == "society.capability_grade")
    assert [c["value"] for c in grade["choices"]] == ["A", "B", "C", "D"] and grade["clause"]


def test_check_form_unknown_project_is_422(client):
    _error(client.get("/api/forms/check", params={"projects": ["不存在的项目"]}), 422, "invalid_input")


def test_score_form_gives_ranges_and_choices(client):
    fields = {f["name"]: f for f in client.get("/api/forms/score").json()["fields"]}
    assert fields["central.basic"]["minimum"] == 0 and fields["central.basic"]["maximum"] == 100
    assert [c["value"] for c in fields["category"]["choices"]] == ["1", "2", "3", "4"]


def test_projects_lists_the_programmes_sub_projects(client):
    names = [p["name"] for p in client.get("/api/projects").json()]
    assert "发展助力专项" in names and "一流学会建设" in names


# -- never a 500 for input ---------------------------------------------------------------------------------

_json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=20),
                            lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
                            max_leaves=12)
_check_like = st.fixed_dictionaries({}, optional={
    "programme": _json_values, "apply": st.lists(st.sampled_from(["一流学会建设", "特色学术交流", "x"]) | _json_values),
    "society": st.dictionaries(st.sampled_from(["capability_grade", "funded", "assessment_level", "org_type", "bogus"]),
                               _json_values, max_size=3)})
_score_like = st.dictionaries(st.sampled_from(["category", "central", "peers", "participated", "info_reporting", "zzz"]),
                              _json_values, max_size=4)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(route=st.sampled_from(["/api/check", "/api/score", "/api/ask"]), body=_check_like | _score_like | _json_values)
def test_no_body_gives_a_500(client, route, body):
    r = client.post(route, json=body)
    assert r.status_code < 500, r.text
    if r.status_code >= 400:
        assert set(r.json()) == {"error"}


@pytest.mark.parametrize("raw", [b'{"category": 2, "central": {"basic": NaN}}', b'{"peers": [Infinity]}',
                                 b'{"category": -Infinity}', b"", b"\xff\xfe"])
def test_non_finite_numbers_and_undecodable_bodies_are_refused(client, raw):
    for route in ("/api/check", "/api/score"):
        r = client.post(route, content=raw, headers={"content-type": "application/json"})
        assert r.status_code in (400, 422) and set(r.json()) == {"error"}, r.text


def test_unknown_routes_and_methods_use_the_error_shape(client):
    _error(client.get("/api/nothing"), 404, "not_found")
    _error(client.delete("/api/ask"), 405, "method_not_allowed")


# -- token, rate limit, CORS --------------------------------------------------------------------------------

def test_token_is_required_for_the_api_but_not_for_healthz_or_the_page(service):
    c = _client(service, token="s3cret-token", rate_per_minute=0)
    assert c.get("/healthz").status_code == 200
    assert c.get("/").status_code == 200 and c.get("/static/app.js").status_code == 200
    err = _error(c.post("/api/ask", json={"question": "理事会几次"}), 401, "unauthorized")
    assert "Authorization" in err["message"]
    assert c.post("/api/ask", json={"question": "理事会几次"}).headers["www-authenticate"] == "Bearer"
    _error(c.get("/api/docs", headers={"Authorization": "Bearer wrong"}), 401, "unauthorized")
    _error(c.get("/api/docs", headers={"Authorization": "Basic s3cret-token"}), 401, "unauthorized")
    _error(c.get("/openapi.json"), 401, "unauthorized")
    ok = {"Authorization": "Bearer s3cret-token"}
    assert c.get("/api/docs", headers=ok).status_code == 200
    assert c.post("/api/check", json=CHECK_SMALL, headers=ok).status_code == 200


def test_the_pages_cookie_opens_the_schema_pages_only(service):
    c = _client(service, token="s3cret-token", rate_per_minute=0)
    c.cookies.set("xuehui_token", "s3cret-token")
    assert c.get("/openapi.json").status_code == 200
    _error(c.get("/api/docs"), 401, "unauthorized")


def test_rate_limit_answers_429_with_retry_after(service):
    c = _client(service, rate_per_minute=2)
    assert c.get("/api/projects").status_code == 200
    assert c.get("/api/projects").status_code == 200
    r = c.get("/api/projects")
    err = _error(r, 429, "rate_limited")
    assert int(r.headers["retry-after"]) >= 1 and "每分钟最多 2 次" in err["message"]
    assert c.get("/healthz").status_code == 200, "the probe is never limited"


def test_token_bucket_refills_at_the_configured_rate():
    now = [0.0]
    limit = RateLimit(app=None, per_minute=60, clock=lambda: now[0])  # type: ignore[arg-type]
    assert all(limit.take("a") == 0.0 for _ in range(60))
    assert limit.take("a") == pytest.approx(1.0)
    assert limit.take("b") == 0.0, "clients are counted separately"
    now[0] = 2.0
    assert limit.take("a") == 0.0 and limit.take("a") == 0.0 and limit.take("a") > 0


def test_cors_is_off_by_default_and_on_for_configured_origins(client, service):
    pre = {"Origin": "https://oa.example.cn", "Access-Control-Request-Method": "POST"}
    assert "access-control-allow-origin" not in client.options("/api/ask", headers=pre).headers
    assert "access-control-allow-origin" not in client.get("/healthz", headers={"Origin": "https://oa.example.cn"}).headers
    c = _client(service, cors_origins=("https://oa.example.cn",), token="t0k", rate_per_minute=0)
    r = c.options("/api/ask", headers={**pre, "Access-Control-Request-Headers": "authorization,content-type"})
    assert r.status_code == 200 and r.headers["access-control-allow-origin"] == "https://oa.example.cn"
    r = c.options("/api/ask", headers={**pre, "Origin": "https://evil.example"})
    assert r.headers.get("access-control-allow-origin") != "https://evil.example"


def test_config_reads_the_token_and_origins_from_the_environment():
    cfg = WebConfig.from_env({"XUEHUI_API_TOKEN": "abc", "XUEHUI_CORS_ORIGINS": "https://a.cn, https://b.cn"})
    assert cfg.token == "abc" and cfg.cors_origins == ("https://a.cn", "https://b.cn")
    assert WebConfig.from_env({}).token is None and WebConfig.from_env({}).cors_origins == ()


# -- `xuehui serve` as a real process ------------------------------------------------------------------------

def test_serve_runs_on_loopback_with_the_token_and_stops_on_sigterm(kb_home, tmp_path):
    with ServeProcess(kb_home, tmp_path, env={"XUEHUI_API_TOKEN": "tok-123"}) as server:
        with urllib.request.urlopen(server.url + "/healthz", timeout=10) as r:
            assert json.load(r)["ok"] is True
        req = urllib.request.Request(server.url + "/api/ask", data=json.dumps({"question": "理事会一年至少要开几次？"}).encode(),
                                     headers={"Content-Type": "application/json"})
        with pytest.raises(urllib.error.HTTPError) as denied:
            urllib.request.urlopen(req, timeout=30)
        assert denied.value.code == 401
        req.add_header("Authorization", "Bearer tok-123")
        with urllib.request.urlopen(req, timeout=60) as r:
            assert json.load(r)["citations"]
        assert server.stop() == 0
    assert "Traceback" not in server.log()


def test_tree_nodes_without_a_heading_show_their_first_words_and_rows_sit_under_their_table():
    from bot._web_tree import PREVIEW_CHARS, document_tree, preview

    records = [
        {"path": "附件1", "label": "附件1", "heading": "分解表", "text": "附件1 分解表", "children": ["附件1 1."],
         "tables": ["任务表"]},
        {"path": "附件1 1.", "label": "1.", "heading": "", "text": "1.申报学会上一年度综合能力评价等级不低于B等。\n第二行",
         "children": [], "tables": []},
        {"path": "附件1 任务表 射阳县科协", "label": "射阳县科协", "heading": "射阳县科协", "text": "…", "children": [],
         "tables": []},
    ]
    roots = document_tree(records)
    assert [r["clause"] for r in roots] == ["附件1"], "a row is not a top-level clause"
    assert roots[0]["tables"] == [{"name": "任务表", "rows": [{"clause": "附件1 任务表 射阳县科协", "label": "射阳县科协"}]}]
    child = roots[0]["children"][0]
    assert child["preview"] == "申报学会上一年度综合能力评价等级不低于B等。" and roots[0]["preview"] == ""
    long = {"label": "（1）", "heading": "", "text": "（1）" + "字" * (PREVIEW_CHARS + 5)}
    assert preview(long) == "字" * PREVIEW_CHARS + "…"


# -- `xuehui serve` refuses bad settings before loading anything -----------------------------------------------

def test_serve_on_a_taken_port_exits_1_saying_so(capsys):
    import socket

    from bot.cli import main

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["serve", "--port", str(port)]) == 1
    err = capsys.readouterr().err
    assert "端口已被占用" in err and f"--port {port + 1}" in err


@pytest.mark.parametrize("argv, env, words", [
    (["serve", "--port", "abc"], {}, "--port 应是整数"),
    (["serve", "--rate-limit", "-3"], {}, "--rate-limit 应是非负整数"),
    (["serve"], {"XUEHUI_WEB_MAX_BODY": "lots"}, "XUEHUI_WEB_MAX_BODY 应是整数"),
    (["serve"], {"XUEHUI_WEB_RATE_LIMIT": "0.5"}, "XUEHUI_WEB_RATE_LIMIT 应是整数"),
])
def test_serve_usage_errors_exit_2_naming_the_option(capsys, monkeypatch, argv, env, words):
    from bot.cli import main

    for k, v in env.items():
        monkeypatch.setenv(k, v)
    try:
        code = main(argv)
    except SystemExit as e:  # argparse's own usage errors
        code = int(e.code or 0)
    assert code == 2 and words in capsys.readouterr().err
