"""The drafting page's answer box for the assessment results: a multi-line text area (a table pasted
from Excel keeps its rows) and a CSV/XLSX upload. Either is sent to the chat as one message, so the
engine echoes every row for confirmation and the transcript keeps what was given."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from assistant.drafting.assessment_file import read_assessment_file, table_as_text
from assistant.drafting.extract import ExtractionError
from assistant.i18n import Catalog
from ui import widget_texts

TEXT_KEY = "draft_assessment_text"
FILE_KEY = "draft_assessment_file"
ERROR_KEY = "_draft_assessment_error"


def _submit(plan_id: str, send: Callable[[str, str], None], messages: Catalog) -> None:
    text = str(st.session_state.get(TEXT_KEY) or "").strip()
    upload = st.session_state.get(FILE_KEY)
    if upload is not None:
        try:
            rows = read_assessment_file(upload.getvalue())
        except ExtractionError as exc:
            st.session_state[ERROR_KEY] = messages.t(f"drafting.{exc.code}", **exc.params)
            return
        text = table_as_text(rows)
    if text:
        send(plan_id, text)


def assessment_box(plan_id: str, messages: Catalog, send: Callable[[str, str], None]) -> None:
    with st.form(
        f"draft_assessment_form_{plan_id}", clear_on_submit=True, border=True, enter_to_submit=False
    ):
        st.text_area(
            messages.t("ui.draft.assessment.text"),
            key=TEXT_KEY,
            height=180,
            placeholder=messages.t("ui.draft.assessment.placeholder"),
        )
        widget_texts.file_uploader(
            messages.t("ui.draft.assessment.file"),
            key=FILE_KEY,
            types=("csv", "xlsx", "txt"),
            max_mb=float(st.get_option("server.maxUploadSize")),
            messages=messages,
            language=messages.language,
            help=messages.t("ui.draft.assessment.file_help"),
        )
        st.form_submit_button(
            messages.t("ui.draft.assessment.send"),
            type="primary",
            on_click=_submit,
            args=(plan_id, send, messages),
        )
    error = st.session_state.pop(ERROR_KEY, None)
    if error:
        st.error(error)
