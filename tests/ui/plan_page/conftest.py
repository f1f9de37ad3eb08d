"""Fixtures of the plan page tests: a SQLite plans store the app reads, and the example plan stored in it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.storage import PlanStore, StoredPlan
from tests.ui.helpers import plan_store
from tests.ui.plan_page.helpers import create_example


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[PlanStore]:
    yield from plan_store(tmp_path, monkeypatch)


@pytest.fixture
def stored(store: PlanStore) -> StoredPlan:
    return create_example(store)
