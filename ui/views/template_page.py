"""Template page: the structure of the national template's chapter 3, read from `knowledge/template.yaml`.

Shows the default periods, the instructions, sections 3.1-3.5 with their groups and fields, and the
3.4 table as one table per development area (target names exactly as in the template, example actions
as bullets). All text comes from the template spec or the message catalogs and is escaped.
"""

from __future__ import annotations

import streamlit as st

from assistant.i18n import Catalog
from assistant.template.spec import AreaSpec, FieldSpec, GroupSpec, SectionSpec, TargetSpec, TemplateSpec
from assistant.textutil import period_text
from ui.components import escape_md
from ui.state import catalog, current_language, get_template

# Columns of the 3.4 table that the page fills from the template (the others are the plan's to fill).
TARGET_COLUMN = "kehittamiskohde"
ACTIONS_COLUMN = "toimenpiteet"
PREREQUISITES_COLUMN = "edellytykset"
COLUMN_WIDTHS = {TARGET_COLUMN: 3, ACTIONS_COLUMN: 5}
DEFAULT_COLUMN_WIDTH = 2
# Instructions shown with the 3.4 table; the others are shown at the top of the page.
TABLE_INSTRUCTIONS = ("table", "optional_areas")


def _number_key(number: str) -> tuple[int, ...]:
    return tuple(int(part) for part in number.split(".") if part.isdigit())


def _numbered(number: str, title: str, messages: Catalog) -> str:
    return escape_md(messages.t("ui.template.numbered", number=number, title=title))


def _bold(text: str) -> str:
    return f"**{escape_md(text)}**"


def _examples(target: TargetSpec) -> str:
    # The template prints its example actions in italics.
    return "\n".join(f"- *{escape_md(example)}*" for example in target.examples)


def _area_heading(area: AreaSpec, messages: Catalog, language: str) -> str:
    if language == "fi":
        return area.name
    return messages.t("ui.template.area_translated", label=area.label.get(language), name=area.name)


def _instructions(spec: TemplateSpec, keys: list[str], messages: Catalog, language: str) -> None:
    for key in keys:
        st.markdown(_bold(messages.t(f"ui.template.instructions_{key}")))
        st.markdown(escape_md(spec.instructions[key].get(language)))


def _header(spec: TemplateSpec, messages: Catalog, language: str) -> None:
    info = spec.template
    st.title(escape_md(info.title.get(language)))
    st.caption(escape_md(messages.t("ui.template.source", publisher=info.publisher, year=info.year)))
    if language != "fi" and info.translations_are_ours:
        st.caption(escape_md(messages.t("ui.template.translations_note")))

    st.subheader(escape_md(messages.t("ui.template.periods")))
    periods = (spec.periods.short, spec.periods.long)
    for column, period in zip(st.columns(len(periods)), periods, strict=True):
        column.metric(
            escape_md(period.label.get(language)),
            period_text(period.start, period.end),
        )
    st.caption(escape_md(messages.t("ui.template.periods_note")))

    general = [key for key in spec.instructions if key not in TABLE_INSTRUCTIONS]
    if general:
        with st.expander(messages.t("ui.template.instructions")):
            _instructions(spec, general, messages, language)


def _field(field: FieldSpec, messages: Catalog, language: str) -> None:
    label = field.label.get(language)
    if field.letter:
        label = messages.t("ui.template.field", letter=field.letter, label=label)
    st.markdown(_bold(label))
    if field.instruction is not None:
        with st.expander(messages.t("ui.template.instruction")):
            st.markdown(escape_md(field.instruction.get(language)))


def _group(group: GroupSpec, section: SectionSpec, spec: TemplateSpec, messages: Catalog, lang: str) -> None:
    title = group.title.get(lang)
    if group.id != section.id:
        st.subheader(_numbered(group.id, title, messages))
    elif group.title.fi != section.title.fi:
        st.subheader(escape_md(title))
    if group.area is not None:
        target_label = next(c.label.get(lang) for c in spec.table.columns if c.key == TARGET_COLUMN)
        for target in spec.area(group.area).targets:
            st.markdown(escape_md(messages.t("ui.template.labelled", label=target_label, value=target.name)))
            if lang != "fi":
                st.caption(escape_md(target.label.get(lang)))
            if target.examples:
                st.markdown(_examples(target))
    for field in group.fields:
        _field(field, messages, lang)
    if group.required_one_of:
        letters = [f.letter or f.label.get(lang) for f in group.fields if f.key in group.required_one_of]
        st.caption(escape_md(messages.t("ui.template.one_of", fields=", ".join(letters))))


def _section(section: SectionSpec, spec: TemplateSpec, messages: Catalog, language: str) -> None:
    st.header(_numbered(section.id, section.title.get(language), messages), divider="gray")
    for group in section.groups:
        _group(group, section, spec, messages, language)


def _column_label(text: str) -> str:
    # Let long headers such as "Edellytykset/vaatimukset" wrap after the slash instead of mid-word.
    return _bold(text).replace("\\/", "\\/\u200b")


def _area_table(area: AreaSpec, spec: TemplateSpec, messages: Catalog, language: str) -> None:
    columns = spec.table.columns
    widths = [COLUMN_WIDTHS.get(c.key, DEFAULT_COLUMN_WIDTH) for c in columns]
    st.subheader(escape_md(_area_heading(area, messages, language)))
    hint = escape_md(spec.table.prerequisites_hint.get(language))
    for cell, column in zip(st.columns(widths), columns, strict=True):
        cell.markdown(
            _column_label(column.label.get(language)),
            help=hint if column.key == PREREQUISITES_COLUMN else None,
        )
    for target in area.targets:
        row = st.container(border=True)
        for cell, column in zip(row.columns(widths), columns, strict=True):
            if column.key == TARGET_COLUMN:
                cell.markdown(escape_md(target.name))
                if language != "fi":
                    cell.caption(escape_md(target.label.get(language)))
            elif column.key == ACTIONS_COLUMN:
                if target.examples:
                    cell.markdown(_examples(target))
                else:
                    cell.caption(escape_md(messages.t("ui.template.no_examples")))


def _table(spec: TemplateSpec, messages: Catalog, language: str) -> None:
    table = spec.table
    st.header(_numbered(table.id, table.title.get(language), messages), divider="gray")
    keys = [key for key in TABLE_INSTRUCTIONS if key in spec.instructions]
    if keys:
        with st.expander(messages.t("ui.template.instruction")):
            _instructions(spec, keys, messages, language)
    for area in spec.areas:
        if area.section == table.id:
            _area_table(area, spec, messages, language)


def main() -> None:
    messages = catalog()
    language = current_language()
    spec = get_template()
    _header(spec, messages, language)
    table_shown = False
    for section in spec.sections:
        if not table_shown and _number_key(spec.table.id) < _number_key(section.id):
            _table(spec, messages, language)
            table_shown = True
        _section(section, spec, messages, language)
    if not table_shown:
        _table(spec, messages, language)


main()
