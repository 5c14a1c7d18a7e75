"""The database schema of the whole product: every table module, and migrating to it.

Tables are declared in several packages; a metadata missing one of them would make Alembic's
autogenerate propose dropping its tables, so the migrations and start-up take the metadata
from `schema_metadata()`, which imports them all.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import JSON, Column, Engine, FetchedValue, MetaData

from banshi.db import Base

MIGRATIONS = Path(__file__).parent / "migrations"


def schema_metadata() -> MetaData:
    """The metadata with every table of the product (imported here, late, to keep start-up lean)."""
    import banshi.accounts  # noqa: F401  (staff accounts)
    import banshi.audit  # noqa: F401  (the audit log)
    import banshi.credentials  # noqa: F401  (sessions, tokens, API keys)
    import bot.db  # noqa: F401  (conversation records)
    import knowledge.changes  # noqa: F401  (reviewed catalogue changes)
    import knowledge.checklist.saved  # noqa: F401  (saved checklists)
    import knowledge.db  # noqa: F401  (the knowledge base)
    import prereview.jobs  # noqa: F401  (pre-review jobs)

    return Base.metadata


def _json_default_differs(
    context: MigrationContext,
    inspected_column: Column[Any],
    metadata_column: Column[Any],
    inspected_default: str | None,
    metadata_default: FetchedValue | None,
    rendered_metadata_default: str | None,
) -> bool | None:
    """JSON defaults compared as text: PostgreSQL has no `=` for json, so Alembic's own check fails there."""
    if isinstance(metadata_column.type, JSON) and inspected_default and rendered_metadata_default:
        return inspected_default.removesuffix("::json") != rendered_metadata_default
    return None  # Alembic's own comparison


# How autogenerate compares the models with a database: column types and server defaults too.
COMPARE_OPTIONS: dict[str, Any] = {"compare_type": True, "compare_server_default": _json_default_differs}


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to the newest (or the given) Alembic revision (idempotent)."""
    cfg = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, revision)
