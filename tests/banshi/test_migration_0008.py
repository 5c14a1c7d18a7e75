"""Migration 0008 moves the knowledge base's non-key fields into JSON columns without losing a row.

A database an earlier release filled at revision 0007 must upgrade with every item, requirement,
FAQ and bundle member intact, load equal to what was saved (same hash: the search index stays
fresh), and downgrade to the same rows. On SQLite this proves the columns were dropped in place:
a table rebuild would have cascade-deleted the requirements and FAQs.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from alembic import command
from sqlalchemy import Connection, Engine, MetaData, inspect, select, text

from banshi.schema import alembic_config, migrate
from knowledge.files import canonical_plain
from knowledge.schema import Catalog
from knowledge.store import KnowledgeStore, catalog_hash, make_engine

KNOWLEDGE_TABLES = (
    "departments",
    "materials",
    "items",
    "item_materials",
    "faqs",
    "bundles",
    "bundle_items",
    "synonyms",
)


def _as_at_0007(catalog: Catalog) -> Catalog:
    """The catalogue without the fields added after 0007 (bundle presets and implications, shared
    questions of bundles and items: they live in the JSON columns 0008 made): what a database at
    0007 could hold."""
    catalog = catalog.model_copy(deep=True)
    for bundle in catalog.bundles:
        bundle.presets, bundle.implications, bundle.shared = {}, [], []
    for item in catalog.items:
        item.shared = []
    return catalog


def _write_at_0007(connection: Connection, catalog: Catalog) -> None:
    """The catalogue as 0007's store wrote it, one column per field; an unknown column fails the insert."""
    meta = MetaData()
    meta.reflect(connection)

    def insert(table: str, values: dict[str, Any]) -> None:
        connection.execute(meta.tables[table].insert().values(values))

    for dep in catalog.departments:
        insert("departments", dep.model_dump())
    for mat in catalog.materials:
        insert("materials", mat.model_dump(mode="json"))
    for item in catalog.items:
        dates = {"valid_from": item.valid_from, "valid_to": item.valid_to}
        plain = item.model_dump(mode="json", exclude={"materials", "faqs", "department", "shared", *dates})
        insert("items", {**plain, **dates, "department_code": item.department})
        for i, req in enumerate(item.materials):
            details = req.model_dump(mode="json", exclude={"material"})
            insert(
                "item_materials",
                {"item_code": item.code, "position": i, "material_code": req.material, **details},
            )
        for i, faq in enumerate(item.faqs):
            insert("faqs", {"item_code": item.code, "position": i, "question": faq.q, "answer": faq.a})
    for bundle in catalog.bundles:
        plain = bundle.model_dump(mode="json", exclude={"items", "faqs", "department", "presets", "implications", "shared"})
        insert("bundles", {**plain, "department_code": bundle.department})
        for i, member in enumerate(bundle.items):
            insert(
                "bundle_items",
                {
                    "bundle_code": bundle.code,
                    "position": i,
                    "item_code": member.item,
                    **member.model_dump(mode="json", exclude={"item"}),
                },
            )
        for i, faq in enumerate(bundle.faqs):
            insert("faqs", {"bundle_code": bundle.code, "position": i, "question": faq.q, "answer": faq.a})
    for syn in catalog.synonyms:
        insert("synonyms", syn.model_dump())
    for example in catalog.out_of_scope_examples:
        insert("out_of_scope_examples", {"question": example.q, "topic": example.topic})
    insert("kb_meta", {"key": "revision", "value": "1"})
    insert("kb_meta", {"key": "hash", "value": catalog_hash(catalog)})


def _rows(engine: Engine, *tables: str) -> dict[str, list[dict[str, Any]]]:
    """Every row of `tables`, by primary key, as the database has them now."""
    meta = MetaData()
    meta.reflect(engine, only=tables)
    with engine.connect() as connection:
        return {
            name: [dict(r) for r in connection.execute(select(t).order_by(*t.primary_key.columns)).mappings()]
            for name, t in meta.tables.items()
        }


def _columns(engine: Engine) -> dict[str, dict[str, bool]]:
    found = inspect(engine)
    return {t: {c["name"]: c["nullable"] for c in found.get_columns(t)} for t in KNOWLEDGE_TABLES}


def _downgrade(engine: Engine, revision: str) -> None:
    cfg = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.downgrade(cfg, revision)


def test_a_catalogue_saved_at_0007_upgrades_intact_and_downgrades_back(
    database_url: str, sample_catalog: Catalog
) -> None:
    catalog = _as_at_0007(sample_catalog)
    catalog.items[0].valid_from, catalog.items[0].valid_to = date(2026, 1, 1), date(2030, 12, 31)
    engine = make_engine(database_url)
    migrate(engine, "0007")
    with engine.begin() as connection:
        _write_at_0007(connection, catalog)
    at_0007, columns_at_0007 = _rows(engine, *KNOWLEDGE_TABLES), _columns(engine)
    links = {
        "item_materials": ("id", "item_code", "position", "material_code"),
        "bundle_items": ("id", "bundle_code", "position", "item_code"),
    }

    migrate(engine)
    store = KnowledgeStore(database_url)
    loaded = store.load()
    assert canonical_plain(loaded) == canonical_plain(catalog)
    assert store.meta() == {"revision": "1", "hash": catalog_hash(loaded)}  # the search index is not stale
    upgraded = _rows(engine, *KNOWLEDGE_TABLES)
    assert upgraded["faqs"] == at_0007["faqs"]
    for table, kept in links.items():
        assert [{c: r[c] for c in kept} for r in upgraded[table]] == [
            {c: r[c] for c in kept} for r in at_0007[table]
        ]
    assert len(upgraded["item_materials"]) == sum(len(i.materials) for i in catalog.items)
    assert len(upgraded["bundle_items"]) == sum(len(b.items) for b in catalog.bundles)

    _downgrade(engine, "0007")
    assert _rows(engine, *KNOWLEDGE_TABLES) == at_0007
    columns = _columns(engine)
    if engine.dialect.name == "sqlite":  # NOT NULL columns without a default come back nullable there
        columns_at_0007 = {t: dict.fromkeys(cols, True) for t, cols in columns_at_0007.items()}
        columns = {t: dict.fromkeys(cols, True) for t, cols in columns.items()}
    assert columns == columns_at_0007

    migrate(engine)  # and up again
    assert canonical_plain(store.load()) == canonical_plain(catalog)
    store.engine.dispose()
    engine.dispose()


def test_an_upgrade_that_failed_on_sqlite_runs_again(tmp_path: Path, sample_catalog: Catalog) -> None:
    sample_catalog = _as_at_0007(sample_catalog)
    """pysqlite commits a migration's first ALTER at once: a failed run leaves `materials.details` behind."""
    url = f"sqlite:///{tmp_path / 'banshi.db'}"
    engine = make_engine(url)
    migrate(engine, "0007")
    with engine.begin() as connection:
        _write_at_0007(connection, sample_catalog)
        connection.execute(text("ALTER TABLE materials ADD COLUMN details JSON NOT NULL DEFAULT '{}'"))
    migrate(engine)
    store = KnowledgeStore(url)
    assert canonical_plain(store.load()) == canonical_plain(sample_catalog)
    store.engine.dispose()
    engine.dispose()
