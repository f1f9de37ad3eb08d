"""Fixtures of the importer tests: a plans database per test (SQLite in tmp_path)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.storage import PlanStore


@pytest.fixture
def store(tmp_path: Path) -> Iterator[PlanStore]:
    with PlanStore(f"sqlite:///{tmp_path}/plans.sqlite3") as s:
        yield s
