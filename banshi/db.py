"""The one declarative base of the product's database.

Tables are declared next to the code that uses them (knowledge base, saved checklists,
conversation records, pre-review jobs), all on this base, so that one metadata and one Alembic
history (banshi/migrations) describe the whole database. This module imports nothing of the
product, so every package may build on it; `banshi.schema` gathers the tables.
"""

from __future__ import annotations

from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass
