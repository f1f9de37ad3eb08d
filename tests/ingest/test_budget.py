"""The per-document budget (MAX_DOCUMENT_CHUNKS) and indexing progress, against the real embedded store
and model: a document over the budget is refused before anything is embedded, one at the budget is
indexed, and the progress reports documents and chunks as they are embedded."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.i18n import load_catalog
from assistant.ingest.loaders import load_document
from assistant.ingest.pipeline import IngestProgress, path_source
from assistant.services import build_knowledge_base
from assistant.settings import Settings
from tests.ingest.test_pipeline import CountingEmbeddings


def _long_document(path: Path, sections: int) -> Path:
    parts = [
        f"## Osa {n}\n\n"
        + " ".join(
            f"Hyvinvointialueen tietojohtamisen kehittämiskohde {n}.{m} koskee tietoaltaan "
            f"raportointia, tiedon laatua ja vastuuhenkilöiden nimeämistä."
            for m in range(12)
        )
        for n in range(sections)
    ]
    path.write_text("Pitkä muistio\n\n" + "\n\n".join(parts) + "\n", encoding="utf-8")
    return path


def _chunk_count(settings: Settings, path: Path) -> int:
    kb = build_knowledge_base(settings, embeddings=CountingEmbeddings())
    source = path_source(path)
    doc = load_document(path, max_bytes=settings.max_upload_bytes, max_pdf_pages=settings.max_pdf_pages)
    return len(kb.indexer.chunks_for(source, doc))


@pytest.fixture
def long_doc(tmp_path: Path) -> Path:
    return _long_document(tmp_path / "pitka_muistio.txt", sections=8)


def _indexed_doc_ids(kb) -> set[str]:  # type: ignore[no-untyped-def]
    return {d.doc_id for d in kb.indexer.documents()}


def test_document_at_the_budget_is_indexed(small_settings: Settings, long_doc: Path) -> None:
    chunks = _chunk_count(small_settings, long_doc)
    assert chunks >= 4  # the budget is tested on a document of several chunks
    settings = small_settings.model_copy(update={"max_document_chunks": chunks})
    kb = build_knowledge_base(settings, embeddings=CountingEmbeddings())
    report = kb.indexer.sync([long_doc])
    assert report.errors == []
    assert path_source(long_doc).doc_id in _indexed_doc_ids(kb)


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_document_over_the_budget_is_refused_before_embedding(
    small_settings: Settings, long_doc: Path, language: str
) -> None:
    chunks = _chunk_count(small_settings, long_doc)
    settings = small_settings.model_copy(
        update={"max_document_chunks": chunks - 1, "embed_rate_chunks_per_s": 2.0}
    )
    embeddings = CountingEmbeddings()
    kb = build_knowledge_base(settings, embeddings=embeddings)
    report = kb.indexer.sync([long_doc], language=language)

    assert [(e.path.name, e.code) for e in report.errors] == [("pitka_muistio.txt", "too_many_chunks")]
    message = report.errors[0].message
    # The file, its chunk count, the limit and both times (at 2 chunks/s) are named.
    assert "pitka_muistio.txt" in message
    assert str(chunks) in message and str(chunks - 1) in message
    decimal = "." if language == "en" else ","
    assert f"{chunks / 2 / 60:.1f}".replace(".", decimal) in message
    assert f"{(chunks - 1) / 2 / 60:.1f}".replace(".", decimal) in message
    assert message == load_catalog(language).t(
        "ingest.error.too_many_chunks",
        file="pitka_muistio.txt",
        chunks=chunks,
        limit=chunks - 1,
        minutes=f"{chunks / 2 / 60:.1f}".replace(".", decimal),
        limit_minutes=f"{(chunks - 1) / 2 / 60:.1f}".replace(".", decimal),
    )
    # Nothing of the refused document was embedded or stored; the corpus was indexed.
    assert path_source(long_doc).doc_id not in _indexed_doc_ids(kb)
    assert embeddings.embedded == report.added == kb.store.count() > 0


def test_the_shipped_corpus_is_not_subject_to_the_budget(small_settings: Settings) -> None:
    settings = small_settings.model_copy(update={"max_document_chunks": 1})
    kb = build_knowledge_base(settings, embeddings=CountingEmbeddings())
    report = kb.indexer.sync()
    assert report.errors == [] and report.added > 2


def test_progress_reports_documents_and_embedded_chunks(small_settings: Settings, tmp_path: Path) -> None:
    big = _long_document(tmp_path / "iso.txt", sections=40)  # more chunks than one embedding step
    events: list[IngestProgress] = []
    kb = build_knowledge_base(small_settings, embeddings=CountingEmbeddings())
    report = kb.indexer.sync([big], progress=events.append)

    assert report.errors == []
    docs = {e.document for e in events}
    assert "iso.txt" in docs and len(docs) == 3  # the two corpus documents and the given file
    assert all(e.doc_total == 3 for e in events)
    steps = [e for e in events if e.document == "iso.txt" and e.chunks_total]
    assert len(steps) >= 2  # a large document reports within itself
    assert [e.chunks_done for e in steps] == sorted(e.chunks_done for e in steps)
    assert steps[-1].chunks_done == steps[-1].chunks_total
    embedded = [e.embedded for e in events]
    assert embedded == sorted(embedded) and embedded[-1] == report.embedded == report.added
