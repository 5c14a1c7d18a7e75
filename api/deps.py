"""Shared request dependencies: the settings, the loaded knowledge base, who is asking."""

from __future__ import annotations

from fastapi import HTTPException, Request

from banshi.config import Settings
from banshi.runtime import Knowledge
from bot.records import ConversationRecords


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_knowledge(request: Request) -> Knowledge:
    return request.app.state.knowledge


def get_records(request: Request) -> ConversationRecords:
    return request.app.state.records


def require_admin(request: Request) -> None:
    """Only an administrator may go on. There are no accounts yet, so everyone is refused with
    401 until the accounts work (architecture.md, "Who may do what") checks the session here."""
    raise HTTPException(status_code=401, detail="需要管理员登录 (administrator login required)")
