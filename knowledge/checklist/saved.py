"""Saved checklists: what a citizen was told, kept so its link, PDF and QR code stay valid.

The id is a capability: 128 random bits, given only to the citizen who made the checklist, so
nobody can reach another citizen's checklist by recomputing or guessing it (saving the same
situation twice gives two links). The stored snapshot is what the citizen saw, even after the
guide changes.
Its answers describe the citizen's 情形, so a saved checklist is purged after
`retention.checklists_days` (banshi.retention); saving it again starts the period afresh.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

from sqlalchemy import JSON, DateTime, String, delete, func
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Mapped, Session, mapped_column

from banshi.db import Base, rows_changed
from knowledge.checklist.model import Checklist


class SavedChecklistRow(Base):
    __tablename__ = "saved_checklists"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    target: Mapped[str] = mapped_column(String(64), index=True)
    answers: Mapped[dict] = mapped_column(JSON)
    checklist: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class SavedChecklists:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def save(self, checklist: Checklist) -> str:
        """Store the snapshot; return its new capability id."""
        answers = {row["question"]: list(row["options"]) for row in checklist.answers}
        key = secrets.token_urlsafe(16)
        with Session(self.engine) as session, session.begin():
            session.add(
                SavedChecklistRow(
                    id=key,
                    target=checklist.target["code"],
                    answers=answers,
                    checklist=checklist.as_dict(),
                    created_at=datetime.now(UTC),
                )
            )
        return key

    def get(self, key: str) -> dict | None:
        """The snapshot as saved (Checklist.as_dict()), or None."""
        with Session(self.engine) as session:
            row = session.get(SavedChecklistRow, key)
            return None if row is None else dict(row.checklist)

    def purge(self, before: datetime) -> int:
        """Delete checklists saved before `before`; returns how many went."""
        with Session(self.engine) as session, session.begin():
            return rows_changed(
                session,
                delete(SavedChecklistRow).where(SavedChecklistRow.created_at < before.astimezone(UTC)),
            )
