"""Helpers shared by the AppTest-based UI tests: the text a user reads, a run that must not raise, a fresh
session of one page, and the environment (with a SQLite plans store) the app reads its settings from."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from assistant.storage import PlanStore
from tests.ui.conftest import TIMEOUT
from ui.state import get_settings

# Every element kind whose value is text, in page order of the checks (a test may ask for fewer).
TEXT_KINDS = ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success")


def unescape(text: str) -> str:
    """Markdown escapes and the zero-width spaces that let headers wrap removed: the text a user reads."""
    return re.sub(r"\\(.)", r"\1", text).replace("\u200b", "")


def texts(node: Any, *kinds: str) -> list[str]:
    """The unescaped values of the elements of these kinds under `node` (an AppTest or a block such as a
    tab), kind by kind; every text kind when none is given."""
    return [unescape(e.value) for kind in kinds or TEXT_KINDS for e in node.get(kind)]


def run_ok(at: AppTest, timeout: float = TIMEOUT) -> AppTest:
    at.run(timeout=timeout)
    assert not at.exception, [e.value for e in at.exception]
    return at


def new_session(
    path: str | Path, query_plan: str | None = None, *, language: str | None = None, **session: Any
) -> AppTest:
    """A fresh session of the page at `path` (not yet run): `?plan=` and session state as given."""
    at = AppTest.from_file(str(path), default_timeout=TIMEOUT)
    if query_plan is not None:
        at.query_params["plan"] = query_plan
    if language is not None:
        at.session_state["language"] = language
    for key, value in session.items():
        at.session_state[key] = value
    return at


@contextmanager
def app_env(
    monkeypatch: pytest.MonkeyPatch,
    data_dir: Path,
    database_url: str,
    *,
    unset: Iterable[str] = (),
    **env: str,
) -> Iterator[None]:
    """The app's settings from the environment: this data directory and database, Finnish, no Chroma
    server, the variables in `unset` removed and those in `env` set; the cached settings forgotten before
    and after."""
    monkeypatch.setenv("DATA_DIR", str(data_dir))
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("APP_LANGUAGE", "fi")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    for name in ("CHROMA_HOST", *unset):
        monkeypatch.delenv(name, raising=False)
    get_settings.clear()
    try:
        yield
    finally:
        get_settings.clear()


def plan_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *, unset: Iterable[str] = (), **env: str
) -> Iterator[PlanStore]:
    """For a `store` fixture: a SQLite plans store in `tmp_path`, the app pointed at it (see `app_env`)."""
    url = f"sqlite:///{tmp_path}/plans.sqlite3"
    with app_env(monkeypatch, tmp_path / "data", url, unset=unset, **env), PlanStore(url) as store:
        yield store
