"""Request body limits, enforced before the body is read.

A pure ASGI middleware (BaseHTTPMiddleware would buffer the body first): a Content-Length over
the route's limit is refused with 413 at once, without reading a byte; a body without one
(chunked) is counted as it arrives and refused as soon as it passes the limit, so nothing past
the limit reaches memory or the upload spool. The counting is Starlette's
RequestBodyLimitResponder; this module picks the limit per route from the configuration.
"""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.middleware.body_limit import RequestBodyLimitResponder
from starlette.types import ASGIApp, Receive, Scope, Send

from api.errors import too_large
from banshi.config import Settings

PREREVIEW_PATH = "/api/v1/prereview"
ACTIONS_PATH = "/api/v1/rasa/actions"
# Multipart headers of one file part (boundary, Content-Disposition with the file name, type).
PART_OVERHEAD = 4096


def upload_limit(settings: Settings) -> int:
    """The pre-review upload: every file at its largest, plus the form's other fields."""
    cfg = settings.prereview
    return cfg.max_files * (cfg.max_file_bytes + PART_OVERHEAD) + settings.api.max_json_kb * 1024


class BodyLimits:
    """Refuses request bodies over the route's limit (413 in the usual JSON error shape)."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.json_limit = settings.api.max_json_kb * 1024
        self.routes = {
            ("POST", PREREVIEW_PATH): upload_limit(settings),
            ("POST", ACTIONS_PATH): settings.api.max_action_kb * 1024,
        }

    def limit_for(self, scope: Scope) -> int:
        return self.routes.get((scope["method"], scope["path"].rstrip("/")), self.json_limit)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope)
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            await too_large(limit)(scope, receive, send)
            return
        await RequestBodyLimitResponder(self.app, limit)(scope, receive, send)
