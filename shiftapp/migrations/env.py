"""Alembic environment: the metadata of every SQLModel table; the URL from ShiftApp's settings."""
from alembic import context
from sqlmodel import SQLModel

import shiftapp.models  # noqa: F401  (registers the tables)
from shiftapp.db import get_engine

config = context.config
target_metadata = SQLModel.metadata


def run_migrations_online() -> None:
    connectable = config.attributes.get("connection") or get_engine(config.get_main_option("sqlalchemy.url"))
    if hasattr(connectable, "connect"):
        with connectable.connect() as connection:
            _run(connection)
    else:
        _run(connectable)


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
