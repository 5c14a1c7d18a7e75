"""Staff accounts: who may log in, with which roles, and the back-off after failed logins.

Citizens have no account (their conversation, checklist and pre-review report are reached by
capabilities the server issued). Staff have one or more roles; no role implies another, so
separating duties (an editor who may not publish, an administrator who does not answer calls)
is a matter of which roles a user is given. Passwords are kept as argon2id hashes only.
After `accounts.lockout_after` failed logins in a row the account is locked for a minute, then
twice as long after each further failure, up to `accounts.lockout_max_minutes`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import JSON, Boolean, DateTime, Integer, String, false, func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Mapped, Session, mapped_column

from banshi.config import AccountsConfig
from banshi.db import Base, as_utc


class Role(StrEnum):
    agent = "agent"  # 12345 agents: handoffs, the agent console
    editor = "editor"  # drafts knowledge-base changes; reads ratings
    reviewer = "reviewer"  # reviews and publishes others' changes; reads ratings
    admin = "admin"  # accounts, API keys, the audit log, health details


USERNAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$")
_hasher = PasswordHasher()
# Verified against when the user does not exist, so that an unknown name costs as long as a known one.
_DUMMY_HASH = _hasher.hash("an unknown user's password is never this one")


class AccountError(ValueError):
    """A request about an account that cannot be carried out (the message says why)."""


class LoginRefused(Exception):
    """Wrong name or password, a disabled account, or one locked by back-off (`retry_after` seconds)."""

    def __init__(self, message: str, retry_after: int = 0) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class UserRow(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(128), default="")
    roles: Mapped[list] = mapped_column(JSON)
    password_hash: Mapped[str] = mapped_column(String(256))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    failed_logins: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    password_changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


@dataclass(frozen=True)
class User:
    id: int
    username: str
    display_name: str
    roles: tuple[Role, ...]
    disabled: bool
    locked_until: datetime | None
    created_at: datetime

    def as_dict(self) -> dict[str, object]:
        return {
            "username": self.username,
            "display_name": self.display_name,
            "roles": [str(r) for r in self.roles],
            "disabled": self.disabled,
            "locked_until": self.locked_until.isoformat() if self.locked_until else None,
            "created_at": self.created_at.isoformat(),
        }


def parse_roles(names: list[str] | tuple[str, ...]) -> tuple[Role, ...]:
    """Role names → roles, in a fixed order; an unknown name is an AccountError naming the known ones."""
    roles = set()
    for name in names:
        try:
            roles.add(Role(name.strip().lower()))
        except ValueError:
            raise AccountError(
                f"unknown role {name!r}; roles are {', '.join(r.value for r in Role)}"
            ) from None
    if not roles:
        raise AccountError(f"give at least one role ({', '.join(r.value for r in Role)})")
    return tuple(r for r in Role if r in roles)


def user_of(row: UserRow) -> User:
    return User(
        row.id,
        row.username,
        row.display_name,
        tuple(Role(r) for r in row.roles),
        row.disabled,
        as_utc(row.locked_until),
        as_utc(row.created_at) or datetime.now(UTC),
    )


class Accounts:
    """Users in the product's database (table `users`, migrated by banshi.schema)."""

    def __init__(self, engine: Engine, config: AccountsConfig) -> None:
        self.engine = engine
        self.config = config

    def check_password(self, password: str) -> None:
        if len(password) < self.config.password_min_length:
            raise AccountError(
                f"the password must have at least {self.config.password_min_length} characters"
            )

    def create(self, username: str, password: str, roles: tuple[Role, ...], display_name: str = "") -> User:
        if not USERNAME.match(username):
            raise AccountError(
                f"invalid user name {username!r}: 1–64 letters, digits or _ . @ -, starting with a letter or digit"
            )
        self.check_password(password)
        with Session(self.engine) as session, session.begin():
            if session.scalar(select(UserRow.id).where(UserRow.username == username)) is not None:
                raise AccountError(
                    f"user {username!r} exists already; use `banshi user passwd` to change the password"
                )
            row = UserRow(
                username=username,
                display_name=display_name,
                roles=[r.value for r in roles],
                password_hash=_hasher.hash(password),
                disabled=False,
                failed_logins=0,
            )
            session.add(row)
            session.flush()
            return user_of(row)

    def _row(self, session: Session, username: str) -> UserRow:
        row = session.scalar(select(UserRow).where(UserRow.username == username))
        if row is None:
            raise AccountError(f"no user {username!r}; `banshi user list` shows them")
        return row

    def get(self, username: str) -> User:
        with Session(self.engine) as session:
            return user_of(self._row(session, username))

    def by_id(self, user_id: int) -> User | None:
        with Session(self.engine) as session:
            row = session.get(UserRow, user_id)
            return None if row is None else user_of(row)

    def list(self) -> list[User]:
        with Session(self.engine) as session:
            return [user_of(r) for r in session.scalars(select(UserRow).order_by(UserRow.username))]

    def set_password(self, username: str, password: str) -> User:
        """A new password also lifts a lock (an administrator set it)."""
        self.check_password(password)
        with Session(self.engine) as session, session.begin():
            row = self._row(session, username)
            row.password_hash = _hasher.hash(password)
            row.password_changed_at = datetime.now(UTC)
            row.failed_logins = 0
            row.locked_until = None
            return user_of(row)

    def set_roles(self, username: str, roles: tuple[Role, ...]) -> User:
        with Session(self.engine) as session, session.begin():
            row = self._row(session, username)
            row.roles = [r.value for r in roles]
            return user_of(row)

    def set_disabled(self, username: str, disabled: bool) -> User:
        with Session(self.engine) as session, session.begin():
            row = self._row(session, username)
            row.disabled = disabled
            if not disabled:
                row.failed_logins = 0
                row.locked_until = None
            return user_of(row)

    def authenticate(self, username: str, password: str, now: datetime | None = None) -> User:
        """The user, when the password is right and the account may log in; else LoginRefused.

        The message never says whether the name exists; a locked account says when to retry.
        """
        now = now or datetime.now(UTC)
        wrong = LoginRefused("用户名或密码错误 (wrong user name or password)")
        refusal: LoginRefused | None = None
        # The refusal is raised after the transaction commits: raising inside it would roll back
        # the failure count, and the back-off with it.
        with Session(self.engine) as session, session.begin():
            row = session.scalar(select(UserRow).where(UserRow.username == username))
            if row is None:
                _verify(_DUMMY_HASH, password)
                raise wrong
            locked_until = as_utc(row.locked_until)
            if locked_until is not None and locked_until > now:
                wait = int((locked_until - now).total_seconds()) + 1
                raise LoginRefused(
                    f"登录失败次数过多，请 {max(1, round(wait / 60))} 分钟后再试 (too many failed logins; try again later)", wait
                )
            if not _verify(row.password_hash, password):
                row.failed_logins += 1
                over = row.failed_logins - self.config.lockout_after
                if over >= 0:
                    row.locked_until = now + timedelta(minutes=min(2**over, self.config.lockout_max_minutes))
                refusal = wrong
            elif row.disabled:
                refusal = LoginRefused("此账号已停用，请联系管理员 (this account is disabled)")
            else:
                row.failed_logins = 0
                row.locked_until = None
                if _hasher.check_needs_rehash(row.password_hash):
                    row.password_hash = _hasher.hash(password)
                user = user_of(row)
        if refusal is not None:
            raise refusal
        return user


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
