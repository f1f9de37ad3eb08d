"""Fixtures of the access tests: plan and comment stores on SQLite and on a real PostgreSQL (the
shared fixtures of tests/storage/backends.py), principals of two organisations in every role."""

from __future__ import annotations

from assistant.access import Principal
from tests.fixtures.plans import example_plan
from tests.storage.backends import comments, db_url, postgres_database, postgres_url, store

ORG_A = "pirkanmaa"
ORG_B = "lappi"

__all__ = [
    "ORG_A",
    "ORG_B",
    "comments",
    "db_url",
    "example_plan",
    "postgres_database",
    "postgres_url",
    "principal",
    "store",
]


def principal(role: str, organisation: str = ORG_A, *roles: str) -> Principal:
    return Principal(
        user_id=f"{role}@{organisation}.example",
        name=f"{role.capitalize()} of {organisation}",
        organisation=organisation,
        roles=frozenset({role, *roles}),
    )
