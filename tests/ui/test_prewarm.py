"""The app's background warm-up: once per process, the pages' modules and services built ahead of the
first visit (the container's lock makes a page that needs one meanwhile wait for the same build)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from assistant.container import Container
from assistant.settings import Settings
from ui import prewarm


def test_the_warm_up_builds_the_pages_services_once(
    corpus_kb_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(prewarm, "_thread", None)
    services = Container(Settings(data_dir=corpus_kb_dir), "test")
    thread = prewarm.start(services)
    assert thread is not None and prewarm.start(services) is None  # once per process
    thread.join(timeout=300)
    assert not thread.is_alive()
    assert {"kb", "reviewer", "interpreter.offline"} <= set(services._built)
    assert all(name in sys.modules for name in prewarm.MODULES)


def test_a_warm_up_that_fails_leaves_the_app_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No index in the data directory: the warm-up stops with a log line, nothing is raised."""
    monkeypatch.setattr(prewarm, "_thread", None)

    class Broken:
        @property
        def knowledge_base(self) -> None:
            raise RuntimeError("no index")

    thread = prewarm.start(Broken())
    assert thread is not None
    thread.join(timeout=300)
    assert not thread.is_alive()
