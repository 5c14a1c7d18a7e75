"""`banshi user …` and `banshi apikey …`: what an operator runs to bootstrap and manage staff
accounts, without a terminal (CI has no standard input but what the test gives)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from sqlalchemy import create_engine

from banshi.audit import AuditFilter, AuditLog
from banshi.credentials import Credentials

PASSWORD = "Correct-Horse-7-Battery"


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    tmp = tmp_path_factory.mktemp("user-cli")
    return {**os.environ, "BANSHI_DATABASE__URL": f"sqlite:///{tmp / 'banshi.db'}", "BANSHI_LOGGING__LEVEL": "WARNING"}


def banshi(env: dict[str, str], *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "banshi.cli", *args], env=env, input=stdin, capture_output=True, text=True, timeout=300
    )


def test_create_list_roles_disable_and_the_audit_trail(env: dict[str, str]) -> None:
    made = banshi(env, "user", "create", "chen.jing", "--role", "admin", "--name", "陈静", "--password-stdin", stdin=PASSWORD + "\n")
    assert made.returncode == 0 and "created chen.jing (admin)" in made.stdout, made.stderr
    assert banshi(env, "user", "roles", "chen.jing", "-r", "admin", "-r", "agent").returncode == 0
    assert banshi(env, "user", "disable", "chen.jing").returncode == 0
    listed = json.loads(banshi(env, "user", "list", "--json").stdout)
    assert [(u["username"], u["display_name"], u["roles"], u["disabled"]) for u in listed] == [
        ("chen.jing", "陈静", ["agent", "admin"], True)
    ]
    engine = create_engine(env["BANSHI_DATABASE__URL"])
    trail = AuditLog(engine).entries(AuditFilter(record="user:chen.jing"))
    assert [e["action"] for e in trail] == ["user.disable", "user.roles", "user.create"]
    assert all(e["actor"].startswith("cli:") for e in trail)
    engine.dispose()


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["user", "create", "x.y", "--role", "boss", "--password-stdin"], PASSWORD, "unknown role 'boss'"),
        (["user", "create", "x.y", "--role", "agent", "--password-stdin"], "short", "at least 10 characters"),
        (["user", "create", "x.y", "--role", "agent"], "", "pass --password-stdin"),
        (["user", "passwd", "nobody.here", "--password-stdin"], PASSWORD, "no user 'nobody.here'"),
        (["apikey", "revoke", "999"], "", "no API key with id 999"),
    ],
)
def test_mistakes_are_one_clear_line_and_exit_non_zero(env: dict[str, str], args: list[str], stdin: str, message: str) -> None:
    done = banshi(env, *args, stdin=stdin)
    assert done.returncode != 0 and message in done.stderr and "Traceback" not in done.stderr


def test_an_api_key_is_printed_once_and_authenticates(env: dict[str, str]) -> None:
    made = banshi(env, "apikey", "create", "12345-platform", "--role", "agent")
    assert made.returncode == 0, made.stderr
    key = made.stdout.strip()
    engine = create_engine(env["BANSHI_DATABASE__URL"])
    principal = Credentials(engine).principal(key, ("apikey",))
    assert principal is not None and principal.name == "apikey:12345-platform"
    listed = banshi(env, "apikey", "list", "--json").stdout
    assert key not in listed and "12345-platform" in listed
    engine.dispose()
