"""Retention: with a clock, each store of personal data loses what is older than its period
and keeps what is newer (SQLite and PostgreSQL for the product database)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, update
from sqlalchemy.orm import Session

from banshi.accounts import Accounts, Role
from banshi.config import Settings
from banshi.credentials import CredentialRow, Credentials
from banshi.retention import purge
from banshi.runtime import open_store
from bot.db import AnswerRow, ConversationRow, HandoffRow, RatingRow
from bot.records import ConversationRecords
from bot.tracker_events import EVENTS, TrackerEvents
from knowledge.checklist.saved import SavedChecklistRow
from prereview.jobs import PrereviewJobRow
from tests.conftest import postgres_schema, settings_for
from tests.tracker_store import tracker_senders, write_events

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def days_ago(days: float) -> datetime:
    return NOW - timedelta(days=days)


def test_the_purge_deletes_what_is_past_its_period_in_every_store(database_url: str, tmp_path: Path) -> None:
    settings = settings_for(tmp_path, database_url)
    # The default periods: conversations 30 days, handoffs 180, ratings 365, checklists 180, uploads 7.
    write_events(settings, [("old", days_ago(40)), ("old", days_ago(31)), ("live", days_ago(40)), ("live", days_ago(1))])
    engine = open_store(settings, seed=False).engine
    records = ConversationRecords(engine)
    records.add_answer("old", "我叫张三，办护照要带什么", "000105005000", "materials")
    rated_old = records.add_answer("old", "我住在XX路，护照多少钱", "000105005000", "fee")
    records.rate(rated_old, "old", "bad", "没说加急费")
    rated_long_ago = records.add_answer("old", "身份证丢了", "000105001000", "materials")
    records.rate(rated_long_ago, "old", "good")
    new = records.add_answer("live", "那要多久", "000105005000", "promised_time_limit")
    records.script("old", "traditional")
    records.script("live", "traditional")
    stale = records.open_handoff("old", "requested", [{"role": "citizen", "text": "转人工"}]).id
    recent = records.open_handoff("live", "requested", [{"role": "citizen", "text": "转人工"}]).id
    agent = Accounts(engine, settings.accounts).create("agent-1", "correct horse battery", (Role.agent,))
    logins = Credentials(engine)
    expired, current = logins.start_session(agent, 8).id, logins.issue_token(agent, 15).id
    with Session(engine) as session, session.begin():
        session.execute(update(AnswerRow).where(AnswerRow.sender == "old").values(created_at=days_ago(31)))
        session.execute(update(AnswerRow).where(AnswerRow.id == rated_long_ago).values(created_at=days_ago(400)))
        session.execute(update(AnswerRow).where(AnswerRow.id == new).values(created_at=days_ago(29)))
        session.execute(update(RatingRow).values(created_at=days_ago(31)))
        session.execute(update(RatingRow).where(RatingRow.answer_id == rated_long_ago).values(created_at=days_ago(366)))
        session.execute(update(ConversationRow).where(ConversationRow.sender == "old").values(updated_at=days_ago(31)))
        session.execute(update(ConversationRow).where(ConversationRow.sender == "live").values(updated_at=days_ago(29)))
        session.execute(update(HandoffRow).where(HandoffRow.id == stale).values(updated_at=days_ago(181)))
        session.execute(update(HandoffRow).where(HandoffRow.id == recent).values(updated_at=days_ago(179)))
        for key, age in (("old-list", 181), ("new-list", 179)):
            session.add(SavedChecklistRow(id=key, target="000105005000", answers={}, checklist={}, created_at=days_ago(age)))
        for key, expires in (("old-job", days_ago(1)), ("new-job", days_ago(-1))):
            session.add(PrereviewJobRow(
                id=key, target="x", answers={}, files=[], status="done", created_at=days_ago(8), expires_at=expires,
            ))

        session.execute(update(CredentialRow).where(CredentialRow.id == expired).values(expires_at=days_ago(2)))
        session.execute(update(CredentialRow).where(CredentialRow.id == current).values(expires_at=days_ago(0.5)))

    counts = purge(settings, NOW)

    assert counts == {
        "conversations": 1, "ratings": 1, "answers": 2, "conversation_settings": 1, "handoffs": 1, "checklists": 1, "uploads": 1,
        "expired_logins": 1,
    }
    assert tracker_senders(settings) == ["live", "live"]  # a live conversation is not cut in half
    with Session(engine) as session:
        answers = {a.id: (a.sender, a.question, a.code, a.field) for a in session.scalars(select(AnswerRow))}
        # The rated answer keeps what was rated, not what the citizen wrote.
        assert answers == {rated_old: ("", "", "000105005000", "fee"), new: ("live", "那要多久", "000105005000", "promised_time_limit")}
        assert [(r.answer_id, r.sender, r.reason) for r in session.scalars(select(RatingRow))] == [(rated_old, "", "没说加急费")]
        assert list(session.scalars(select(ConversationRow.sender))) == ["live"]
        assert list(session.scalars(select(HandoffRow.id))) == [recent]
        assert list(session.scalars(select(SavedChecklistRow.id))) == ["new-list"]
        assert list(session.scalars(select(PrereviewJobRow.id))) == ["new-job"]
        # A token expired half a day ago is kept a little (it explains a refusal); one from two days ago goes.
        assert list(session.scalars(select(CredentialRow.id))) == [current]
    # Past the ratings period the rating and what is left of its answer go too.
    later = purge(settings, NOW + timedelta(days=365))
    assert later["ratings"] == 1 and later["answers"] == 2
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(AnswerRow)) == 0
    engine.dispose()


def test_a_missing_tracker_store_is_nothing_to_purge(tmp_settings: Settings) -> None:
    assert purge(tmp_settings, NOW)["conversations"] == 0


def test_the_conversation_period_counts_from_the_last_message(tmp_path: Path) -> None:
    settings = settings_for(tmp_path)
    engine = open_store(settings, seed=False).engine
    records = ConversationRecords(engine)
    records.script("web", "traditional")
    with Session(engine) as session, session.begin():
        session.execute(update(ConversationRow).values(updated_at=datetime.now(UTC) - timedelta(days=31)))
    assert records.script("web", None) == "traditional"  # a message today: seen again
    assert purge(settings)["conversation_settings"] == 0
    engine.dispose()


@pytest.mark.postgres
def test_a_postgresql_tracker_store_is_purged_by_last_event(tmp_path: Path) -> None:
    with postgres_schema() as url:
        tracker = url.replace("postgresql+psycopg://", "postgresql://", 1)  # as bot.tracker_store spells it
        settings = settings_for(tmp_path, bot={"tracker_store": tracker})
        engine = create_engine(url)
        EVENTS.metadata.create_all(engine)
        with engine.begin() as conn:
            rows = [("old", days_ago(31)), ("live", days_ago(40)), ("live", days_ago(29))]
            conn.execute(EVENTS.insert(), [{"sender_id": s, "type_name": "user", "timestamp": t.timestamp()} for s, t in rows])
        events = TrackerEvents(settings)
        assert events.purge(days_ago(30)) == 1
        assert events.forget("live") == 2
        events.close()
        with engine.connect() as conn:
            assert conn.scalar(select(func.count()).select_from(EVENTS)) == 0
        engine.dispose()
