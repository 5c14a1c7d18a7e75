"""The citizen's chat page at `/` and its assets (and the embeddable widget) under /static."""

from __future__ import annotations

import mimetypes
from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse

WEB = Path(__file__).resolve().parent.parent / "web"
# The page's scripts are ES modules, and browsers run a module only when it is served as JavaScript.
# StaticFiles takes the type from `mimetypes`, which on some Windows hosts reads text/plain for .js
# from the registry: pin it.
mimetypes.add_type("text/javascript", ".js")
router = APIRouter(include_in_schema=False)


@router.get("/")
def chat_page() -> FileResponse:
    return FileResponse(WEB / "chat.html", media_type="text/html; charset=utf-8")
