"""The one declarative base of the product's database.

Tables are declared next to the code that uses them (knowledge base, saved checklists,
conversation records, pre-review jobs), all on this base, so that one metadata and one Alembic
history (banshi/migrations) describe the whole database. This module imports nothing of the
product, so every package may build on it; `banshi.schema` gathers the tables.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import CursorResult, Executable
from sqlalchemy.orm import DeclarativeBase, Session


class Base(DeclarativeBase):
    pass


def rows_changed(session: Session, statement: Executable) -> int:
    """Run a bulk DELETE or UPDATE and say how many rows it touched (retention counts them)."""
    result = cast("CursorResult[Any]", session.execute(statement))
    return result.rowcount


def as_utc(moment: datetime | None) -> datetime | None:
    """A stored time as an aware UTC datetime: SQLite hands back naive ones (stored in UTC)."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)
