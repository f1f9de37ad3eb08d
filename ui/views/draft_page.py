"""Drafting page: the chat over the drafting engine, proposal cards with their sources, and the plan's
progress and plan switcher in the sidebar.

Nothing is kept only in the session: the plan id is also in the URL (`?plan=<id>`), the conversation is
read from the stored transcript and the pending proposals from the stored conversation state, so a
reload, a new tab or a server restart continues where the plan was. A rerun costs one transcript query
and one plan load (plus the turn itself when the user sent something).
"""

from __future__ import annotations

import hashlib
from functools import partial
from typing import Any

import streamlit as st

from assistant.drafting.engine import DraftingEngine
from assistant.drafting.extract import ExtractionError
from assistant.drafting.models import ConversationState, Proposal, Turn
from assistant.drafting.periods import check_periods, parse_periods
from assistant.drafting.steps import ASSESSMENT
from assistant.i18n import Catalog
from assistant.storage import PlanStore
from assistant.storage.repository import Message, PlanSummary, StorageError, StoredPlan
from ui.assessment_box import assessment_box
from ui.components import escape_md
from ui.draft_components import (
    command_text,
    distinct_labels,
    format_time,
    plan_label,
    render_message,
    render_progress,
    render_proposal,
    step_label,
    summary_meta,
)
from ui.review_components import comments_sidebar
from ui.state import (
    KB_ERRORS,
    can_edit,
    catalog,
    current_author,
    current_language,
    get_engine,
    get_knowledge_base,
    get_plan_store,
    get_settings,
    plans_cache_key,
)

PLAN_PARAM = "plan"  # the URL query parameter
PLAN_KEY = "plan_id"  # session: the open plan (shared with the plan page)
SYNCED_KEY = "draft_plan_synced"  # session: the plan id last written to the URL
FLASH_KEY = "draft_flash"  # session: what a button callback's turn has to show on the next run
SELECT_KEY = "draft_plan_select"
NEW_TITLE_KEY = "draft_new_title"
NEW_PERIODS_KEY = "draft_new_periods"
CHAT_KEY = "draft_chat"
HISTORY_LIMIT = 300  # messages rendered; older ones stay stored
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


def _flash(**values: Any) -> None:
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
        _flash(error=catalog().t(f"drafting.{exc.code}", **{**defaults, **exc.params}))
        return
    try:
        turn = get_engine().start(
            author=current_author(), language=current_language(), title=title, periods=periods
        )
    except (*KB_ERRORS, StorageError) as exc:
        _flash(error=_error_text(exc))
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


def _send(plan_id: str, text: str) -> None:
    try:
        turn = get_engine().handle(plan_id, text, author=current_author(), language=current_language())
    except (*KB_ERRORS, StorageError) as exc:
        _flash(error=_error_text(exc))
        return
    _flash(notice=turn.notice, conflict=turn.conflict, fresh=True)


def _current_number(plan_id: str, proposal: Proposal) -> int | None:
    """The proposal's number in the stored state now, or None if it is no longer pending there (another
    tab acted on it) or a question about an accepted action is open (the engine would take the command
    as its answer)."""
    state = ConversationState.model_validate(get_plan_store().get(plan_id).state or {})
    target = state.target
    if target is None or target.detail is not None:
        return None
    for number, pending in enumerate(target.proposals, 1):
        if pending.id == proposal.id and pending.toimenpide == proposal.toimenpide:
            return pending.number or number  # the number shown; it never shifts
    return None


def _on_proposal(plan_id: str, command: str, proposal: Proposal, edited: str | None = None) -> None:
    try:
        number = _current_number(plan_id, proposal)
    except StorageError as exc:
        _flash(error=_error_text(exc))
        return
    if number is None:
        _flash(warning=catalog().t("ui.draft.stale"))
        return
    _send(plan_id, command_text(command, number, catalog(), edited))


def _on_save(plan_id: str, proposal: Proposal, text_key: str, editing_key: str) -> None:
    edited = str(st.session_state.get(text_key) or "").strip()
    if not edited:
        _flash(warning=catalog().t("ui.draft.empty_edit"))
        return
    st.session_state.pop(editing_key, None)
    st.session_state.pop(text_key, None)
    _on_proposal(plan_id, "edit", proposal, edited)


def _error_text(exc: Exception) -> str:
    if isinstance(exc, StorageError):
        return exc.message(current_language())
    return catalog().t("ui.errors.knowledge_base", detail=exc)


# --- page parts --------------------------------------------------------------------------------------------


def _engine(messages: Catalog) -> DraftingEngine | None:
    try:
        with st.spinner(messages.t("ui.draft.loading")):
            return get_engine()
    except KB_ERRORS as exc:
        st.error(escape_md(messages.t("ui.errors.knowledge_base", detail=exc)))
        return None


def _switcher(store: PlanStore, current: StoredPlan | None, messages: Catalog) -> None:
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


def _start_screen(store: PlanStore, messages: Catalog) -> None:
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


def _history(
    engine: DraftingEngine, plan_id: str, history: list[Message], messages: Catalog, *, stream_last: bool
) -> None:
    if len(history) > HISTORY_LIMIT:
        history = history[-HISTORY_LIMIT:]
        st.caption(escape_md(messages.t("ui.draft.history_truncated", count=HISTORY_LIMIT)))
    if not history:  # a plan stored without a conversation (e.g. imported): ask its current question
        render_message("assistant", engine.resume(plan_id, current_language()).reply, {}, messages)
        return
    author = current_author()
    last = len(history) - 1
    for n, message in enumerate(history):
        stream = stream_last and n == last and message.role == "assistant"
        render_message(message.role, message.content, message.meta, messages, author=author, stream=stream)


def _reload_button(messages: Catalog) -> None:
    st.button(messages.t("ui.draft.reload"), key="draft_reload", icon=":material/refresh:")


def _show_flash(flash: dict[str, Any], messages: Catalog) -> None:
    if flash.get("error"):
        st.error(escape_md(str(flash["error"])))
    if flash.get("warning"):
        st.warning(escape_md(str(flash["warning"])))
    if flash.get("notice"):
        st.info(escape_md(str(flash["notice"])))
    if flash.get("conflict"):
        _reload_button(messages)


def _chat_turn(engine: DraftingEngine, plan_id: str, text: str, messages: Catalog, *, stream: bool) -> Turn:
    render_message("user", text, {}, messages)
    with st.spinner(messages.t("ui.draft.thinking")):
        turn = engine.handle(plan_id, text, author=current_author(), language=current_language())
    if turn.conflict:
        with st.chat_message("assistant"):
            st.warning(turn.reply)
            _reload_button(messages)
    else:
        render_message("assistant", turn.reply, {}, messages, stream=stream)
    if turn.notice:
        st.info(escape_md(turn.notice))
    return turn


def _proposals(
    engine: DraftingEngine, stored: StoredPlan, state: ConversationState, messages: Catalog
) -> None:
    """The pending proposals of the current target (from the stored state) as cards."""
    target = state.target
    if target is None or not target.proposals or not state.step.startswith("target:"):
        return
    spec_target = next((t for t in engine.spec.targets if t.name == target.name), None)
    shown = spec_target.display(current_language()) if spec_target is not None else target.name
    st.subheader(escape_md(messages.t("ui.draft.proposals", target=shown)))
    locked = target.detail is not None
    st.caption(escape_md(messages.t("ui.draft.proposals_locked" if locked else "ui.draft.proposals_caption")))
    retriever = get_knowledge_base().retriever
    handlers = {
        "accept": partial(_on_proposal, stored.id, "accept"),
        "reject": partial(_on_proposal, stored.id, "reject"),
        "save": partial(_on_save, stored.id),
    }
    for number, proposal in enumerate(target.proposals, 1):
        render_proposal(
            proposal,
            proposal.number or number,
            f"draft:{stored.id}:{state.step}:{proposal.id}",
            messages,
            passage=retriever.passage,
            handlers=handlers,
            locked=locked or not can_edit(),
        )


def _plan_view(engine: DraftingEngine, store: PlanStore, plan_id: str, messages: Catalog) -> bool:
    """The open plan's conversation, cards and sidebar; False if it cannot be opened (said why)."""
    header = st.container()
    try:
        history = store.transcript(plan_id, limit=HISTORY_LIMIT + 1)
    except StorageError as exc:
        st.error(escape_md(messages.t("ui.draft.plan_error", detail=exc.message(current_language()))))
        return False
    stream = bool(get_settings().llm_model)  # cosmetic: the engine returns whole replies
    flash: dict[str, Any] = st.session_state.pop(FLASH_KEY, None) or {}
    _history(engine, plan_id, history, messages, stream_last=stream and bool(flash.get("fresh")))
    _show_flash(flash, messages)

    prompt = (
        st.chat_input(
            messages.t("ui.draft.chat_placeholder"), key=CHAT_KEY, max_chars=engine.max_message_chars
        )
        if can_edit()
        else None
    )
    if prompt and prompt.strip():
        try:
            _chat_turn(engine, plan_id, prompt, messages, stream=stream)
        except (*KB_ERRORS, StorageError) as exc:
            st.error(escape_md(_error_text(exc)))

    try:
        stored = store.get(plan_id)
    except StorageError as exc:
        st.error(escape_md(messages.t("ui.draft.plan_error", detail=exc.message(current_language()))))
        return False
    with header:
        st.subheader(escape_md(plan_label(stored.id, stored.title, messages)))
        updated = format_time(stored.updated_at, messages)
        st.caption(escape_md(messages.t("ui.draft.plan_version", version=stored.version, updated=updated)))
    state = ConversationState.model_validate(stored.state or {})
    _proposals(engine, stored, state, messages)
    if can_edit() and state.step == ASSESSMENT:  # a multi-line answer is expected: a box and an upload
        assessment_box(plan_id, messages, _send)

    language = current_language()
    label = step_label(engine.spec, stored.plan, state.step, language, messages)
    _switcher(store, stored, messages)
    render_progress(engine.progress(stored.plan), label, messages)
    comments_sidebar(stored.id, stored.plan, engine.spec, messages)  # open review comments
    return True


def main() -> None:
    messages = catalog()
    st.title(escape_md(messages.t("ui.draft.title")))
    st.caption(escape_md(messages.t("ui.draft.caption")))
    store = get_plan_store()
    plan_id = resolve_plan_id()
    if plan_id is not None:
        engine = _engine(messages)
        if engine is None:
            return
        if _plan_view(engine, store, plan_id, messages):
            return
        close_plan()  # unknown or unreadable: forget it (and drop it from the URL), offer the others
        resolve_plan_id()
    _show_flash(st.session_state.pop(FLASH_KEY, None) or {}, messages)
    _switcher(store, None, messages)
    _start_screen(store, messages)


main()
