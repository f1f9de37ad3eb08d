"""Fixtures of the drafting flow tests that give each reading directly (`scripted_flow.py`). A test module
that defines its own `store` or `engine` keeps it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.drafting.engine import DraftingEngine
from assistant.storage import PlanStore
from tests.drafting.scripted_flow import Scripted


@pytest.fixture
def store(tmp_path: Path) -> Iterator[PlanStore]:
    with PlanStore(f"sqlite:///{tmp_path}/plans.sqlite3") as s:
        yield s


@pytest.fixture
def script() -> Scripted:
    return Scripted()


@pytest.fixture
def engine(store: PlanStore, script: Scripted) -> DraftingEngine:
    return DraftingEngine(store, None, interpreter=script)
