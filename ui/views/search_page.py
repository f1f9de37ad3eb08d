"""Knowledge-base page: search with citations, the indexed documents, uploads and their removal.

Three tabs: search (hybrid search, every hit with its citation), documents (what is indexed: kind, chunk
count, origin, date; uploaded documents can be removed) and upload (PDF/DOCX/TXT/MD within the size
limit). An upload is written to a staging folder and loaded with the ingestion loaders first; only a file
that loads is moved into the uploads folder and indexed, so a corrupt, encrypted or empty file never
reaches the index. The work is `assistant.ingest.uploads.handle_uploads`, run in the background by
`assistant.ingest.jobs.UploadJobs`; this page only starts a job and lays out its progress (redrawn every
second by a fragment) and its outcome.
"""

from __future__ import annotations

import math
import threading
from datetime import date
from pathlib import Path
from typing import Any, get_args

import pandas as pd
import streamlit as st

from assistant.access import Permission
from assistant.i18n import Catalog
from assistant.ingest.jobs import JobStatus, UploadJobs
from assistant.ingest.models import DocKind
from assistant.ingest.pipeline import ORIGIN_UPLOAD, IndexedDocument
from assistant.ingest.uploads import UPLOAD_TYPES, UploadOutcome
from assistant.retrieval.models import SearchResult
from assistant.services import KnowledgeBase
from ui import widget_texts
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

FAILURE_KEY = "kb_upload_failure"  # why the last background upload failed
JOB_KEY = "kb_upload_job"  # the id of this session's background upload job
JOB_POLL_S = 1.0


# --- shared state ---------------------------------------------------------------------------------------


@st.cache_resource(show_spinner=False)
def _upload_jobs() -> UploadJobs:
    """The process's background upload jobs; their lock is the one index writer of this process."""
    return UploadJobs()


def _index_lock() -> threading.Lock:
    """One writer at a time in this process (embedded Chroma is written by one process at a time)."""
    return _upload_jobs().lock


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
        st.caption(escape_md(widget_texts.enter_hint(messages)))
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
        files = widget_texts.file_uploader(
            messages.t("ui.kb.upload_label", limit=limit),
            key=UPLOADER_KEY,
            types=UPLOAD_TYPES,
            max_mb=max(1, math.ceil(kb.settings.max_upload_mb)),
            messages=messages,
            language=language,
            accept_multiple_files=True,
            help=messages.t("ui.kb.upload_help", limit=limit),
            # The browser refuses larger files before sending them; handle_uploads checks again.
            max_upload_size=max(1, math.ceil(kb.settings.max_upload_mb)),
        )
        submitted = st.form_submit_button(messages.t("ui.kb.upload_submit"), type="primary", key=SUBMIT_KEY)
    if submitted:
        if not files:
            st.warning(escape_md(messages.t("ui.kb.upload_nothing")))
        else:
            # Indexed in the background: the page (and the user's other pages) stay responsive.
            st.session_state.pop(OUTCOME_KEY, None)
            st.session_state.pop(FAILURE_KEY, None)
            st.session_state[JOB_KEY] = _upload_jobs().start(
                [(f.name, f.getvalue()) for f in files], kb, language
            )
    job_id = st.session_state.get(JOB_KEY)
    if job_id is not None:
        status = _upload_jobs().status(job_id)
        if status is None or not status.active:
            _collect(status, messages)
        else:
            _job_panel(messages)
    failure = st.session_state.get(FAILURE_KEY)
    if failure:
        st.error(escape_md(failure))
    outcome = st.session_state.get(OUTCOME_KEY)
    if outcome is not None:
        _render_outcome(outcome, messages)


def _collect(status: JobStatus | None, messages: Catalog) -> None:
    """A finished job's result into the session (its outcome, or why it failed)."""
    st.session_state.pop(JOB_KEY, None)
    _index_changed()
    st.session_state.pop(FAILURE_KEY, None)
    if status is not None and status.outcome is not None:
        st.session_state[OUTCOME_KEY] = status.outcome
    elif status is not None:
        st.session_state.pop(OUTCOME_KEY, None)
        st.session_state[FAILURE_KEY] = messages.t("ui.kb.upload_failed", detail=status.error)


@st.fragment(run_every=JOB_POLL_S)
def _job_panel(messages: Catalog) -> None:
    """The session's running job: a progress bar redrawn every second; when the job has finished, the
    whole page runs again to show the result and the new index."""
    job_id = st.session_state.get(JOB_KEY)
    if job_id is None:
        return
    status = _upload_jobs().status(job_id)
    if status is None or not status.active:
        st.rerun(scope="app")  # the page's own run collects the result
    st.progress(min(max(status.fraction, 0.0), 1.0), text=escape_md(status.text))
    st.caption(escape_md(messages.t("ui.kb.running")))


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
