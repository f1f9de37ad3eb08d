"""The plan page's 3.4 actions as the template lays them out: the four columns (development target,
actions, schedule and responsible person, prerequisites) with wrapped text, readable at 1280 px without
horizontal scrolling, and each action edited in one step (a form under the row).

The editable grid (adding and deleting rows) stays available under it, folded away.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import streamlit as st

from assistant.drafting.edits import ROW_FIELDS
from assistant.i18n import Catalog
from ui.components import escape_md

WIDTHS = (2.2, 4.0, 3.0, 2.8)


def _schedule(action: Any, labels: dict[str, str]) -> str:
    """The schedule cell: one labelled line per filled value (no label without a value)."""
    lines = [
        f"**{escape_md(labels[key])}:** {escape_md(getattr(action, key))}"
        for key in ("lyhyt_aikavali", "pitka_aikavali", "vastuuhenkilo")
        if getattr(action, key).strip()
    ]
    return "  \n".join(lines) or "–"


def action_key(plan_id: str, action_id: str, field: str) -> str:
    return f"plan_action_{plan_id}_{action_id}_{field}"


def action_rows(
    plan_id: str,
    actions: Sequence[Any],
    column_labels: list[str],
    field_labels: dict[str, str],
    messages: Catalog,
    *,
    editable: bool,
) -> dict[str, str] | None:
    """Draw the actions; returns the edited row ({"id", *ROW_FIELDS}) when an action's form was saved."""
    if not actions:
        return None
    header = st.columns(WIDTHS)
    for column, label in zip(header, column_labels, strict=True):
        column.markdown(f"**{escape_md(label)}**")
    saved: dict[str, str] | None = None
    for action in actions:
        with st.container(border=True):
            cells = st.columns(WIDTHS)
            cells[0].markdown(escape_md(action.kehittamiskohde))
            cells[1].markdown(escape_md(action.toimenpide) or "–")
            cells[2].markdown(_schedule(action, field_labels))
            cells[3].markdown(escape_md(action.edellytykset) or "–")
            if not editable:
                continue
            with (
                st.expander(messages.t("ui.plan.actions.edit")),
                st.form(f"plan_action_form_{plan_id}_{action.id}", enter_to_submit=False),
            ):
                values = {"id": action.id, "kehittamiskohde": action.kehittamiskohde}
                for field in ROW_FIELDS[1:]:
                    widget = st.text_area if field in ("toimenpide", "edellytykset") else st.text_input
                    values[field] = widget(
                        field_labels[field],
                        value=getattr(action, field),
                        key=action_key(plan_id, action.id, field),
                    )
                if st.form_submit_button(messages.t("ui.plan.actions.save")):
                    saved = values
    return saved
