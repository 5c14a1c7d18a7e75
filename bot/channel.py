"""The chat channel every front end uses (web page, widget, later WeChat): message → Rasa → messages.

The citizen's text goes to Rasa in simplified characters (its NLU and the knowledge base are
simplified) with the original kept in the message metadata; the replies come back in the
script the citizen writes in. Each reply is `{"text", "buttons": [{"title", "payload"}],
"payload"}`; `payload` carries the structured card (kind answer / choices / fallback / handoff).

Personal numbers (ID, phone, bank card) are masked here, before Rasa sees the message: its
tracker store, the transcripts of handoffs, the answers' questions and the ratings' reasons all
hold the masked text only (nlu.personal).
"""

from __future__ import annotations

from typing import Any

import httpx

from bot.records import ConversationRecords
from nlu.normalize import for_nlu
from nlu.personal import mask_personal
from nlu.script import Script, detect_script, to_traditional


class ChatUnavailable(RuntimeError):
    """Rasa is not reachable (starting, restarting or down)."""


class ChatChannel:
    def __init__(self, rasa_url: str, records: ConversationRecords, timeout: float) -> None:
        self.webhook = rasa_url.rstrip("/") + "/webhooks/rest/webhook"
        self.records = records
        self.client = httpx.AsyncClient(timeout=timeout)

    async def send(self, sender: str, message: str) -> list[dict[str, Any]]:
        message = mask_personal(message)
        script = self.records.script(sender, detect_script(message))
        text = message if message.startswith("/") else for_nlu(message)
        body = {"sender": sender, "message": text, "metadata": {"original": message, "script": script}}
        try:
            response = await self.client.post(self.webhook, json=body)
            response.raise_for_status()
        except httpx.HTTPError as exc:
            raise ChatUnavailable(str(exc)) from exc
        return [in_script(channel_message(m), script) for m in response.json()]

    async def close(self) -> None:
        await self.client.aclose()


def channel_message(rasa_message: dict[str, Any]) -> dict[str, Any]:
    """A Rasa REST message → the channel format (actions send it whole as custom JSON)."""
    custom = rasa_message.get("custom")
    if isinstance(custom, dict) and "text" in custom:
        return {"text": custom["text"], "buttons": custom.get("buttons") or [], "payload": custom.get("payload")}
    buttons = [{"title": b.get("title", ""), "payload": b.get("payload", "")} for b in rasa_message.get("buttons") or []]
    return {"text": rasa_message.get("text") or "", "buttons": buttons, "payload": custom if custom else None}


def in_script(message: dict[str, Any], script: Script) -> dict[str, Any]:
    """Convert what the citizen reads (never payload strings sent back to Rasa)."""
    if script != "traditional":
        return message
    payload = message.get("payload")
    if isinstance(payload, dict):
        payload = dict(payload)
        if isinstance(payload.get("item"), dict):
            payload["item"] = {**payload["item"], "name": to_traditional(payload["item"].get("name", ""))}
        if "field_label" in payload:
            payload["field_label"] = to_traditional(payload["field_label"])
    return {
        "text": to_traditional(message["text"]),
        "buttons": [{"title": to_traditional(b["title"]), "payload": b["payload"]} for b in message["buttons"]],
        "payload": payload,
    }
