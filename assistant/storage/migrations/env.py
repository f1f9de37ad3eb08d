"""Alembic environment: migrations run on the connection the application passes in
(`config.attributes["connection"]`), or on the settings' database when run from the `alembic` command."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from assistant.storage.tables import Base

config = context.config


def run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copying them
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    run(connection)
else:  # the `alembic` command line
    from assistant.settings import Settings
    from assistant.storage.db import create_db_engine

    engine = create_db_engine(Settings().effective_database_url)
    with engine.connect() as conn:
        run(conn)
    engine.dispose()
