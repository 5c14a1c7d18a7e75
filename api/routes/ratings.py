"""GET /api/v1/ratings — the citizens' 好评/差评 of answers, newest first, for knowledge-base staff
(editors and reviewers: a rating carries the citizen's question)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request

from api.auth import audit, require
from api.deps import get_records
from banshi.accounts import Role
from banshi.credentials import Principal
from bot.records import ConversationRecords

router = APIRouter(prefix="/api/v1", tags=["ratings"])


@router.get("/ratings")
def list_ratings(
    request: Request,
    staff: Annotated[Principal, Depends(require(Role.editor, Role.reviewer))],
    records: Annotated[ConversationRecords, Depends(get_records)],
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[dict[str, Any]]:
    """Each rating with the question, the item code and the guide field that answered it."""
    found = records.ratings(limit)
    audit(request, staff, "rating.list", count=len(found))
    return found
