"""Fixtures of the reliability tests.

The throwaway PostgreSQL cluster is the storage tests' fixture (tests/storage/conftest.py), imported here
rather than copied; `db_url` runs a test against a SQLite file and against PostgreSQL.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.storage.conftest import postgres_database, postgres_url

__all__ = ["db_url", "postgres_database", "postgres_url"]


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'plans.sqlite3'}"
    return str(request.getfixturevalue("postgres_database"))
