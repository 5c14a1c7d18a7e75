"""GET /healthz — liveness plus what is loaded (for load balancers and operators)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request

from api.deps import get_knowledge
from banshi.runtime import Knowledge

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz(request: Request, knowledge: Annotated[Knowledge, Depends(get_knowledge)]) -> dict[str, Any]:
    manifest = knowledge.searcher.index.manifest
    return {
        "status": "ok",
        "items": len(knowledge.catalog.items),
        "bundles": len(knowledge.catalog.bundles),
        "index": {"encoder": manifest.encoder, "targets": manifest.targets, "built_at": manifest.built_at},
        "bot": request.app.state.bot.as_dict(),
    }
