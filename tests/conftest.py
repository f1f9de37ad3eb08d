"""Shared fixtures. Building the full index embeds the whole corpus (about 40 s on two cores), so it is
built once per test session; tests that change an index use the small corpus or their own copy."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import yaml

from assistant.paths import KNOWLEDGE_DIR
from assistant.settings import Settings

if TYPE_CHECKING:
    from assistant.container import KnowledgeBase

SMALL_DOCS = ("news_kehittamissuunnitelmamalli_2020-06-05", "blog_tietojohtamisen_maakuntakierros_2018")


@pytest.fixture(scope="session")
def corpus_kb_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory with the full default corpus indexed (built once per session)."""
    from assistant.container import Container

    data_dir = tmp_path_factory.mktemp("corpus-index")
    report = Container(Settings(data_dir=data_dir), "test").indexer.sync()
    assert not report.errors, report.errors
    return data_dir


@pytest.fixture(scope="session")
def corpus_kb(corpus_kb_dir: Path) -> KnowledgeBase:
    from assistant.container import Container

    return Container(Settings(data_dir=corpus_kb_dir), "test").knowledge_base


def make_small_knowledge(target: Path, docs: tuple[str, ...] = SMALL_DOCS) -> Path:
    """A copy of knowledge/ whose corpus manifest lists only the given (small) documents (without the
    shipped corpus vectors: these tests count what the model embeds; tests/ingest/test_shipped.py has
    those)."""
    shutil.copytree(KNOWLEDGE_DIR, target, ignore=shutil.ignore_patterns("vectors"))
    manifest = yaml.safe_load((target / "corpus.yaml").read_text(encoding="utf-8"))
    manifest["documents"] = [d for d in manifest["documents"] if d["doc_id"] in docs]
    (target / "corpus.yaml").write_text(yaml.safe_dump(manifest, allow_unicode=True), encoding="utf-8")
    return target


@pytest.fixture
def small_settings(tmp_path: Path) -> Settings:
    """Settings over a two-document corpus copy and an empty data directory."""
    knowledge = make_small_knowledge(tmp_path / "knowledge")
    return Settings(data_dir=tmp_path / "data", knowledge_dir=knowledge)


@pytest.fixture(autouse=True)
def _fresh_llm_method_memory() -> Iterator[None]:
    """Each test starts with no structured-output method remembered for any model."""
    from assistant.llm.runnable import forget_methods

    forget_methods()
    yield
    forget_methods()


@pytest.fixture(autouse=True)
def _no_app_prewarm(monkeypatch: pytest.MonkeyPatch) -> None:
    """App tests build only what their page needs: the background warm-up (ui/prewarm.py, on by default)
    would build the services of whichever data directory the first test used. tests/ui/test_prewarm.py and
    the real-browser tests turn it on."""
    monkeypatch.setenv("APP_PREWARM", "false")
