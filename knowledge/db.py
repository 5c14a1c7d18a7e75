"""Database tables of the knowledge base (SQLAlchemy 2; SQLite by default, PostgreSQL by URL).

A row keeps as real columns only what the database itself must know: keys and links (codes,
foreign keys, positions), uniqueness (names) and what staff filter on (type, level, department,
status, version, dates). Every other field of the entity is one JSON column (`guide` of items
and bundles, `details` of the rest) holding the entity's plain dict, so a new schema field needs
no column and no migration; knowledge.rows derives which fields go where from these columns.
Departments, FAQs, synonyms and out-of-scope examples are all columns: they are small and flat.
The schema evolves only through the product's Alembic migrations (banshi/migrations).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
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

# The database default of the JSON columns that migration 0008 added to tables that already had
# rows (it then filled them); declared so the models match a migrated database.
EMPTY_OBJECT = text("'{}'")


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
    details: Mapped[dict] = mapped_column(JSON, server_default=EMPTY_OBJECT)


class ItemRow(Base):
    __tablename__ = "items"
    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    implement_code: Mapped[str | None] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200), unique=True)
    type: Mapped[str] = mapped_column(String(32))
    department_code: Mapped[str] = mapped_column(ForeignKey("departments.code"))
    level: Mapped[str] = mapped_column(String(16))
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="published")
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now(), onupdate=func.now())
    guide: Mapped[dict] = mapped_column(JSON, server_default=EMPTY_OBJECT)

    materials: Mapped[list[ItemMaterialRow]] = relationship(
        order_by="ItemMaterialRow.position", cascade="all, delete-orphan"
    )
    faqs: Mapped[list[FaqRow]] = relationship(order_by="FaqRow.position", cascade="all, delete-orphan")


class ItemMaterialRow(Base):
    """申请材料 of one item: the canonical material plus this item's requirements (in `details`)."""

    __tablename__ = "item_materials"
    __table_args__ = (UniqueConstraint("item_code", "material_code"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    item_code: Mapped[str] = mapped_column(ForeignKey("items.code", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    material_code: Mapped[str] = mapped_column(ForeignKey("materials.code"))
    details: Mapped[dict] = mapped_column(JSON, server_default=EMPTY_OBJECT)


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
    department_code: Mapped[str] = mapped_column(ForeignKey("departments.code"))
    status: Mapped[str] = mapped_column(String(16), default="published")
    version: Mapped[int] = mapped_column(Integer, default=1)
    guide: Mapped[dict] = mapped_column(JSON, server_default=EMPTY_OBJECT)

    items: Mapped[list[BundleItemRow]] = relationship(
        order_by="BundleItemRow.position", cascade="all, delete-orphan"
    )
    faqs: Mapped[list[FaqRow]] = relationship(order_by="FaqRow.position", cascade="all, delete-orphan")


class BundleItemRow(Base):
    """A member item of a bundle (一件事); when it is included and why are in `details`."""

    __tablename__ = "bundle_items"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    bundle_code: Mapped[str] = mapped_column(ForeignKey("bundles.code", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    item_code: Mapped[str] = mapped_column(ForeignKey("items.code"))
    details: Mapped[dict] = mapped_column(JSON, server_default=EMPTY_OBJECT)


class OutOfScopeRow(Base):
    """范围外问题: questions the catalogue does not answer, curated by staff."""

    __tablename__ = "out_of_scope_examples"
    question: Mapped[str] = mapped_column(String(500), primary_key=True)
    topic: Mapped[str | None] = mapped_column(String(100))


class SynonymRow(Base):
    __tablename__ = "synonyms"
    term: Mapped[str] = mapped_column(String(100), primary_key=True)
    canonical: Mapped[list] = mapped_column(JSON)
