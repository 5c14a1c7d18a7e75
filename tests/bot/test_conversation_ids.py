"""Only the server issues conversation ids; a guessed, altered or bare one opens nothing."""

from __future__ import annotations

import pytest

from bot.conversation_ids import ConversationIds

IDS = ConversationIds("k" * 43)


def test_an_issued_id_opens_its_conversation() -> None:
    capability = IDS.issue()
    conversation = IDS.open(capability)
    assert conversation is not None and capability.startswith(conversation + ".")
    assert IDS.issue() != capability


def test_what_the_server_did_not_issue_opens_nothing() -> None:
    capability = IDS.issue()
    conversation, signature = capability.split(".")
    flipped = signature[:-1] + ("A" if signature[-1] != "A" else "B")
    for forged in (conversation, f"{conversation}.{flipped}", "web-0123456789abcdef", "", capability + "x"):
        assert IDS.open(forged) is None, forged
    assert ConversationIds("o" * 43).open(capability) is None  # another server's key


@pytest.mark.parametrize("text", ["a.b", "../../etc.passwd", "x" * 22 + "." + "y" * 22 + "\n"])
def test_malformed_ids_open_nothing(text: str) -> None:
    assert IDS.open(text) is None
