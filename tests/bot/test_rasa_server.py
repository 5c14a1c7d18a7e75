"""Rasa's endpoints as the API writes them: the tracker store from one database URL."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import yaml

from banshi.config import Settings
from bot.rasa_server import (
    ACTION_TOKEN_HEADER,
    RASA_MAIN,
    action_token,
    server_command,
    tracker_store,
    write_endpoints,
)


def test_sqlite_tracker_store_is_created_in_write_ahead_mode(tmp_path: Path) -> None:
    db = tmp_path / "rasa" / "tracker.db"
    store = tracker_store(f"sqlite:///{db}", Settings())
    assert store == {"type": "SQL", "dialect": "sqlite", "db": str(db)}
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgresql://banshi:s3cret@db.example:5433/tracker",
         {"type": "SQL", "dialect": "postgresql", "url": "db.example", "db": "tracker", "port": 5433,
          "username": "banshi", "password": "s3cret"}),
        ("postgresql://localhost/tracker", {"type": "SQL", "dialect": "postgresql", "url": "localhost", "db": "tracker"}),
    ],
)  # fmt: skip
def test_postgresql_tracker_store_from_url(url: str, expected: dict) -> None:
    assert tracker_store(url, Settings()) == expected


def test_endpoints_point_actions_back_at_the_api_with_the_secret(tmp_path: Path) -> None:
    settings = Settings()
    settings.bot.tracker_store = f"sqlite:///{tmp_path / 'tracker.db'}"
    settings.bot.work_dir = str(tmp_path / "rasa")
    path = write_endpoints(settings, tmp_path)
    endpoints = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert endpoints["action_endpoint"]["url"] == f"http://{settings.api.host}:{settings.api.port}/api/v1/rasa/actions"
    assert endpoints["action_endpoint"]["headers"] == {ACTION_TOKEN_HEADER: action_token(settings)}
    assert endpoints["tracker_store"]["dialect"] == "sqlite"
    assert path.stat().st_mode & 0o077 == 0  # the secret is readable by its owner only


def test_the_action_secret_is_random_kept_and_private(tmp_path: Path) -> None:
    settings = Settings()
    settings.bot.work_dir = str(tmp_path / "rasa")
    token = action_token(settings)
    assert len(token) >= 32 and action_token(settings) == token  # every worker reads the same one
    assert (tmp_path / "rasa" / "action-token").stat().st_mode & 0o077 == 0
    other = Settings()
    other.bot.work_dir = str(tmp_path / "other")
    assert action_token(other) != token
    other.bot.action_token = "x" * 40  # configured for Rasa on another machine
    assert action_token(other) == "x" * 40


def test_server_runs_through_rasa_main_with_the_interpreter_beside_rasa(tmp_path: Path) -> None:
    rasa = tmp_path / "bin" / "rasa"
    rasa.parent.mkdir()
    rasa.touch()
    assert server_command(rasa) == [str(rasa)]  # no interpreter beside it: `rasa` as it is
    (tmp_path / "bin" / "python").touch()
    assert server_command(rasa) == [str(tmp_path / "bin" / "python"), str(RASA_MAIN)]
    assert RASA_MAIN.exists()
