"""The server's secret: random per machine unless configured, private, one derived key per purpose."""

from __future__ import annotations

from pathlib import Path

from banshi.config import Settings
from banshi.keys import derived_key, secret_key


def _settings(tmp_path: Path, name: str = "secret-key") -> Settings:
    settings = Settings()
    settings.api.secret_key_file = str(tmp_path / name)
    return settings


def test_the_machine_secret_is_random_kept_and_private(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    key = secret_key(settings)
    assert len(key) >= 48 and secret_key(_settings(tmp_path)) == key  # every worker reads the same one
    assert (tmp_path / "secret-key").stat().st_mode & 0o077 == 0
    assert secret_key(_settings(tmp_path, "other")) != key


def test_a_configured_secret_wins_and_writes_nothing(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    settings.api.secret_key = "k" * 40
    assert secret_key(settings) == b"k" * 40
    assert not (tmp_path / "secret-key").exists()


def test_each_purpose_has_its_own_key(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    actions, conversations = derived_key(settings, "rasa-actions"), derived_key(settings, "conversations")
    assert actions != conversations and len(actions) >= 43
    assert derived_key(settings, "rasa-actions") == actions


def test_the_configured_secret_is_not_printed(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    settings.api.secret_key = "s3cret" * 8
    assert "s3cret" not in repr(settings) and "s3cret" not in str(settings.api)
