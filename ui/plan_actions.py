"""The plan page's 3.4 actions as the template lays them out: the four columns (development target,
actions, schedule and responsible person, prerequisites) with wrapped text, readable at 1280 px without
horizontal scrolling; each action edited or removed in one step (a form under the row) and a new one
added in one step (a form under the area's actions).

The editable grid (for many rows at once) stays available under it, folded away.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import streamlit as st

from assistant.drafting.edits import ROW_FIELDS
from assistant.i18n import Catalog
from ui.components import escape_md
from ui.widget_texts import choose

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


@dataclass(frozen=True)
class ActionChange:
    """One step on one action: "edit" (the row's new values), "delete" or "add" (a row without an id)."""

    kind: Literal["edit", "delete", "add"]
    row: dict[str, Any]


def action_rows(
    plan_id: str,
    actions: Sequence[Any],
    column_labels: list[str],
    field_labels: dict[str, str],
    messages: Catalog,
    *,
    editable: bool,
) -> ActionChange | None:
    """Draw the actions; returns the change when an action's form was saved or its removal asked."""
    if not actions:
        return None
    header = st.columns(WIDTHS)
    for column, label in zip(header, column_labels, strict=True):
        column.markdown(f"**{escape_md(label)}**")
    saved: ActionChange | None = None
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
                save, delete = st.columns(2)
                if save.form_submit_button(messages.t("ui.plan.actions.save"), type="primary"):
                    saved = ActionChange("edit", values)
                if delete.form_submit_button(messages.t("ui.plan.actions.delete")):
                    saved = ActionChange("delete", {"id": action.id})
    return saved


def new_action_key(plan_id: str, area_key: str, field: str) -> str:
    return f"plan_new_{plan_id}_{area_key}_{field}"


def new_action_keys(plan_id: str, area_key: str) -> tuple[str, ...]:
    """The new-action form's widget keys (emptied once the action is stored)."""
    return tuple(new_action_key(plan_id, area_key, f) for f in ROW_FIELDS)


def new_action_form(
    plan_id: str, area_key: str, targets: list[str], field_labels: dict[str, str], messages: Catalog
) -> ActionChange | None:
    """A form adding one action to the area in one step (the target chosen from the area's own)."""
    with (
        st.expander(messages.t("ui.plan.actions.add")),
        st.form(f"plan_new_action_{plan_id}_{area_key}", enter_to_submit=False),
    ):
        values: dict[str, Any] = {"id": None}
        values["kehittamiskohde"] = st.selectbox(
            field_labels["kehittamiskohde"],
            targets,
            index=0 if len(targets) == 1 else None,
            placeholder=choose(messages),
            key=new_action_key(plan_id, area_key, "kehittamiskohde"),
        )
        for field in ROW_FIELDS[1:]:
            widget = st.text_area if field in ("toimenpide", "edellytykset") else st.text_input
            values[field] = widget(field_labels[field], key=new_action_key(plan_id, area_key, field))
        if st.form_submit_button(messages.t("ui.plan.actions.add_save"), type="primary"):
            values["kehittamiskohde"] = values["kehittamiskohde"] or ""
            return ActionChange("add", values)
    return None


def apply_change(rows: list[dict[str, Any]], change: ActionChange) -> list[dict[str, Any]]:
    """The area's rows after one change (what `apply_actions_edit` stores, validated)."""
    if change.kind == "add":
        return [*rows, change.row]
    if change.kind == "delete":
        return [r for r in rows if r["id"] != change.row["id"]]
    return [change.row if r["id"] == change.row["id"] else r for r in rows]
