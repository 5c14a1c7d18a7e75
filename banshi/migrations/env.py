"""Alembic environment of the product's database: runs on the connection banshi.schema.migrate hands in."""

from alembic import context
from sqlalchemy import Connection, create_engine

from banshi.schema import COMPARE_OPTIONS, schema_metadata

config = context.config
target_metadata = schema_metadata()


def run(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True, **COMPARE_OPTIONS)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata)
    with context.begin_transaction():
        context.run_migrations()
elif (connection := config.attributes.get("connection")) is not None:
    run(connection)
else:
    with create_engine(config.get_main_option("sqlalchemy.url") or "sqlite://").begin() as conn:
        run(conn)
