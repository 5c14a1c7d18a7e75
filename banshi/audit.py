"""The audit log: who (user, roles, address) did what to which record, and when.

Every staff action — agent, editor, reviewer, administrator, and the command line's account
commands — appends one entry. The table is append-only: this module offers no update or delete,
and the migration adds triggers that refuse UPDATE and DELETE on it in SQLite and PostgreSQL,
so not even a bug elsewhere in the product can rewrite history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Integer, String, func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Mapped, Session, mapped_column

from banshi.db import Base, as_utc


class AuditRow(Base):
    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now(), index=True)
    actor: Mapped[str] = mapped_column(String(160), index=True)
    roles: Mapped[list] = mapped_column(JSON)
    address: Mapped[str] = mapped_column(String(64), default="")
    action: Mapped[str] = mapped_column(String(64), index=True)
    record: Mapped[str] = mapped_column(String(160), default="", index=True)
    detail: Mapped[dict] = mapped_column(JSON, default=dict)


@dataclass(frozen=True)
class AuditFilter:
    """Which entries to list; every field narrows (None: any)."""

    actor: str | None = None
    action: str | None = None  # exact, or a prefix ending in "." (e.g. "user.")
    record: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    limit: int = 100


class AuditLog:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def record(
        self,
        actor: str,
        roles: list[str] | tuple[str, ...],
        action: str,
        record: str = "",
        *,
        address: str = "",
        detail: dict[str, Any] | None = None,
    ) -> None:
        with Session(self.engine) as session, session.begin():
            session.add(
                AuditRow(
                    at=datetime.now(UTC),
                    actor=actor,
                    roles=[str(r) for r in roles],
                    address=address,
                    action=action,
                    record=record,
                    detail=detail or {},
                )
            )

    def entries(self, wanted: AuditFilter) -> list[dict[str, Any]]:
        """Newest first."""
        query = select(AuditRow).order_by(AuditRow.id.desc()).limit(wanted.limit)
        if wanted.actor:
            query = query.where(AuditRow.actor == wanted.actor)
        if wanted.action:
            if wanted.action.endswith("."):
                query = query.where(AuditRow.action.startswith(wanted.action, autoescape=True))
            else:
                query = query.where(AuditRow.action == wanted.action)
        if wanted.record:
            query = query.where(AuditRow.record == wanted.record)
        if wanted.since:
            query = query.where(AuditRow.at >= wanted.since.astimezone(UTC))
        if wanted.until:
            query = query.where(AuditRow.at < wanted.until.astimezone(UTC))
        with Session(self.engine) as session:
            return [
                {
                    "id": r.id,
                    "at": (as_utc(r.at) or datetime.now(UTC)).isoformat(),
                    "actor": r.actor,
                    "roles": list(r.roles),
                    "address": r.address,
                    "action": r.action,
                    "record": r.record,
                    "detail": dict(r.detail),
                }
                for r in session.scalars(query)
            ]
