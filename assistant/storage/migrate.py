"""Schema migrations at start-up: `upgrade head` with Alembic (assistant/storage/migrations).

A database made before migrations existed (tables from `create_all` plus the schema_version row, which
revision 0001 reproduces exactly) is stamped at 0001 first. Concurrent start-ups are serialised: on
PostgreSQL by an advisory lock held for the migration transaction (DDL is transactional there), on
SQLite by the engine's `BEGIN IMMEDIATE`. A database migrated by a newer release (a revision this one
does not know) raises `SchemaVersionError` and is left untouched.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, inspect, text

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
BASELINE = "0001"  # the schema of the releases before migrations
_LOCK_KEY = 0x7469_6574  # pg_advisory_xact_lock key of this application's migrations ("tiet")


class UnknownRevisionError(RuntimeError):
    """The database is at a revision this release does not know (written by a newer release)."""


def config(connection: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head() -> str:
    revision = ScriptDirectory.from_config(config()).get_current_head()
    assert revision is not None
    return revision


def current(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine) -> str:
    """Bring the database to the newest revision; returns it."""
    scripts = ScriptDirectory.from_config(config())
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
        tables = set(inspect(connection).get_table_names())
        cfg = config(connection)
        if "plans" in tables and "alembic_version" not in tables:
            command.stamp(cfg, BASELINE)
        revision = current(connection)
        if revision is not None and scripts.get_revision(revision) is None:
            raise UnknownRevisionError(revision)
        command.upgrade(cfg, "head")
        return current(connection) or ""
