"""Staff accounts, their credentials and the audit log, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session

from banshi.accounts import AccountError, Accounts, LoginRefused, Role, UserRow, parse_roles
from banshi.audit import AuditFilter, AuditLog
from banshi.config import AccountsConfig
from banshi.credentials import CredentialRow, Credentials, digest
from banshi.runtime import open_store
from tests.conftest import settings_for

PASSWORD = "Correct-Horse-7-Battery"
NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


@pytest.fixture
def engine(database_url: str, tmp_path: Path) -> Engine:
    return open_store(settings_for(tmp_path, database_url), seed=False).engine


@pytest.fixture
def accounts(engine: Engine) -> Accounts:
    return Accounts(engine, AccountsConfig(lockout_after=3, lockout_max_minutes=4))


def test_a_password_is_kept_as_an_argon2_hash_only(accounts: Accounts, engine: Engine) -> None:
    accounts.create("wang.fang", PASSWORD, (Role.agent,), "王芳")
    with Session(engine) as session:
        stored = session.scalar(select(UserRow.password_hash))
    assert stored is not None and stored.startswith("$argon2id$") and PASSWORD not in stored
    assert accounts.authenticate("wang.fang", PASSWORD).roles == (Role.agent,)


@pytest.mark.parametrize(
    ("username", "password", "roles", "message"),
    [
        ("", PASSWORD, ["agent"], "invalid user name"),
        ("has space", PASSWORD, ["agent"], "invalid user name"),
        ("-dash", PASSWORD, ["agent"], "invalid user name"),
        ("short", "abc", ["agent"], "at least 10 characters"),
        ("nobody", PASSWORD, ["superuser"], "unknown role 'superuser'"),
        ("nobody", PASSWORD, [], "at least one role"),
    ],
)
def test_bad_accounts_are_refused_with_the_reason(
    accounts: Accounts, username: str, password: str, roles: list[str], message: str
) -> None:
    with pytest.raises(AccountError, match=message):
        accounts.create(username, password, parse_roles(roles))


def test_a_name_is_taken_once(accounts: Accounts) -> None:
    accounts.create("li.lei", PASSWORD, (Role.editor,))
    with pytest.raises(AccountError, match="exists already"):
        accounts.create("li.lei", PASSWORD, (Role.admin,))


def test_failed_logins_back_off_doubling_up_to_the_limit(accounts: Accounts) -> None:
    accounts.create("zhao.min", PASSWORD, (Role.agent,))
    clock = NOW
    for _ in range(2):  # below lockout_after (3): only "wrong"
        with pytest.raises(LoginRefused) as refused:
            accounts.authenticate("zhao.min", "wrong password", clock)
        assert refused.value.retry_after == 0
    locks = []
    for _ in range(4):  # the 3rd failure locks for 1 minute, then 2, 4, 4 (the maximum)
        with pytest.raises(LoginRefused):
            accounts.authenticate("zhao.min", "wrong password", clock)
        with pytest.raises(LoginRefused) as locked:  # even the right password, while locked
            accounts.authenticate("zhao.min", PASSWORD, clock)
        locks.append(locked.value.retry_after)
        assert "登录失败次数过多" in str(locked.value)
        clock += timedelta(seconds=locked.value.retry_after)
    assert [round(s / 60) for s in locks] == [1, 2, 4, 4]
    assert accounts.authenticate("zhao.min", PASSWORD, clock).username == "zhao.min"
    with pytest.raises(LoginRefused) as fresh:  # a success resets the count
        accounts.authenticate("zhao.min", "wrong password", clock)
    assert fresh.value.retry_after == 0


def test_an_unknown_name_and_a_wrong_password_read_the_same(accounts: Accounts) -> None:
    accounts.create("sun.li", PASSWORD, (Role.agent,))
    with pytest.raises(LoginRefused) as unknown:
        accounts.authenticate("nobody-here", PASSWORD)
    with pytest.raises(LoginRefused) as wrong:
        accounts.authenticate("sun.li", "not the password")
    assert str(unknown.value) == str(wrong.value)


def test_a_disabled_account_cannot_log_in_and_its_credentials_stop(accounts: Accounts, engine: Engine) -> None:
    user = accounts.create("qian.hao", PASSWORD, (Role.agent,))
    credentials = Credentials(engine)
    token = credentials.issue_token(user, 15).secret
    assert credentials.principal(token, ("token",)) is not None
    accounts.set_disabled("qian.hao", True)
    assert credentials.principal(token, ("token",)) is None  # at once, even before revocation
    with pytest.raises(LoginRefused, match="停用"):
        accounts.authenticate("qian.hao", PASSWORD)
    accounts.set_disabled("qian.hao", False)
    assert accounts.authenticate("qian.hao", PASSWORD).username == "qian.hao"


def test_credentials_are_hashed_typed_expiring_and_revocable(accounts: Accounts, engine: Engine) -> None:
    user = accounts.create("zhou.yu", PASSWORD, (Role.agent, Role.editor))
    credentials = Credentials(engine)
    session = credentials.start_session(user, 8)
    token = credentials.issue_token(user, 15)
    key = credentials.create_api_key("12345-platform", (Role.agent,))
    with Session(engine) as db:
        stored = set(db.scalars(select(CredentialRow.digest)))
    assert stored == {digest(session.secret), digest(token.secret), digest(key.secret)}  # no secret in clear
    # each kind is accepted only where it belongs: a session cookie is not a bearer token
    assert credentials.principal(session.secret, ("token", "apikey")) is None
    assert credentials.principal(token.secret, ("session",)) is None
    me = credentials.principal(session.secret, ("session",))
    assert me is not None and me.roles == (Role.agent, Role.editor) and me.csrf == session.csrf
    integration = credentials.principal(key.secret, ("token", "apikey"))
    assert integration is not None and integration.name == "apikey:12345-platform" and integration.roles == (Role.agent,)
    # a token ends when it expires; a role change applies to the next request
    assert credentials.principal(token.secret, ("token",), NOW + timedelta(days=1)) is None
    accounts.set_roles("zhou.yu", (Role.reviewer,))
    again = credentials.principal(session.secret, ("session",))
    assert again is not None and again.roles == (Role.reviewer,)
    credentials.revoke(session.secret)
    assert credentials.principal(session.secret, ("session",)) is None
    credentials.revoke_api_key(key.id)
    assert credentials.principal(key.secret, ("apikey",)) is None
    assert credentials.principal("bst_" + "A" * 43, ("token",)) is None


def test_the_audit_log_filters_and_cannot_be_rewritten(engine: Engine) -> None:
    log = AuditLog(engine)
    log.record("wang.fang", ["agent"], "handoff.claim", "handoff:7", address="10.1.2.3")
    log.record("wang.fang", ["agent"], "handoff.close", "handoff:7", address="10.1.2.3")
    log.record("cli:root", [], "user.create", "user:li.lei", detail={"roles": ["editor"]})
    assert [e["action"] for e in log.entries(AuditFilter(actor="wang.fang"))] == ["handoff.close", "handoff.claim"]
    assert [e["record"] for e in log.entries(AuditFilter(action="user."))] == ["user:li.lei"]
    assert len(log.entries(AuditFilter(record="handoff:7", limit=1))) == 1
    assert log.entries(AuditFilter(since=datetime.now(UTC) + timedelta(hours=1))) == []
    entry = log.entries(AuditFilter(action="handoff.claim"))[0]
    assert entry["address"] == "10.1.2.3" and entry["roles"] == ["agent"] and entry["at"]
    for statement in ("UPDATE audit_log SET actor = 'someone else'", "DELETE FROM audit_log"):
        with pytest.raises(DatabaseError, match="append-only"), engine.begin() as connection:
            connection.execute(text(statement))
    assert len(log.entries(AuditFilter())) == 3
