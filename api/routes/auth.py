"""Staff login: the login page and logout (session cookie), bearer tokens for the APIs.

The login form carries its own CSRF token (a random value in a short-lived cookie and in the
form, compared on post), so nobody can log a browser into an account of theirs. A session
cookie is HttpOnly, SameSite=Strict, Path=/, Secure when served over HTTPS (accounts.cookie_secure).
Failed logins back off per account (banshi.accounts) and are rate-limited per address
(api.rate_limits.logins_per_ip_per_minute).
"""

from __future__ import annotations

import hmac
import secrets
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from api.auth import LOGIN_PATH, SESSION_COOKIE, TOKEN_PATH, audit, client_address, current_principal, require
from api.staff_html import escape, page
from banshi.accounts import Accounts, LoginRefused, Role, User
from banshi.audit import AuditLog
from banshi.config import Settings
from banshi.credentials import Credentials, Principal

router = APIRouter(tags=["auth"])
LOGIN_CSRF_COOKIE = "banshi_login_csrf"


def _secure(request: Request, settings: Settings) -> bool:
    mode = settings.accounts.cookie_secure
    if mode != "auto":
        return mode == "always"
    return request.url.scheme == "https" or settings.api.base_url.startswith("https://")


def _safe_next(next_path: str) -> str:
    """Only a path on this site (no //host, no scheme) may be the place to go after login."""
    if next_path.startswith("/") and not next_path.startswith("//") and "\\" not in next_path:
        return next_path
    return "/admin"


def _login_form(next_path: str, csrf: str, error: str = "") -> str:
    body = (
        f'<form class="login" method="post" action="{LOGIN_PATH}">'
        f'<input type="hidden" name="csrf" value="{escape(csrf)}">'
        f'<input type="hidden" name="next" value="{escape(_safe_next(next_path))}">'
        '<label>用户名 <input name="username" autocomplete="username" required autofocus></label>'
        '<label>密码 <input name="password" type="password" autocomplete="current-password" required></label>'
        '<button type="submit">登录</button></form>'
    )
    return page("工作人员登录", body, error=error)


def _login_page(
    request: Request, settings: Settings, next_path: str, error: str = "", status: int = 200
) -> HTMLResponse:
    csrf = secrets.token_urlsafe(24)
    response = HTMLResponse(_login_form(next_path, csrf, error), status_code=status)
    response.set_cookie(
        LOGIN_CSRF_COOKIE,
        csrf,
        max_age=3600,
        path=LOGIN_PATH,
        httponly=True,
        samesite="strict",
        secure=_secure(request, settings),
    )
    return response


@router.get(LOGIN_PATH, response_class=HTMLResponse, include_in_schema=False)
def login_page(request: Request, next: str = "/admin") -> HTMLResponse:
    return _login_page(request, request.app.state.settings, next)


async def _authenticate(request: Request, username: str, password: str) -> User:
    accounts: Accounts = request.app.state.accounts
    log: AuditLog = request.app.state.audit
    try:
        return await run_in_threadpool(accounts.authenticate, username, password)
    except LoginRefused:
        await run_in_threadpool(
            log.record,
            username[:160],
            [],
            "login.failed",
            f"user:{username[:150]}",
            address=client_address(request),
        )
        raise


@router.post(LOGIN_PATH, include_in_schema=False)
async def login(
    request: Request,
    username: Annotated[str, Form(max_length=64)] = "",
    password: Annotated[str, Form(max_length=1024)] = "",
    csrf: Annotated[str, Form(max_length=128)] = "",
    next: Annotated[str, Form(max_length=2048)] = "/admin",
) -> Response:
    settings: Settings = request.app.state.settings
    expected = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not expected or not hmac.compare_digest(csrf, expected):
        return _login_page(
            request, settings, next, "登录表单已过期，请重新输入 (the form expired: please log in again)", 403
        )
    if not username or not password:
        return _login_page(
            request, settings, next, "请输入用户名和密码 (enter your user name and password)", 422
        )
    try:
        user = await _authenticate(request, username, password)
    except LoginRefused as exc:
        response = _login_page(request, settings, next, str(exc), 429 if exc.retry_after else 401)
        if exc.retry_after:
            response.headers["Retry-After"] = str(exc.retry_after)
        return response
    credentials: Credentials = request.app.state.credentials
    issued = await run_in_threadpool(credentials.start_session, user, settings.accounts.session_hours)
    principal = Principal(user.username, user.roles, "session", user.id, issued.csrf)
    await run_in_threadpool(audit, request, principal, "login", f"user:{user.username}")
    redirect = RedirectResponse(_safe_next(next), status_code=303)
    redirect.set_cookie(
        SESSION_COOKIE,
        issued.secret,
        max_age=settings.accounts.session_hours * 3600,
        path="/",
        httponly=True,
        samesite="strict",
        secure=_secure(request, settings),
    )
    redirect.delete_cookie(LOGIN_CSRF_COOKIE, path=LOGIN_PATH)
    return redirect


@router.post("/logout", include_in_schema=False)
async def logout(request: Request) -> Response:
    """Ends the session (CSRF-checked, so no other site can log a user out)."""
    principal = await current_principal(request)
    if principal is not None and principal.kind == "session":
        credentials: Credentials = request.app.state.credentials
        await run_in_threadpool(credentials.revoke, request.cookies[SESSION_COOKIE])
        await run_in_threadpool(audit, request, principal, "logout", f"user:{principal.name}")
    response = RedirectResponse(LOGIN_PATH, status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


class TokenRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=1024)


class TokenResponse(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int = Field(description="seconds")
    roles: list[str]


@router.post(TOKEN_PATH, response_model=TokenResponse)
async def token(request: Request, body: TokenRequest) -> TokenResponse:
    """A short-lived bearer token (accounts.token_minutes) for the staff APIs: `Authorization: Bearer …`."""
    try:
        user = await _authenticate(request, body.username, body.password)
    except LoginRefused as exc:
        headers = {"Retry-After": str(exc.retry_after)} if exc.retry_after else {"WWW-Authenticate": "Bearer"}
        raise HTTPException(
            status_code=429 if exc.retry_after else 401, detail=str(exc), headers=headers
        ) from None
    settings: Settings = request.app.state.settings
    credentials: Credentials = request.app.state.credentials
    issued = await run_in_threadpool(credentials.issue_token, user, settings.accounts.token_minutes)
    principal = Principal(user.username, user.roles, "token", user.id)
    await run_in_threadpool(audit, request, principal, "token.issue", f"user:{user.username}")
    return TokenResponse(
        access_token=issued.secret,
        expires_in=settings.accounts.token_minutes * 60,
        roles=[r.value for r in user.roles],
    )


_staff = require(*Role)  # any staff role


@router.get("/api/v1/auth/me")
async def me(principal: Annotated[Principal, Depends(_staff)]) -> dict[str, Any]:
    """Who the credential stands for, and its roles."""
    return {"name": principal.name, "roles": [r.value for r in principal.roles], "kind": principal.kind}


@router.delete(TOKEN_PATH, status_code=204, response_class=Response)
async def revoke_token(request: Request, principal: Annotated[Principal, Depends(_staff)]) -> Response:
    """Ends the bearer token this request carries (API keys are revoked by an administrator)."""
    if principal.kind != "token":
        raise HTTPException(
            status_code=400, detail="only a bearer token from /api/v1/auth/token can be revoked here"
        )
    secret = request.headers["authorization"].partition(" ")[2].strip()
    credentials: Credentials = request.app.state.credentials
    await run_in_threadpool(credentials.revoke, secret)
    return Response(status_code=204)
