"""GET /healthz — liveness for load balancers: the status and the bot's status, nothing more.

What is loaded (counts, the knowledge base's revision loaded and stored, the index, the bot's
error) is for administrators: GET /healthz?details=1 with an administrator's credential (401
without one, 403 for other roles).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request

from api.auth import require
from api.deps import get_knowledge
from banshi.accounts import Role
from banshi.runtime import Knowledge

router = APIRouter(tags=["health"])


_admin = require(Role.admin)


async def wants_details(
    request: Request,
    details: Annotated[bool, Query(description="what is loaded (administrators only)")] = False,
) -> bool:
    if details:
        await _admin(request)
    return details


@router.get("/healthz")
def healthz(
    request: Request,
    knowledge: Annotated[Knowledge, Depends(get_knowledge)],
    details: Annotated[bool, Depends(wants_details)],
) -> dict[str, Any]:
    bot = request.app.state.bot.as_dict()
    if not details:
        return {"status": "ok", "bot": {"status": bot["status"]}}
    manifest = knowledge.searcher.index.manifest
    stored = knowledge.store.revision()
    return {
        "status": "ok",
        "items": len(knowledge.catalog.items),
        "bundles": len(knowledge.catalog.bundles),
        # A published change is served after `banshi index build` and a restart of the API.
        "knowledge": {
            "loaded_revision": knowledge.revision,
            "stored_revision": stored,
            "restart_needed": stored != knowledge.revision,
        },
        "index": {"encoder": manifest.encoder, "targets": manifest.targets, "built_at": manifest.built_at},
        "bot": bot,
    }
