"""Fixtures for the Streamlit app tests: the app reads its settings from the environment (DATA_DIR ...)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ui.state import get_settings

APP = Path(__file__).resolve().parents[2] / "ui" / "app.py"
TIMEOUT = 60  # seconds per script run: the first search page run opens the index and loads the embedder

UseDataDir = Callable[[Path], None]


@pytest.fixture
def use_data_dir(monkeypatch: pytest.MonkeyPatch) -> Iterator[UseDataDir]:
    """Point the app at a data directory (and Finnish defaults) through the environment."""

    def use(data_dir: Path) -> None:
        monkeypatch.setenv("DATA_DIR", str(data_dir))
        monkeypatch.setenv("APP_LANGUAGE", "fi")
        monkeypatch.delenv("CHROMA_HOST", raising=False)
        get_settings.clear()  # settings are cached per process; the knowledge base per settings

    yield use
    get_settings.clear()


@pytest.fixture
def ui_index_dir(corpus_kb_dir: Path) -> Path:
    """The full corpus index, built once per test session by the shared `corpus_kb_dir` fixture."""
    return corpus_kb_dir


@pytest.fixture
def app(use_data_dir: UseDataDir, ui_index_dir: Path) -> AppTest:
    """The app against the real index, not yet run."""
    use_data_dir(ui_index_dir)
    return AppTest.from_file(APP, default_timeout=TIMEOUT)
