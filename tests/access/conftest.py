"""Fixtures of the access tests: plan and comment stores on SQLite and on a real PostgreSQL (the
throwaway cluster of tests/storage/conftest.py), principals of two organisations in every role."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import BaseModel

from assistant.access import Principal
from assistant.paths import KNOWLEDGE_DIR
from assistant.storage import PlanStore
from assistant.storage.comments import CommentStore
from assistant.template.models import plan_model
from tests.storage.conftest import postgres_database, postgres_url  # noqa: F401 (fixtures)

EXAMPLE = KNOWLEDGE_DIR / "examples" / "esimerkkisuunnitelma.json"
ORG_A = "pirkanmaa"
ORG_B = "lappi"


def example_plan() -> BaseModel:
    return plan_model().model_validate_json(EXAMPLE.read_text(encoding="utf-8"))


def principal(role: str, organisation: str = ORG_A, *roles: str) -> Principal:
    return Principal(
        user_id=f"{role}@{organisation}.example",
        name=f"{role.capitalize()} of {organisation}",
        organisation=organisation,
        roles=frozenset({role, *roles}),
    )


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'plans.sqlite3'}"
    return str(request.getfixturevalue("postgres_database"))


@pytest.fixture
def store(db_url: str) -> Iterator[PlanStore]:
    with PlanStore(db_url) as plan_store:
        yield plan_store


@pytest.fixture
def comments(store: PlanStore) -> CommentStore:
    return CommentStore(store.engine)
