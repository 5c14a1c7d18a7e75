"""Error responses: always JSON with a message saying what was wrong and what to do.

Malformed requests get 4xx with the offending field; an unexpected failure gets a plain 500
message (the traceback goes to the log, never to the citizen).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.body_limit import MAX_BODY_SIZE_SCOPE_KEY

from api.auth import LoginRequired, login_url

log = logging.getLogger(__name__)


def _field(loc: tuple) -> str:
    """('body', 'query') → 'query': drop the location prefix, keep the field path."""
    parts = [str(p) for p in loc]
    if parts and parts[0] in ("body", "query", "path", "header", "cookie"):
        parts = parts[1:]
    return ".".join(parts) or "body"


def error_response(
    status: int, error: str, message: str, headers: Mapping[str, str] | None = None
) -> JSONResponse:
    """The one JSON error shape: {"error": code, "message": what was wrong and what to do}."""
    return JSONResponse(status_code=status, content={"error": error, "message": message}, headers=headers)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def invalid_request(_request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {"field": _field(tuple(e.get("loc", ()))), "message": e.get("msg", "")} for e in exc.errors()
        ]
        summary = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
        return JSONResponse(
            status_code=422,
            content={
                "error": "invalid_request",
                "message": f"请求格式不正确 (invalid request) — {summary}",
                "errors": errors,
            },
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if isinstance(exc, TooLarge):
            return error_response(413, "too_large", exc.detail)  # says which limit (a file, the count)
        if exc.status_code == 413 and MAX_BODY_SIZE_SCOPE_KEY in request.scope:
            return too_large(request.scope[MAX_BODY_SIZE_SCOPE_KEY])  # the body limit, counted while read
        detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        return error_response(
            exc.status_code, "rate_limited" if exc.status_code == 429 else "http_error", detail, exc.headers
        )

    @app.exception_handler(LoginRequired)
    async def login_required(_request: Request, exc: LoginRequired) -> RedirectResponse:
        return RedirectResponse(login_url(exc.next_path), status_code=303)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return error_response(
            500, "internal_error", "服务暂时出现问题，请稍后再试，或拨打 12345 政务服务便民热线。"
        )


class TooLarge(StarletteHTTPException):
    """413 with a message of its own: which limit of the request was passed (api.limits)."""

    def __init__(self, message: str) -> None:
        super().__init__(status_code=413, detail=message)


def too_large(limit: int) -> JSONResponse:
    """413 for a request body over `limit` bytes."""
    size = f"{limit / 1024 / 1024:.0f} MB" if limit >= 1024 * 1024 else f"{limit // 1024} KB"
    return error_response(
        413,
        "too_large",
        f"请求内容过大，上限为 {size}；上传材料请压缩或分次提交 (request body too large, limit {size})",
    )
