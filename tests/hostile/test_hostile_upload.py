"""Every file of the hostile corpus through the knowledge-base page's upload in the app (Streamlit AppTest),
all files in one upload: a refused file shows its reason (the Finnish catalog message naming the file and
the problem) and reaches neither the uploads folder nor the index; an accepted file is indexed. Files of
other types never reach the page.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assistant.container import Container
from assistant.ingest.pipeline import doc_id_for
from assistant.ingest.uploads import UPLOAD_TYPES, handle_uploads
from assistant.services import KnowledgeBase, build_knowledge_base
from assistant.settings import Settings
from tests.hostile.app_pages import APP, TIMEOUT, run_page, unescape
from tests.hostile.conftest import MAX_UPLOAD_MB, HashEmbeddings, IndexState, assert_clear_message
from tests.hostile.generate import Case

KB_PAGE = "views/search_page.py"


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
        run_page(at)
        at.switch_page(KB_PAGE)
        return run_page(at)

    yield session, ui.state.get_settings()
    ui.state.get_settings.clear()


def _allowed(case: Case) -> bool:
    return case.path.suffix.lstrip(".") in UPLOAD_TYPES


def test_app_upload_of_the_whole_corpus(
    upload_app: tuple[Callable[[], AppTest], Settings],
    hostile_cases: dict[str, Case],
    hash_embeddings: HashEmbeddings,
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
    run_page(at)
    deadline = time.monotonic() + 600  # indexed in the background: run the page until the job is done
    while "kb_upload_job" in at.session_state and time.monotonic() < deadline:
        time.sleep(0.2)
        run_page(at)

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
    assert [unescape(e.value) for e in at.error] == [by_name[c.name].message for c in refused]
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
    upload_app: tuple[Callable[[], AppTest], Settings],
    hostile_cases: dict[str, Case],
    hash_embeddings: HashEmbeddings,
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
