"""The plan page's 3.4 tables: per development area the actions in the template's four columns (read, or
each edited in one step: `ui.plan_actions`), the folded grid for adding and deleting rows, the targets
without actions, and the read-only actions of areas outside 3.4."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd
import streamlit as st

from assistant.drafting.edits import ROW_FIELDS, apply_actions_edit, area_actions, cell_text
from assistant.i18n import Catalog
from assistant.template.spec import AreaSpec
from ui.components import escape_md
from ui.plan_actions import action_rows, apply_change, new_action_form, new_action_keys
from ui.plan_feedback import remember, scope, show_feedback
from ui.plan_header import numbered
from ui.state import current_author

if TYPE_CHECKING:
    from ui.plan_context import PageContext

RESET_KEY = "_plan_page_resets"  # {"<plan id>:<area key>": how many times the editor was reset}
EDITOR_COLUMNS: tuple[str, ...] = ("id", *ROW_FIELDS)


def editor_frame(actions: Sequence[Any]) -> pd.DataFrame:
    """The rows of an area editor: the action id (hidden) and the six editable fields, all text."""
    rows = [{name: getattr(action, name) for name in EDITOR_COLUMNS} for action in actions]
    return pd.DataFrame(rows, columns=list(EDITOR_COLUMNS), dtype=object)


def rows_from_editor(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The edited table as rows for `apply_actions_edit` (a new row's id, NaN or missing, becomes None)."""
    rows: list[dict[str, Any]] = []
    for record in frame.to_dict("records"):
        row = {name: cell_text(record.get(name)) for name in ROW_FIELDS}
        rows.append({"id": cell_text(record.get("id")) or None, **row})
    return rows


def editor_key(plan_id: str, area_key: str, frame: pd.DataFrame, resets: int) -> str:
    """A key that changes when the stored rows change or the editor is reset (dropping stale edits)."""
    digest = hashlib.sha1(frame.to_json(orient="records").encode("utf-8")).hexdigest()[:10]
    return f"plan_actions_{plan_id}_{area_key}_{digest}_{resets}"


def _column_config(ctx: PageContext, area: AreaSpec | None) -> dict[str, Any]:
    """Columns of an area editor (the target a selectbox of `area`'s names) or, without an area, a table."""
    spec, lang, messages = ctx.spec, ctx.language, ctx.messages
    table_labels = {c.key: c.label.get(lang) for c in spec.table.columns}
    periods = ctx.stored.plan.meta.periods  # type: ignore[attr-defined]

    def period(key: str) -> str:
        label = getattr(spec.periods, key).label.get(lang)
        value = getattr(periods, key)
        return messages.t("ui.plan.table.period_column", label=label, start=value.start, end=value.end)

    target: Any = st.column_config.TextColumn(table_labels["kehittamiskohde"], width="medium")
    if area is not None:
        names = [t.name for t in area.targets]
        target = st.column_config.SelectboxColumn(
            table_labels["kehittamiskohde"],
            options=names,
            required=True,
            default=names[0] if len(names) == 1 else None,
            width="medium",
        )
    return {
        "id": None,
        "kehittamiskohde": target,
        "toimenpide": st.column_config.TextColumn(table_labels["toimenpiteet"], width="large"),
        "lyhyt_aikavali": st.column_config.TextColumn(period("short")),
        "pitka_aikavali": st.column_config.TextColumn(period("long")),
        "vastuuhenkilo": st.column_config.TextColumn(spec.table.responsible_label.get(lang)),
        "edellytykset": st.column_config.TextColumn(
            table_labels["edellytykset"], help=spec.table.prerequisites_hint.get(lang)
        ),
    }


def _field_labels(ctx: PageContext) -> dict[str, str]:
    """Labels of an action's fields in the user's language (the periods the plan's own)."""
    spec, lang, periods = ctx.spec, ctx.language, ctx.stored.plan.meta.periods  # type: ignore[attr-defined]
    table = {c.key: c.label.get(lang) for c in spec.table.columns}

    def period(key: str) -> str:
        value = getattr(periods, key)
        label = getattr(spec.periods, key).label.get(lang)
        return ctx.messages.t("ui.plan.table.period_column", label=label, start=value.start, end=value.end)

    return {
        "kehittamiskohde": table["kehittamiskohde"],
        "toimenpide": table["toimenpiteet"],
        "lyhyt_aikavali": period("short"),
        "pitka_aikavali": period("long"),
        "vastuuhenkilo": spec.table.responsible_label.get(lang),
        "edellytykset": table["edellytykset"],
    }


def _area_heading(area: AreaSpec, messages: Catalog, lang: str) -> str:
    if lang == "fi":
        return area.name
    return messages.t("ui.template.area_translated", label=area.label.get(lang), name=area.name)


def _targets_without_actions(ctx: PageContext, area: AreaSpec, actions: Sequence[Any]) -> None:
    used = {a.kehittamiskohde for a in actions}
    empty = [t.name for t in area.targets if t.name not in used]
    if empty:
        st.caption(escape_md(ctx.messages.t("ui.plan.table.no_actions", targets="; ".join(empty))))


def _save_rows(
    ctx: PageContext,
    area: AreaSpec,
    rows: list[dict[str, Any]],
    resets: dict[str, int],
    *,
    clear: tuple[str, ...] = (),
) -> None:
    """Save an area's action rows in one step (validated), remember the outcome, show the stored rows;
    `clear`: widget keys emptied once saved (a refused form keeps what was typed)."""
    plan_id = ctx.stored.id
    result = apply_actions_edit(
        ctx.store,
        plan_id,
        expected_version=ctx.expected_version,
        area_key=area.key,
        rows=rows,
        author=current_author(),
        language=ctx.language,
        knowledge_dir=ctx.knowledge_dir,
    )
    remember(plan_id, area.key, result, result.paths, rows)
    if result.saved:
        for key in clear:
            st.session_state.pop(key, None)
    where = scope(plan_id, area.key)
    resets[where] = resets.get(where, 0) + 1  # show the stored rows again, saved or not
    st.rerun()


def _area_editor(ctx: PageContext, area: AreaSpec) -> None:
    plan_id, messages = ctx.stored.id, ctx.messages
    st.subheader(escape_md(_area_heading(area, messages, ctx.language)))
    actions = [a for _, a in area_actions(ctx.stored.plan, area, ctx.spec)]
    frame = editor_frame(actions)
    if not ctx.editable:  # a reviewer: the actions read-only, no Save (the store refuses edits anyway)
        action_rows(plan_id, actions, ctx.spec_column_labels, _field_labels(ctx), messages, editable=False)
        _targets_without_actions(ctx, area, actions)
        ctx.comments.show_actions(a.id for a in actions)
        return
    resets = st.session_state.setdefault(RESET_KEY, {})
    where = scope(plan_id, area.key)
    labels = _field_labels(ctx)
    change = action_rows(plan_id, actions, ctx.spec_column_labels, labels, messages, editable=True)
    added = new_action_form(plan_id, area.key, [t.name for t in area.targets], labels, messages)
    change = change or added
    if change is not None:  # one action edited, removed or added in its form: saved in one step
        rows = [{"id": a.id, **{f: getattr(a, f) for f in ROW_FIELDS}} for a in actions]
        clear = new_action_keys(plan_id, area.key) if change.kind == "add" else ()
        _save_rows(ctx, area, apply_change(rows, change), resets, clear=clear)
    grid = st.expander(messages.t("ui.plan.actions.grid"), expanded=False)
    edited = grid.data_editor(
        frame,
        key=editor_key(plan_id, area.key, frame, resets.get(where, 0)),
        num_rows="dynamic",
        hide_index=True,
        column_order=list(ROW_FIELDS),
        column_config=_column_config(ctx, area),
    )
    _targets_without_actions(ctx, area, actions)
    if grid.button(escape_md(messages.t("ui.plan.save_table")), key=f"plan_save_{plan_id}_{area.key}"):
        _save_rows(ctx, area, rows_from_editor(edited), resets)
    show_feedback(plan_id, area.key, messages)
    ctx.comments.show_actions(a.id for a in actions)


def _actions_readonly(ctx: PageContext, actions: Sequence[Any], label: str) -> None:
    if not actions:
        return
    st.caption(escape_md(label))
    st.dataframe(
        editor_frame(actions),
        hide_index=True,
        column_order=list(ROW_FIELDS),
        column_config=_column_config(ctx, None),
    )


def area_targets_readonly(ctx: PageContext, area: AreaSpec) -> None:
    """An area outside 3.4 (the benefits area of 3.5): its target names, and its actions read-only."""
    target_label = next(
        c.label.get(ctx.language) for c in ctx.spec.table.columns if c.key == "kehittamiskohde"
    )
    for target in area.targets:
        st.markdown(escape_md(ctx.messages.t("ui.template.labelled", label=target_label, value=target.name)))
    actions = [a for _, a in area_actions(ctx.stored.plan, area, ctx.spec)]
    _actions_readonly(ctx, actions, ctx.messages.t("ui.plan.table.readonly"))
    ctx.comments.show_actions(a.id for a in actions)


def actions_table(ctx: PageContext) -> None:
    table, lang, messages = ctx.spec.table, ctx.language, ctx.messages
    st.header(numbered(table.id, table.title.get(lang), messages), divider="gray")
    with st.expander(messages.t("ui.template.instruction")):
        for key in ("table", "optional_areas"):
            if key in ctx.spec.instructions:
                st.markdown(escape_md(ctx.spec.instructions[key].get(lang)))
        st.markdown(escape_md(messages.t("ui.plan.table.help")))
        st.markdown(escape_md(messages.t("ui.plan.table.split_note")))
    ctx.comments.show_table()
    for area in ctx.spec.areas:
        if area.section == table.id:
            _area_editor(ctx, area)
    orphans = [a for a in ctx.stored.plan.toimenpiteet if ctx.spec.area_of_target(a.kehittamiskohde) is None]  # type: ignore[attr-defined]
    _actions_readonly(ctx, orphans, messages.t("ui.plan.table.orphans"))
    ctx.comments.show_actions(a.id for a in orphans)
