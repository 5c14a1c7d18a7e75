"""knowledge-base rows keep keys, links and filter columns; every other field in one JSON column

Items and bundles get `guide`, materials, item→material requirements and bundle members get
`details`: the entity's other fields, as the plain dict the YAML files hold (the field names are
the old column names). Existing rows are copied in Python, which reads and writes JSON alike on
SQLite and PostgreSQL; this file lists the moved columns as they were at 0007 and imports no
model, so it stays right whatever the models become.

SQLite: the old columns are dropped with ALTER TABLE … DROP COLUMN (SQLite ≥ 3.35), not by
Alembic's batch mode, which rebuilds a table by dropping it: with foreign keys on, dropping
`items` or `materials` would delete their requirements and FAQs (ON DELETE CASCADE).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-10 09:00:00
"""

import sqlite3
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

EMPTY_LIST = sa.text("'[]'")

# table → (its key, its JSON column, the columns moved into it as they were at 0007)
MOVED: dict[str, tuple[str, str, list[sa.Column]]] = {
    "materials": (
        "code",
        "details",
        [
            sa.Column("aliases", sa.JSON(), nullable=False),
            sa.Column("description", sa.Text(), nullable=True),
            sa.Column("issuer", sa.String(length=200), nullable=True),
            sa.Column("e_license", sa.Boolean(), nullable=False),
            sa.Column("documents", sa.JSON(), nullable=False, server_default=EMPTY_LIST),
            sa.Column("fields", sa.JSON(), nullable=False, server_default=EMPTY_LIST),
        ],
    ),
    "items": (
        "code",
        "guide",
        [
            sa.Column("aliases", sa.JSON(), nullable=False),
            sa.Column("phrasings", sa.JSON(), nullable=False, server_default=EMPTY_LIST),
            sa.Column("service_object", sa.JSON(), nullable=False),
            sa.Column("summary", sa.Text(), nullable=True),
            sa.Column("legal_basis", sa.JSON(), nullable=False),
            sa.Column("conditions", sa.Text(), nullable=False),
            sa.Column("process", sa.JSON(), nullable=False),
            sa.Column("legal_time_limit", sa.JSON(), nullable=True),
            sa.Column("promised_time_limit", sa.JSON(), nullable=False),
            sa.Column("handling_type", sa.String(length=16), nullable=False),
            sa.Column("fee", sa.JSON(), nullable=False),
            sa.Column("places", sa.JSON(), nullable=False),
            sa.Column("phones", sa.JSON(), nullable=False),
            sa.Column("visits", sa.Integer(), nullable=False),
            sa.Column("online", sa.JSON(), nullable=False),
            sa.Column("result", sa.JSON(), nullable=True),
            sa.Column("questions", sa.JSON(), nullable=False),
            sa.Column("rules", sa.JSON(), nullable=False),
        ],
    ),
    "item_materials": (
        "id",
        "details",
        [
            sa.Column("required", sa.Boolean(), nullable=False),
            sa.Column("original_or_copy", sa.String(length=16), nullable=False),
            sa.Column("form", sa.String(length=16), nullable=False),
            sa.Column("copies", sa.Integer(), nullable=False),
            sa.Column("source", sa.String(length=16), nullable=False),
            sa.Column("exempt", sa.Boolean(), nullable=False),
            sa.Column("lenient", sa.Boolean(), nullable=False),
            sa.Column("promise", sa.Boolean(), nullable=False),
            sa.Column("signature", sa.String(length=16), nullable=False),
            sa.Column("standard", sa.Text(), nullable=True),
            sa.Column("paper_size", sa.String(length=32), nullable=True),
            sa.Column("blank_form", sa.String(length=500), nullable=True),
            sa.Column("sample_form", sa.String(length=500), nullable=True),
            sa.Column("notes", sa.Text(), nullable=True),
            sa.Column("basis", sa.Text(), nullable=True),
            sa.Column("checks", sa.JSON(), nullable=False, server_default=EMPTY_LIST),
        ],
    ),
    "bundles": (
        "code",
        "guide",
        [
            sa.Column("aliases", sa.JSON(), nullable=False),
            sa.Column("phrasings", sa.JSON(), nullable=False, server_default=EMPTY_LIST),
            sa.Column("summary", sa.Text(), nullable=False),
            sa.Column("questions", sa.JSON(), nullable=False),
            sa.Column("rules", sa.JSON(), nullable=False),
            sa.Column("eligibility", sa.JSON(), nullable=False),
            sa.Column("promised_time_limit", sa.JSON(), nullable=True),
            sa.Column("places", sa.JSON(), nullable=False),
            sa.Column("online", sa.JSON(), nullable=False),
        ],
    ),
    "bundle_items": (
        "id",
        "details",
        [
            sa.Column("include_if", sa.JSON(), nullable=True),
            sa.Column("note", sa.Text(), nullable=True),
        ],
    ),
}


def _table(name: str) -> sa.TableClause:
    """A lightweight table of the key, the JSON column and the moved columns, typed for reading."""
    key, rest, columns = MOVED[name]
    return sa.table(
        name, sa.column(key), sa.column(rest, sa.JSON()), *(sa.column(c.name, c.type) for c in columns)
    )


def _update(table: sa.TableClause, key: str, rows: list[dict[str, Any]]) -> None:
    """Set each row's values (all but `key`) in one executemany UPDATE, the row found by its `key`."""
    if not rows:
        return
    names = [name for name in rows[0] if name != key]
    where = table.c[key] == sa.bindparam("_key")
    values = {name: sa.bindparam(f"_{name}", type_=table.c[name].type) for name in names}
    params = [{"_key": row[key], **{f"_{name}": row[name] for name in names}} for row in rows]
    op.get_bind().execute(sa.update(table).where(where).values(values), params)


def _add_column(table: str, column: sa.Column) -> None:
    """Added unless there already: pysqlite runs an ALTER before any write outside the transaction,
    so a failed run on SQLite can leave the first added column behind, and the rerun reuses it."""
    if column.name not in {c["name"] for c in sa.inspect(op.get_bind()).get_columns(table)}:
        op.add_column(table, column)


def _drop_column(table: str, column: str) -> None:
    """A plain column dropped in place: never a table rebuild (see the module docstring)."""
    if op.get_bind().dialect.name != "sqlite":
        op.drop_column(table, column)
        return
    if sqlite3.sqlite_version_info < (3, 35):
        raise RuntimeError(
            f"migration 0008 drops columns in place, which needs SQLite 3.35 or newer "
            f"(this Python has {sqlite3.sqlite_version}): run it with a newer Python, or on PostgreSQL"
        )
    op.execute(sa.text(f'ALTER TABLE "{table}" DROP COLUMN "{column}"'))


def upgrade() -> None:
    for name, (key, rest, columns) in MOVED.items():
        _add_column(name, sa.Column(rest, sa.JSON(), nullable=False, server_default=sa.text("'{}'")))
        table = _table(name)
        found = op.get_bind().execute(sa.select(table)).mappings().all()
        _update(table, key, [{key: row[key], rest: {c.name: row[c.name] for c in columns}} for row in found])
        for column in columns:
            _drop_column(name, column.name)


def downgrade() -> None:
    """The columns come back filled from the JSON; on SQLite those that were NOT NULL without a
    default stay nullable, as SQLite adds no such column to a table in place (0007's code always
    writes them)."""
    for name, (key, rest, columns) in MOVED.items():
        for column in columns:
            default = EMPTY_LIST if column.server_default is not None else None
            _add_column(name, sa.Column(column.name, column.type, nullable=True, server_default=default))
        table = _table(name)
        found = op.get_bind().execute(sa.select(table.c[key], table.c[rest])).mappings().all()
        _update(
            table, key, [{key: row[key], **{c.name: row[rest].get(c.name) for c in columns}} for row in found]
        )
        if op.get_bind().dialect.name != "sqlite":
            for column in columns:
                if not column.nullable:
                    op.alter_column(name, column.name, existing_type=column.type, nullable=False)
        _drop_column(name, rest)
