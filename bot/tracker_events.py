"""Rasa's tracker store seen from the product: deleting conversations, never reading them.

Rasa keeps every conversation as rows of its SQL tracker store (table `events`: `sender_id`,
`timestamp` in Unix seconds, …). Retention and the citizen's "delete my conversation" remove
those rows directly with SQLAlchemy; Rasa reads the store on every message, so a deleted
conversation simply starts afresh. A store Rasa never created (no file, no table) holds nothing.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Column,
    Engine,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    create_engine,
    func,
    inspect,
    select,
)

from banshi.config import Settings
from bot.rasa_server import sqlite_store_path

# The columns of Rasa 3.6's SQLTrackerStore.SQLEvent this module uses (Rasa creates the table).
EVENTS = Table(
    "events",
    MetaData(),
    Column("id", Integer, primary_key=True),
    Column("sender_id", String(255), nullable=False, index=True),
    Column("type_name", String(255), nullable=False),
    Column("timestamp", Float),
    Column("intent_name", String(255)),
    Column("action_name", String(255)),
    Column("data", String),
)


def tracker_database_url(settings: Settings) -> str | None:
    """`bot.tracker_store` as a SQLAlchemy URL; None when it is a SQLite file not made yet."""
    url = settings.bot.tracker_store
    path = sqlite_store_path(url, settings)
    if path is not None:
        return f"sqlite:///{path}" if path.exists() else None
    return url.replace("postgresql://", "postgresql+psycopg://", 1)  # the driver the product ships


class TrackerEvents:
    """Deletes conversations from Rasa's tracker store (connects lazily, on first use)."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._engine: Engine | None = None

    def _events(self) -> Engine | None:
        if self._engine is None:
            url = tracker_database_url(self._settings)
            if url is None:
                return None
            # Rasa writes to a SQLite store at the same time: wait for its lock, don't fail.
            args = {"timeout": 30} if url.startswith("sqlite") else {}
            self._engine = create_engine(url, connect_args=args)
        return self._engine if inspect(self._engine).has_table("events") else None

    def purge(self, before: datetime) -> int:
        """Delete conversations whose last event is older than `before` (a live one stays whole)."""
        engine = self._events()
        if engine is None:
            return 0
        stale = (
            select(EVENTS.c.sender_id)
            .group_by(EVENTS.c.sender_id)
            .having(func.max(EVENTS.c.timestamp) < before.timestamp())
        )
        with engine.begin() as conn:
            senders = list(conn.scalars(stale))
            for start in range(0, len(senders), 500):  # bounded IN lists
                conn.execute(EVENTS.delete().where(EVENTS.c.sender_id.in_(senders[start:start + 500])))
        return len(senders)

    def forget(self, sender: str) -> int:
        """Delete one conversation's events; returns how many rows went."""
        engine = self._events()
        if engine is None:
            return 0
        with engine.begin() as conn:
            return conn.execute(EVENTS.delete().where(EVENTS.c.sender_id == sender)).rowcount

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
