"""The plan page's periods form: the plan's short and long term, changeable at any time (one revision)."""

from __future__ import annotations

from typing import Any

import streamlit as st

from assistant.drafting.periods import apply_periods_edit
from assistant.i18n import Catalog
from ui.components import escape_md

PERIODS_FEEDBACK_KEY = "_plan_periods_feedback"


def periods_key(plan_id: str, which: str, end: str) -> str:
    return f"plan_periods_{plan_id}_{which}_{end}"


def periods_form(
    store: Any,
    stored: Any,
    expected_version: int,
    messages: Catalog,
    lang: str,
    *,
    author: str,
    editable: bool,
) -> None:
    """Four year fields and a Save button, in an expander under the plan's header."""
    plan_id, periods = stored.id, stored.plan.meta.periods
    with st.expander(messages.t("ui.plan.periods.title")):
        st.caption(escape_md(messages.t("ui.plan.periods.help")))
        values: dict[str, int] = {}
        columns = st.columns(4)
        fields = [("short", "start"), ("short", "end"), ("long", "start"), ("long", "end")]
        for column, (which, end) in zip(columns, fields, strict=True):
            values[f"{which}_{end}"] = int(
                column.number_input(
                    messages.t(f"ui.plan.periods.{which}_{end}"),
                    min_value=1990,
                    max_value=2100,
                    step=1,
                    value=int(getattr(getattr(periods, which), end)),
                    key=periods_key(plan_id, which, end),
                    disabled=not editable,
                )
            )
        if editable and st.button(
            escape_md(messages.t("ui.plan.periods.save")), key=f"plan_periods_save_{plan_id}"
        ):
            result = apply_periods_edit(
                store,
                plan_id,
                expected_version=expected_version,
                short=(values["short_start"], values["short_end"]),
                long=(values["long_start"], values["long_end"]),
                author=author,
                language=lang,
            )
            st.session_state[PERIODS_FEEDBACK_KEY] = {"saved": result.saved, "message": result.message}
            st.rerun()
        feedback = st.session_state.pop(PERIODS_FEEDBACK_KEY, None)
        if feedback:
            (st.success if feedback["saved"] else st.error)(escape_md(feedback["message"]))
