"""Security headers on every response: a Content-Security-Policy, nosniff, a referrer policy.

The chat page needs nothing inline (its scripts are ES modules from /static, its styles a
stylesheet; styles set through element.style are not governed by style-src), so its policy
allows only our own origin, plus data: images for the favicon. Two pages need more: the
printable checklist (an inline <style> and the print button's onclick, allowed by its hash) and
the OpenAPI docs (Swagger UI and ReDoc from their CDN with an inline start-up script).
frame-ancestors comes from api.frame_ancestors, so portals that embed the widget can frame the
page; X-Frame-Options is sent only when it says the same thing. Staff pages and staff APIs are
never framed by anyone (no clickjacking of an administrator) and never cached (they show
personal data).
"""

from __future__ import annotations

import base64
import hashlib

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from banshi.config import ApiConfig

PRINT_HANDLER = "window.print()"  # the checklist page's print button (knowledge/checklist/templates)
PAGE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'"
)
CHECKLIST_POLICY = (
    f"default-src 'self'; script-src 'unsafe-hashes' 'sha256-{base64.b64encode(hashlib.sha256(PRINT_HANDLER.encode()).digest()).decode()}'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'"
)
DOCS_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net https://fonts.googleapis.com; "
    "font-src 'self' https://fonts.gstatic.com; img-src 'self' data: https://fastapi.tiangolo.com https://cdn.redoc.ly; "
    "worker-src 'self' blob:; object-src 'none'; base-uri 'none'"
)
POLICIES = (("/checklist/", CHECKLIST_POLICY), ("/docs", DOCS_POLICY), ("/redoc", DOCS_POLICY))
STAFF_PREFIXES = ("/admin", "/login", "/logout", "/api/v1/admin", "/api/v1/auth", "/api/v1/handoffs", "/api/v1/ratings")
STAFF_HEADERS = {"X-Frame-Options": "DENY", "Cache-Control": "no-store"}


def is_staff(path: str) -> bool:
    return path.startswith(STAFF_PREFIXES)


def policy_for(path: str, frame_ancestors: list[str]) -> str:
    """The CSP for a path: the chat page's unless the path is one of the pages that need more."""
    base = next((policy for prefix, policy in POLICIES if path.startswith(prefix)), PAGE_POLICY)
    ancestors = ["'none'"] if is_staff(path) else frame_ancestors
    return f"{base}; frame-ancestors {' '.join(ancestors)}"


def frame_options(frame_ancestors: list[str]) -> str | None:
    """X-Frame-Options for browsers without frame-ancestors, when it cannot contradict it."""
    if frame_ancestors == ["'self'"]:
        return "SAMEORIGIN"
    return "DENY" if frame_ancestors == ["'none'"] else None


class SecurityHeaders:
    """Pure ASGI: adds the headers at the start of each response (a route's own ones win)."""

    def __init__(self, app: ASGIApp, config: ApiConfig) -> None:
        self.app = app
        self.frame_ancestors = config.frame_ancestors
        self.fixed = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin"}
        if options := frame_options(config.frame_ancestors):
            self.fixed["X-Frame-Options"] = options

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        policy = policy_for(scope["path"], self.frame_ancestors)
        fixed = {**self.fixed, **STAFF_HEADERS} if is_staff(scope["path"]) else self.fixed

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("Content-Security-Policy", policy)
                for name, value in fixed.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)
