"""A new field of an item is stored without touching knowledge/db.py or knowledge/store.py.

Rows keep as columns only keys, links and the filter columns; every other field travels in the
row's JSON column, found as "all fields but the columns and the child rows", never by name.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import select

import knowledge.store
from banshi.schema import migrate
from knowledge.db import FaqRow
from knowledge.entities import SECTIONS
from knowledge.files import canonical_plain
from knowledge.rows import SHAPES, RowShape
from knowledge.schema import Catalog, Faq, Item, MaterialRequirement
from knowledge.store import KnowledgeStore

# Row columns that are no field: row ids, places in a parent's list, links to the parent, the clock.
LINKS = {"id", "position", "item_code", "bundle_code", "updated_at"}


def _all_shapes() -> Iterator[RowShape]:
    for shape in SHAPES.values():
        yield shape
        yield from shape.children.values()


@pytest.fixture
def store(database_url: str) -> Iterator[KnowledgeStore]:
    s = KnowledgeStore(database_url)
    migrate(s.engine)
    yield s
    s.engine.dispose()


def test_every_section_of_a_catalog_has_its_rows() -> None:
    assert [(section, shape.model) for section, shape in SHAPES.items()] == list(SECTIONS.items())


@pytest.mark.parametrize("shape", list(_all_shapes()), ids=lambda s: s.model.__name__)
def test_every_column_is_a_field_the_json_column_or_a_link(shape: RowShape) -> None:
    columns = set(shape.row.__table__.columns.keys())
    assert columns == set(shape.columns.values()) | {shape.rest} - {None} | (columns & LINKS)
    assert set(shape.columns) | set(shape.children) <= set(shape.model.model_fields)


def test_item_columns_are_keys_links_and_what_staff_filter_on() -> None:
    assert set(SHAPES["items"].columns) == {
        "code", "implement_code", "name", "type", "department", "level", "valid_from", "valid_to", "status", "version"
    }  # fmt: skip
    assert set(SHAPES["bundles"].columns) == {"code", "name", "department", "status", "version"}
    assert set(SHAPES["materials"].columns) == {"code", "name"}
    assert set(SHAPES["items"].children["materials"].columns) == {"material"}


def test_every_other_field_is_in_the_json_column(store: KnowledgeStore, sample_catalog: Catalog) -> None:
    store.save(sample_catalog)
    with store.sessions() as session:
        for shape in _all_shapes():
            if shape.rest is None:
                continue
            others = set(shape.model.model_fields) - set(shape.columns) - set(shape.children)
            rows = session.scalars(select(shape.row)).all()
            assert rows, shape.row.__name__
            assert all(set(getattr(row, shape.rest)) == others for row in rows)


class RequirementWithWindow(MaterialRequirement):
    window: str | None = None


class ItemWithCounter(Item):
    counter: list[Faq] = []
    materials: list[RequirementWithWindow]  # type: ignore[assignment]


class CatalogWithCounter(Catalog):
    items: list[ItemWithCounter] = []  # type: ignore[assignment]


def test_a_field_added_only_to_the_schema_round_trips(
    store: KnowledgeStore, sample_catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """New fields of an item and of a requirement (a nested model too), with db.py and store.py as they are."""
    monkeypatch.setattr(knowledge.store, "Catalog", CatalogWithCounter)
    plain = sample_catalog.model_dump()
    plain["items"][0]["counter"] = [{"q": "几号窗口？", "a": "3号窗口。"}]
    plain["items"][0]["materials"][0]["window"] = "3号窗口"
    catalog = CatalogWithCounter.model_validate(plain)
    store.save(catalog)
    loaded = store.load()
    assert isinstance(loaded, CatalogWithCounter)
    assert loaded.items[0].counter == [Faq(q="几号窗口？", a="3号窗口。")]
    assert loaded.items[0].materials[0].window == "3号窗口"
    assert canonical_plain(loaded) == canonical_plain(catalog)


def test_a_row_without_a_json_column_must_have_a_column_for_every_field() -> None:
    """A new field of a FAQ (all columns) fails at import, naming the field, instead of being lost."""
    with pytest.raises(TypeError, match="no column for a, q"):
        RowShape(Faq, FaqRow)
