"""Handoffs to a person: the open queue, one conversation's transcript, claim and close.

Agents only (a handoff carries the citizen's whole conversation); the agent is whoever is logged
in, and every look at a transcript, claim and close goes to the audit log. The agent console (a
later page) is built on these; 12345 agents can use them directly with a bearer token.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request

from api.auth import audit, require
from api.deps import get_records
from banshi.accounts import Role
from banshi.credentials import Principal
from bot.records import ConversationRecords, Handoff, RecordError, UnknownRecord

router = APIRouter(prefix="/api/v1", tags=["handoffs"])
Agent = Annotated[Principal, Depends(require(Role.agent))]
Records = Annotated[ConversationRecords, Depends(get_records)]


@router.get("/handoffs")
def list_handoffs(
    request: Request,
    agent: Agent,
    records: Records,
    status: Literal["open", "claimed", "closed"] | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[dict[str, Any]]:
    """Newest first; `status=open` is the queue agents pick from."""
    found = [h.as_dict() for h in records.handoffs(status, limit)]
    audit(request, agent, "handoff.list", status=status, count=len(found))
    return found


@router.get("/handoffs/{handoff_id}")
def get_handoff(handoff_id: int, request: Request, agent: Agent, records: Records) -> dict[str, Any]:
    found = _answer(lambda: records.handoff(handoff_id))
    audit(request, agent, "handoff.view", f"handoff:{handoff_id}")
    return found


@router.post("/handoffs/{handoff_id}/claim")
def claim_handoff(handoff_id: int, request: Request, agent: Agent, records: Records) -> dict[str, Any]:
    claimed = _answer(lambda: records.claim(handoff_id, agent.name))
    audit(request, agent, "handoff.claim", f"handoff:{handoff_id}")
    return claimed


@router.post("/handoffs/{handoff_id}/close")
def close_handoff(handoff_id: int, request: Request, agent: Agent, records: Records) -> dict[str, Any]:
    closed = _answer(lambda: records.close(handoff_id, agent.name))
    audit(request, agent, "handoff.close", f"handoff:{handoff_id}")
    return closed


def _answer(operation: Callable[[], Handoff]) -> dict[str, Any]:
    """The handoff as JSON; 404 for an unknown id, 409 for a change its state does not allow."""
    try:
        return operation().as_dict()
    except UnknownRecord as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from exc
    except RecordError as exc:
        raise HTTPException(status_code=409, detail=str(exc)) from exc
