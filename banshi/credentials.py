"""Credentials that stand for a staff member after login, and integrations' API keys.

Three kinds, one table, each kept only as the SHA-256 of a random 256-bit secret (a stolen
database gives no usable credential; a slow hash adds nothing for secrets this long):

* `session` — a page login, in a secure HttpOnly SameSite cookie, with its CSRF token;
* `token` — a short-lived bearer token for the staff APIs (POST /api/v1/auth/token);
* `apikey` — a key for one integration (`banshi apikey create`), with its own roles, valid
  until revoked.

A session's or token's roles are read from the user at every request, so disabling a user or
changing their roles takes effect at once.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Literal, cast

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, delete, func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Mapped, Session, mapped_column

from banshi.accounts import AccountError, Role, User, UserRow, parse_roles, user_of
from banshi.db import Base, as_utc, rows_changed

Kind = Literal["session", "token", "apikey"]
# What a secret starts with, so that a leaked one is recognised (and secret scanners can match it).
PREFIX: dict[str, str] = {"session": "bss_", "token": "bst_", "apikey": "bsk_"}


class CredentialRow(Base):
    __tablename__ = "credentials"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), nullable=True, index=True
    )
    name: Mapped[str] = mapped_column(String(128), default="")
    roles: Mapped[list] = mapped_column(JSON, default=list)
    csrf: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True, index=True)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


@dataclass(frozen=True)
class Principal:
    """Who is asking: a logged-in user (session or token) or an integration (API key)."""

    name: str
    roles: tuple[Role, ...]
    kind: Kind
    user_id: int | None = None
    csrf: str = field(default="", repr=False)

    def has(self, *roles: Role) -> bool:
        return any(r in self.roles for r in roles)


@dataclass(frozen=True)
class Issued:
    """A credential just made: the secret is shown once and never again."""

    secret: str
    id: int
    expires_at: datetime | None
    csrf: str = ""


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class Credentials:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def _issue(
        self,
        kind: Kind,
        *,
        user: User | None,
        lifetime: timedelta | None,
        name: str = "",
        roles: tuple[Role, ...] = (),
    ) -> Issued:
        secret = PREFIX[kind] + secrets.token_urlsafe(32)
        csrf = secrets.token_urlsafe(32) if kind == "session" else ""
        expires = datetime.now(UTC) + lifetime if lifetime else None
        with Session(self.engine) as session, session.begin():
            row = CredentialRow(
                digest=digest(secret),
                kind=kind,
                user_id=user.id if user else None,
                name=name or (user.username if user else ""),
                roles=[r.value for r in roles],
                csrf=csrf,
                expires_at=expires,
            )
            session.add(row)
            session.flush()
            return Issued(secret, row.id, expires, csrf)

    def start_session(self, user: User, hours: int) -> Issued:
        return self._issue("session", user=user, lifetime=timedelta(hours=hours))

    def issue_token(self, user: User, minutes: int) -> Issued:
        return self._issue("token", user=user, lifetime=timedelta(minutes=minutes))

    def create_api_key(self, name: str, roles: tuple[Role, ...]) -> Issued:
        if not name.strip() or len(name) > 128:
            raise AccountError("an API key needs a name of 1–128 characters (the integration it is for)")
        with Session(self.engine) as session:
            taken = session.scalar(
                select(CredentialRow.id).where(
                    CredentialRow.kind == "apikey",
                    CredentialRow.name == name,
                    CredentialRow.revoked_at.is_(None),
                )
            )
        if taken is not None:
            raise AccountError(f"an API key named {name!r} exists already; revoke it first")
        return self._issue("apikey", user=None, lifetime=None, name=name, roles=parse_roles(list(roles)))

    def api_keys(self) -> list[dict[str, object]]:
        with Session(self.engine) as session:
            rows = session.scalars(
                select(CredentialRow).where(CredentialRow.kind == "apikey").order_by(CredentialRow.id)
            )
            return [
                {
                    "id": r.id,
                    "name": r.name,
                    "roles": list(r.roles),
                    "created_at": (as_utc(r.created_at) or datetime.now(UTC)).isoformat(),
                    "last_used_at": _iso(r.last_used_at),
                    "revoked_at": _iso(r.revoked_at),
                }
                for r in rows
            ]

    def revoke_api_key(self, key_id: int) -> str:
        """Revoke by id; returns the key's name."""
        with Session(self.engine) as session, session.begin():
            row = session.get(CredentialRow, key_id)
            if row is None or row.kind != "apikey":
                raise AccountError(f"no API key with id {key_id}; `banshi apikey list` shows them")
            row.revoked_at = row.revoked_at or datetime.now(UTC)
            return row.name

    def revoke(self, secret: str) -> None:
        """End a session or token (logout); an unknown secret is ignored."""
        with Session(self.engine) as session, session.begin():
            row = session.scalar(select(CredentialRow).where(CredentialRow.digest == digest(secret)))
            if row is not None and row.revoked_at is None:
                row.revoked_at = datetime.now(UTC)

    def revoke_user(self, user_id: int) -> None:
        """End every session and token of a user (password changed, account disabled)."""
        now = datetime.now(UTC)
        with Session(self.engine) as session, session.begin():
            for row in session.scalars(
                select(CredentialRow).where(
                    CredentialRow.user_id == user_id, CredentialRow.revoked_at.is_(None)
                )
            ):
                row.revoked_at = now

    def principal(
        self, secret: str, kinds: tuple[Kind, ...], now: datetime | None = None
    ) -> Principal | None:
        """Who the secret stands for, if it is one of `kinds`, current, unrevoked and its user enabled."""
        if not secret.startswith(tuple(PREFIX[k] for k in kinds)):
            return None
        now = now or datetime.now(UTC)
        with Session(self.engine) as session, session.begin():
            row = session.scalar(select(CredentialRow).where(CredentialRow.digest == digest(secret)))
            if row is None or row.kind not in kinds or row.revoked_at is not None:
                return None
            expires = as_utc(row.expires_at)
            if expires is not None and expires <= now:
                return None
            last = as_utc(row.last_used_at)
            if last is None or now - last > timedelta(minutes=1):  # not a write on every request
                row.last_used_at = now
            kind = cast(Kind, row.kind)
            if row.user_id is None:
                return Principal(f"apikey:{row.name}", tuple(Role(r) for r in row.roles), kind)
            user_row = session.get(UserRow, row.user_id)
            if user_row is None or user_row.disabled:
                return None
            user = user_of(user_row)
            return Principal(user.username, user.roles, kind, user.id, row.csrf)

    def purge(self, before: datetime) -> int:
        """Forget sessions and tokens that expired before `before` (API keys stay until revoked)."""
        with Session(self.engine) as session, session.begin():
            return rows_changed(
                session,
                delete(CredentialRow).where(
                    CredentialRow.kind != "apikey", CredentialRow.expires_at < before.astimezone(UTC)
                ),
            )


def _iso(moment: datetime | None) -> str | None:
    aware = as_utc(moment)
    return aware.isoformat() if aware else None
