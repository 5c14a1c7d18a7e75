"""A Rasa tracker store without Rasa: its `events` table with rows written as Rasa writes them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine, create_engine, select

from banshi.config import Settings
from bot.rasa_server import sqlite_store_path
from bot.tracker_events import EVENTS


def _engine(settings: Settings) -> Engine:
    path = sqlite_store_path(settings.bot.tracker_store, settings)
    assert path is not None, "these helpers write a SQLite tracker store"
    path.parent.mkdir(parents=True, exist_ok=True)
    return create_engine(f"sqlite:///{path}")


def write_events(settings: Settings, events: list[tuple[str, datetime]]) -> None:
    """One `user` event per (conversation, time) in the SQLite tracker store of `settings`."""
    engine = _engine(settings)
    EVENTS.metadata.create_all(engine)
    with engine.begin() as conn:
        rows = [{"sender_id": s, "type_name": "user", "timestamp": t.timestamp(), "data": "{}"} for s, t in events]
        conn.execute(EVENTS.insert(), rows)
    engine.dispose()


def tracker_senders(settings: Settings) -> list[str]:
    """The conversation of every event left, sorted."""
    engine = _engine(settings)
    with engine.connect() as conn:
        senders = sorted(conn.scalars(select(EVENTS.c.sender_id)))
    engine.dispose()
    return senders
