"""Fixtures of the command-line tests. `clean_env` is not autouse: the modules that want it (the tests of
the schema, validate, search, ingest, docs and remove commands) name it in their `pytestmark`."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.settings import Settings


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Only the variables a test sets reach Settings(); no `.env` in the working directory."""
    for name in Settings.model_fields:
        monkeypatch.delenv(name.upper(), raising=False)
    monkeypatch.chdir(tmp_path)
