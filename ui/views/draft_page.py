"""Drafting page: the chat over the drafting engine, proposal cards with their sources, and the plan's
progress and plan switcher in the sidebar.

Nothing is kept only in the session: the plan id is also in the URL (`?plan=<id>`), the conversation is
read from the stored transcript and the pending proposals from the stored conversation state, so a
reload, a new tab or a server restart continues where the plan was. A rerun costs one transcript query
and one plan load (plus the turn itself when the user sent something).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import streamlit as st

from assistant.drafting.engine import DraftingEngine
from assistant.drafting.models import ConversationState, Proposal, Turn
from assistant.drafting.steps import ASSESSMENT
from assistant.i18n import Catalog
from assistant.interfaces import PlanStore
from assistant.storage.repository import Message, StorageError, StoredPlan
from ui.assessment_box import assessment_box
from ui.components import escape_md
from ui.draft_components import (
    command_text,
    format_time,
    plan_label,
    render_message,
    render_progress,
    render_proposal,
    step_label,
)
from ui.draft_plans import (
    CHAT_ERRORS,
    FLASH_KEY,
    close_plan,
    error_text,
    flash,
    resolve_plan_id,
    start_screen,
    switcher,
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
)

CHAT_KEY = "draft_chat"
HISTORY_LIMIT = 300  # messages rendered; older ones stay stored


def _send(plan_id: str, text: str) -> None:
    try:
        turn = get_engine().handle(plan_id, text, author=current_author(), language=current_language())
    except CHAT_ERRORS as exc:
        flash(error=error_text(exc))
        return
    flash(notice=turn.notice, conflict=turn.conflict, fresh=True)


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
        flash(error=error_text(exc))
        return
    if number is None:
        flash(warning=catalog().t("ui.draft.stale"))
        return
    _send(plan_id, command_text(command, number, catalog(), edited))


def _on_save(plan_id: str, proposal: Proposal, text_key: str, editing_key: str) -> None:
    edited = str(st.session_state.get(text_key) or "").strip()
    if not edited:
        flash(warning=catalog().t("ui.draft.empty_edit"))
        return
    st.session_state.pop(editing_key, None)
    st.session_state.pop(text_key, None)
    _on_proposal(plan_id, "edit", proposal, edited)


# --- page parts --------------------------------------------------------------------------------------------


def _engine(messages: Catalog) -> DraftingEngine | None:
    try:
        with st.spinner(messages.t("ui.draft.loading")):
            return get_engine()
    except KB_ERRORS as exc:
        st.error(escape_md(messages.t("ui.errors.knowledge_base", detail=exc)))
        return None


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


def _showflash(flash: dict[str, Any], messages: Catalog) -> None:
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
    handlers: dict[str, Callable[..., None]] = {
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
    _showflash(flash, messages)

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
        except CHAT_ERRORS as exc:
            st.error(escape_md(error_text(exc)))

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
    switcher(store, stored, messages)
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
    _showflash(st.session_state.pop(FLASH_KEY, None) or {}, messages)
    switcher(store, None, messages)
    start_screen(store, messages)


main()
