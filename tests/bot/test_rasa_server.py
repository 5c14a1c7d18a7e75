"""Rasa's endpoints as the API writes them: the tracker store from one database URL."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from banshi.config import Settings
from bot.rasa_server import RASA_MAIN, server_command, tracker_store, write_endpoints


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


def test_endpoints_point_actions_back_at_the_api(tmp_path: Path) -> None:
    settings = Settings()
    settings.bot.tracker_store = f"sqlite:///{tmp_path / 'tracker.db'}"
    text = write_endpoints(settings, tmp_path).read_text(encoding="utf-8")
    assert f"http://{settings.api.host}:{settings.api.port}/api/v1/rasa/actions" in text
    assert "dialect: sqlite" in text


def test_server_runs_through_rasa_main_with_the_interpreter_beside_rasa(tmp_path: Path) -> None:
    rasa = tmp_path / "bin" / "rasa"
    rasa.parent.mkdir()
    rasa.touch()
    assert server_command(rasa) == [str(rasa)]  # no interpreter beside it: `rasa` as it is
    (tmp_path / "bin" / "python").touch()
    assert server_command(rasa) == [str(tmp_path / "bin" / "python"), str(RASA_MAIN)]
    assert RASA_MAIN.exists()
