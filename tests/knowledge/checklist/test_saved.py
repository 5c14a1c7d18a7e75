"""Saved checklists (the snapshots behind links, PDFs and QR codes) on SQLite and PostgreSQL."""

from __future__ import annotations

from banshi.schema import migrate
from knowledge.checklist import Checklist, build, find_target
from knowledge.checklist.saved import SavedChecklists
from knowledge.checklist.scenarios import walk
from knowledge.files import read_catalog
from knowledge.store import KnowledgeStore
from tests.conftest import SAMPLE
from tests.knowledge.test_store import store  # noqa: F401  (the SQLite / PostgreSQL fixture)

CATALOG = read_catalog(SAMPLE).catalog


def test_a_saved_checklist_comes_back_whole_under_an_unguessable_id(store: KnowledgeStore) -> None:  # noqa: F811
    migrate(store.engine)
    saved = SavedChecklists(store.engine)
    target = find_target(CATALOG, "开办理发店一件事")
    checklist = build(CATALOG, target, walk(target, {"premises": frozenset({"residential"})}))
    key = saved.save(checklist)
    assert len(key) >= 22  # 128 random bits, URL-safe
    second = saved.save(checklist)
    assert second != key  # not a function of the situation: nobody can recompute a citizen's link
    assert saved.get(second) == saved.get(key)
    again = saved.get(key)
    assert again == checklist.as_dict()
    assert Checklist.from_dict(again).as_dict() == checklist.as_dict()
    other = build(CATALOG, target, walk(target, {"premises": frozenset({"lease"})}))
    assert saved.save(other) != key
    assert saved.get("no-such-id") is None
