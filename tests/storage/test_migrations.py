"""Alembic migrations, on SQLite and PostgreSQL: revision 0001 equals the schema of the tables, start-up
runs `upgrade head`, a database made before migrations (create_all + schema_version) is adopted with its
data, and a database migrated by a newer release is refused untouched."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, select, text

from assistant.storage import SCHEMA_VERSION, PlanStore, SchemaVersionError, create_db_engine, migrate
from assistant.storage.db import HEAD_REVISION
from assistant.storage.tables import Base, SchemaVersion, utcnow
from assistant.template.models import new_plan


def test_first_migration_equals_the_tables(db_url: str) -> None:
    engine = create_db_engine(db_url)
    try:
        with engine.begin() as connection:
            command.upgrade(migrate.config(connection), migrate.BASELINE)
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
            assert connection.execute(select(SchemaVersion.version)).scalar_one() == SCHEMA_VERSION
    finally:
        engine.dispose()


def test_start_up_upgrades_to_head_and_downgrade_removes_everything(db_url: str) -> None:
    with PlanStore(db_url) as store:
        with store.engine.connect() as connection:
            assert migrate.current(connection) == migrate.head()
        with store.engine.begin() as connection:
            command.downgrade(migrate.config(connection), "base")
        assert set(inspect(store.engine).get_table_names()) <= {"alembic_version"}
    with PlanStore(db_url) as store:  # and up again
        assert store.list() == []


def test_database_from_before_migrations_is_adopted_with_its_data(db_url: str) -> None:
    engine = create_db_engine(db_url)
    try:
        Base.metadata.create_all(engine)  # what start-up did before migrations
        with engine.begin() as connection:
            connection.execute(SchemaVersion.__table__.insert().values(id=1, version=1, applied_at=utcnow()))
    finally:
        engine.dispose()
    with PlanStore(db_url) as store:
        plan_id = store.create(new_plan(title="Vanha"), author="A").id
    with PlanStore(db_url) as store:
        assert store.get(plan_id).title == "Vanha"
        with store.engine.connect() as connection:
            assert migrate.current(connection) == migrate.head()


def test_database_of_a_newer_release_is_refused(db_url: str) -> None:
    with PlanStore(db_url) as store:
        plan_id = store.create(new_plan(title="Uusi"), author="A").id
        with store.engine.begin() as connection:
            connection.execute(text("UPDATE alembic_version SET version_num = 'ffff_future'"))
    try:
        PlanStore(db_url).close()
    except Exception as exc:
        assert isinstance(exc, SchemaVersionError) or isinstance(exc.__cause__, SchemaVersionError), exc
        assert "newer release" in str(exc)
    else:
        raise AssertionError("a database of a newer release was opened")
    engine = create_db_engine(db_url)
    try:
        with engine.connect() as connection:
            assert connection.execute(text("SELECT title FROM plans")).scalars().all() == ["Uusi"]
            assert plan_id
    finally:
        engine.dispose()


def test_the_fast_start_up_check_knows_the_newest_migration() -> None:
    """A database at HEAD_REVISION is opened without Alembic: the constant must name Alembic's head."""
    assert migrate.head() == HEAD_REVISION


def test_a_store_at_head_is_opened_without_importing_alembic(db_url: str) -> None:
    import subprocess
    import sys

    PlanStore(db_url).close()  # migrated to head
    code = (
        "import sys; from assistant.storage import PlanStore; PlanStore(sys.argv[1]).list(); "
        "print(any(m == 'alembic' or m.startswith('alembic.') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code, db_url], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
