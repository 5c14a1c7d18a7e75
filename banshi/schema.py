"""The database schema of the whole product: every table module, and migrating to it.

Tables are declared in several packages; a metadata missing one of them would make Alembic's
autogenerate propose dropping its tables, so the migrations and start-up take the metadata
from `schema_metadata()`, which imports them all.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, MetaData

from banshi.db import Base

MIGRATIONS = Path(__file__).parent / "migrations"


def schema_metadata() -> MetaData:
    """The metadata with every table of the product (imported here, late, to keep start-up lean)."""
    import bot.db  # noqa: F401  (conversation records)
    import knowledge.checklist.saved  # noqa: F401  (saved checklists)
    import knowledge.db  # noqa: F401  (the knowledge base)
    import prereview.jobs  # noqa: F401  (pre-review jobs)

    return Base.metadata


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest Alembic revision (idempotent)."""
    cfg = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "head")
