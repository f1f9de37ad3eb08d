"""The plans database itself: the schema version recorded once, SQLite's pragmas, and the settings that
choose SQLite under the data directory or a PostgreSQL URL."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from assistant.settings import Settings
from assistant.storage import PlanStore
from assistant.storage.db import SCHEMA_VERSION
from assistant.storage.tables import SchemaVersion
from assistant.template.models import new_plan


def test_schema_version_is_recorded_once(store: PlanStore) -> None:
    PlanStore(store.engine)  # opening again is harmless
    with store.engine.connect() as conn:
        assert conn.execute(select(SchemaVersion.id, SchemaVersion.version)).all() == [(1, SCHEMA_VERSION)]


def test_sqlite_pragmas(tmp_path: Path) -> None:
    with PlanStore(f"sqlite:///{tmp_path / 'plans.sqlite3'}") as store, store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert int(conn.exec_driver_sql("PRAGMA busy_timeout").scalar() or 0) > 0


def test_settings_choose_the_database(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", _env_file=None)
    assert settings.effective_database_url == f"sqlite:///{(tmp_path / 'data' / 'plans.sqlite3').resolve()}"
    with PlanStore.from_settings(settings) as store:
        plan_id = store.create(new_plan(title="x"), author="a").id
    assert (tmp_path / "data" / "plans.sqlite3").is_file()
    with PlanStore.from_settings(settings) as store:
        assert store.get(plan_id).title == "x"

    url = "postgresql+psycopg://assistant@db.example.fi:5432/plans"
    other = Settings(data_dir=tmp_path, database_url=url, _env_file=None)
    assert other.effective_database_url == url
