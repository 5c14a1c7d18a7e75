"""Shared fixtures: the sample catalogue, a searcher built once per session, isolated settings.

Unit tests never touch the network: connections to anything but loopback fail loudly.
"""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from banshi.config import PROJECT_ROOT, Settings, load_settings
from knowledge.files import read_catalog
from knowledge.index import SearchIndex
from knowledge.schema import Catalog
from knowledge.search import Searcher
from tests.product import PRETRAINING, Product
from tests.rasa_python import RasaWorker

SAMPLE = PROJECT_ROOT / "knowledge" / "sample"
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

_real_connect = socket.socket.connect


def _loopback_only(self: socket.socket, address) -> None:  # type: ignore[no-untyped-def]
    host = address[0] if isinstance(address, tuple) else address
    remote = isinstance(host, str) and not (host.startswith("127.") or host in ("localhost", "::1"))
    if remote and self.family in (socket.AF_INET, socket.AF_INET6):
        raise RuntimeError(f"network access to {host} in a test: tests only talk to loopback")
    return _real_connect(self, address)


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(socket.socket, "connect", _loopback_only)


@pytest.fixture(scope="session")
def sample_catalog() -> Catalog:
    return read_catalog(SAMPLE).catalog


@pytest.fixture(scope="session")
def sample_index(sample_catalog: Catalog, tmp_path_factory: pytest.TempPathFactory) -> SearchIndex:
    folder = tmp_path_factory.mktemp("index")
    index = SearchIndex.build(sample_catalog, work_dir=folder)
    index.save(folder / "index")
    return index


@pytest.fixture(scope="session")
def searcher(sample_index: SearchIndex, sample_catalog: Catalog) -> Searcher:
    return Searcher(sample_index, sample_catalog)


def settings_for(tmp: Path, database_url: str | None = None, **sections: dict) -> Settings:
    """Settings isolated in `tmp`: own SQLite file, index and Rasa folders; no Rasa unless asked."""
    return load_settings(
        database={"url": database_url or f"sqlite:///{tmp / 'banshi.db'}"},
        search={"index_dir": str(tmp / "index"), **sections.pop("search", {})},
        bot={
            "enabled": False,
            "work_dir": str(tmp / "rasa"),
            "tracker_store": f"sqlite:///{tmp / 'rasa' / 'tracker.db'}",
            **sections.pop("bot", {}),
        },
        **sections,
    )


def _needs_the_bot_model(item: pytest.Item) -> bool:
    return "rasa_model" in getattr(item, "fixturenames", ())


@pytest.hookimpl(trylast=True)  # after -m/-k have deselected what will not run
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests that need the trained bot run last, in modules as written, and its training starts
    now in the background: on a fresh clone it overlaps the unit tests (one training a run)."""
    later = {item.path for item in items if _needs_the_bot_model(item)}
    if not later or config.option.collectonly:
        return
    items[:] = [i for i in items if i.path not in later] + [i for i in items if i.path in later]
    PRETRAINING.start(read_catalog(SAMPLE).catalog)


@pytest.fixture(scope="session")
def rasa_model() -> None:
    """The bot's model is trained (by the background training, once): nothing trains it twice."""
    PRETRAINING.wait()


@pytest.fixture(scope="session")
def product(rasa_model: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Product]:
    """The running product with its Rasa server (the model trained by then)."""
    running = Product(tmp_path_factory.mktemp("product"))
    running.start()
    yield running
    running.stop()


@pytest.fixture(scope="session")
def rasa_worker() -> Iterator[RasaWorker]:
    """Rasa's interpreter, started once for the tests of the code Rasa runs."""
    worker = RasaWorker()
    yield worker
    worker.close()


@pytest.fixture
def tmp_settings(tmp_path: Path) -> Settings:
    return settings_for(tmp_path)


def postgres_url() -> str | None:
    """The test PostgreSQL (started by .ci/run); in CI its absence is an error, not a skip."""
    url = os.environ.get("BANSHI_TEST_POSTGRES_URL")
    if not url and os.environ.get("CI"):
        pytest.fail("CI must run the PostgreSQL tests: BANSHI_TEST_POSTGRES_URL is not set")
    return url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database: a SQLite file, or a new schema on the test PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'banshi.db'}"
    else:
        with postgres_schema() as url:
            yield url


@contextmanager
def postgres_schema() -> Iterator[str]:
    """The test PostgreSQL's URL with a new, empty schema first on the search path; dropped after."""
    url = postgres_url()
    if not url:
        pytest.skip("no PostgreSQL: set BANSHI_TEST_POSTGRES_URL (scripts/postgres-test-server.sh start)")
    schema = f"t_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in url else "?"
    try:
        yield f"{url}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
