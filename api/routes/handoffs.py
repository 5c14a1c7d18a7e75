"""Handoffs to a person: the open queue, one conversation's transcript, claim and close.

The agent console (a later page) is built on these; 12345 agents can use them directly.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query
from pydantic import BaseModel, ConfigDict, Field

from api.deps import get_records
from bot.records import ConversationRecords, Handoff, RecordError, UnknownRecord

router = APIRouter(prefix="/api/v1", tags=["handoffs"])


class AgentRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    agent: str = Field(min_length=1, max_length=128, description="the agent's id or name")


@router.get("/handoffs")
def list_handoffs(
    records: Annotated[ConversationRecords, Depends(get_records)],
    status: Literal["open", "claimed", "closed"] | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[dict[str, Any]]:
    """Newest first; `status=open` is the queue agents pick from."""
    return [h.as_dict() for h in records.handoffs(status, limit)]


@router.get("/handoffs/{handoff_id}")
def get_handoff(handoff_id: int, records: Annotated[ConversationRecords, Depends(get_records)]) -> dict[str, Any]:
    return _answer(lambda: records.handoff(handoff_id))


@router.post("/handoffs/{handoff_id}/claim")
def claim_handoff(
    handoff_id: int, body: AgentRequest, records: Annotated[ConversationRecords, Depends(get_records)]
) -> dict[str, Any]:
    return _answer(lambda: records.claim(handoff_id, body.agent))


@router.post("/handoffs/{handoff_id}/close")
def close_handoff(
    handoff_id: int, body: AgentRequest, records: Annotated[ConversationRecords, Depends(get_records)]
) -> dict[str, Any]:
    return _answer(lambda: records.close(handoff_id, body.agent))


def _answer(operation: Callable[[], Handoff]) -> dict[str, Any]:
    """The handoff as JSON; 404 for an unknown id, 409 for a change its state does not allow."""
    try:
        return operation().as_dict()
    except UnknownRecord as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from exc
    except RecordError as exc:
        raise HTTPException(status_code=409, detail=str(exc)) from exc
