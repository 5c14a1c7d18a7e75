"""Conversation ids that the server issues, so a conversation belongs to the citizen who has it.

A citizen's page asks for one and sends it with every message. It is a random id with its HMAC
(`<id>.<signature>`): only the server can make one, it cannot be guessed, and knowing a
conversation's bare id — which staff see on a handoff — does not let anyone write into it.
Rasa and the records know the conversation by the bare id only.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets

_CAPABILITY = re.compile(r"([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{22})")


class ConversationIds:
    def __init__(self, key: str) -> None:
        self._key = key.encode()

    def issue(self) -> str:
        """A new conversation's capability, to give to the citizen."""
        conversation = secrets.token_urlsafe(16)  # 128 random bits, 22 characters
        return f"{conversation}.{self._sign(conversation)}"

    def open(self, capability: str) -> str | None:
        """The conversation a capability opens, or None when the server did not issue it."""
        match = _CAPABILITY.fullmatch(capability)
        if match is None or not hmac.compare_digest(match.group(2), self._sign(match.group(1))):
            return None
        return match.group(1)

    def _sign(self, conversation: str) -> str:
        digest = hmac.new(self._key, conversation.encode(), hashlib.sha256).digest()[:16]
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
