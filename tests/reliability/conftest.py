"""Fixtures of the reliability tests.

The throwaway PostgreSQL cluster and `db_url` (a test runs against a SQLite file and against PostgreSQL)
are the shared storage fixtures of tests/storage/backends.py, imported here rather than copied.
"""

from __future__ import annotations

from tests.storage.backends import db_url, postgres_database, postgres_url

__all__ = ["db_url", "postgres_database", "postgres_url"]
