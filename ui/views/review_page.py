"""Reviewer page: a stored plan's computed coverage (figures, lists and charts), questions about the plan
and the knowledge base, review comments, and the review report as Markdown and DOCX.

The coverage comes from `assistant.review.analyse` (computed, not generated) through the reviewer service's
`CoverageCache` (once per plan version, index version and language, also used by the command line);
questions go to the reviewer service of the composition root (`assistant.container`, through
`ui.state.get_reviewer()`), whose answers (with their facts and cited passages) are kept for the session
and can be included in the report. The plan is chosen like on the other pages (`?plan=<id>` /
`st.session_state["plan_id"]`). This module only lays out the tabs; each tab is a module of its own:
`ui.review_overview` (overview, charts), `ui.review_questions` (questions), `ui.review_tabs` (comments,
report).
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from assistant.i18n import Catalog
from assistant.review.models import CoverageReport
from assistant.storage import StoredPlan
from assistant.template.spec import TemplateSpec
from ui.components import escape_md
from ui.plan_picker import PickerTexts, open_chosen_plan
from ui.review_components import load_comments
from ui.review_overview import charts, overview
from ui.review_questions import questions
from ui.review_tabs import comments_tab, report_tab
from ui.state import (
    KB_ERRORS,
    catalog,
    current_language,
    get_coverage_cache,
    get_knowledge_base,
    get_plan_store,
    get_template,
)

CHOICE_KEY = "_review_plan_choice"
PICKER_TEXTS = PickerTexts(
    no_plans="ui.review.no_plans",
    select="ui.review.select_plan",
    option="ui.review.plan_option",
    untitled="ui.review.untitled",
)


def _retriever(messages: Catalog) -> Any | None:
    try:
        return get_knowledge_base().retriever
    except KB_ERRORS as exc:
        st.warning(escape_md(messages.t("ui.review.kb_unavailable", detail=exc)))
        return None


def coverage_of(stored: StoredPlan, spec: TemplateSpec, language: str, retriever: Any) -> CoverageReport:
    """Computed once per plan version and index version, shared with `assistant review` / `ask`."""
    return get_coverage_cache().report(
        stored.id, stored.version, stored.plan, retriever=retriever, spec=spec, language=language
    )


def main() -> None:
    messages = catalog()
    language = current_language()
    st.title(escape_md(messages.t("ui.nav.review")))
    st.caption(escape_md(messages.t("ui.review.caption")))
    store = get_plan_store()
    stored = open_chosen_plan(store, messages, key=CHOICE_KEY, texts=PICKER_TEXTS)
    if stored is None:
        return
    spec = get_template()
    retriever = _retriever(messages)
    with st.spinner(messages.t("ui.review.analysing")):
        report = coverage_of(stored, spec, language, retriever)
    comments = load_comments(stored.id, messages)
    open_count = sum(1 for c in comments or [] if not c.resolved)
    tabs = st.tabs(
        [
            messages.t("ui.review.tabs.overview"),
            messages.t("ui.review.tabs.charts"),
            messages.t("ui.review.tabs.ask"),
            messages.t("ui.review.tabs.comments", count=open_count),
            messages.t("ui.review.tabs.report"),
        ]
    )
    with tabs[0]:
        overview(report, messages)
    with tabs[1]:
        charts(report, stored, spec, messages)
    with tabs[2]:
        questions(stored, messages, language)
    with tabs[3]:
        comments_tab(stored, spec, comments, messages)
    with tabs[4]:
        report_tab(stored, report, comments or [], spec, messages)


if __name__ == "__main__":  # Streamlit runs pages as __main__; importing them (tests) renders nothing
    main()
