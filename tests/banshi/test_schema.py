"""The migrations build exactly the tables declared in code, on SQLite and on PostgreSQL.

Alembic's autogenerate, run against a freshly migrated database, must propose nothing: a table
module missing from the metadata, or a model changed without a migration, shows up here.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from banshi.config import PROJECT_ROOT
from banshi.runtime import open_store
from banshi.schema import COMPARE_OPTIONS, alembic_config, migrate, schema_metadata
from knowledge.store import make_engine
from tests.conftest import settings_for


@pytest.mark.parametrize("earlier", [None, "0001", "0005"], ids=["empty", "at-0001", "at-0005"])
def test_start_up_migrates_to_the_declared_schema(database_url: str, earlier: str | None, tmp_path: Path) -> None:
    """From an empty database, and from one an earlier release left at an older revision."""
    engine = make_engine(database_url)
    if earlier:
        migrate(engine, earlier)
    open_store(settings_for(tmp_path, database_url), seed=False).engine.dispose()
    migrate(engine)  # once more: nothing to do
    head = ScriptDirectory.from_config(alembic_config(database_url)).get_current_head()
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts=COMPARE_OPTIONS)
        assert context.get_current_revision() == head
        assert compare_metadata(context, schema_metadata()) == []
    engine.dispose()


def test_schema_metadata_alone_imports_every_module_that_declares_tables() -> None:
    """Checked in a fresh interpreter: here other tests may have imported a table module already."""
    declaring = {
        ".".join(path.relative_to(PROJECT_ROOT).with_suffix("").parts)
        for package in ("api", "banshi", "bot", "knowledge", "nlu", "prereview")
        for path in (PROJECT_ROOT / package).rglob("*.py")
        if re.search(r"^class \w+\(Base\):", path.read_text(encoding="utf-8"), re.MULTILINE)
    }
    script = (
        "from banshi.schema import schema_metadata; from banshi.db import Base; schema_metadata(); "
        "print(*sorted({mapper.class_.__module__ for mapper in Base.registry.mappers}))"
    )
    seen = subprocess.run([sys.executable, "-c", script], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True)
    assert set(seen.stdout.split()) == declaring
    assert {"knowledge.db", "knowledge.checklist.saved", "bot.db", "prereview.jobs"} <= declaring
