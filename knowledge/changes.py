"""Reviewed catalogue changes: an editor submits a catalogue file, a different reviewer publishes it.

A change is a validated catalogue (the entities of one uploaded file, as the plain data of
knowledge.files' `catalog_to_plain`) waiting for review, with a summary of what it would do to
the stored catalogue: the codes it adds, those it changes (and which fields), how many it leaves
as they are. A reviewer publishes it — merged into the stored catalogue by code, as `banshi kb
import` without --replace does — or rejects it with a note. Separation of duties: whoever
submitted a change can never publish or reject it, whatever roles they hold.

Publishing validates the merged result again (the stored catalogue may have changed since the
submission) and writes it in the same transaction that marks the change published: on any error
nothing is written and the change stays submitted. The stored revision at submission and the one
the publication made are kept, for the versions and live re-indexing still to come.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel
from sqlalchemy import JSON, DateTime, Integer, String, func, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Mapped, Session, mapped_column

from banshi.db import Base, as_utc, rows_changed
from knowledge.entities import KEYS, LoadedCatalog
from knowledge.files import catalog_to_plain
from knowledge.problems import CatalogError, Problem
from knowledge.schema import Catalog
from knowledge.store import KnowledgeStore, revision_in
from knowledge.validate import validate

NOTE_MAX = 500


class ChangeStatus(StrEnum):
    submitted = "submitted"  # waiting for a reviewer
    published = "published"  # merged into the stored catalogue
    rejected = "rejected"  # refused by a reviewer, with a note


class ChangeError(Exception):
    """A change that cannot be carried out; the message says why."""


class UnknownChange(ChangeError):
    pass


class OwnChange(ChangeError):
    """The reviewer submitted the change: someone else must review it."""


class NotSubmitted(ChangeError):
    """The change has been published or rejected already."""


class NoLongerValid(ChangeError):
    """The stored catalogue changed since the submission and the change no longer fits it."""

    def __init__(self, message: str, problems: list[Problem]) -> None:
        super().__init__(message)
        self.problems = problems


class ChangeRow(Base):
    __tablename__ = "knowledge_changes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    author: Mapped[str] = mapped_column(String(160))
    status: Mapped[str] = mapped_column(String(16), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    filename: Mapped[str] = mapped_column(String(255))
    catalog: Mapped[dict] = mapped_column(JSON)
    summary: Mapped[dict] = mapped_column(JSON)
    base_revision: Mapped[int | None] = mapped_column(Integer, nullable=True)
    reviewer: Mapped[str | None] = mapped_column(String(160), nullable=True)
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    note: Mapped[str | None] = mapped_column(String(NOTE_MAX), nullable=True)
    published_revision: Mapped[int | None] = mapped_column(Integer, nullable=True)


@dataclass(frozen=True)
class Change:
    id: int
    author: str
    status: ChangeStatus
    created_at: datetime
    filename: str
    summary: dict[str, Any]
    base_revision: int | None  # the stored catalogue's revision the summary compares with
    reviewer: str | None
    reviewed_at: datetime | None
    note: str | None
    published_revision: int | None  # the revision publishing made
    catalog: dict[str, Any] | None = None  # the plain catalogue; only from `get`

    def as_dict(self) -> dict[str, Any]:
        shown: dict[str, Any] = {
            "id": self.id,
            "status": self.status.value,
            "author": self.author,
            "created_at": self.created_at.isoformat(),
            "filename": self.filename,
            "summary": self.summary,
            "base_revision": self.base_revision,
            "reviewer": self.reviewer,
            "reviewed_at": self.reviewed_at.isoformat() if self.reviewed_at else None,
            "note": self.note,
            "published_revision": self.published_revision,
        }
        if self.catalog is not None:
            shown["catalog"] = self.catalog
        return shown


def _change(row: ChangeRow, *, with_catalog: bool = False) -> Change:
    return Change(
        row.id,
        row.author,
        ChangeStatus(row.status),
        as_utc(row.created_at) or datetime.now(UTC),
        row.filename,
        dict(row.summary),
        row.base_revision,
        row.reviewer,
        as_utc(row.reviewed_at),
        row.note,
        row.published_revision,
        dict(row.catalog) if with_catalog else None,
    )


def summarise(change: Catalog, current: Catalog) -> dict[str, Any]:
    """Per section (items, bundles, materials, …): the keys the change adds, those it changes with
    the fields that differ, and how many of its entities equal the stored ones."""
    summary: dict[str, Any] = {}
    for section, key in KEYS.items():
        stored = {str(getattr(e, key)): _plain(e) for e in getattr(current, section)}
        added: list[str] = []
        changed: dict[str, list[str]] = {}
        unchanged = 0
        for entity in getattr(change, section):
            code, plain = str(getattr(entity, key)), _plain(entity)
            before = stored.get(code)
            if before is None:
                added.append(code)
            elif before != plain:
                changed[code] = sorted(f for f in plain.keys() | before.keys() if plain.get(f) != before.get(f))
            else:
                unchanged += 1
        summary[section] = {
            "added": sorted(added),
            "changed": sorted(changed),
            "changed_fields": dict(sorted(changed.items())),
            "unchanged": unchanged,
        }
    return summary


def _plain(entity: BaseModel) -> dict[str, Any]:
    return entity.model_dump(mode="json")


def _overlay(base: Catalog, update: Catalog) -> Catalog:
    """What a merge by code makes of `base`, keeping every entity of `update` — so that a code
    given twice in the upload is reported as a duplicate instead of the last one silently winning."""
    sections = {}
    for section, key in KEYS.items():
        given = {getattr(e, key) for e in getattr(update, section)}
        kept = [e for e in getattr(base, section) if getattr(e, key) not in given]
        sections[section] = kept + list(getattr(update, section))
    return Catalog(**sections)


def _counts(summary: dict[str, Any], sections: Iterable[str]) -> tuple[int, int]:
    return (
        sum(len(summary[s]["added"]) for s in sections),
        sum(len(summary[s]["changed"]) for s in sections),
    )


class KnowledgeChanges:
    """Changes in the product's database (table `knowledge_changes`, migrated by banshi.schema),
    the same database as the knowledge base they are published to."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def submit(
        self, author: str, filename: str, catalog: Catalog | LoadedCatalog, current_catalog: Catalog
    ) -> Change:
        """Record `catalog` for review, if merging it into `current_catalog` gives a valid catalogue.

        Raises CatalogError (every problem, located in the uploaded file where it can be) when the
        merged result is invalid or the file changes nothing; nothing is stored then.
        """
        loaded = catalog if isinstance(catalog, LoadedCatalog) else LoadedCatalog(catalog)
        merged = LoadedCatalog(_overlay(current_catalog, loaded.catalog), loaded.sources)
        problems = validate(merged)
        if problems:
            raise CatalogError(problems)
        summary = summarise(loaded.catalog, current_catalog)
        added, changed = _counts(summary, KEYS)
        if not added and not changed:
            raise CatalogError(
                [Problem(filename, "", "", "nothing to review: every entity in the file equals the stored one")]
            )
        with Session(self.engine) as session, session.begin():
            row = ChangeRow(
                author=author,
                status=ChangeStatus.submitted.value,
                created_at=datetime.now(UTC),
                filename=filename,
                catalog=catalog_to_plain(loaded.catalog),
                summary=summary,
                base_revision=revision_in(session),
            )
            session.add(row)
            session.flush()
            return _change(row)

    def get(self, change_id: int) -> Change:
        """The change with its catalogue; UnknownChange when there is none with this id."""
        with Session(self.engine) as session:
            return _change(self._row(session, change_id), with_catalog=True)

    def publish(self, change_id: int, reviewer: str, store: KnowledgeStore) -> Change:
        """Merge the change into `store` (validated again) and mark it published, in one transaction.

        UnknownChange, OwnChange (the reviewer is its author), NotSubmitted, or NoLongerValid with
        the problems the merged result has now; on any of them nothing is written.
        """
        with store.sessions.begin() as session:
            row = self._claim(session, change_id, reviewer, ChangeStatus.published, None)
            try:
                store.write(session, Catalog.model_validate(row.catalog), replace=False)
            except CatalogError as exc:
                raise NoLongerValid(
                    f"变更 {change_id} 与当前知识库合并后不再有效，未发布；请编辑重新提交 (change {change_id} no "
                    f"longer fits the stored catalogue, which has changed since it was submitted: "
                    f"{len(exc.problems)} problem(s); nothing was published — submit it again, corrected)",
                    exc.problems,
                ) from None
            row.published_revision = revision_in(session)
            session.flush()
            return _change(row)

    def reject(self, change_id: int, reviewer: str, note: str) -> Change:
        """Mark the change rejected with the reviewer's note (1–500 characters) saying why."""
        note = note.strip()
        if not note or len(note) > NOTE_MAX:
            raise ChangeError(f"a rejection needs a note of 1–{NOTE_MAX} characters saying why")
        with Session(self.engine) as session, session.begin():
            return _change(self._claim(session, change_id, reviewer, ChangeStatus.rejected, note))

    def _row(self, session: Session, change_id: int) -> ChangeRow:
        row = session.get(ChangeRow, change_id)
        if row is None:
            raise UnknownChange(f"没有编号为 {change_id} 的知识库变更 (no knowledge change {change_id})")
        return row

    def _claim(
        self, session: Session, change_id: int, reviewer: str, status: ChangeStatus, note: str | None
    ) -> ChangeRow:
        """Move a submitted change to `status` for `reviewer`, or raise why it cannot be.

        One conditional UPDATE, first in the transaction: it takes the row (PostgreSQL) or the
        database (SQLite) for this transaction, so of two reviewers acting at once one wins and
        the other finds the change no longer submitted.
        """
        claimed = rows_changed(
            session,
            update(ChangeRow)
            .where(
                ChangeRow.id == change_id,
                ChangeRow.status == ChangeStatus.submitted.value,
                ChangeRow.author != reviewer,
            )
            .values(status=status.value, reviewer=reviewer, reviewed_at=datetime.now(UTC), note=note)
            .execution_options(synchronize_session=False),
        )
        row = self._row(session, change_id)  # read after the UPDATE: as it now is
        if claimed:
            return row
        verb = "publish" if status is ChangeStatus.published else "reject"
        if row.author == reviewer:
            raise OwnChange(
                f"不能审核自己提交的变更，须由另一位审核人{'发布' if verb == 'publish' else '驳回'} (you submitted change "
                f"{change_id}: a different reviewer must {verb} it — separation of duties)"
            )
        raise NotSubmitted(
            f"变更 {change_id} 已{'发布' if row.status == ChangeStatus.published else '驳回'}，不能再{'发布' if verb == 'publish' else '驳回'} "
            f"(change {change_id} is {row.status}; only a submitted change can be {verb}ed)"
        )

    def list(self, status: ChangeStatus | None = None, limit: int = 100) -> list[Change]:
        """Newest first, without their catalogues (`get` has one's)."""
        query = select(ChangeRow).order_by(ChangeRow.id.desc()).limit(limit)
        if status is not None:
            query = query.where(ChangeRow.status == status.value)
        with Session(self.engine) as session:
            return [_change(row) for row in session.scalars(query)]
