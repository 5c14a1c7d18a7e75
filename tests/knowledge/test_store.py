"""Storage on SQLite and on a real PostgreSQL: migrations, round trip, merge, no loss on errors."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from banshi.schema import migrate
from knowledge.files import canonical_plain, read_catalog
from knowledge.problems import CatalogError
from knowledge.schema import Catalog
from knowledge.store import KnowledgeStore, catalog_hash
from tests.knowledge.factories import item, write_kb


@pytest.fixture
def store(database_url: str) -> Iterator[KnowledgeStore]:
    s = KnowledgeStore(database_url)
    yield s
    s.engine.dispose()


def test_migrations_are_idempotent_and_start_empty(store: KnowledgeStore) -> None:
    migrate(store.engine)
    migrate(store.engine)
    assert store.is_empty()
    assert store.meta() == {}


def test_sample_round_trip(store: KnowledgeStore, sample_catalog: Catalog) -> None:
    migrate(store.engine)
    store.save(sample_catalog)
    loaded = store.load()
    assert canonical_plain(loaded) == canonical_plain(sample_catalog)
    assert catalog_hash(loaded) == catalog_hash(sample_catalog)
    assert store.meta()["revision"] == "1"
    assert not store.is_empty()


def test_merge_updates_by_code_and_keeps_the_rest(store: KnowledgeStore, tmp_path: Path) -> None:
    migrate(store.engine)
    base = read_catalog(write_kb(tmp_path / "a", [item(), item(code="000000000002", name="第二个事项")])).catalog
    store.save(base)
    update = read_catalog(write_kb(tmp_path / "b", [item(conditions="新的受理条件。")])).catalog
    merged = store.save(update, replace=False)
    assert len(merged.items) == 2
    assert store.load().item("000000000001").conditions == "新的受理条件。"
    assert store.load().item("000000000002").name == "第二个事项"
    assert store.meta()["revision"] == "2"


def test_a_bad_import_loses_nothing(store: KnowledgeStore, tmp_path: Path) -> None:
    migrate(store.engine)
    good = read_catalog(write_kb(tmp_path / "a")).catalog
    store.save(good)
    before = canonical_plain(store.load())
    broken = good.model_copy(deep=True)
    broken.items[0].materials[0].material = "M-GONE"
    with pytest.raises(CatalogError, match="unknown material 'M-GONE'"):
        store.save(broken)
    with pytest.raises(CatalogError):
        store.save(broken, replace=False)
    assert canonical_plain(store.load()) == before
    assert store.meta()["revision"] == "1"
