"""Fixtures of the reviewer page tests: one plans database for the package (built once, as when these
tests were one module; each test creates its own plans) and a factory of page sessions over the full
index with offline answers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.ui.helpers import app_env, new_session
from tests.ui.review_page.helpers import PAGE, MakePage


@pytest.fixture(scope="package")
def db_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """One plans database for the package (each test creates its own plans)."""
    return f"sqlite:///{tmp_path_factory.mktemp('review-db') / 'plans.sqlite3'}"


@pytest.fixture
def page(monkeypatch: pytest.MonkeyPatch, corpus_kb_dir: Path, db_url: str) -> Iterator[MakePage]:
    def make(plan_id: str | None = None, language: str | None = None, path: Path = PAGE) -> AppTest:
        return new_session(path, plan_id, language=language)

    # Offline answers, whatever .env says.
    with app_env(monkeypatch, corpus_kb_dir, db_url, unset=("AUTH_REQUIRED",), LLM_MODEL=""):
        yield make
