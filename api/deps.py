"""Shared request dependencies: the settings, the loaded knowledge base, the records (who is
asking: api.auth)."""

from __future__ import annotations

from fastapi import Request

from banshi.config import Settings
from banshi.runtime import Knowledge
from bot.records import ConversationRecords


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_knowledge(request: Request) -> Knowledge:
    return request.app.state.knowledge


def get_records(request: Request) -> ConversationRecords:
    return request.app.state.records
