"""Fixtures of the storage tests: SQLite and the throwaway PostgreSQL cluster (tests/storage/backends.py)."""

from tests.storage.backends import comments, db_url, postgres_database, postgres_url, store

__all__ = ["comments", "db_url", "postgres_database", "postgres_url", "store"]
