"""The coverage cache (once per plan version and index version, shared by the reviewer page, `review` and
`ask`) and the roadmap task vectors kept beside the index (a second process does not embed them again).

The knowledge base is a copy of the corpus with the roadmap only (real embedded Chroma, real model)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.review import ask
from assistant.review.cache import CoverageCache
from assistant.review.coverage import analyse
from assistant.review.task_vectors import CACHE_SUBDIR, clear_memory
from assistant.services import build_knowledge_base
from assistant.settings import Settings
from tests.conftest import make_small_knowledge
from tests.fixtures.plans import full_plan
from tests.ingest.test_pipeline import CountingEmbeddings

ROADMAP = "roadmap_alueellisen_toimeenpanon_tiekartta_2022-08-30"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def roadmap_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    base = tmp_path_factory.mktemp("roadmap-kb")
    settings = Settings(data_dir=base / "data", knowledge_dir=make_small_knowledge(base / "k", (ROADMAP,)))
    report = build_knowledge_base(settings).indexer.sync()
    assert not report.errors and report.added > 0
    return settings


@pytest.fixture
def kb(roadmap_settings: Settings, tmp_path: Path):  # type: ignore[no-untyped-def]
    """The roadmap index with a data directory of this test's own (empty caches), counting embeddings."""
    clear_memory()
    settings = roadmap_settings.model_copy(update={"data_dir": tmp_path / "data"})
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "chroma").symlink_to(roadmap_settings.data_dir / "chroma")
    return build_knowledge_base(settings, embeddings=CountingEmbeddings())


# --- roadmap task vectors ------------------------------------------------------------------------------

_SECOND_PROCESS = """
import json, sys
from assistant.review.coverage import analyse
from assistant.services import build_knowledge_base
from assistant.settings import Settings
from tests.fixtures.plans import full_plan
from tests.ingest.test_pipeline import CountingEmbeddings

settings = Settings(data_dir=sys.argv[1], knowledge_dir=sys.argv[2])
kb = build_knowledge_base(settings, embeddings=CountingEmbeddings())
report = analyse(full_plan(1), retriever=kb.retriever, language="fi")
print(json.dumps({"passages": kb.embeddings.embedded, "matched": len(report.roadmap.matched),
                  "tasks": len(report.roadmap.tasks)}))
"""


def test_task_vectors_are_kept_beside_the_index_for_the_next_process(kb) -> None:  # type: ignore[no-untyped-def]
    plan = full_plan(1)
    report = analyse(plan, retriever=kb.retriever, language="fi")
    tasks = len(report.roadmap.tasks)
    assert report.roadmap.available and tasks > 5
    assert kb.embeddings.embedded == tasks  # the tasks, embedded once as passages
    files = list((kb.settings.data_dir / CACHE_SUBDIR).glob("*.npz"))
    assert len(files) == 1

    # Same process, a second analysis: nothing embedded again.
    kb.embeddings.embedded = 0
    assert analyse(plan, retriever=kb.retriever, language="fi") == report
    assert kb.embeddings.embedded == 0

    # A new process on the same data directory reads the vectors instead of embedding the tasks.
    out = subprocess.run(
        [sys.executable, "-c", _SECOND_PROCESS, str(kb.settings.data_dir), str(kb.settings.knowledge_dir)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    second = json.loads(out.stdout.strip().splitlines()[-1])
    assert second == {"passages": 0, "matched": len(report.roadmap.matched), "tasks": tasks}


def test_a_new_index_version_embeds_the_tasks_again(kb) -> None:  # type: ignore[no-untyped-def]
    analyse(full_plan(1), retriever=kb.retriever, language="fi")
    first = kb.embeddings.embedded
    kb.store.bump_version()  # what every re-index that changed something does
    kb.embeddings.embedded = 0
    analyse(full_plan(1), retriever=kb.retriever, language="fi")
    assert kb.embeddings.embedded == first
    # Only the current version's file is kept.
    assert len(list((kb.settings.data_dir / CACHE_SUBDIR).glob("*.npz"))) == 1


# --- coverage reports ----------------------------------------------------------------------------------


def test_report_is_computed_once_per_plan_version(kb, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cache = CoverageCache(tmp_path / "coverage")
    plan = full_plan(3)  # 75 actions
    first = cache.report("p1", 1, plan, retriever=kb.retriever, language="fi")
    assert cache.computed == 1 and first.total_actions == 75 and first.roadmap.available
    assert first == analyse(plan, retriever=kb.retriever, language="fi")  # the same report as uncached

    again = cache.report("p1", 1, plan, retriever=kb.retriever, language="fi")
    assert again == first and cache.computed == 1

    # Another language, another plan version, no knowledge base, a new index version: computed anew.
    cache.report("p1", 1, plan, retriever=kb.retriever, language="sv")
    cache.report("p1", 2, plan, retriever=kb.retriever, language="fi")
    cache.report("p1", 1, plan, retriever=None, language="fi")
    assert cache.computed == 4
    kb.store.bump_version()
    cache.report("p1", 1, plan, retriever=kb.retriever, language="fi")
    assert cache.computed == 5


def test_report_is_read_back_by_a_new_cache_on_the_same_folder(kb, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    plan = full_plan(1)
    first = CoverageCache(tmp_path / "coverage").report("p1", 3, plan, retriever=kb.retriever)
    kb.embeddings.embedded = 0
    later = CoverageCache(tmp_path / "coverage")  # e.g. the next `assistant review` process
    assert later.report("p1", 3, plan, retriever=kb.retriever) == first
    assert later.computed == 0 and kb.embeddings.embedded == 0


def test_a_damaged_cache_file_is_computed_again(kb, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "coverage"
    plan = full_plan(1)
    first = CoverageCache(folder).report("p1", 1, plan, retriever=None)
    for path in folder.glob("*.json"):
        path.write_text('{"language": "fi", "total_actions": "kolme"', encoding="utf-8")
    cache = CoverageCache(folder)
    assert cache.report("p1", 1, plan, retriever=None) == first
    assert cache.computed == 1


def test_ask_uses_the_cached_report(kb, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cache = CoverageCache(tmp_path / "coverage")
    plan = full_plan(1)
    coverage = cache.bind("p1", 1, plan, retriever=kb.retriever)
    questions = (
        "Mitkä osa-alueet ovat ilman toimenpiteitä?",
        "Miten suunnitelma liittyy tiekartan tehtäviin?",
    )
    uncached = [ask(plan, q, kb=kb, language="fi") for q in questions]
    answers = [ask(plan, q, kb=kb, language="fi", coverage=coverage) for q in questions]
    assert [a.text for a in answers] == [a.text for a in uncached]
    computed = cache.computed
    assert computed >= 1
    again = [ask(plan, q, kb=kb, language="fi", coverage=coverage) for q in questions]
    assert [a.text for a in again] == [a.text for a in answers]
    assert cache.computed == computed  # the second round computed nothing
