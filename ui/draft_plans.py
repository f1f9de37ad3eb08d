"""The drafting page's plan picker: which plan is open (session and URL kept in step), the saved plans in
the sidebar switcher, the start screen (new plan with an optional title and periods), and the flash
message a button callback leaves for the next run."""

from __future__ import annotations

import hashlib
from typing import Any

import streamlit as st

from assistant.drafting.extract import ExtractionError
from assistant.drafting.periods import check_periods, parse_periods
from assistant.i18n import Catalog
from assistant.interfaces import PlanStore
from assistant.storage.repository import PlanSummary, StorageError, StoredPlan
from ui.components import escape_md
from ui.draft_components import distinct_labels, plan_label, summary_meta
from ui.state import (
    KB_ERRORS,
    can_edit,
    catalog,
    current_author,
    current_language,
    get_engine,
    get_plan_store,
    plans_cache_key,
)

PLAN_PARAM = "plan"  # the URL query parameter
PLAN_KEY = "plan_id"  # session: the open plan (shared with the plan page)
SYNCED_KEY = "draft_plan_synced"  # session: the plan id last written to the URL
# What a chat turn or a new plan may fail with (said to the user, nothing lost).
CHAT_ERRORS: tuple[type[Exception], ...] = (*KB_ERRORS, StorageError)
FLASH_KEY = "draft_flash"  # session: what a button callback's turn has to show on the next run
SELECT_KEY = "draft_plan_select"
NEW_TITLE_KEY = "draft_new_title"
NEW_PERIODS_KEY = "draft_new_periods"
SAVED_PLANS_SHOWN = 50
SUMMARIES_TTL_S = 15
TITLE_MAX_CHARS = 200

# --- the open plan: session state and URL ----------------------------------------------------------------


def resolve_plan_id() -> str | None:
    """The open plan: the URL wins when it changed (a reload, a new tab, a shared link), the session
    otherwise (e.g. back from another page, which drops the query string). Both are kept in step."""
    from_url = st.query_params.get(PLAN_PARAM)
    if from_url and from_url != st.session_state.get(SYNCED_KEY):
        st.session_state[PLAN_KEY] = from_url
    plan_id = st.session_state.get(PLAN_KEY) or None
    if plan_id:
        if st.query_params.get(PLAN_PARAM) != plan_id:
            st.query_params[PLAN_PARAM] = plan_id
    elif PLAN_PARAM in st.query_params:
        del st.query_params[PLAN_PARAM]
    st.session_state[SYNCED_KEY] = plan_id
    return plan_id


def open_plan(plan_id: str | None) -> None:
    st.session_state[PLAN_KEY] = plan_id


def close_plan() -> None:
    st.session_state[PLAN_KEY] = None


@st.cache_data(ttl=SUMMARIES_TTL_S, show_spinner=False)
def _summaries(scope: str, _store: PlanStore) -> list[PlanSummary]:
    """Saved plans, newest first; cached briefly (the switcher is drawn on every rerun). `scope` (the
    database and the session's organisation) is the key: the cache is shared by all sessions."""
    return _store.list()


def saved_plans(store: PlanStore) -> list[PlanSummary]:
    return _summaries(plans_cache_key(), store)


# --- callbacks (run before the script, so the page then renders the stored result) ------------------------


def flash(**values: Any) -> None:
    st.session_state[FLASH_KEY] = values


def _create_plan() -> None:
    title = str(st.session_state.pop(NEW_TITLE_KEY, "") or "").strip()[:TITLE_MAX_CHARS]
    periods_text = str(st.session_state.pop(NEW_PERIODS_KEY, "") or "").strip()
    try:
        periods = parse_periods(periods_text) if periods_text else None
        if periods is not None:
            check_periods(*periods)
    except ExtractionError as exc:
        defaults = {"short": "?", "long": "?"}
        flash(error=catalog().t(f"drafting.{exc.code}", **{**defaults, **exc.params}))
        return
    try:
        turn = get_engine().start(
            author=current_author(), language=current_language(), title=title, periods=periods
        )
    except CHAT_ERRORS as exc:
        flash(error=error_text(exc))
        return
    _summaries.clear()
    open_plan(turn.plan_id)


def _on_select(key: str) -> None:
    """Open the chosen plan. A browser may send back a stale option label (e.g. after the plan was renamed
    by its first answer); only a known plan id opens anything."""
    chosen = st.session_state.get(key)
    if not chosen:
        return
    _summaries.clear()
    if str(chosen) in {s.id for s in saved_plans(get_plan_store())}:
        open_plan(str(chosen))


def error_text(exc: Exception) -> str:
    if isinstance(exc, StorageError):
        return exc.message(current_language())
    return catalog().t("ui.errors.knowledge_base", detail=exc)


# --- sidebar switcher and start screen ---------------------------------------------------------------------


def switcher(store: PlanStore, current: StoredPlan | None, messages: Catalog) -> None:
    """Sidebar: the saved plans to switch to, and "new plan"."""
    summaries = saved_plans(store)
    labels = {s.id: plan_label(s.id, s.title, messages) for s in summaries}
    options = list(labels)
    if current is not None:
        labels[current.id] = plan_label(current.id, current.title, messages)  # fresher than the cache
        if current.id not in options:
            options.insert(0, current.id)
    labels = distinct_labels(labels, messages)
    # The widget's identity follows its options: a selection made against an older list (another plan
    # was created or updated since) must not be read as a choice from the new one.
    key = f"{SELECT_KEY}:{hashlib.sha1(' '.join(options).encode(), usedforsecurity=False).hexdigest()[:12]}"
    for stale in [k for k in st.session_state if str(k).startswith(f"{SELECT_KEY}:") and k != key]:
        del st.session_state[stale]
    wanted = current.id if current is not None else None
    if st.session_state.get(key) != wanted:
        st.session_state[key] = wanted
    st.sidebar.selectbox(
        messages.t("ui.draft.switcher"),
        options,
        format_func=lambda plan_id: labels.get(plan_id, plan_id),
        placeholder=messages.t("ui.draft.switcher_placeholder"),
        key=key,
        on_change=_on_select,
        args=(key,),
    )
    if can_edit():
        st.sidebar.button(
            messages.t("ui.draft.new_plan"), key="draft_new_plan", icon=":material/add:", on_click=close_plan
        )


def start_screen(store: PlanStore, messages: Catalog) -> None:
    """No plan open: start a new one (title optional; not for reviewers) or open a saved one."""
    if can_edit():
        st.subheader(escape_md(messages.t("ui.draft.new_plan")))
        # The button starts the plan: no English "Press Enter to submit form" under the fields.
        with st.form("draft_new_plan_form", border=True, enter_to_submit=False):
            st.text_input(
                messages.t("ui.draft.new_plan_title"),
                key=NEW_TITLE_KEY,
                max_chars=TITLE_MAX_CHARS,
                placeholder=messages.t("ui.draft.new_plan_placeholder"),
            )
            st.text_input(
                messages.t("ui.draft.new_plan_periods"),
                key=NEW_PERIODS_KEY,
                max_chars=60,
                placeholder=messages.t("ui.draft.new_plan_periods_placeholder"),
                help=messages.t("ui.draft.new_plan_periods_help"),
            )
            st.form_submit_button(
                messages.t("ui.draft.start"), type="primary", on_click=_create_plan, key="draft_create"
            )
    st.subheader(escape_md(messages.t("ui.draft.saved_plans")))
    summaries = saved_plans(store)
    if not summaries:
        st.caption(escape_md(messages.t("ui.draft.no_saved_plans")))
    for summary in summaries[:SAVED_PLANS_SHOWN]:
        with st.container(border=True):
            text, button = st.columns([5, 1], vertical_alignment="center")
            text.markdown(f"**{escape_md(plan_label(summary.id, summary.title, messages))}**")
            text.caption(escape_md(summary_meta(summary, messages)))
            button.button(
                messages.t("ui.draft.open"),
                key=f"draft_open:{summary.id}",
                on_click=open_plan,
                args=(summary.id,),
                width="stretch",
            )
