"""Persisting a catalog: save it (replace or merge) and load it.

Writes happen in one transaction after the merged result has passed validation, so a bad
import loses nothing already saved. Every successful write bumps the catalog revision and
stores a content hash that the search index compares with to know when it is stale. Which
fields are columns and which travel in a row's JSON column is knowledge.rows' business.
"""

from __future__ import annotations

import hashlib
import json

from sqlalchemy import Engine, create_engine, delete, event, inspect, select
from sqlalchemy.orm import Session, selectinload, sessionmaker

from knowledge.db import ItemRow, KbMeta
from knowledge.entities import KEYS
from knowledge.files import canonical_plain
from knowledge.problems import CatalogError
from knowledge.rows import SHAPES, rows_children_first
from knowledge.schema import Catalog
from knowledge.validate import validate


def make_engine(url: str) -> Engine:
    engine = create_engine(url, pool_pre_ping=True, future=True)
    if engine.dialect.name == "sqlite":

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record) -> None:
            cursor = dbapi_conn.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.close()

    return engine


def catalog_hash(catalog: Catalog) -> str:
    """Order-independent hash of the content: the index is stale when it changes."""
    plain = canonical_plain(catalog)
    return hashlib.sha256(json.dumps(plain, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


class KnowledgeStore:
    """The knowledge base in a SQL database."""

    def __init__(self, url: str) -> None:
        self.engine = make_engine(url)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    def is_empty(self) -> bool:
        if not inspect(self.engine).has_table("items"):
            return True
        with self.sessions() as session:
            return session.scalar(select(ItemRow.code).limit(1)) is None

    # -- reading ------------------------------------------------------------------------
    def meta(self) -> dict[str, str]:
        with self.sessions() as session:
            return {row.key: row.value for row in session.scalars(select(KbMeta))}

    def load(self) -> Catalog:
        with self.sessions() as session:
            return _load(session)

    def revision(self) -> int | None:
        """The stored catalogue's revision: 1 after the first save, one more after each."""
        with self.sessions() as session:
            return revision_in(session)

    # -- writing ------------------------------------------------------------------------
    def save(self, catalog: Catalog, *, replace: bool = True) -> Catalog:
        """Store `catalog` (replacing everything, or merged by code) after validating the result."""
        with self.sessions.begin() as session:
            return self.write(session, catalog, replace=replace)

    def write(self, session: Session, catalog: Catalog, *, replace: bool) -> Catalog:
        """`save` inside the caller's transaction, for a write that must stand or fall with others
        (a reviewed change is marked published in the same transaction: knowledge.changes)."""
        result = catalog if replace else merge(_load(session), catalog)
        problems = validate(result)
        if problems:
            raise CatalogError(problems)
        _clear(session)
        _insert(session, result)
        session.merge(KbMeta(key="revision", value=str((revision_in(session) or 0) + 1)))
        session.merge(KbMeta(key="hash", value=catalog_hash(result)))
        return result


def revision_in(session: Session) -> int | None:
    row = session.get(KbMeta, "revision")
    return int(row.value) if row is not None else None


def merge(base: Catalog, update: Catalog) -> Catalog:
    """Entities of `update` replace those with the same code in `base`; others are kept."""

    sections = {}
    for section, key in KEYS.items():
        by_key = {getattr(e, key): e for e in getattr(base, section)}
        by_key.update({getattr(e, key): e for e in getattr(update, section)})
        sections[section] = list(by_key.values())
    return Catalog(**sections)


def _clear(session: Session) -> None:
    for row in rows_children_first():
        session.execute(delete(row))


def _insert(session: Session, catalog: Catalog) -> None:
    for section, shape in SHAPES.items():
        session.add_all(shape.to_row(entity) for entity in getattr(catalog, section))
        session.flush()  # rows of later sections point at these


def _load(session: Session) -> Catalog:
    sections = {}
    for section, shape in SHAPES.items():
        query = select(shape.row).order_by(*shape.row.__mapper__.primary_key)
        query = query.options(*(selectinload(getattr(shape.row, name)) for name in shape.children))
        sections[section] = [shape.to_plain(row) for row in session.scalars(query)]
    return Catalog.model_validate(sections)
