"""The plan chooser shared by the plan, reviewer and export pages.

The chosen plan is kept in the session (`st.session_state["plan_id"]`, shared with the drafting page) and
in the URL (`?plan=<id>`), both kept in step: a plan id in the URL wins over the session's, an unknown one
is reported with `storage.not_found`. A choice is made by label in the browser, so two plans with the same
title get their short ids added (`ui.draft_components.distinct_labels`). Each page passes its own widget
key and the catalog keys of its texts.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from assistant.i18n import Catalog
from assistant.storage import PlanStore, StorageError, StoredPlan
from ui.components import escape_md
from ui.draft_components import distinct_labels
from ui.state import current_language
from ui.widget_texts import choose

__all__ = ["PLAN_QUERY_PARAM", "PLAN_STATE_KEY", "PickerTexts", "choose_plan", "open_chosen_plan"]

PLAN_QUERY_PARAM = "plan"  # shared with the drafting page
PLAN_STATE_KEY = "plan_id"  # shared with the drafting page


@dataclass(frozen=True)
class PickerTexts:
    """The catalog keys of a page's chooser texts."""

    no_plans: str  # shown instead of the chooser when there are no plans
    select: str  # the selector's label
    option: str  # one plan: {title}, {version}
    untitled: str  # the title of a plan without title and region: {plan_id} (its short id)


def choose_plan(store: PlanStore, messages: Catalog, *, key: str, texts: PickerTexts) -> str | None:
    """A plan selector (widget `key`): the plan of `?plan=` (or else the session's) preselected, the
    newest plan when neither is a stored plan; returns the chosen plan id (None when there are no plans)."""
    summaries = store.list()
    if not summaries:
        st.info(escape_md(messages.t(texts.no_plans)))
        return None
    ids = [s.id for s in summaries]
    wanted = st.query_params.get(PLAN_QUERY_PARAM)
    if wanted and wanted not in ids:
        st.warning(escape_md(messages.t("storage.not_found", plan_id=wanted)))
    chosen = next((c for c in (wanted, st.session_state.get(PLAN_STATE_KEY)) if c in ids), ids[0])
    st.session_state[PLAN_STATE_KEY] = chosen
    if st.query_params.get(PLAN_QUERY_PARAM) != chosen:
        st.query_params[PLAN_QUERY_PARAM] = chosen
    if st.session_state.get(key) != chosen:
        st.session_state[key] = chosen
    labels = distinct_labels(
        {
            s.id: messages.t(
                texts.option,
                title=s.title or s.region or messages.t(texts.untitled, plan_id=s.id[:8]),
                version=s.version,
            )
            for s in summaries
        },
        messages,
    )

    def changed() -> None:
        plan_id = str(st.session_state[key])
        st.session_state[PLAN_STATE_KEY] = plan_id
        st.query_params[PLAN_QUERY_PARAM] = plan_id

    st.selectbox(
        escape_md(messages.t(texts.select)),
        options=ids,
        format_func=lambda plan_id: labels.get(plan_id, plan_id),
        key=key,
        on_change=changed,
        placeholder=choose(messages),
    )
    return chosen


def open_chosen_plan(
    store: PlanStore, messages: Catalog, *, key: str, texts: PickerTexts
) -> StoredPlan | None:
    """`choose_plan`, then the chosen plan loaded; None (with the store's message shown) when it fails."""
    plan_id = choose_plan(store, messages, key=key, texts=texts)
    if plan_id is None:
        return None
    try:
        return store.get(plan_id)
    except StorageError as exc:
        st.error(escape_md(exc.message(current_language())))
        return None
