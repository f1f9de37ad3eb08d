"""Engines for the plans database: a SQLite file by default, PostgreSQL (psycopg 3) by configuration.

SQLite runs in WAL mode (readers never block the writer) with foreign keys on and a busy timeout, and
every transaction starts with `BEGIN IMMEDIATE`: a transaction takes the write lock when it starts
(waiting up to the busy timeout), so a read-then-write transaction can never fail half-way on a lock
upgrade. PostgreSQL uses its default READ COMMITTED; the repository's conditional UPDATEs and row locks
make that sufficient.

`open_engine` migrates the database to this release's schema with Alembic (`alembic upgrade head`, see
`migrate.py`); the schema_version row keeps the number that backups record.

A database URL may hold a password: it is never part of an error message. `safe_url` renders a URL with
the password masked, `redact_url` removes a URL's password from any text, and a database that cannot be
opened (bad URL, unknown driver, unreachable server, refused login) raises `DatabaseError`, whose text
names the masked URL only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, select, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.orm import Session
from sqlalchemy.pool import StaticPool

from assistant.storage.errors import DatabaseError as DatabaseError  # re-exported
from assistant.storage.errors import DatabaseUnavailableError
from assistant.storage.tables import SchemaVersion
from assistant.storage.urls import MASK as MASK  # re-exported
from assistant.storage.urls import redact_url as redact_url  # re-exported
from assistant.storage.urls import safe_url as safe_url  # re-exported
from assistant.storage.urls import url_secrets as url_secrets  # re-exported

SCHEMA_VERSION = 1
SQLITE_BUSY_TIMEOUT_MS = 30_000


class SchemaVersionError(RuntimeError):
    """The database was written by a newer release than this one."""


def _describe(error: BaseException) -> str:
    original = getattr(error, "orig", None)  # SQLAlchemy's DBAPIError wraps the driver's error
    text = str(original if original is not None else error).strip() or type(error).__name__
    return text.split("\n(Background on this error")[0]


def normalise_url(url: str | URL) -> URL:
    """Parse a database URL; plain `postgresql://` / `postgres://` use the psycopg 3 driver."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def _sqlite_engine(url: URL, busy_timeout_ms: int) -> Engine:
    database = url.database or ""
    in_memory = database in ("", ":memory:") or database.startswith("file::memory:")
    kwargs: dict[str, Any] = {"connect_args": {"timeout": busy_timeout_ms / 1000}}
    if in_memory:
        # One shared connection, otherwise every pooled connection would see its own empty database.
        kwargs["poolclass"] = StaticPool
        kwargs["connect_args"]["check_same_thread"] = False
    else:
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transaction control from the sqlite3 module (its legacy mode does not BEGIN before SELECT).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            if not in_memory:
                cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def create_db_engine(url: str | URL, *, busy_timeout_ms: int = SQLITE_BUSY_TIMEOUT_MS) -> Engine:
    """An engine for `url` configured for this application (without creating tables).

    A URL that does not parse or names an unknown driver raises `DatabaseError` (password masked)."""
    try:
        parsed = normalise_url(url)
        if parsed.get_backend_name() == "sqlite":
            return _sqlite_engine(parsed, busy_timeout_ms)
        return create_engine(parsed, pool_pre_ping=True)
    except (ArgumentError, NoSuchModuleError, ValueError, TypeError, ImportError) as exc:
        raise _database_error(url, exc) from None


# The newest migration in storage/migrations/versions (tests/storage/test_migrations.py checks it against
# Alembic's head). A database already at it needs no Alembic at all: one SELECT instead of a second of
# imports in every process that opens the plans.
HEAD_REVISION = "0001"


def _at_head(engine: Engine) -> bool:
    try:
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    except SQLAlchemyError:
        return False  # no such table yet (a new or pre-migration database): migrate
    return list(rows) == [HEAD_REVISION]


def init_schema(engine: Engine) -> int:
    """Migrate the database to this release's schema (`alembic upgrade head`, see `migrate`); returns
    the database's schema version (the number backups record)."""
    if not _at_head(engine):
        from alembic.util import CommandError

        from assistant.storage import migrate

        try:
            migrate.upgrade(engine)
        except (migrate.UnknownRevisionError, CommandError) as exc:
            raise SchemaVersionError(
                f"the plans database was migrated by a newer release ({exc}): upgrade the application"
            ) from None
    with Session(engine) as session:
        version = session.scalars(select(SchemaVersion.version)).one()
    if version > SCHEMA_VERSION:
        raise SchemaVersionError(
            f"the plans database has schema version {version}, this release supports up to "
            f"{SCHEMA_VERSION}: upgrade the application"
        )
    return version


def open_engine(url: str | URL, *, busy_timeout_ms: int = SQLITE_BUSY_TIMEOUT_MS) -> Engine:
    """Create an engine for `url` and make sure the schema exists.

    An unreachable server, a refused login or an unwritable file raises `DatabaseError` (password
    masked); the engine is disposed of."""
    engine = create_db_engine(url, busy_timeout_ms=busy_timeout_ms)
    try:
        init_schema(engine)
    except (DBAPIError, OSError) as exc:
        engine.dispose()
        raise _database_error(url, exc) from None
    return engine


def _database_error(url: str | URL, error: BaseException) -> DatabaseError:
    return DatabaseUnavailableError(url, _describe(error))
