"""The plan page's text sections (3.1-3.3, 3.5): one text area per field that keeps unsaved typing, and
one Save per section through `assistant.drafting.edits` (validated)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import streamlit as st

from assistant.drafting.edits import apply_section_edit, cell_text
from assistant.i18n import Catalog
from assistant.template.spec import AreaSpec, FieldSpec, GroupSpec, SectionSpec
from ui.components import escape_md
from ui.plan_feedback import remember, show_feedback
from ui.plan_header import numbered
from ui.state import current_author

if TYPE_CHECKING:
    from ui.plan_context import PageContext


def field_key(plan_id: str, field: str) -> str:
    return f"plan_field_{plan_id}_{field}"


def _field_label(field: FieldSpec, messages: Catalog, lang: str) -> str:
    label = field.label.get(lang)
    if field.letter:
        label = messages.t("ui.template.field", letter=field.letter, label=label)
    return label


def _text_area(
    plan_id: str, field: FieldSpec, stored_value: str, messages: Catalog, lang: str, disabled: bool = False
) -> None:
    """A text area that keeps unsaved typing but follows the stored value while untouched (read-only
    for a session that may not edit)."""
    key = field_key(plan_id, field.key)
    base_key = f"_{key}_stored"
    untouched = cell_text(st.session_state.get(key)) == cell_text(st.session_state.get(base_key))
    if key not in st.session_state or untouched:
        st.session_state[key] = stored_value
    st.session_state[base_key] = stored_value
    st.text_area(
        escape_md(_field_label(field, messages, lang)),
        key=key,
        help=escape_md(field.instruction.get(lang)) if field.instruction is not None else None,
        disabled=disabled,
    )


def _group_heading(group: GroupSpec, section: SectionSpec, messages: Catalog, lang: str) -> None:
    if group.id != section.id:
        st.subheader(numbered(group.id, group.title.get(lang), messages))
    elif group.title.fi != section.title.fi:
        st.subheader(escape_md(group.title.get(lang)))


def text_section(
    ctx: PageContext,
    section: SectionSpec,
    area_block: Callable[[PageContext, AreaSpec], None],
    *,
    after_group: dict[str, Callable[[], None]] | None = None,
) -> None:
    messages, lang, plan_id = ctx.messages, ctx.language, ctx.stored.id
    st.header(numbered(section.id, section.title.get(lang), messages), divider="gray")
    data = getattr(ctx.stored.plan, section.key)
    for group in section.groups:
        _group_heading(group, section, messages, lang)
        if group.area is not None:
            area_block(ctx, ctx.spec.area(group.area))
        for field in group.fields:
            _text_area(plan_id, field, getattr(data, field.key), messages, lang, disabled=not ctx.editable)
        if group.required_one_of:
            letters = [f.letter or f.label.get(lang) for f in group.fields if f.key in group.required_one_of]
            st.caption(escape_md(messages.t("ui.template.one_of", fields=", ".join(letters))))
        if after_group and group.id in after_group:
            after_group[group.id]()
    label = messages.t("ui.plan.save_section", section=section.id)
    if ctx.editable and st.button(escape_md(label), key=f"plan_save_{plan_id}_{section.key}"):
        values = {f.key: st.session_state.get(field_key(plan_id, f.key), "") for f in section.fields}
        result = apply_section_edit(
            ctx.store,
            plan_id,
            expected_version=ctx.expected_version,
            section_key=section.key,
            values=values,
            author=current_author(),
            language=lang,
            knowledge_dir=ctx.knowledge_dir,
        )
        remember(plan_id, section.key, result, [f"/{section.key}"])
        st.rerun()
    show_feedback(plan_id, section.key, messages)
    ctx.comments.show(f"/{section.key}")
