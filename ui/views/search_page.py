"""Knowledge-base page: search with citations, the indexed documents, uploads and their removal.

Three tabs: search (hybrid search, every hit with its citation), documents (what is indexed: kind, chunk
count, origin, date; uploaded documents can be removed) and upload (PDF/DOCX/TXT/MD within the size
limit). An upload is written to a staging folder and loaded with the ingestion loaders first; only a file
that loads is moved into the uploads folder and indexed, so a corrupt, encrypted or empty file never
reaches the index. `handle_uploads` does the work without Streamlit, so it can be used and tested alone.
"""

from __future__ import annotations

import hashlib
import itertools
import math
import os
import re
import shutil
import tempfile
import threading
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal, get_args

import pandas as pd
import streamlit as st

from assistant.access import Permission
from assistant.i18n import Catalog, load_catalog
from assistant.ingest.errors import IngestError
from assistant.ingest.loaders import load_document
from assistant.ingest.models import DocKind
from assistant.ingest.pipeline import ORIGIN_UPLOAD, IndexedDocument, doc_id_for
from assistant.retrieval.models import SearchResult
from assistant.sanitize import display_name as shown_name
from assistant.services import KnowledgeBase
from ui.components import escape_md, kind_label, render_hit
from ui.state import KB_ERRORS, catalog, current_can, current_language, get_knowledge_base

KINDS: tuple[str, ...] = get_args(DocKind)
REQUEST_KEY = "search_request"
RESULT_KEY = "search_result"
K_MIN, K_MAX, K_DEFAULT = 1, 10, 5

DOCS_KEY = "kb_documents"  # (store version, documents): the list is read again only after a change
OUTCOME_KEY = "kb_upload_outcome"
NOTICE_KEY = "kb_notice"
UPLOADER_KEY = "kb_upload_files"
SUBMIT_KEY = "kb_upload_submit"

UPLOAD_TYPES: tuple[str, ...] = ("pdf", "docx", "txt", "md")
_MB = 1024 * 1024
_NAME_CHARS = re.compile(r"[^\w .,()\-]")
_MAX_STEM = 100

ProgressFn = Callable[[str, float], None]
# Share of the progress bar used by checking the files; indexing fills the rest.
_CHECK_SHARE = 0.2


# --- uploads (no Streamlit here) ---------------------------------------------------------------------


@dataclass
class FileResult:
    """What became of one uploaded file."""

    name: str  # the uploaded file's own name (path parts removed)
    status: Literal["added", "unchanged", "rejected"]
    message: str = ""  # why it was rejected, in the UI language
    stored_as: str = ""  # the file name in the uploads folder
    doc_id: str = ""
    chunks: int = 0
    renamed: bool = False  # saved under another name because a different file had this one


@dataclass
class UploadOutcome:
    files: list[FileResult] = field(default_factory=list)
    other_errors: list[str] = field(default_factory=list)  # sync errors about files not in this upload

    @property
    def rejected(self) -> list[FileResult]:
        return [f for f in self.files if f.status == "rejected"]


def display_name(raw: str) -> str:
    """The name a user gave the file, without any folder parts (browsers may send them), as shown safely
    (no control or bidi characters, bounded: assistant.sanitize)."""
    return shown_name(_base_name(raw), 120)


def _base_name(raw: str) -> str:
    return raw.replace("\\", "/").rsplit("/", 1)[-1].strip() or raw


def safe_filename(raw: str) -> str:
    """A file name that is safe to create in the uploads folder: no folders, no hidden or control
    characters, Finnish letters kept, extension lower-cased and kept."""
    name = unicodedata.normalize("NFC", _base_name(raw))
    name = _NAME_CHARS.sub("_", name)
    name = re.sub(r"\s+", " ", name).strip(" .")
    stem, suffix = os.path.splitext(name)
    stem = stem[:_MAX_STEM].strip(" .") or "document"
    return f"{stem}{suffix.lower()}"


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(_MB), b""):
            h.update(block)
    return h.hexdigest()


def _same_content(uploads_dir: Path, staged: Path) -> Path | None:
    """An uploaded file with exactly the staged file's content, if there is one."""
    size = staged.stat().st_size
    digest: str | None = None
    for existing in sorted(uploads_dir.iterdir()):
        if not existing.is_file() or existing.name.startswith(".") or existing.stat().st_size != size:
            continue
        digest = digest or _sha256(staged)
        if _sha256(existing) == digest:
            return existing
    return None


def place_upload(staged: Path, uploads_dir: Path, name: str) -> tuple[Path, bool]:
    """Put a checked file into the uploads folder as `name`, or `stem-2.ext`, `stem-3.ext` ... when a
    different file already has the name. Returns the path and whether a new file was created (False:
    the same content was already uploaded, under that path).

    The name is claimed atomically (a hard link fails if the name exists), so two sessions uploading
    the same name at once cannot overwrite each other, and the file appears complete or not at all.
    """
    existing = _same_content(uploads_dir, staged)
    if existing is not None:
        return existing, False
    stem, suffix = os.path.splitext(name)
    for n in itertools.count(1):
        target = uploads_dir / (name if n == 1 else f"{stem}-{n}{suffix}")
        try:
            os.link(staged, target)
        except FileExistsError:
            continue
        except OSError:  # no hard links on this file system: exclusive create, then copy
            try:
                with target.open("xb") as out, staged.open("rb") as src:
                    shutil.copyfileobj(src, out)
            except FileExistsError:
                continue
        return target, True
    raise AssertionError("unreachable")  # pragma: no cover - itertools.count() does not end


def _size(n: int) -> str:
    return f"{n / _MB:.1f} MB" if n >= _MB // 10 else f"{n / 1024:.1f} kB"


def _too_large(name: str, size: int, limit: int) -> IngestError:
    return IngestError("too_large", name, f"{_size(size)} > {_size(limit)}")


def handle_uploads(
    files: Sequence[tuple[str, bytes]],
    kb: KnowledgeBase,
    language: str = "fi",
    progress: ProgressFn | None = None,
) -> UploadOutcome:
    """Check, store and index uploaded files; `files` are (name as uploaded, content).

    A file of another type, over the size limit, or that the loaders cannot read (corrupt, encrypted,
    empty, no text) is rejected with its reason in `language` and never reaches the uploads folder.
    The others are stored under safe names and indexed with `Indexer.sync`. Errors that sync reports
    about the new files remove them again; errors about other files are returned in `other_errors`.
    """
    settings = kb.settings
    messages = load_catalog(language)
    outcome = UploadOutcome()
    uploads_dir = settings.uploads_dir
    uploads_dir.mkdir(parents=True, exist_ok=True)
    placed: list[tuple[FileResult, Path, bool]] = []

    def report(text: str, fraction: float) -> None:
        if progress:
            progress(text, min(max(fraction, 0.0), 1.0))

    # The staging folder sits beside the uploads folder (same file system: the hard link works) and is
    # hidden, so it is never mistaken for an upload.
    with tempfile.TemporaryDirectory(prefix=".staging-", dir=settings.data_dir) as staging:
        for number, (raw_name, data) in enumerate(files):
            name = display_name(raw_name)
            result = FileResult(name=name, status="rejected")
            outcome.files.append(result)
            report(messages.t("ui.kb.checking", file=name), _CHECK_SHARE * number / max(len(files), 1))
            safe = safe_filename(raw_name)
            suffix = os.path.splitext(safe)[1].lstrip(".")
            if suffix not in UPLOAD_TYPES:
                error = IngestError("unsupported_type", name, f".{suffix}" if suffix else "?")
                result.message = error.message(language)
                continue
            if len(data) > settings.max_upload_bytes:
                result.message = _too_large(name, len(data), settings.max_upload_bytes).message(language)
                continue
            folder = Path(staging) / str(number)
            folder.mkdir()
            staged = folder / safe
            staged.write_bytes(data)
            try:
                load_document(
                    staged,
                    max_bytes=settings.max_upload_bytes,
                    max_pdf_pages=settings.max_pdf_pages,
                    max_chars=settings.max_document_chars,
                    max_inflated_bytes=settings.max_inflated_bytes,
                )
            except IngestError as exc:
                result.message = exc.message(language)
                continue
            target, created = place_upload(staged, uploads_dir, safe)
            result.stored_as = target.name
            result.renamed = created and target.name != safe
            placed.append((result, target, created))

    if not placed:
        return outcome

    report(messages.t("ui.kb.indexing_start"), _CHECK_SHARE)

    def sync_progress(name: str, n: int, total: int) -> None:
        text = messages.t("ui.kb.indexing", file=name, n=n, total=total)
        report(text, _CHECK_SHARE + (1 - _CHECK_SHARE) * n / max(total, 1))

    try:
        ingest = kb.indexer.sync(progress=sync_progress, language=language)
    except BaseException:
        # The uploads folder goes back to how it was; chunks already written go with the next sync.
        for _, target, created in placed:
            if created:
                target.unlink(missing_ok=True)
        raise

    errors = {error.path.resolve(): error for error in ingest.errors}
    chunks = {doc.doc_id: doc.chunks for doc in kb.indexer.documents()}
    for result, target, created in placed:
        error = errors.pop(target.resolve(), None)
        if error is not None:
            result.status, result.message = "rejected", error.message
            if created:
                target.unlink(missing_ok=True)
            continue
        result.doc_id = doc_id_for(target)
        result.chunks = chunks.get(result.doc_id, 0)
        result.status = "added" if created or result.doc_id in ingest.updated_docs else "unchanged"
    outcome.other_errors = [error.message for error in errors.values()]
    return outcome


# --- shared state ---------------------------------------------------------------------------------------


@st.cache_resource(show_spinner=False)
def _index_lock() -> threading.Lock:
    """One writer at a time in this process (embedded Chroma is written by one process at a time)."""
    return threading.Lock()


def _open(messages: Catalog) -> KnowledgeBase | None:
    try:
        with st.spinner(messages.t("ui.search.loading")):
            return get_knowledge_base()
    except KB_ERRORS as exc:
        st.error(escape_md(messages.t("ui.errors.knowledge_base", detail=exc)))
        return None


def _index_changed() -> None:
    """Forget what was computed from the old index (the search result, the document list)."""
    st.session_state.pop(RESULT_KEY, None)
    st.session_state.pop(DOCS_KEY, None)


def _documents(kb: KnowledgeBase) -> list[IndexedDocument]:
    version = kb.store.version()
    cached = st.session_state.get(DOCS_KEY)
    if cached is not None and cached[0] == version:
        return list(cached[1])
    documents = kb.indexer.documents()
    st.session_state[DOCS_KEY] = (version, documents)
    return documents


def _limit_mb(value: float, language: str) -> str:
    text = f"{value:g}"
    return text.replace(".", ",") if language in ("fi", "sv") else text


def _dated(source: str, messages: Catalog) -> str:
    """The source file's modification date, if the file is here to ask."""
    try:
        day = date.fromtimestamp(Path(source).stat().st_mtime) if source else None
    except OSError:
        day = None
    if day is None:
        return messages.t("ui.kb.no_date")
    return messages.t("ui.kb.date", day=day.day, month=day.month, year=day.year)


def _origin_label(origin: str, messages: Catalog) -> str:
    key = f"ui.kb.origins.{origin}"
    return messages.t(key) if messages.has(key) else origin


# --- search tab -------------------------------------------------------------------------------------------


def _form(messages: Catalog) -> None:
    with st.form("search_form"):
        query = st.text_input(
            messages.t("ui.search.query"), placeholder=messages.t("ui.search.placeholder"), key="search_query"
        )
        k = st.slider(messages.t("ui.search.k"), K_MIN, K_MAX, K_DEFAULT, key="search_k")
        kinds = st.multiselect(
            messages.t("ui.search.kinds"),
            options=KINDS,
            format_func=lambda kind: kind_label(kind, messages),
            placeholder=messages.t("ui.search.kinds_all"),
            key="search_kinds",
        )
        if st.form_submit_button(messages.t("ui.search.submit"), type="primary"):
            st.session_state[REQUEST_KEY] = {"query": query, "k": int(k), "kinds": list(kinds)}


def _search(kb: KnowledgeBase, request: dict[str, Any], language: str, messages: Catalog) -> SearchResult:
    """Search, or reuse the last result when neither the request nor the language has changed."""
    cached = st.session_state.get(RESULT_KEY)
    if cached is not None and cached[0] == request and cached[1] == language:
        return cached[2]
    with st.spinner(messages.t("ui.search.searching")):
        result = kb.retriever.search(
            request["query"], request["k"], kinds=request["kinds"] or None, language=language
        )
    st.session_state[RESULT_KEY] = (request, language, result)
    return result


def _search_tab(kb: KnowledgeBase, language: str, messages: Catalog) -> None:
    _form(messages)
    request = st.session_state.get(REQUEST_KEY)
    if request is None:
        return
    result = _search(kb, request, language, messages)
    if result.reason:
        st.info(escape_md(result.reason))
    if not result.hits:
        return
    st.subheader(escape_md(messages.t("ui.search.results", count=len(result.hits))))
    for number, hit in enumerate(result.hits, 1):
        render_hit(hit, number, messages, expanded=number == 1)


# --- documents tab ----------------------------------------------------------------------------------------


def _remove(doc_id: str, title: str) -> None:
    """Button callback (runs before the page, so the page already shows the index without it)."""
    messages = catalog()
    if not current_can(Permission.KNOWLEDGE):  # checked again here: the button is only hidden
        st.session_state[NOTICE_KEY] = ("error", messages.t("ui.kb.not_allowed"))
        return
    try:
        kb = get_knowledge_base()
        with _index_lock():
            document = next((d for d in kb.indexer.documents() if d.doc_id == doc_id), None)
            removed = kb.indexer.remove(doc_id) if document and document.origin == ORIGIN_UPLOAD else 0
    except KB_ERRORS as exc:
        st.session_state[NOTICE_KEY] = ("error", messages.t("ui.kb.remove_failed", detail=exc))
        return
    _index_changed()
    st.session_state.pop(OUTCOME_KEY, None)
    if removed:
        st.session_state[NOTICE_KEY] = ("success", messages.t("ui.kb.removed", title=title, count=removed))
    else:
        st.session_state[NOTICE_KEY] = ("warning", messages.t("ui.kb.remove_not_found"))


def _documents_table(documents: list[IndexedDocument], messages: Catalog) -> None:
    columns = {
        "title": messages.t("ui.kb.column_title"),
        "kind": messages.t("ui.kb.column_kind"),
        "chunks": messages.t("ui.kb.column_chunks"),
        "origin": messages.t("ui.kb.column_origin"),
        "date": messages.t("ui.kb.column_date"),
    }
    rows = [
        {
            columns["title"]: escape_md(doc.title or doc.doc_id),
            columns["kind"]: escape_md(kind_label(doc.kind, messages)),
            columns["chunks"]: doc.chunks,
            columns["origin"]: escape_md(_origin_label(doc.origin, messages)),
            columns["date"]: escape_md(_dated(doc.source, messages)),
        }
        for doc in documents
    ]
    frame = pd.DataFrame(rows, columns=[escape_md(label) for label in columns.values()])
    st.table(frame, hide_index=True, alt=messages.t("ui.kb.documents_alt"))


def _documents_tab(kb: KnowledgeBase, messages: Catalog, may_manage: bool) -> None:
    notice = st.session_state.pop(NOTICE_KEY, None)
    if notice is not None:
        kind, text = notice
        {"success": st.success, "warning": st.warning}.get(kind, st.error)(escape_md(text))
    documents = _documents(kb)
    st.subheader(escape_md(messages.t("ui.kb.documents", count=len(documents))))
    _documents_table(documents, messages)

    st.subheader(escape_md(messages.t("ui.kb.uploads")))
    uploads = [doc for doc in documents if doc.origin == ORIGIN_UPLOAD]
    if not uploads:
        st.caption(escape_md(messages.t("ui.kb.no_uploads")))
    for doc in uploads:
        title = doc.title or doc.doc_id
        text_column, button_column = st.columns([5, 1], vertical_alignment="center")
        text_column.markdown(
            escape_md(
                messages.t(
                    "ui.kb.upload_row", title=title, chunks=doc.chunks, date=_dated(doc.source, messages)
                )
            )
        )
        if not may_manage:
            continue
        with button_column.popover(
            messages.t("ui.kb.remove"),
            help=messages.t("ui.kb.remove_help"),
            key=f"kb_remove_menu_{doc.doc_id}",
        ):
            st.markdown(escape_md(messages.t("ui.kb.remove_confirm_text", title=title)))
            st.button(
                messages.t("ui.kb.remove_confirm"),
                key=f"kb_remove_{doc.doc_id}",
                type="primary",
                on_click=_remove,
                args=(doc.doc_id, title),
            )


# --- upload tab -------------------------------------------------------------------------------------------


def _render_outcome(outcome: UploadOutcome, messages: Catalog) -> None:
    st.subheader(escape_md(messages.t("ui.kb.upload_results")))
    for result in outcome.files:
        if result.status == "rejected":
            st.error(escape_md(result.message))
            continue
        key = "ui.kb.added" if result.status == "added" else "ui.kb.unchanged"
        text = messages.t(key, file=result.name, chunks=result.chunks)
        if result.renamed:
            text = f"{text} {messages.t('ui.kb.renamed', name=result.stored_as)}"
        (st.success if result.status == "added" else st.info)(escape_md(text))
    if outcome.other_errors:
        st.warning(
            "\n".join(
                [
                    escape_md(messages.t("ui.kb.other_errors")),
                    *(f"- {escape_md(e)}" for e in outcome.other_errors),
                ]
            )
        )


def _upload_tab(kb: KnowledgeBase, language: str, messages: Catalog) -> None:
    if not current_can(Permission.KNOWLEDGE):
        st.info(escape_md(messages.t("ui.kb.not_allowed")))
        return
    limit = _limit_mb(kb.settings.max_upload_mb, language)
    st.caption(escape_md(messages.t("ui.kb.upload_intro")))
    with st.form("kb_upload_form", clear_on_submit=True):
        files = st.file_uploader(
            messages.t("ui.kb.upload_label", limit=limit),
            type=list(UPLOAD_TYPES),
            accept_multiple_files=True,
            help=messages.t("ui.kb.upload_help", limit=limit),
            key=UPLOADER_KEY,
            # The browser refuses larger files before sending them; handle_uploads checks again.
            max_upload_size=max(1, math.ceil(kb.settings.max_upload_mb)),
        )
        submitted = st.form_submit_button(messages.t("ui.kb.upload_submit"), type="primary", key=SUBMIT_KEY)
    if submitted:
        if not files:
            st.warning(escape_md(messages.t("ui.kb.upload_nothing")))
        else:
            bar = st.progress(0.0, text=escape_md(messages.t("ui.kb.indexing_start")))

            def progress(text: str, fraction: float) -> None:
                bar.progress(fraction, text=escape_md(text))

            try:
                with _index_lock():
                    outcome = handle_uploads(
                        [(f.name, f.getvalue()) for f in files], kb, language, progress=progress
                    )
            except KB_ERRORS as exc:
                st.session_state.pop(OUTCOME_KEY, None)
                st.error(escape_md(messages.t("ui.kb.upload_failed", detail=exc)))
            else:
                st.session_state[OUTCOME_KEY] = outcome
            finally:
                bar.empty()
                _index_changed()
    outcome = st.session_state.get(OUTCOME_KEY)
    if outcome is not None:
        _render_outcome(outcome, messages)


# --- page -------------------------------------------------------------------------------------------------


def main() -> None:
    messages = catalog()
    language = current_language()
    st.title(escape_md(messages.t("ui.search.title")))
    st.caption(escape_md(messages.t("ui.kb.caption")))

    kb = _open(messages)
    if kb is None:
        return
    if kb.store.count() == 0:
        st.warning(escape_md(messages.t("search.empty_index")))
        return
    count_slot = st.empty()
    search_tab, documents_tab, upload_tab = st.tabs(
        [messages.t("ui.kb.tab_search"), messages.t("ui.kb.tab_documents"), messages.t("ui.kb.tab_upload")]
    )
    # The upload runs first, so the documents, the count and the search below already include it.
    with upload_tab:
        _upload_tab(kb, language, messages)
    with documents_tab:
        _documents_tab(kb, messages, may_manage=current_can(Permission.KNOWLEDGE))
    with search_tab:
        _search_tab(kb, language, messages)
    count_slot.caption(escape_md(messages.t("ui.search.count", count=kb.store.count())))


if __name__ == "__main__":  # run as a page by st.navigation; importing it (tests) only defines the functions
    main()
