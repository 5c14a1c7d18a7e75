"""Rasa's endpoints as the API writes them: the tracker store from one database URL."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import yaml

from banshi.config import Settings
from bot.rasa_server import (
    ACTION_TOKEN_HEADER,
    action_token,
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
    settings.api.secret_key_file = str(tmp_path / "secret-key")
    path = write_endpoints(settings, tmp_path)
    endpoints = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert endpoints["action_endpoint"]["url"] == f"http://{settings.api.host}:{settings.api.port}/api/v1/rasa/actions"
    assert endpoints["action_endpoint"]["headers"] == {ACTION_TOKEN_HEADER: action_token(settings)}
    assert endpoints["tracker_store"]["dialect"] == "sqlite"
    assert path.stat().st_mode & 0o077 == 0  # the secret is readable by its owner only
