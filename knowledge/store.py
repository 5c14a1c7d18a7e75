"""Persisting a catalog: save it (replace or merge) and load it.

Writes happen in one transaction after the merged result has passed validation, so a bad
import loses nothing already saved. Every successful write bumps the catalog revision and
stores a content hash that the search index compares with to know when it is stale.
"""

from __future__ import annotations

import hashlib
import json

from sqlalchemy import Engine, create_engine, delete, event, inspect, select
from sqlalchemy.orm import Session, sessionmaker

from knowledge.db import (
    BundleItemRow,
    BundleRow,
    DepartmentRow,
    FaqRow,
    ItemMaterialRow,
    ItemRow,
    KbMeta,
    MaterialRow,
    OutOfScopeRow,
    SynonymRow,
)
from knowledge.entities import KEYS
from knowledge.files import canonical_plain
from knowledge.problems import CatalogError
from knowledge.schema import Bundle, Catalog, Item
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

    # -- writing ------------------------------------------------------------------------
    def save(self, catalog: Catalog, *, replace: bool = True) -> Catalog:
        """Store `catalog` (replacing everything, or merged by code) after validating the result."""
        with self.sessions.begin() as session:
            result = catalog if replace else merge(_load(session), catalog)
            problems = validate(result)
            if problems:
                raise CatalogError(problems)
            _clear(session)
            _insert(session, result)
            revision = int((session.get(KbMeta, "revision") or KbMeta(value="0")).value) + 1
            session.merge(KbMeta(key="revision", value=str(revision)))
            session.merge(KbMeta(key="hash", value=catalog_hash(result)))
        return result


def merge(base: Catalog, update: Catalog) -> Catalog:
    """Entities of `update` replace those with the same code in `base`; others are kept."""

    sections = {}
    for section, key in KEYS.items():
        by_key = {getattr(e, key): e for e in getattr(base, section)}
        by_key.update({getattr(e, key): e for e in getattr(update, section)})
        sections[section] = list(by_key.values())
    return Catalog(**sections)


def _clear(session: Session) -> None:
    for table in (
        FaqRow,
        BundleItemRow,
        BundleRow,
        ItemMaterialRow,
        ItemRow,
        MaterialRow,
        DepartmentRow,
        SynonymRow,
        OutOfScopeRow,
    ):
        session.execute(delete(table))


def _insert(session: Session, catalog: Catalog) -> None:
    for dep in catalog.departments:
        session.add(DepartmentRow(**dep.model_dump()))
    for mat in catalog.materials:
        session.add(MaterialRow(**mat.model_dump(mode="json")))
    session.flush()
    for item in catalog.items:
        session.add(_item_row(item))
    session.flush()
    for bundle in catalog.bundles:
        session.add(_bundle_row(bundle))
    for syn in catalog.synonyms:
        session.add(SynonymRow(term=syn.term, canonical=syn.canonical))
    for example in catalog.out_of_scope_examples:
        session.add(OutOfScopeRow(question=example.q, topic=example.topic))


def _item_row(item: Item) -> ItemRow:
    data = item.model_dump(mode="json", exclude={"materials", "faqs", "department", "valid_from", "valid_to"})
    row = ItemRow(**data, department_code=item.department, valid_from=item.valid_from, valid_to=item.valid_to)
    row.materials = [
        ItemMaterialRow(position=i, material_code=req.material, **req.model_dump(mode="json", exclude={"material"}))
        for i, req in enumerate(item.materials)
    ]
    row.faqs = [FaqRow(position=i, question=f.q, answer=f.a) for i, f in enumerate(item.faqs)]
    return row


def _bundle_row(bundle: Bundle) -> BundleRow:
    data = bundle.model_dump(mode="json", exclude={"items", "faqs", "department"})
    row = BundleRow(**data, department_code=bundle.department)
    row.members = [
        BundleItemRow(position=i, item_code=m.item, include_if=m.include_if, note=m.note)
        for i, m in enumerate(bundle.items)
    ]
    row.faqs = [FaqRow(position=i, question=f.q, answer=f.a) for i, f in enumerate(bundle.faqs)]
    return row


_REQ_FIELDS = [c.key for c in ItemMaterialRow.__table__.columns if c.key not in {"id", "item_code", "position", "material_code"}]


def _load(session: Session) -> Catalog:
    departments = [
        {"code": r.code, "name": r.name, "phone": r.phone, "address": r.address}
        for r in session.scalars(select(DepartmentRow).order_by(DepartmentRow.code))
    ]
    materials = [
        {c: getattr(r, c) for c in ("code", "name", "aliases", "description", "issuer", "e_license", "documents", "fields")}
        for r in session.scalars(select(MaterialRow).order_by(MaterialRow.code))
    ]
    item_columns = [c.key for c in ItemRow.__table__.columns if c.key not in {"department_code", "updated_at"}]
    items = []
    for r in session.scalars(select(ItemRow).order_by(ItemRow.code)):
        data = {c: getattr(r, c) for c in item_columns}
        data["department"] = r.department_code
        data["materials"] = [{"material": m.material_code, **{c: getattr(m, c) for c in _REQ_FIELDS}} for m in r.materials]
        data["faqs"] = [{"q": f.question, "a": f.answer} for f in r.faqs]
        items.append(data)
    bundle_columns = [c.key for c in BundleRow.__table__.columns if c.key != "department_code"]
    bundles = []
    for b in session.scalars(select(BundleRow).order_by(BundleRow.code)):
        data = {c: getattr(b, c) for c in bundle_columns}
        data["department"] = b.department_code
        data["items"] = [{"item": m.item_code, "include_if": m.include_if, "note": m.note} for m in b.members]
        data["faqs"] = [{"q": f.question, "a": f.answer} for f in b.faqs]
        bundles.append(data)
    synonyms = [
        {"term": r.term, "canonical": r.canonical} for r in session.scalars(select(SynonymRow).order_by(SynonymRow.term))
    ]
    examples = [
        {"q": r.question, "topic": r.topic}
        for r in session.scalars(select(OutOfScopeRow).order_by(OutOfScopeRow.question))
    ]
    return Catalog.model_validate(
        {
            "departments": departments,
            "materials": materials,
            "items": items,
            "bundles": bundles,
            "synonyms": synonyms,
            "out_of_scope_examples": examples,
        }
    )
