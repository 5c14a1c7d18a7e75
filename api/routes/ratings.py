"""GET /api/v1/ratings — the citizens' 好评/差评 of answers, newest first, for knowledge-base staff."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from api.deps import get_records
from bot.records import ConversationRecords

router = APIRouter(prefix="/api/v1", tags=["ratings"])


@router.get("/ratings")
def list_ratings(
    records: Annotated[ConversationRecords, Depends(get_records)],
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[dict[str, Any]]:
    """Each rating with the question, the item code and the guide field that answered it."""
    return records.ratings(limit)
