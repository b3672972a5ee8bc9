"""The web API's one error shape, `{"error": {"code", "message", "field", …}}`, and how every failure maps to it.

Input problems are 4xx with a Chinese message naming the field and, where they can be listed, the valid
values; only our own faults are 500 (logged with the traceback, never shown to the client).
"""
from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

import eligibility
import kb

from ._error_json import error_object, input_error, kb_error

log = logging.getLogger("xuehui.web")


class WebError(Exception):
    """A request the API refuses: HTTP status, a stable code, a Chinese message and the field at fault."""

    def __init__(self, status: int, code: str, message: str, field: str | None = None, **extra: object) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.field, self.extra = status, code, message, field, extra

    @classmethod
    def of(cls, status: int, obj: dict) -> WebError:
        """From the shared error object (bot._error_json)."""
        e = dict(obj["error"])
        return cls(status, e.pop("code"), e.pop("message"), e.pop("field"), **e)

    def body(self) -> dict:
        return error_object(self.code, self.message, self.field, **self.extra)

    def response(self, headers: dict[str, str] | None = None) -> JSONResponse:
        return JSONResponse(self.body(), status_code=self.status, headers=headers)


def from_input_error(e: eligibility.InputError) -> WebError:
    """An eligibility input problem: 422 naming the field, the valid values and the closest match."""
    return WebError.of(422, input_error(e))


def from_kb_error(e: kb.KBError) -> WebError:
    """A knowledge-base refusal of the input: unknown document or clause (404), unusable question (422)."""
    if isinstance(e, kb.DocumentNotFound | kb.ClauseNotFound):
        return WebError.of(404, kb_error(e))
    if isinstance(e, kb.QuestionError):
        return WebError.of(422, kb_error(e))
    log.error("知识库出错：%s", e)
    return WebError(500, "internal", "知识库出错，已记录；请稍后再试")


# pydantic's error types → Chinese, with the model's limits filled in from the error's context.
_MESSAGES = {
    "missing": "缺少必填字段",
    "string_type": "应是字符串",
    "string_too_short": "不能为空",
    "string_too_long": "太长：最多 {max_length} 个字符",
    "string_pattern_mismatch": "格式不对：只能由字母、数字、“-”和“_”组成，1 到 64 个字符",
    "int_parsing": "应是整数",
    "float_parsing": "应是数字",
    "bool_parsing": "应是 true 或 false",
    "dict_type": "应是 JSON 对象",
    "model_attributes_type": "应是 JSON 对象",
}


def _field(loc: Sequence[object]) -> str:
    """('body', 'question') → question; ('query', 'path') → path: the location prefix is not part of the name."""
    parts = [str(p) for p in loc]
    if parts and parts[0] in ("body", "query", "path", "header", "cookie"):
        parts = parts[1:]
    return ".".join(parts) or "(请求体)"


_EXAMPLE_BODY = "{}：应为 JSON 对象，例如 {{\"question\": \"申报一流学会要什么条件？\"}}"


def validation_error(exc: RequestValidationError, fields: Mapping[str, Sequence[str]],
                     hints: Mapping[str, str] | None = None) -> WebError:
    """FastAPI's validation failure → one 400/422 naming the first bad field and what is valid there.

    `fields`: the valid field names of the body (for an unknown field); `hints`: what each field should hold.
    """
    hints = hints or {}
    err = exc.errors()[0]
    kind, loc = err.get("type", ""), tuple(err.get("loc", ()))
    if kind == "json_invalid":
        return WebError(400, "invalid_json", "请求体不是合法的 JSON；应为 JSON 对象，例如 {\"question\": \"申报一流学会要什么条件？\"}")
    field = _field(loc)
    if kind == "extra_forbidden":
        valid = list(fields.get(str(loc[0]) if loc else "", ()))
        return WebError(422, "invalid_input", f"{field}：未知字段；可用字段：{'、'.join(valid)}", field, valid=valid)
    if len(loc) <= 1 and loc[:1] == ("body",):
        sent_text = isinstance(err.get("input"), bytes | str)
        return WebError(422, "invalid_input", _EXAMPLE_BODY.format(
            "缺少请求体" if kind == "missing" else "请求体应是 JSON 对象" + ("（请带 Content-Type: application/json）" if sent_text else "")), None)
    template = _MESSAGES.get(kind)
    text = template.format(**(err.get("ctx") or {})) if template else f"取值不合法（{err.get('msg', kind)}）"
    hint = hints.get(field)
    return WebError(422, "invalid_input", f"{field}：{text}" + (f"；应为{hint}" if hint else ""), field)


_STATUS = {
    404: ("not_found", "没有这个地址；接口见 /docs"),
    405: ("method_not_allowed", "这个地址不接受该请求方法；接口见 /docs"),
}


def install(app: FastAPI, fields: Mapping[str, Sequence[str]], hints: Mapping[str, str] | None = None) -> None:
    """Route every failure through the one error shape (see `validation_error` for `fields` and `hints`)."""

    @app.exception_handler(WebError)
    async def _web(request: Request, exc: WebError) -> JSONResponse:
        """A refused request."""
        return exc.response()

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        """A body or query that does not fit the route's model."""
        return validation_error(exc, fields, hints).response()

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        """Unknown routes and methods, in the same shape."""
        code, message = _STATUS.get(exc.status_code, ("http_error", str(exc.detail)))
        return WebError(exc.status_code, code, message).response(getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _internal(request: Request, exc: Exception) -> JSONResponse:
        """Our own fault: logged with its traceback, the client gets a plain 500."""
        log.exception("处理 %s %s 时出错", request.method, request.url.path)
        return WebError(500, "internal", "服务器内部出错，已记录；请稍后再试").response()


__all__ = ["WebError", "from_input_error", "from_kb_error", "install", "validation_error"]
