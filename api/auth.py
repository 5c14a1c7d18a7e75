"""Who is asking, and may they: the dependencies that guard staff routes, and CSRF.

A staff request carries one credential (banshi.credentials): a bearer token or an API key in
`Authorization: Bearer …` (APIs), or the session cookie of a page login. With the cookie, every
state-changing request must also carry the session's CSRF token (the `X-CSRF-Token` header,
or the `csrf` field of a form): a cookie is sent by the browser on a forged cross-site post too,
the token is not. Bearer credentials need no CSRF token (no browser attaches them on its own).

No credential → 401 (pages: a redirect to the login page); a credential without one of the
route's roles → 403. Every staff action is written to the audit log with `audit`.
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import quote

from fastapi import HTTPException, Request
from starlette.concurrency import run_in_threadpool

from banshi.accounts import Role
from banshi.administration import Actor, Administration
from banshi.credentials import Credentials, Principal

SESSION_COOKIE = "banshi_session"
LOGIN_PATH = "/login"
TOKEN_PATH = "/api/v1/auth/token"
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class LoginRequired(Exception):
    """A page asked for without a login: answered with a redirect to /login (api.routes.auth)."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


def unauthorized() -> HTTPException:
    return HTTPException(
        status_code=401,
        detail="需要工作人员登录 (staff login required): log in at /login, or send Authorization: Bearer <token>",
        headers={"WWW-Authenticate": "Bearer"},
    )


def forbidden(roles: tuple[Role, ...]) -> HTTPException:
    names = " or ".join(r.value for r in roles)
    return HTTPException(
        status_code=403, detail=f"无权访问：需要 {names} 角色 (forbidden: needs the {names} role)"
    )


async def current_principal(request: Request) -> Principal | None:
    """The credential's principal; a bearer that is not (or no longer) valid is a 401, not anonymous."""
    cached = request.scope.get("banshi.principal", ...)
    if cached is not ...:
        return cached
    credentials: Credentials = request.app.state.credentials
    header = request.headers.get("authorization", "")
    found: Principal | None = None
    if header:
        scheme, _, secret = header.partition(" ")
        if scheme.lower() != "bearer" or not secret.strip():
            raise unauthorized()
        found = await run_in_threadpool(credentials.principal, secret.strip(), ("token", "apikey"))
        if found is None:
            raise unauthorized()
    elif cookie := request.cookies.get(SESSION_COOKIE):
        found = await run_in_threadpool(credentials.principal, cookie, ("session",))
        if found is not None and request.method not in SAFE_METHODS:
            await _check_csrf(request, found)
    request.scope["banshi.principal"] = found
    return found


async def _check_csrf(request: Request, principal: Principal) -> None:
    sent = request.headers.get(CSRF_HEADER, "")
    if not sent and request.headers.get("content-type", "").startswith(FORM_TYPES):
        value = (await request.form()).get(CSRF_FIELD, "")
        sent = value if isinstance(value, str) else ""
    if not principal.csrf or not hmac.compare_digest(sent, principal.csrf):
        raise HTTPException(
            status_code=403,
            detail="表单已过期，请刷新页面后重试 (missing or wrong CSRF token: reload the page and try again)",
        )


def require(*roles: Role) -> Callable[[Request], Awaitable[Principal]]:
    """A dependency for API routes: the principal, when it holds one of `roles`."""

    async def dependency(request: Request) -> Principal:
        principal = await current_principal(request)
        if principal is None:
            raise unauthorized()
        if not principal.has(*roles):
            raise forbidden(roles)
        return principal

    return dependency


def require_page(*roles: Role) -> Callable[[Request], Awaitable[Principal]]:
    """A dependency for staff pages: like `require`, but without a login it redirects to /login."""

    async def dependency(request: Request) -> Principal:
        try:
            principal = await current_principal(request)
        except HTTPException as exc:
            if exc.status_code != 401:
                raise  # a missing CSRF token is refused, not sent to log in again
            principal = None
        if principal is None or principal.kind != "session":
            query = f"?{request.url.query}" if request.url.query else ""
            raise LoginRequired(request.url.path + query)
        if not principal.has(*roles):
            raise forbidden(roles)
        return principal

    return dependency


def login_url(next_path: str) -> str:
    return f"{LOGIN_PATH}?next={quote(next_path, safe='/')}"


def client_address(request: Request) -> str:
    return request.app.state.rate_limits.client_address(request)


def actor_of(request: Request, principal: Principal) -> Actor:
    """The principal as the audit log names them: user, roles, the client's address."""
    return Actor(principal.name, tuple(r.value for r in principal.roles), client_address(request), principal.user_id)


def audit(request: Request, principal: Principal, action: str, record: str = "", **detail: Any) -> None:
    """Append one entry to the audit log: this principal did `action` to `record`, from this address."""
    administration: Administration = request.app.state.administration
    administration.record(actor_of(request, principal), action, record, **detail)
