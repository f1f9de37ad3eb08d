"""Export and import page (url /vienti).

Export: choose a stored plan (`?plan=` or the session's current plan preselected; `ui.plan_picker`), see
its validation, pick the format (DOCX, Markdown, JSON, Excel) and the document's language, download. A
plan with errors cannot be downloaded normally (the button is disabled and the errors are listed with
their paths); "export as draft" exports it anyway, stamped LUONNOS / UTKAST / DRAFT with the findings in
an appendix (assistant.export).

Import: upload a DOCX or JSON plan (size limit shown and enforced); the page shows what could not be
mapped and the validation, and stores the plan as a NEW plan only when the user confirms; the new plan
becomes the session's current plan. Nothing is stored from an unreadable file.
"""

from __future__ import annotations

import hashlib
import math
from typing import Any

import streamlit as st

from assistant.export import FORMATS, ExportError, export_plan
from assistant.i18n import LANGUAGES, Catalog
from assistant.importer import ImportResult, MappingFinding, PlanImportError, import_bytes, store_import
from assistant.storage import StorageError, StoredPlan
from assistant.template.validator import Finding, ValidationReport, validate_plan
from ui.components import escape_md
from ui.plan_picker import PLAN_QUERY_PARAM, PLAN_STATE_KEY, PickerTexts, open_chosen_plan
from ui.state import (
    can_edit,
    catalog,
    current_author,
    current_language,
    get_container,
    get_plan_store,
    get_settings,
)

CHOICE_KEY = "_export_plan_choice"
FORMAT_KEY = "_export_format"
DOC_LANGUAGE_KEY = "_export_doc_language"
DRAFT_KEY = "_export_draft"
DOWNLOAD_KEY = "_export_download"
EXPORT_CACHE_KEY = "_export_cache"  # {(plan id, version, format, language, draft): ExportResult}
UPLOAD_KEY = "_import_upload"
IMPORTS_KEY = "_import_results"  # {upload digest: ImportResult | error message}
STORED_KEY = "_import_stored"  # {upload digest: the stored plan's title}
TITLE_KEY = "_import_title"
CONFIRM_KEY = "_import_confirm"
UPLOAD_TYPES = ("docx", "json")
EXPORT_CACHE_SIZE = 4


# --- helpers (no Streamlit calls) -------------------------------------------------------------------------


def finding_lines(findings: list[Finding]) -> str:
    """Validation findings as a Markdown list of their messages (escaped); the messages name the section,
    target or action in words, never a JSON path."""
    return "\n".join(f"- {escape_md(f.message)}" for f in findings)


def mapping_lines(findings: list[MappingFinding]) -> str:
    return "\n".join(f"- {escape_md(f.message)}" for f in findings)


def upload_digest(name: str, data: bytes) -> str:
    return hashlib.sha256(name.encode("utf-8") + b"\x00" + data).hexdigest()[:16]


def limit_text(max_upload_mb: float) -> str:
    return f"{max_upload_mb:g}"


# --- choosing the plan ----------------------------------------------------------------------------------

PICKER_TEXTS = PickerTexts(
    no_plans="ui.export.no_plans",
    select="ui.export.plan",
    option="ui.export.option",
    untitled="ui.export.untitled",
)


# --- export -------------------------------------------------------------------------------------------------


def _validation_summary(report: ValidationReport, messages: Catalog) -> None:
    counts = report.counts()
    st.caption(
        escape_md(
            messages.t(
                "ui.export.counts", errors=counts["error"], warnings=counts["warning"], infos=counts["info"]
            )
        )
    )
    errors, warnings, infos = (report.by_severity(s) for s in ("error", "warning", "info"))
    if errors:
        st.error(f"{escape_md(messages.t('ui.export.errors', count=len(errors)))}\n\n{finding_lines(errors)}")
    else:
        st.success(escape_md(messages.t("ui.export.valid")))
    if warnings:
        st.warning(f"{escape_md(messages.t('ui.export.warnings'))}\n\n{finding_lines(warnings)}")
    if infos:
        with st.expander(messages.t("ui.export.infos", count=len(infos))):
            st.markdown(finding_lines(infos))


def _export_result(stored: StoredPlan, fmt: str, language: str, draft: bool) -> Any:
    """The export for these choices, kept for a few reruns (the download button needs the bytes)."""
    cache: dict[tuple[str, int, str, str, bool], Any] = st.session_state.setdefault(EXPORT_CACHE_KEY, {})
    key = (stored.id, stored.version, fmt, language, draft)
    if key not in cache:
        while len(cache) >= EXPORT_CACHE_SIZE:
            cache.pop(next(iter(cache)))
        cache[key] = export_plan(
            stored.plan,
            fmt,
            language=language,
            draft=draft,
            knowledge_dir=get_settings().knowledge_dir,
            version=stored.version,
        )
    return cache[key]


def _export_section(store: Any, messages: Catalog, language: str) -> None:
    st.subheader(escape_md(messages.t("ui.export.export_title")))
    stored = open_chosen_plan(store, messages, key=CHOICE_KEY, texts=PICKER_TEXTS)
    if stored is None:
        return
    plan: Any = stored.plan
    report = validate_plan(plan, language=language, knowledge_dir=get_settings().knowledge_dir)
    _validation_summary(report, messages)

    columns = st.columns(2)
    with columns[0]:
        fmt = st.radio(
            messages.t("ui.export.format"),
            options=list(FORMATS),
            format_func=lambda f: messages.t(f"ui.export.formats.{f}"),
            key=FORMAT_KEY,
        )
    with columns[1]:
        if st.session_state.get(DOC_LANGUAGE_KEY) not in LANGUAGES:
            st.session_state[DOC_LANGUAGE_KEY] = plan.meta.language
        doc_language = st.radio(
            messages.t("ui.export.language"),
            options=list(LANGUAGES),
            format_func=lambda code: messages.t(f"ui.language.{code}"),
            key=DOC_LANGUAGE_KEY,
            horizontal=True,
        )
    draft = st.checkbox(messages.t("ui.export.draft"), key=DRAFT_KEY, help=messages.t("ui.export.draft_help"))
    label = messages.t("ui.export.download", format=messages.t(f"ui.export.formats.{fmt}"))
    if not report.valid and not draft:
        st.download_button(label, data=b"", disabled=True, key=DOWNLOAD_KEY, type="primary")
        st.caption(escape_md(messages.t("ui.export.blocked", count=len(report.by_severity("error")))))
        return
    try:
        result = _export_result(stored, str(fmt), str(doc_language), bool(draft))
    except ExportError as exc:
        st.error(escape_md(exc.message(language)))
        return
    st.download_button(
        label,
        data=result.data,
        file_name=result.filename,
        mime=result.mime,
        key=DOWNLOAD_KEY,
        type="primary",
    )
    if draft:
        note = "ui.export.draft_json_note" if fmt == "json" else "ui.export.draft_note"
        st.info(escape_md(messages.t(note)))
    st.caption(escape_md(messages.t("ui.export.file", name=result.filename)))


# --- import -------------------------------------------------------------------------------------------------


def _run_import(name: str, data: bytes, language: str) -> ImportResult | str:
    settings = get_settings()
    try:
        return import_bytes(
            data,
            name=name,
            language=language,
            max_bytes=settings.max_upload_bytes,
            knowledge_dir=settings.knowledge_dir,
        )
    except PlanImportError as exc:
        return exc.message(language)


def _preview(result: ImportResult, messages: Catalog) -> None:
    plan: Any = result.plan
    st.markdown(
        messages.t(
            "ui.export.preview",
            format=result.format.upper(),
            title=escape_md(plan.meta.title or "–"),
            region=escape_md(plan.meta.region or "–"),
            actions=len(plan.toimenpiteet),
        )
    )
    warnings = [f for f in result.findings if f.severity == "warning"]
    notes = [f for f in result.findings if f.severity == "info"]
    if warnings:
        st.warning(
            f"{escape_md(messages.t('ui.export.mapping', count=len(warnings)))}\n\n{mapping_lines(warnings)}"
        )
    elif result.format == "docx":
        st.success(escape_md(messages.t("ui.export.mapping_clean")))
    if notes:
        with st.expander(messages.t("ui.export.mapping_notes", count=len(notes))):
            st.markdown(mapping_lines(notes))
    _validation_summary(result.validation, messages)


def _import_section(store: Any, messages: Catalog, language: str) -> None:
    st.subheader(escape_md(messages.t("ui.export.import_title")))
    settings = get_settings()
    limit = limit_text(settings.max_upload_mb)
    st.caption(escape_md(messages.t("ui.export.import_intro", limit=limit)))
    if not can_edit():
        st.info(escape_md(messages.t("ui.export.import_read_only")))
        return
    upload = st.file_uploader(
        messages.t("ui.export.upload", limit=limit),
        type=list(UPLOAD_TYPES),
        key=UPLOAD_KEY,
        # The browser refuses larger files before sending them; import_bytes checks again.
        max_upload_size=max(1, math.ceil(settings.max_upload_mb)),
    )
    if upload is None:
        return
    data = upload.getvalue()
    digest = upload_digest(upload.name, data)
    results: dict[str, ImportResult | str] = st.session_state.setdefault(IMPORTS_KEY, {})
    if digest not in results:
        results.clear()  # one upload at a time
        with st.spinner(messages.t("ui.export.reading")):
            results[digest] = _run_import(upload.name, data, language)
    result = results[digest]
    if isinstance(result, str):
        st.error(escape_md(result))
        st.caption(escape_md(messages.t("ui.export.nothing_stored")))
        return
    if result.plan is None:
        st.error(escape_md(messages.t("ui.export.not_a_plan", file=upload.name)))
        _validation_summary(result.validation, messages)
        st.caption(escape_md(messages.t("ui.export.nothing_stored")))
        return
    _preview(result, messages)
    stored_ids: dict[str, str] = st.session_state.setdefault(STORED_KEY, {})
    if digest in stored_ids:
        st.success(escape_md(messages.t("ui.export.stored", title=stored_ids[digest])))
        return
    title = st.text_input(messages.t("ui.export.import_as"), value=result.plan.meta.title, key=TITLE_KEY)
    if not st.button(messages.t("ui.export.confirm"), key=CONFIRM_KEY, type="primary"):
        st.caption(escape_md(messages.t("ui.export.confirm_help")))
        return
    try:
        stored = store_import(result, store, author=current_author(), title=title)
    except StorageError as exc:
        st.error(escape_md(exc.message(language)))
        return
    get_container().vector_warmer.plan_saved(stored.plan)  # in the background, ahead of the first review
    stored_ids[digest] = stored.plan.meta.title or title
    st.session_state[PLAN_STATE_KEY] = stored.id
    st.query_params[PLAN_QUERY_PARAM] = stored.id
    st.session_state.pop(CHOICE_KEY, None)
    st.rerun()


# --- page ---------------------------------------------------------------------------------------------------


def main() -> None:
    messages = catalog()
    language = current_language()
    st.title(escape_md(messages.t("ui.export.title")))
    st.caption(escape_md(messages.t("ui.export.caption")))
    store = get_plan_store()
    export_tab, import_tab = st.tabs([messages.t("ui.export.tab_export"), messages.t("ui.export.tab_import")])
    with export_tab:
        _export_section(store, messages, language)
    with import_tab:
        _import_section(store, messages, language)


if __name__ == "__main__":  # Streamlit runs pages as __main__; importing them (tests) renders nothing
    main()
