"""Fixtures of the tests of the `assistant` commands: every test starts with no Settings variable in the
environment and in its own working directory."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.settings import Settings


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Only the variables a test sets reach Settings(); no `.env` in the working directory."""
    for name in Settings.model_fields:
        monkeypatch.delenv(name.upper(), raising=False)
    monkeypatch.chdir(tmp_path)
