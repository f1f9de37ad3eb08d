"""Background upload jobs (`assistant.ingest.jobs`), against the real store and model on the small
corpus: `start` returns before the work is done, progress moves in the user's language, the outcome
arrives at the end, a document over the per-document budget is refused and removed again, and a failing
store makes the job fail with its reason instead of raising into the app."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from assistant.i18n import load_catalog
from assistant.ingest.jobs import UploadJobs
from assistant.services import build_knowledge_base
from assistant.settings import Settings
from tests.ingest.test_budget import _long_document
from tests.ingest.test_pipeline import CountingEmbeddings

WAIT_S = 900


@pytest.fixture
def kb(small_settings: Settings):  # type: ignore[no-untyped-def]
    kb = build_knowledge_base(small_settings, embeddings=CountingEmbeddings())
    assert not kb.indexer.sync().errors  # the corpus first: the jobs below index only their uploads
    return kb


def test_job_runs_in_the_background_and_reports_progress(kb, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    jobs = UploadJobs()
    data = _long_document(tmp_path / "muistio.txt", sections=3).read_bytes()
    seen: list[str] = []
    with jobs.lock:  # another writer holds the index: the job must wait, and start() must not
        job_id = jobs.start([("muistio.txt", data)], kb, "sv")
        status = jobs.status(job_id)
        assert status is not None and status.state == "queued" and status.active
        assert status.text == load_catalog("sv").t("ui.kb.queued")

    def watch() -> None:
        while (current := jobs.status(job_id)) is not None and current.active:
            if current.text and current.text not in seen:
                seen.append(current.text)

    watcher = threading.Thread(target=watch)
    watcher.start()
    final = jobs.wait(job_id, timeout=WAIT_S)
    watcher.join()
    assert final is not None and final.state == "done", final
    assert final.fraction == 1.0 and final.finished is not None
    assert final.outcome is not None
    assert [(f.name, f.status) for f in final.outcome.files] == [("muistio.txt", "added")]
    assert final.outcome.files[0].chunks > 0
    assert any(text.startswith("Indexerar") for text in seen), seen  # Swedish progress


def test_job_refuses_a_document_over_the_budget(kb, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    kb.settings = kb.settings.model_copy(update={"max_document_chunks": 2})
    kb.indexer.settings = kb.settings
    data = _long_document(tmp_path / "iso.txt", sections=6).read_bytes()
    jobs = UploadJobs()
    final = jobs.wait(jobs.start([("iso.txt", data)], kb, "fi"), timeout=WAIT_S)
    assert final is not None and final.state == "done" and final.outcome is not None
    result = final.outcome.files[0]
    assert result.status == "rejected"
    assert "iso.txt" in result.message
    assert "yhden tiedoston raja on 2 jaksoa" in result.message
    assert not (kb.settings.uploads_dir / "iso.txt").exists()  # removed again, nothing indexed
    assert all(d.origin != "upload" for d in kb.indexer.documents())


def test_a_failing_index_fails_the_job_with_its_reason(kb, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    class Broken(RuntimeError):
        pass

    def sync(*_args: object, **_kwargs: object) -> None:
        raise Broken("tietokanta ei vastaa")

    kb.indexer.sync = sync
    jobs = UploadJobs()
    data = b"Lyhyt muistio tietoaltaasta.\n"
    final = jobs.wait(jobs.start([("lyhyt.txt", data)], kb, "fi"), timeout=WAIT_S)
    assert final is not None and final.state == "failed"
    assert final.error == "tietokanta ei vastaa" and final.outcome is None
    assert not (kb.settings.uploads_dir / "lyhyt.txt").exists()  # the uploads folder as it was
