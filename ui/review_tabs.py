"""The reviewer page's comments and report tabs: the comment form and list (through the `CommentStore`
interface, so an access-controlled store works the same) and the review report's downloads."""

from __future__ import annotations

import streamlit as st

from assistant.i18n import Catalog
from assistant.review.models import CoverageReport
from assistant.review.report import (
    build_review_report,
    comment_targets,
    report_filename,
    to_docx,
    to_markdown,
)
from assistant.storage import StorageError, StoredPlan
from assistant.storage.comments import Comment
from assistant.template.spec import TemplateSpec
from ui.components import escape_md
from ui.review_components import comment_errors, flash_comment, may, render_comment_list
from ui.review_questions import answers_of
from ui.state import catalog, current_author, current_language, get_comment_store

COMMENT_TARGET_KEY = "review_comment_target"
COMMENT_TEXT_KEY = "review_comment_text"
SHOW_RESOLVED_KEY = "review_show_resolved"
INCLUDE_QA_KEY = "review_include_qa"
MIME_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _add_comment(plan_id: str, plan_version: int) -> None:
    """Form callback: store the comment (errors shown on the next run, the typed text kept)."""
    text = str(st.session_state.get(COMMENT_TEXT_KEY) or "")
    target = str(st.session_state.get(COMMENT_TARGET_KEY) or "")
    try:
        get_comment_store().add(
            plan_id, target=target, author=current_author(), text=text, plan_version=plan_version
        )
    except StorageError as exc:
        flash_comment("error", exc.message(current_language()))
        return
    st.session_state[COMMENT_TEXT_KEY] = ""
    flash_comment("success", catalog().t("ui.review.comments.added"))


def comments_tab(
    stored: StoredPlan, spec: TemplateSpec, comments: list[Comment] | None, messages: Catalog
) -> None:
    if may("comment"):
        _comment_form(stored, spec, messages)
    comment_errors()
    if comments is None:
        return
    open_ = [c for c in comments if not c.resolved]
    st.subheader(escape_md(messages.t("ui.review.comments.title", open=len(open_), total=len(comments))))
    show_resolved = st.toggle(
        messages.t("ui.review.comments.show_resolved"), key=SHOW_RESOLVED_KEY, value=True
    )
    shown = comments if show_resolved else open_
    if not shown:
        st.caption(escape_md(messages.t("ui.review.comments.none")))
    render_comment_list(shown, stored.plan, spec, messages, key_prefix=f"review_comment_{stored.id}")


def _comment_form(stored: StoredPlan, spec: TemplateSpec, messages: Catalog) -> None:
    options = dict(comment_targets(stored.plan, spec, messages.language))
    if st.session_state.get(COMMENT_TARGET_KEY) not in options:
        st.session_state[COMMENT_TARGET_KEY] = ""
    with st.form("review_comment_form", border=True):
        st.markdown(f"**{escape_md(messages.t('ui.review.comments.add'))}**")
        st.selectbox(
            messages.t("ui.review.comments.target"),
            options=list(options),
            format_func=lambda pointer: options.get(pointer, pointer),
            key=COMMENT_TARGET_KEY,
        )
        st.text_area(messages.t("ui.review.comments.text"), key=COMMENT_TEXT_KEY)
        st.form_submit_button(
            messages.t("ui.review.comments.submit"),
            type="primary",
            key="review_comment_submit",
            on_click=_add_comment,
            args=(stored.id, stored.version),
        )


# --- report ---------------------------------------------------------------------------------------------


def report_tab(
    stored: StoredPlan, report: CoverageReport, comments: list[Comment], spec: TemplateSpec, messages: Catalog
) -> None:
    answers = answers_of(stored.id)
    st.caption(escape_md(messages.t("ui.review.report.caption")))
    include = st.checkbox(
        messages.t("ui.review.report.include_qa", count=len(answers)),
        key=INCLUDE_QA_KEY,
        value=True,
        disabled=not answers,
    )
    document = build_review_report(
        stored.plan,
        report,
        comments,
        spec=spec,
        language=messages.language,
        plan_version=stored.version,
        answers=answers if include else (),
    )
    left, right = st.columns(2)
    left.download_button(
        messages.t("ui.review.report.markdown"),
        data=lambda: to_markdown(document).encode("utf-8"),
        file_name=report_filename(document, "md"),
        mime="text/markdown",
        key="review_download_md",
        icon=":material/download:",
        on_click="ignore",
    )
    right.download_button(
        messages.t("ui.review.report.docx"),
        data=lambda: to_docx(document),
        file_name=report_filename(document, "docx"),
        mime=MIME_DOCX,
        key="review_download_docx",
        icon=":material/download:",
        on_click="ignore",
    )
