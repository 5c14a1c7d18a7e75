"""POST /api/v1/rasa/actions — Rasa's action endpoint, served by rasa_sdk's executor in-process.

The actions need the loaded knowledge base and the database the API already holds, so they
run here instead of in a separate rasa-sdk action server. Rasa calls this URL (set in the
endpoints.yml the supervisor writes); nothing else should.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from rasa_sdk.interfaces import ActionExecutionRejection, ActionNotFoundException

router = APIRouter(prefix="/api/v1/rasa", tags=["rasa"], include_in_schema=False)


@router.post("/actions")
async def run_action(request: Request) -> Any:
    call = await request.json()
    try:
        result = await request.app.state.actions.run(call)
    except ActionNotFoundException as exc:
        return JSONResponse({"error": exc.message, "action_name": exc.action_name}, status_code=404)
    except ActionExecutionRejection as exc:
        return JSONResponse({"error": exc.message, "action_name": exc.action_name}, status_code=400)
    return result or {"events": [], "responses": []}
