"""POST /api/v1/rasa/actions — Rasa's action endpoint, served by rasa_sdk's executor in-process.

The actions need the loaded knowledge base and the database the API already holds, so they
run here instead of in a separate rasa-sdk action server. Rasa calls this URL (set in the
endpoints.yml the supervisor writes) with the action secret in a header; a call without it is
refused, so nobody can run an action on a forged conversation (and, say, overwrite another
citizen's handoff).
"""

from __future__ import annotations

import hmac
import json
from typing import Annotated, Any

from fastapi import APIRouter, Header, HTTPException, Request
from fastapi.responses import JSONResponse
from rasa_sdk.interfaces import ActionExecutionRejection, ActionNotFoundException

from bot.rasa_server import ACTION_TOKEN_HEADER

router = APIRouter(prefix="/api/v1/rasa", tags=["rasa"], include_in_schema=False)


@router.post("/actions")
async def run_action(
    request: Request, token: Annotated[str, Header(alias=ACTION_TOKEN_HEADER)] = ""
) -> Any:
    if not hmac.compare_digest(token.encode(), request.app.state.action_token.encode()):
        raise HTTPException(status_code=403, detail="only the Rasa server may call the action endpoint")
    try:
        call = json.loads(await request.body())
    except ValueError as exc:
        raise HTTPException(status_code=400, detail="the action call is not valid JSON") from exc
    if not isinstance(call, dict):
        raise HTTPException(status_code=400, detail="the action call must be a JSON object")
    try:
        result = await request.app.state.actions.run(call)
    except ActionNotFoundException as exc:
        return JSONResponse({"error": exc.message, "action_name": exc.action_name}, status_code=404)
    except ActionExecutionRejection as exc:
        return JSONResponse({"error": exc.message, "action_name": exc.action_name}, status_code=400)
    return result or {"events": [], "responses": []}
