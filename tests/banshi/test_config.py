"""config.yml: validated at start-up, unknown keys rejected, environment overrides."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from banshi.config import PROJECT_ROOT, ConfigError, load_settings
from knowledge.scope import ScopeThresholds


@pytest.fixture
def config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    def write(text: str) -> Path:
        path = tmp_path / "config.yml"
        path.write_text(text, encoding="utf-8")
        monkeypatch.setenv("BANSHI_CONFIG", str(path))
        return path

    return write


def test_project_config_is_valid() -> None:
    settings = load_settings()
    assert settings.database.url.startswith("sqlite:///")
    assert settings.search.encoder == "builtin"


def test_environment_overrides_the_file(config_file, monkeypatch: pytest.MonkeyPatch) -> None:
    config_file("search:\n  top_k: 3\napi:\n  port: 9000\n")
    monkeypatch.setenv("BANSHI_API__PORT", "9100")
    settings = load_settings()
    assert settings.search.top_k == 3
    assert settings.api.port == 9100


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("search:\n  topk: 3\n", "search.topk: unknown key (valid here: index_dir, encoder, top_k"),
        ("serch:\n  top_k: 3\n", "serch: unknown key (valid here: database, knowledge, search, api, checklist, prereview, bot, retention, accounts, logging)"),
        ("api:\n  port: 70000\n", "api.port: Input should be less than or equal to 65535"),
        ("database:\n  url: mysql://x\n", "database.url must start with sqlite:/// or postgresql"),
        ("search:\n  rebuild_on_start: sometimes\n", "search.rebuild_on_start: Input should be 'stale', 'always' or 'never'"),
        ("search: [1, 2\n", "is not valid YAML"),
        ("- just a list\n", "expected a mapping of sections"),
    ],
)
def test_bad_config_says_which_key_and_what_is_allowed(config_file, text: str, message: str) -> None:
    config_file(text)
    with pytest.raises(ConfigError) as exc:
        load_settings()
    assert message in str(exc.value)


def test_unknown_environment_key_is_rejected(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BANSHI_SEARCH__TOPK", "3")
    with pytest.raises(ConfigError, match="search.topk: unknown key"):
        load_settings()


def test_relative_sqlite_path_is_anchored_at_the_project(config_file, tmp_path: Path) -> None:
    config_file(f"database:\n  url: sqlite:///{tmp_path}/x/banshi.db\n")
    settings = load_settings()
    assert settings.database_url == f"sqlite:///{tmp_path}/x/banshi.db"
    assert (tmp_path / "x").is_dir()


def test_scope_thresholds_are_written_once() -> None:
    """The out-of-scope defaults live in knowledge.scope; config.yml and the settings only override."""
    search = load_settings().search
    assert {name: getattr(search, name) for name in ScopeThresholds.names()} == vars(ScopeThresholds())
    project_file = yaml.safe_load((PROJECT_ROOT / "config.yml").read_text(encoding="utf-8"))
    assert set(project_file["search"]) & set(ScopeThresholds.names()) == set()


def test_a_scope_threshold_can_be_overridden(config_file) -> None:
    config_file("search:\n  oos_threshold: 0.5\n")
    assert load_settings().search.oos_threshold == 0.5
    config_file("search:\n  oos_threshold: 1.5\n")
    with pytest.raises(ConfigError, match="search.oos_threshold"):
        load_settings()
