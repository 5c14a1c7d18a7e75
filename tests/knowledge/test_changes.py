"""Reviewed catalogue changes on SQLite and PostgreSQL: a submission is summarised against the
stored catalogue and stores nothing in it; only a reviewer other than its author publishes or
rejects it, once; publishing validates again and writes nothing when the result is invalid."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from banshi.schema import migrate
from knowledge.changes import (
    ChangeError,
    ChangeStatus,
    KnowledgeChanges,
    NoLongerValid,
    NotSubmitted,
    OwnChange,
    UnknownChange,
)
from knowledge.entities import LoadedCatalog
from knowledge.files import canonical_plain, read_catalog
from knowledge.problems import CatalogError
from knowledge.store import KnowledgeStore
from tests.knowledge.factories import MATERIALS, item, write_kb

AUTHOR, REVIEWER, OTHER = "editor-li", "reviewer-wang", "reviewer-zhao"
SECOND = item(code="000000000002", name="测试户口迁入")


@pytest.fixture
def store(database_url: str, tmp_path: Path) -> Iterator[KnowledgeStore]:
    """Items 000000000001 (测试证件补领) and 000000000002 (测试户口迁入), stored: revision 1."""
    s = KnowledgeStore(database_url)
    migrate(s.engine)
    s.save(read_catalog(write_kb(tmp_path / "stored", [item(), SECOND])).catalog)
    yield s
    s.engine.dispose()


@pytest.fixture
def changes(store: KnowledgeStore) -> KnowledgeChanges:
    return KnowledgeChanges(store.engine)


def upload(tmp_path: Path, items: list[dict], materials: list[dict] | None = None) -> LoadedCatalog:
    """A file as an editor would upload it: a department, the materials and the given items."""
    folder = tmp_path / f"upload-{len(list(tmp_path.iterdir()))}"
    return read_catalog(write_kb(folder, items, materials))


def submitted(changes: KnowledgeChanges, store: KnowledgeStore, tmp_path: Path, **changed: object) -> int:
    """Change 000000000001's fields (default: its 受理条件) and submit it as AUTHOR; the id."""
    edited = item(**(changed or {"conditions": "本市户籍居民，或持有本市居住证满半年。"}))
    return changes.submit(AUTHOR, "证件补领.yml", upload(tmp_path, [edited]), store.load()).id


def test_a_submission_is_summarised_against_the_stored_catalogue_and_stores_nothing_there(
    changes: KnowledgeChanges, store: KnowledgeStore, tmp_path: Path
) -> None:
    before = canonical_plain(store.load())
    edited = item(conditions="本市户籍居民，或持有本市居住证满半年。", promised_time_limit={"days": 3})
    new = item(code="000000000003", name="测试居住证签注")
    change = changes.submit(AUTHOR, "事项修改.xlsx", upload(tmp_path, [edited, new]), store.load())
    assert change.status is ChangeStatus.submitted and change.author == AUTHOR and change.filename == "事项修改.xlsx"
    assert change.summary["items"] == {
        "added": ["000000000003"],
        "changed": ["000000000001"],
        "changed_fields": {"000000000001": ["conditions", "promised_time_limit"]},
        "unchanged": 0,
    }
    assert change.summary["materials"] == {"added": [], "changed": [], "changed_fields": {}, "unchanged": len(MATERIALS)}
    assert change.summary["bundles"]["unchanged"] == 0 and change.base_revision == 1
    assert change.reviewer is None and change.published_revision is None and change.catalog is None
    assert canonical_plain(store.load()) == before and store.revision() == 1
    kept = changes.get(change.id)
    assert kept.catalog is not None and [i["code"] for i in kept.catalog["items"]] == ["000000000001", "000000000003"]
    assert [c.id for c in changes.list(ChangeStatus.submitted)] == [change.id]


def test_another_reviewer_publishes_it_into_the_store_merged_by_code(
    changes: KnowledgeChanges, store: KnowledgeStore, tmp_path: Path
) -> None:
    change_id = submitted(changes, store, tmp_path)
    published = changes.publish(change_id, REVIEWER, store)
    assert published.status is ChangeStatus.published and published.reviewer == REVIEWER
    assert published.reviewed_at is not None and published.published_revision == 2 == store.revision()
    stored = store.load()
    assert stored.item("000000000001").conditions == "本市户籍居民，或持有本市居住证满半年。"  # type: ignore[union-attr]
    assert stored.item("000000000002").name == "测试户口迁入"  # type: ignore[union-attr]  (kept)
    assert changes.list(ChangeStatus.submitted) == [] and [c.id for c in changes.list()] == [change_id]


@pytest.mark.parametrize("act", ["publish", "reject"])
def test_the_author_can_never_review_their_own_change(
    changes: KnowledgeChanges, store: KnowledgeStore, tmp_path: Path, act: str
) -> None:
    change_id = submitted(changes, store, tmp_path)
    with pytest.raises(OwnChange, match=f"a different reviewer must {act} it"):
        if act == "publish":
            changes.publish(change_id, AUTHOR, store)
        else:
            changes.reject(change_id, AUTHOR, "自己驳回自己")
    assert changes.get(change_id).status is ChangeStatus.submitted and store.revision() == 1


@pytest.mark.parametrize(
    ("first", "then", "message"),
    [
        ("publish", "publish", "is published; only a submitted change can be published"),
        ("publish", "reject", "is published; only a submitted change can be rejected"),
        ("reject", "publish", "is rejected; only a submitted change can be published"),
        ("reject", "reject", "is rejected; only a submitted change can be rejected"),
    ],
)
def test_a_change_is_reviewed_once(
    changes: KnowledgeChanges, store: KnowledgeStore, tmp_path: Path, first: str, then: str, message: str
) -> None:
    change_id = submitted(changes, store, tmp_path)
    act = {"publish": lambda who: changes.publish(change_id, who, store), "reject": lambda who: changes.reject(change_id, who, "材料清单不全")}
    act[first](REVIEWER)
    revision, reviewed = store.revision(), changes.get(change_id)
    with pytest.raises(NotSubmitted, match=message):
        act[then](OTHER)
    assert store.revision() == revision and changes.get(change_id) == reviewed  # OTHER left no trace


@pytest.mark.parametrize(
    ("note", "kept"),
    [
        ("材料清单与窗口实际要求不一致，请核对后重新提交。", "材料清单与窗口实际要求不一致，请核对后重新提交。"),
        ("  承诺时限写错了  ", "承诺时限写错了"),
        ("驳" * 500, "驳" * 500),
    ],
)
def test_a_rejection_keeps_its_note_and_the_store_as_it_was(
    changes: KnowledgeChanges, store: KnowledgeStore, tmp_path: Path, note: str, kept: str
) -> None:
    change_id = submitted(changes, store, tmp_path)
    rejected = changes.reject(change_id, REVIEWER, note)
    assert rejected.status is ChangeStatus.rejected and rejected.note == kept and rejected.reviewer == REVIEWER
    assert changes.get(change_id).note == kept and store.revision() == 1
    assert store.load().item("000000000001").conditions == "本市户籍居民。"  # type: ignore[union-attr]


@pytest.mark.parametrize("note", ["", "   ", "驳" * 501])
def test_a_rejection_needs_a_note(changes: KnowledgeChanges, store: KnowledgeStore, tmp_path: Path, note: str) -> None:
    change_id = submitted(changes, store, tmp_path)
    with pytest.raises(ChangeError, match="a note of 1–500 characters"):
        changes.reject(change_id, REVIEWER, note)
    assert changes.get(change_id).status is ChangeStatus.submitted


@pytest.mark.parametrize(
    ("items", "message"),
    [
        ([item(materials=[{"material": "M-GONE"}])], "unknown material 'M-GONE'"),
        ([item(code="000000000009", name="测试户口迁入")], "测试户口迁入"),  # a stored item's name, another code
        ([item(conditions="甲"), item(conditions="乙")], "duplicate item code '000000000001'"),
        ([item()], "nothing to review: every entity in the file equals the stored one"),
    ],
    ids=["unknown-material", "name-of-another-item", "code-twice", "unchanged"],
)
def test_an_invalid_change_is_refused_and_nothing_is_stored(
    changes: KnowledgeChanges, store: KnowledgeStore, tmp_path: Path, items: list[dict], message: str
) -> None:
    with pytest.raises(CatalogError, match=message):
        changes.submit(AUTHOR, "有问题.yml", upload(tmp_path, items), store.load())
    assert changes.list() == [] and store.revision() == 1


def test_publishing_validates_again_and_writes_nothing_when_the_catalogue_has_moved_on(
    changes: KnowledgeChanges, store: KnowledgeStore, tmp_path: Path
) -> None:
    needs_hk = item(code="000000000003", name="测试户口簿补领", materials=[{"material": "M-HK"}], rules=[])
    change_id = changes.submit(AUTHOR, "户口簿.yml", upload(tmp_path, [needs_hk], materials=[]), store.load()).id
    # Meanwhile someone imports a catalogue without 测试户口簿 (M-HK).
    without_hk = [m for m in MATERIALS if m["code"] != "M-HK"]
    store.save(upload(tmp_path, [item(), SECOND], without_hk).catalog)
    before = canonical_plain(store.load())
    with pytest.raises(NoLongerValid, match="no longer fits the stored catalogue") as refused:
        changes.publish(change_id, REVIEWER, store)
    assert any("unknown material 'M-HK'" in p.message for p in refused.value.problems)
    assert canonical_plain(store.load()) == before and store.revision() == 2
    assert changes.get(change_id).status is ChangeStatus.submitted


def test_an_unknown_change_says_so(changes: KnowledgeChanges, store: KnowledgeStore) -> None:
    for attempt in (
        lambda: changes.get(404),
        lambda: changes.publish(404, REVIEWER, store),
        lambda: changes.reject(404, REVIEWER, "没有这个变更"),
    ):
        with pytest.raises(UnknownChange, match="no knowledge change 404"):
            attempt()


def test_of_two_reviewers_publishing_at_once_one_does(
    changes: KnowledgeChanges, store: KnowledgeStore, tmp_path: Path
) -> None:
    change_id = submitted(changes, store, tmp_path)
    start = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def publish(reviewer: str) -> None:
        start.wait()
        try:
            changes.publish(change_id, reviewer, store)
            outcomes[reviewer] = "published"
        except NotSubmitted:
            outcomes[reviewer] = "refused"

    threads = [threading.Thread(target=publish, args=(who,)) for who in (REVIEWER, OTHER)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(outcomes.values()) == ["published", "refused"]
    winner = next(who for who, outcome in outcomes.items() if outcome == "published")
    assert changes.get(change_id).reviewer == winner and store.revision() == 2
