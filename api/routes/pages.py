"""The citizen's chat page at `/` and its assets (and the embeddable widget) under /static."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse

WEB = Path(__file__).resolve().parent.parent / "web"
router = APIRouter(include_in_schema=False)


@router.get("/")
def chat_page() -> FileResponse:
    return FileResponse(WEB / "chat.html", media_type="text/html; charset=utf-8")
