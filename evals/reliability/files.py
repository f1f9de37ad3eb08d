"""The hostile files (tests/hostile/generate.py) through three ways in: `ingest` (Indexer.sync of the path,
as `assistant ingest PATH` does), plan `import` (import_file + store_import) and the app's knowledge-base
`upload` (Streamlit AppTest of the page, one file per upload)."""

from __future__ import annotations

import re
import time
import unicodedata
from pathlib import Path
from typing import Any

from assistant.importer import PlanImportError, import_file, store_import
from assistant.ingest.loaders import load_document
from assistant.ingest.pipeline import doc_id_for, path_source
from assistant.sanitize import display_name
from evals.reliability.measure import Outcome, clear_message, run_case
from tests.hostile.generate import Case, Expect

_WORD = re.compile(r"(?<!\w)[^\W\d_]{3,40}(?!\w)")  # words (a 5000-digit number is split into chunks)


def _expected(expect: Expect) -> str:
    return "accept" if expect.ok else str(expect.code or expect.finding)


def _words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text)}


def _name_is_safe(text: str, limit: int = 120) -> bool:
    return len(text) <= limit and not any(unicodedata.category(ch) in ("Cc", "Cf") for ch in text)


def ingest_case(case: Case, kb: Any) -> Outcome:
    outcome = Outcome("ingest", case.name, case.what, _expected(case.ingest))

    def body(out: Outcome) -> None:
        report = kb.indexer.sync([case.path], language="fi")
        mine = [e for e in report.errors if e.path.name == case.path.name]
        if mine:
            out.result, out.code, out.message = "rejected", mine[0].code, mine[0].message
            out.clear = out.code == out.expected and clear_message(out.message, names=display_name(case.name))
            return
        out.result = "accepted"
        source = path_source(case.path)
        doc_id = doc_id_for(case.path)
        stored = [r for r in kb.store.iter_all() if r.metadata.get("doc_id") == doc_id]
        settings = kb.settings
        doc = load_document(
            source.path,
            max_bytes=settings.max_upload_bytes,
            max_pdf_pages=settings.max_pdf_pages,
            max_chars=settings.max_document_chars,
        )
        loaded = _words(" ".join(b.text for b in doc.blocks))
        indexed = _words(" ".join(r.text for r in stored))
        lost = loaded - indexed
        probes = sorted(loaded, key=lambda w: (-len(w), w))[:5]
        hits = [h for p in probes for h in kb.retriever.search(p, k=3, doc_ids=[doc_id], mode="bm25").hits]
        titles = {str(r.metadata.get("title", "")) for r in stored}
        named_safely = all(_name_is_safe(t) for t in titles) and not doc_id.startswith(("_", "-"))
        out.intact = bool(stored) and not lost and (bool(hits) or not probes) and named_safely
        if lost:
            out.notes.append(f"{len(lost)} words not indexed, e.g. {sorted(lost)[:3]}")
        if not named_safely:
            out.notes.append(f"unsafe title or id: {titles!r} {doc_id!r}")
        kb.indexer.remove(doc_id)

    return run_case(outcome, body)


def import_case(case: Case, store: Any, max_bytes: int) -> Outcome:
    outcome = Outcome("import", case.name, case.what, _expected(case.plan_import))

    def body(out: Outcome) -> None:
        try:
            result = import_file(case.path, language="fi", max_bytes=max_bytes)
        except PlanImportError as exc:
            out.result, out.code, out.message = "rejected", exc.code, exc.message("fi")
            out.clear = out.code == out.expected and clear_message(out.message, names=display_name(case.name))
            return
        if result.plan is None or not result.validation.valid:
            errors = result.validation.by_severity("error")
            out.result, out.code = "rejected", ",".join(sorted({f.code for f in errors}))
            out.message = " | ".join(f.message for f in errors)[:300]
            out.clear = out.expected in {f.code for f in errors} and all(
                clear_message(f.message) for f in errors if f.code == out.expected
            )
            return
        out.result = "accepted"
        stored = store_import(result, store, author="reliability-eval")
        again = store.get(stored.id).plan.model_dump(mode="json")
        out.intact = again == result.plan.model_dump(mode="json")

    return run_case(outcome, body)


class UploadPage:
    """One AppTest session on the knowledge-base page; each case is one upload."""

    def __init__(self, app: Path, timeout: float = 180) -> None:
        from streamlit.testing.v1 import AppTest

        self.at = AppTest.from_file(str(app), default_timeout=timeout)
        self.timeout = timeout
        self.at.run(timeout=timeout)
        self.at.switch_page("views/search_page.py")
        self.at.run(timeout=timeout)

    def upload(self, case: Case, kb: Any) -> Outcome:
        outcome = Outcome("upload", case.name, case.what, _expected(case.upload))

        def body(out: Outcome) -> None:
            at = self.at
            mime = "application/octet-stream"
            state = at.session_state
            previous = state["kb_upload_outcome"] if "kb_upload_outcome" in state else None  # noqa: SIM401
            at.file_uploader(key="kb_upload_files").set_value([(case.name, case.path.read_bytes(), mime)])
            at.button(key="kb_upload_submit").click()
            at.run(timeout=self.timeout)
            # Accepted files are indexed in the background: the page redraws until the job's outcome is in.
            deadline = time.monotonic() + self.timeout
            while not at.exception and time.monotonic() < deadline:
                current = state["kb_upload_outcome"] if "kb_upload_outcome" in state else None  # noqa: SIM401
                if current is not None and current is not previous:
                    break
                time.sleep(0.2)
                at.run(timeout=self.timeout)
            if at.exception:
                out.result, out.traceback = "traceback", str([e.value for e in at.exception])[:2000]
                return
            outcome_obj = state["kb_upload_outcome"] if "kb_upload_outcome" in state else None  # noqa: SIM401
            if outcome_obj is previous:
                outcome_obj = None
            if outcome_obj is None or not outcome_obj.files:
                out.result, out.notes = "rejected", ["no outcome on the page"]
                out.clear = False
                return
            result = outcome_obj.files[0]
            if result.status == "rejected":
                out.result, out.message = "rejected", result.message
                code = next((c for c in _CODES if _matches(c, result.message)), "")
                out.code = code
                out.clear = code == out.expected and clear_message(result.message)
                return
            out.result = "accepted"
            shown = [e.value for e in (*at.success, *at.info)]
            safe = all(_name_is_safe(text, 400) for text in shown)
            out.intact = result.chunks > 0 and safe and _name_is_safe(result.name)
            if result.doc_id:
                kb.indexer.remove(result.doc_id)

        return run_case(outcome, body)


def _catalog_patterns() -> dict[str, re.Pattern[str]]:
    from assistant.i18n import load_catalog

    fi = load_catalog("fi")
    patterns = {}
    for key in sorted(fi.keys()):
        if key.startswith("ingest.error."):
            template = fi.t(key, file="\ue000", detail="\ue001")
            regex = re.escape(template).replace("\ue000", ".*?").replace("\ue001", ".*")
            patterns[key.rsplit(".", 1)[1]] = re.compile(regex, re.S)
    return patterns


_PATTERNS = _catalog_patterns()
_CODES = list(_PATTERNS)


def _matches(code: str, message: str) -> bool:
    return bool(_PATTERNS[code].fullmatch(message))
