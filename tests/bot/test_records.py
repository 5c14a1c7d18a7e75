"""Conversation records on a real database: SQLite here, PostgreSQL when the test server runs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from banshi.schema import migrate
from bot.records import ConversationRecords, RecordError, UnknownRecord
from knowledge.store import KnowledgeStore
from tests.conftest import postgres_url

TRANSCRIPT = [{"role": "citizen", "text": "转人工", "time": "2026-11-22T02:00:00+00:00"}]


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def records(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ConversationRecords]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'records.db'}"
    else:
        url = postgres_url() or pytest.skip("BANSHI_TEST_POSTGRES_URL is not set")
    store = KnowledgeStore(url)
    migrate(store.engine)
    with store.engine.begin() as conn:  # a clean slate on the shared PostgreSQL
        for table in ("bot_ratings", "bot_answers", "bot_handoffs", "bot_conversations"):
            conn.execute(text(f"DELETE FROM {table}"))
    yield ConversationRecords(store.engine)
    store.engine.dispose()


def test_a_rating_refers_to_an_answer(records: ConversationRecords) -> None:
    answer_id = records.add_answer("web-1", "办护照要带什么", "000105005000", "materials")
    records.rate(answer_id, "web-1", "bad", "材料写得不全")
    records.rate(answer_id, "web-1", "good")
    rows = records.ratings()
    assert [(r["rating"], r["reason"]) for r in rows] == [("good", ""), ("bad", "材料写得不全")]
    assert rows[0]["code"] == "000105005000" and rows[0]["question"] == "办护照要带什么"


def test_rating_an_unknown_answer_is_refused(records: ConversationRecords) -> None:
    with pytest.raises(UnknownRecord):
        records.rate("nope", "web-1", "good")


def test_handoff_lifecycle(records: ConversationRecords) -> None:
    handoff = records.open_handoff("web-2", "requested", TRANSCRIPT, "000105001000")
    assert handoff.status == "open" and handoff.transcript == TRANSCRIPT
    again = records.open_handoff("web-2", "failed_turns", [*TRANSCRIPT, *TRANSCRIPT])
    assert again.id == handoff.id and len(again.transcript) == 2  # one open handoff per conversation
    assert [h.id for h in records.handoffs("open")] == [handoff.id]
    claimed = records.claim(handoff.id, "agent-7")
    assert (claimed.status, claimed.agent) == ("claimed", "agent-7")
    with pytest.raises(RecordError):
        records.claim(handoff.id, "agent-8")  # already taken
    with pytest.raises(RecordError):
        records.close(handoff.id, "agent-8")  # only the agent who took it
    assert records.close(handoff.id, "agent-7").status == "closed"
    assert records.open_handoff("web-2", "requested", TRANSCRIPT).id != handoff.id


def test_unknown_handoff(records: ConversationRecords) -> None:
    with pytest.raises(UnknownRecord):
        records.handoff(999_999)


@pytest.mark.parametrize(
    ("seen", "expected"),
    [(["traditional"], "traditional"), (["traditional", None], "traditional"), (["traditional", "simplified"], "simplified"), ([None], "simplified")],
)
def test_the_conversation_keeps_its_script(records: ConversationRecords, seen: list, expected: str) -> None:
    result = None
    for script in seen:
        result = records.script("web-3", script)
    assert result == expected
