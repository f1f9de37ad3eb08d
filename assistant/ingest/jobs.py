"""Uploads indexed in the background, with progress the app polls (no Streamlit here).

Embedding a large upload takes minutes on two cores; a page that waits for it blocks the user's session
and, behind Streamlit's script runner, looks frozen. `UploadJobs.start` returns at once with a job id; a
worker thread runs `handle_uploads` and keeps the job's progress (text in the user's language, a
fraction) and, at the end, its outcome or its error. One job writes at a time (embedded Chroma has one
writer): the others wait for the lock and say so. The page only lays the status out.

    jobs = UploadJobs()
    job_id = jobs.start([(name, data)], kb, language="fi")
    status = jobs.status(job_id)      # state, text, fraction, outcome, error
"""

from __future__ import annotations

import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal

from assistant.i18n import load_catalog
from assistant.ingest.uploads import UploadOutcome, handle_uploads

if TYPE_CHECKING:
    from assistant.services import KnowledgeBase

JobState = Literal["queued", "running", "done", "failed"]
KEEP_FINISHED = 64  # finished jobs kept for their sessions to collect


@dataclass(frozen=True)
class JobStatus:
    id: str
    state: JobState
    text: str = ""
    fraction: float = 0.0
    outcome: UploadOutcome | None = None
    error: str = ""  # why the job failed (the store or the model), for the user
    started: float = 0.0
    finished: float | None = None

    @property
    def active(self) -> bool:
        return self.state in ("queued", "running")


class UploadJobs:
    def __init__(self, lock: threading.Lock | None = None) -> None:
        """`lock`: the process's index-writer lock (shared with removals)."""
        self.lock = lock or threading.Lock()
        self._jobs: OrderedDict[str, JobStatus] = OrderedDict()
        self._guard = threading.Lock()

    def _set(self, job_id: str, **changes: object) -> None:
        with self._guard:
            self._jobs[job_id] = replace(self._jobs[job_id], **changes)  # type: ignore[arg-type]

    def status(self, job_id: str) -> JobStatus | None:
        with self._guard:
            return self._jobs.get(job_id)

    def start(self, files: Sequence[tuple[str, bytes]], kb: KnowledgeBase, language: str = "fi") -> str:
        """Start checking, storing and indexing `files` (name as uploaded, content) in the background."""
        job_id = uuid.uuid4().hex
        messages = load_catalog(language)
        with self._guard:
            self._jobs[job_id] = JobStatus(
                job_id, "queued", messages.t("ui.kb.queued"), 0.0, started=time.monotonic()
            )
            finished = [k for k, j in self._jobs.items() if not j.active]
            for old in finished[: max(0, len(finished) - KEEP_FINISHED)]:
                del self._jobs[old]
        files = [(name, bytes(data)) for name, data in files]
        worker = threading.Thread(
            target=self._run, args=(job_id, files, kb, language), name=f"upload-{job_id[:8]}", daemon=True
        )
        worker.start()
        return job_id

    def _run(self, job_id: str, files: list[tuple[str, bytes]], kb: KnowledgeBase, language: str) -> None:
        def progress(text: str, fraction: float) -> None:
            self._set(job_id, state="running", text=text, fraction=fraction)

        try:
            with self.lock:
                self._set(job_id, state="running")
                outcome = handle_uploads(files, kb, language, progress=progress)
        except Exception as exc:  # the store or the model failed: the job says why, the app goes on
            self._set(job_id, state="failed", error=str(exc) or type(exc).__name__, finished=time.monotonic())
            return
        self._set(job_id, state="done", outcome=outcome, fraction=1.0, finished=time.monotonic())

    def wait(self, job_id: str, timeout: float | None = None) -> JobStatus | None:
        """Block until the job has finished (tests, scripts)."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            status = self.status(job_id)
            if status is None or not status.active:
                return status
            if deadline is not None and time.monotonic() > deadline:
                return status
            time.sleep(0.05)
