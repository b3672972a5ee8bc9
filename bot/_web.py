"""The web channel: an HTTP API (FastAPI, OpenAPI at /docs) and the Chinese page, in one process.

Like the WeCom and Telegram adapters it only translates: HTTP in, calls into the knowledge base,
the conversation core and the eligibility engine (bot._web_service), JSON out. Errors are one shape
everywhere (bot._web_errors); the token, body size and rate limits stand in front (bot._web_guard).
"""
from __future__ import annotations

import contextlib
import json
import os
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import fastapi_offline
from fastapi import FastAPI, Query, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, ConfigDict, Field

import eligibility
import kb

from . import _web_errors
from ._web_errors import WebError
from ._web_guard import BodyLimit, RateLimit, TokenGuard
from ._web_service import WebService

STATIC = Path(__file__).with_name("web")
# Swagger UI's own files, from a package: /docs works offline (FastAPI's default page loads them from a CDN).
DOCS_STATIC = Path(fastapi_offline.__file__).with_name("static")
DEFAULT_MAX_BODY = 64 * 1024      # a question is ≤ 500 characters, a check/score body a few hundred bytes
DEFAULT_RATE_PER_MINUTE = 120     # per client address; a person at a desk asks a few questions a minute


@dataclass(frozen=True)
class WebConfig:
    """How the server guards itself; `from_env` reads XUEHUI_API_TOKEN and the optional limits."""

    token: str | None = None
    cors_origins: tuple[str, ...] = ()
    max_body: int = DEFAULT_MAX_BODY
    rate_per_minute: int = DEFAULT_RATE_PER_MINUTE   # 0 = no limit

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None, **override: Any) -> WebConfig:
        env = dict(os.environ if env is None else env)
        origins = tuple(o.strip() for o in env.get("XUEHUI_CORS_ORIGINS", "").split(",") if o.strip())
        values: dict[str, Any] = {"token": env.get("XUEHUI_API_TOKEN") or None, "cors_origins": origins}
        values.update({k: v for k, v in override.items() if v is not None})
        return cls(**values)


class AskBody(BaseModel):
    """A question; with `conversation` (any id the client picks) follow-ups are read in its context."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"question": "申报一流学会要什么条件？", "conversation": "c-1"}]})

    question: str = Field(min_length=1, max_length=kb.MAX_QUESTION_CHARS, description="问题")
    conversation: str | None = Field(default=None, pattern=r"^[A-Za-z0-9_-]{1,64}$",
                                     description="会话编号：同一编号下的追问按上一问理解")


_BODY_FIELDS = {"body": list(AskBody.model_fields)}
_HINTS = {"question": f"问题文字（1 到 {kb.MAX_QUESTION_CHARS} 个字符）", "conversation": "会话编号（字母、数字、- 或 _，最长 64 个字符）",
          "doc": "年份（如 2022）或文档编号（见 /api/docs）", "path": "条款路径，如 三、（一）1.（2）"}


def create_app(service: WebService, config: WebConfig | None = None) -> FastAPI:
    """The application: routes, the page, error handlers and the guards in front."""
    config = config or WebConfig()

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        await service.close()

    app = FastAPI(lifespan=lifespan, docs_url=None, redoc_url=None, title="学会助手 API", version="1", description=(
        "江苏省科协学会政策文件问答（逐字引用条款）、申报资格核对与考核得分估算。"
        "设置了 XUEHUI_API_TOKEN 时，除 /healthz 与页面文件外都要带 Authorization: Bearer <令牌>。"
        "错误一律为 {\"error\": {\"code\", \"message\", \"field\"}}。"))
    app.state.service = service
    _web_errors.install(app, _BODY_FIELDS, _HINTS)
    _routes(app, service)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.mount("/docs-static", StaticFiles(directory=DOCS_STATIC), name="docs-static")
    # Starlette wraps in reverse order: the last added runs first. Order of checks on a request:
    # CORS (answers pre-flights) → rate limit (also slows token guessing) → token → body size.
    app.add_middleware(BodyLimit, limit=config.max_body)
    if config.token:
        app.add_middleware(TokenGuard, token=config.token)
    if config.rate_per_minute > 0:
        app.add_middleware(RateLimit, per_minute=config.rate_per_minute)
    if config.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=list(config.cors_origins), allow_methods=["GET", "POST"],
                           allow_headers=["Authorization", "Content-Type"])

    @app.middleware("http")
    async def _headers(request: Request, call_next):  # type: ignore[no-untyped-def]
        """The page runs only its own script and never inside another site's frame."""
        response = await call_next(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        if request.url.path != "/docs":  # Swagger UI's page starts itself with an inline script
            response.headers.setdefault("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'")
        return response

    return app


def _routes(app: FastAPI, service: WebService) -> None:
    @app.get("/healthz", tags=["运维"])
    async def healthz() -> dict:
        """Liveness: the index is loaded and how many documents it holds."""
        return {"ok": True, "documents": len(service.base.documents())}

    @app.post("/api/ask", tags=["问答"])
    async def ask(body: AskBody) -> JSONResponse:
        """Answer a question with verbatim clause citations (`xuehui ask --json`), plus conversation and reading."""
        return _json(await service.ask(body.question, body.conversation))

    @app.get("/api/clause", tags=["条款"])
    async def clause(doc: Annotated[str, Query(description="年份（如 2022）或文档编号", max_length=200)],
                     path: Annotated[str, Query(description="条款路径，如 三、（一）1.（2）", max_length=300)]) -> JSONResponse:
        """A clause's whole text, heading path and children (`xuehui clause --json`); table rows too."""
        return _json(await service.clause(doc, path))

    @app.get("/api/docs", tags=["条款"])
    async def docs() -> JSONResponse:
        """Every document with its clause tree (attachments and table rows included)."""
        return _json(await service.documents())

    @app.post("/api/check", tags=["资格核对"], openapi_extra=_mapping_body(_check_example()))
    async def check(request: Request) -> JSONResponse:
        """Eligibility of a profile and plan (`xuehui check --json`); body = the YAML input as JSON."""
        return _json(await service.check(await _read_json(request)))

    @app.post("/api/score", tags=["得分估算"], openapi_extra=_mapping_body(_SCORE_EXAMPLE))
    async def score(request: Request) -> JSONResponse:
        """The 2024 assessment estimate (`xuehui score --json`); body = the YAML input as JSON."""
        return _json(await service.score(await _read_json(request)))

    @app.get("/api/projects", tags=["资格核对"])
    async def projects(programme: Annotated[str | None, Query(max_length=100)] = None) -> JSONResponse:
        """The programme's sub-projects in the guide's table order."""
        return _json(service.projects(programme))

    @app.get("/api/forms/check", tags=["资格核对"])
    async def check_form(projects: Annotated[list[str] | None, Query(description="拟申报子项目，可多个")] = None,
                         programme: Annotated[str | None, Query(max_length=100)] = None) -> JSONResponse:
        """The fields the chosen sub-projects' rules need, with valid values (for the eligibility form)."""
        return _json(service.check_form(programme, projects))

    @app.get("/api/forms/score", tags=["得分估算"])
    async def score_form() -> JSONResponse:
        """The fields of the 2024 score estimate, with valid ranges."""
        return _json(service.score_form())

    @app.get("/docs", include_in_schema=False)
    async def docs_page() -> HTMLResponse:
        """The OpenAPI page (Swagger UI), with its files served from here."""
        return get_swagger_ui_html(openapi_url="/openapi.json", title="学会助手 API",
                                   swagger_js_url="/docs-static/swagger-ui-bundle.js",
                                   swagger_css_url="/docs-static/swagger-ui.css", swagger_favicon_url="/favicon.ico")

    @app.get("/", include_in_schema=False)
    async def page() -> FileResponse:
        """The page (chat, clause browser, eligibility and score forms)."""
        return FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-cache"})

    @app.get("/favicon.ico", include_in_schema=False)
    async def favicon() -> FileResponse:
        """The page's icon."""
        return FileResponse(STATIC / "favicon.svg", media_type="image/svg+xml")


def _json(obj: object) -> JSONResponse:
    return JSONResponse(obj)


def _no_constants(name: str) -> object:
    raise ValueError(f"{name} 不是合法的 JSON 数值")


async def _read_json(request: Request) -> object:
    """The body as JSON; NaN/Infinity (which Python would accept) are refused like any invalid JSON."""
    raw = await request.body()
    if not raw.strip():
        raise WebError(422, "invalid_input", "缺少请求体：应为 JSON 对象（与 YAML 输入文件相同的字段，见 /api/forms/*）")
    try:
        return json.loads(raw, parse_constant=_no_constants)
    except (ValueError, UnicodeDecodeError) as e:
        raise WebError(400, "invalid_json", f"请求体不是合法的 JSON（{e}）；应为 JSON 对象（与 YAML 输入文件相同的字段）") from None


def _mapping_body(example: dict) -> dict:
    """OpenAPI for a body that is the YAML input file as JSON (its fields: /api/forms/check, /api/forms/score)."""
    return {"requestBody": {"required": True, "content": {"application/json": {
        "schema": {"type": "object", "description": "与 xuehui check/score 的 YAML 输入文件相同的字段；字段清单见 /api/forms/*"},
        "example": example}}}}


def _check_example() -> dict:
    """An example check body for /docs: the first sub-project of the current programme (from the rules)."""
    first = eligibility.projects()[0]["name"]
    return {"society": {"org_type": "provincial_society", "capability_grade": "B"}, "apply": [first]}


_SCORE_EXAMPLE = {"category": 2, "central": {"basic": 90, "capability": 80, "innovation": 6}, "info_reporting": 95,
                  "performance": 88, "peers": [91.2, 88.0, 86.5]}


__all__ = ["AskBody", "DEFAULT_MAX_BODY", "DEFAULT_RATE_PER_MINUTE", "WebConfig", "create_app"]
