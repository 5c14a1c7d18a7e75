"""Database tables of the knowledge base (SQLAlchemy 2; SQLite by default, PostgreSQL by URL).

Entities that staff query and that other tables point at (departments, materials, items,
item→material links, FAQs, bundles and their members, synonyms) are real tables. Nested parts
of a guide that are always read whole (process steps, fee items, places, 情形 questions and
rules) are JSON columns. The schema evolves only through the product's Alembic migrations
(banshi/migrations).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from banshi.db import Base

# The database default of the list columns that migrations 0003 and 0006 added to tables that
# already had rows (they filled them with it); declared so the models match a migrated database.
EMPTY_LIST = text("'[]'")


class KbMeta(Base):
    """Key/value facts about the stored catalog: its revision and content hash."""

    __tablename__ = "kb_meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class DepartmentRow(Base):
    __tablename__ = "departments"
    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(64))
    address: Mapped[str | None] = mapped_column(String(300))


class MaterialRow(Base):
    __tablename__ = "materials"
    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    aliases: Mapped[list] = mapped_column(JSON, default=list)
    description: Mapped[str | None] = mapped_column(Text)
    issuer: Mapped[str | None] = mapped_column(String(200))
    e_license: Mapped[bool] = mapped_column(Boolean, default=False)
    documents: Mapped[list] = mapped_column(JSON, default=list, server_default=EMPTY_LIST)
    fields: Mapped[list] = mapped_column(JSON, default=list, server_default=EMPTY_LIST)


class ItemRow(Base):
    __tablename__ = "items"
    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    implement_code: Mapped[str | None] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200), unique=True)
    aliases: Mapped[list] = mapped_column(JSON, default=list)
    phrasings: Mapped[list] = mapped_column(JSON, default=list, server_default=EMPTY_LIST)
    type: Mapped[str] = mapped_column(String(32))
    department_code: Mapped[str] = mapped_column(ForeignKey("departments.code"))
    level: Mapped[str] = mapped_column(String(16))
    service_object: Mapped[list] = mapped_column(JSON, default=list)
    summary: Mapped[str | None] = mapped_column(Text)
    legal_basis: Mapped[list] = mapped_column(JSON, default=list)
    conditions: Mapped[str] = mapped_column(Text)
    process: Mapped[list] = mapped_column(JSON)
    legal_time_limit: Mapped[dict | None] = mapped_column(JSON)
    promised_time_limit: Mapped[dict] = mapped_column(JSON)
    handling_type: Mapped[str] = mapped_column(String(16))
    fee: Mapped[dict] = mapped_column(JSON)
    places: Mapped[list] = mapped_column(JSON)
    phones: Mapped[dict] = mapped_column(JSON)
    visits: Mapped[int] = mapped_column(Integer, default=1)
    online: Mapped[dict] = mapped_column(JSON)
    result: Mapped[dict | None] = mapped_column(JSON)
    questions: Mapped[list] = mapped_column(JSON, default=list)
    rules: Mapped[list] = mapped_column(JSON, default=list)
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="published")
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now(), onupdate=func.now())

    materials: Mapped[list[ItemMaterialRow]] = relationship(
        order_by="ItemMaterialRow.position", cascade="all, delete-orphan"
    )
    faqs: Mapped[list[FaqRow]] = relationship(order_by="FaqRow.position", cascade="all, delete-orphan")


class ItemMaterialRow(Base):
    """申请材料 of one item: the canonical material plus this item's requirements."""

    __tablename__ = "item_materials"
    __table_args__ = (UniqueConstraint("item_code", "material_code"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    item_code: Mapped[str] = mapped_column(ForeignKey("items.code", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    material_code: Mapped[str] = mapped_column(ForeignKey("materials.code"))
    required: Mapped[bool] = mapped_column(Boolean)
    original_or_copy: Mapped[str] = mapped_column(String(16))
    form: Mapped[str] = mapped_column(String(16))
    copies: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(16))
    exempt: Mapped[bool] = mapped_column(Boolean)
    lenient: Mapped[bool] = mapped_column(Boolean)
    promise: Mapped[bool] = mapped_column(Boolean)
    signature: Mapped[str] = mapped_column(String(16))
    standard: Mapped[str | None] = mapped_column(Text)
    paper_size: Mapped[str | None] = mapped_column(String(32))
    blank_form: Mapped[str | None] = mapped_column(String(500))
    sample_form: Mapped[str | None] = mapped_column(String(500))
    notes: Mapped[str | None] = mapped_column(Text)
    basis: Mapped[str | None] = mapped_column(Text)
    checks: Mapped[list] = mapped_column(JSON, default=list, server_default=EMPTY_LIST)


class FaqRow(Base):
    __tablename__ = "faqs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    item_code: Mapped[str | None] = mapped_column(ForeignKey("items.code", ondelete="CASCADE"), index=True)
    bundle_code: Mapped[str | None] = mapped_column(
        ForeignKey("bundles.code", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    question: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text)


class BundleRow(Base):
    __tablename__ = "bundles"
    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    aliases: Mapped[list] = mapped_column(JSON, default=list)
    phrasings: Mapped[list] = mapped_column(JSON, default=list, server_default=EMPTY_LIST)
    summary: Mapped[str] = mapped_column(Text)
    department_code: Mapped[str] = mapped_column(ForeignKey("departments.code"))
    questions: Mapped[list] = mapped_column(JSON, default=list)
    rules: Mapped[list] = mapped_column(JSON, default=list)
    eligibility: Mapped[list] = mapped_column(JSON, default=list)
    promised_time_limit: Mapped[dict | None] = mapped_column(JSON)
    places: Mapped[list] = mapped_column(JSON, default=list)
    online: Mapped[dict] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16), default="published")
    version: Mapped[int] = mapped_column(Integer, default=1)

    items: Mapped[list[BundleItemRow]] = relationship(
        order_by="BundleItemRow.position", cascade="all, delete-orphan"
    )
    faqs: Mapped[list[FaqRow]] = relationship(order_by="FaqRow.position", cascade="all, delete-orphan")


class BundleItemRow(Base):
    __tablename__ = "bundle_items"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    bundle_code: Mapped[str] = mapped_column(ForeignKey("bundles.code", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    item_code: Mapped[str] = mapped_column(ForeignKey("items.code"))
    include_if: Mapped[dict | None] = mapped_column(JSON)
    note: Mapped[str | None] = mapped_column(Text)


class OutOfScopeRow(Base):
    """范围外问题: questions the catalogue does not answer, curated by staff."""

    __tablename__ = "out_of_scope_examples"
    question: Mapped[str] = mapped_column(String(500), primary_key=True)
    topic: Mapped[str | None] = mapped_column(String(100))


class SynonymRow(Base):
    __tablename__ = "synonyms"
    term: Mapped[str] = mapped_column(String(100), primary_key=True)
    canonical: Mapped[list] = mapped_column(JSON)
