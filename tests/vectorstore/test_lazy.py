"""The embedded store opened lazily: reads from the stamp and the vector mirror, the same answers as
Chroma, and never a stale version (a re-index, another model, a removed database, a damaged file)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from assistant.container import Container, build_store
from assistant.settings import Settings
from assistant.vectorstore import mirror, stamp
from assistant.vectorstore.chroma import ChromaStore, EmbeddingMismatchError, make_client
from assistant.vectorstore.lazy import LazyChromaStore

ROOT = Path(__file__).resolve().parents[2]
QUERIES = ["Miten tiedolla johtamista kehitetään?", "maakuntakierros", "kehittämissuunnitelman malli"]


@pytest.fixture
def indexed(small_settings: Settings) -> Settings:
    report = Container(small_settings, "test").indexer.sync()
    assert not report.errors
    return small_settings


def _fresh(settings: Settings) -> Container:
    """The services of a new process over the same data directory."""
    return Container(settings, "test")


def _lazy(store: ChromaStore) -> LazyChromaStore:
    assert isinstance(store, LazyChromaStore)
    return store


def _plain(settings: Settings, dim: int, model: str) -> ChromaStore:
    return ChromaStore(make_client(settings.chroma_dir), settings.chroma_collection, model, dim)


def test_search_in_a_new_process_needs_no_chroma_and_finds_what_chroma_finds(indexed: Settings) -> None:
    first = _fresh(indexed).knowledge_base
    assert isinstance(first.store, LazyChromaStore)
    first.retriever.search(QUERIES[0])  # the first reader writes the mirror of this version
    kb = _fresh(indexed).knowledge_base
    store = kb.store
    assert isinstance(store, LazyChromaStore)
    plain = _plain(indexed, kb.embeddings.dim, kb.embeddings.name)
    assert store.version() == plain.version()
    for query in QUERIES:
        vector = kb.embeddings.embed_query_vector(query)
        for where in (
            None,
            {"kind": {"$in": ["news"]}},
            {"$and": [{"kind": "blog"}, {"doc_id": {"$in": ["x"]}}]},
        ):
            got = store.query(vector, 8, where)
            want = plain.query(vector, 8, where)
            assert [i for i, _ in got] == [i for i, _ in want]
            assert np.allclose([s for _, s in got], [s for _, s in want], atol=1e-5)
        result = kb.retriever.search(query, k=5)
        assert result.hits or result.reason
    ids = [i for i, _ in plain.query(kb.embeddings.embed_query_vector(QUERIES[0]), 3)]
    vectors = store.get_embeddings([*ids, "no-such-id"])
    assert set(vectors) == set(ids)
    exact = plain.get_embeddings(ids)
    assert all(np.array_equal(vectors[i], exact[i]) for i in ids)  # as stored, not re-normalised
    assert not store.opened  # every read above came from the stamp and the mirror


def test_a_reindex_in_another_process_is_seen_at_once(indexed: Settings, tmp_path: Path) -> None:
    reader = _fresh(indexed).knowledge_base
    reader.retriever.search(QUERIES[0])
    before = reader.store.version()
    extra = tmp_path / "lisays.txt"
    extra.write_text("Lohikäärmeiden tietovarasto ja sen laatu hyvinvointialueella. " * 8, encoding="utf-8")
    writer = _fresh(indexed).knowledge_base
    writer.indexer.sync([extra])
    assert reader.store.version() != before  # the stamp follows the writer
    hits = reader.retriever.search("lohikäärmeiden tietovarasto", k=3).hits
    assert hits and "Lohikäärme" in hits[0].text


def test_another_model_than_the_stamps_opens_chroma_and_is_refused(indexed: Settings) -> None:
    """EMBEDDINGS changed since the index was built: the stamp names the index's model, so Chroma is
    opened and the store refuses to serve, as the plain store does."""
    assert stamp.read(stamp.stamp_path(indexed.data_dir), indexed.chroma_collection)
    with pytest.raises(EmbeddingMismatchError):
        LazyChromaStore(
            indexed.chroma_dir, indexed.chroma_collection, "other-model", 384, data_dir=indexed.data_dir
        )


def test_a_stamp_without_its_database_is_not_trusted(indexed: Settings, tmp_path: Path) -> None:
    moved = Settings(data_dir=tmp_path / "empty", knowledge_dir=indexed.knowledge_dir)
    moved.data_dir.mkdir()
    (moved.data_dir / stamp.FILE).write_bytes(stamp.stamp_path(indexed.data_dir).read_bytes())
    kb = _fresh(moved).knowledge_base
    assert kb.store.version() == "0"  # a new, empty collection: not the version the stamp names
    assert _lazy(kb.store).opened


def test_a_damaged_mirror_is_rebuilt_and_an_unknown_filter_goes_to_chroma(indexed: Settings) -> None:
    kb = _fresh(indexed).knowledge_base
    kb.retriever.search(QUERIES[0])
    files = list((indexed.data_dir / mirror.SUBDIR).glob("*.npz"))
    assert len(files) == 1
    files[0].write_bytes(b"not a zip")
    again = _fresh(indexed).knowledge_base
    vector = again.embeddings.embed_query_vector(QUERIES[1])
    assert again.store.query(vector, 3)  # read from Chroma and the mirror written again
    assert mirror.load(files[0], again.store.version(), again.embeddings.dim) is not None
    current = mirror.load(files[0], again.store.version(), again.embeddings.dim)
    assert current is not None
    assert current.query(vector, 3, {"page": {"$gt": 2}}) is None


def test_rebuild_and_server_use_the_plain_store(indexed: Settings) -> None:
    kb = _fresh(indexed).knowledge_base
    assert type(build_store(indexed, kb.embeddings, recreate=True)) is ChromaStore


def test_one_shot_search_imports_no_chromadb(indexed: Settings) -> None:
    _fresh(indexed).knowledge_base.retriever.search(QUERIES[0])  # mirror written
    env = {**os.environ, "DATA_DIR": str(indexed.data_dir), "KNOWLEDGE_DIR": str(indexed.knowledge_dir)}
    code = (
        "import sys, runpy; sys.argv = ['assistant', 'search', 'maakuntakierros', '--json'];\n"
        "try:\n    runpy.run_module('assistant.cli', run_name='__main__')\n"
        "except SystemExit as e:\n    assert not e.code, e.code\n"
        "print('CHROMADB', 'chromadb' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "CHROMADB False" in out.stdout
    assert json.loads(out.stdout.split("CHROMADB")[0])


def test_an_unchanged_reindex_needs_no_chroma_and_a_changed_file_is_still_indexed(
    indexed: Settings, tmp_path: Path
) -> None:
    _fresh(indexed).knowledge_base.store.prepare_reads()  # what `ingest` leaves behind
    kb = _fresh(indexed).knowledge_base
    total = kb.store.count()
    report = kb.indexer.sync()
    assert report.added == report.removed == 0 and report.unchanged == total
    assert not _lazy(kb.store).opened  # compared with the mirror's metadata
    extra = tmp_path / "uusi.txt"
    extra.write_text("Tietoaltaan käyttöönotto ja mittariston ylläpito alueella. " * 6, encoding="utf-8")
    changed = _fresh(indexed).knowledge_base
    assert changed.indexer.sync([extra]).added > 0
    assert _lazy(changed.store).opened and changed.store.count() > total
    again = _fresh(indexed).knowledge_base
    assert again.indexer.sync([extra]).added == 0 and again.store.count() == changed.store.count()
