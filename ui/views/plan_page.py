"""Plan page: a stored plan laid out like the template, edited in place.

3.1-3.3 and 3.5 are text areas (one Save per section), 3.4 is one `st.data_editor` per development area
(one Save per table). Every save goes through `assistant.drafting.edits`, which validates it and refuses
an invalid table value; the findings are shown under what was saved. The plan is chosen with
`?plan=<id>` or `st.session_state["plan_id"]` (shared with the drafting page).

Concurrency: a save is based on the version the user last saw (kept per session), so a change someone
else stored in between is reported as a conflict instead of being overwritten. Text areas keep what the
user typed until it is saved; untouched ones follow the stored plan. A table editor is reset to the
stored rows after every save attempt of that table (the rows of a refused or conflicting save are shown
read-only under it, so nothing typed is lost).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd
import streamlit as st

from assistant.drafting.edits import (
    ROW_FIELDS,
    EditResult,
    apply_actions_edit,
    apply_section_edit,
    area_actions,
    cell_text,
)
from assistant.i18n import Catalog
from assistant.storage import PlanStore, StoredPlan
from assistant.template.spec import (
    AreaSpec,
    FieldSpec,
    GroupSpec,
    SectionSpec,
    TemplateSpec,
    load_assessment_model,
)
from assistant.template.validator import Finding, ValidationReport, validate_plan
from ui.components import escape_md
from ui.plan_actions import action_rows
from ui.plan_periods import periods_form
from ui.plan_picker import PickerTexts, open_chosen_plan
from ui.review_components import plan_threads
from ui.state import (
    can_edit,
    catalog,
    current_author,
    current_language,
    get_plan_store,
    get_settings,
    get_template,
)

CHOICE_KEY = "_plan_page_choice"
SEEN_KEY = "_plan_page_seen"  # {plan id: the version the user last saw}
FEEDBACK_KEY = "_plan_page_feedback"  # {"<plan id>:<section or area key>": feedback of the last save}
RESET_KEY = "_plan_page_resets"  # {"<plan id>:<area key>": how many times the editor was reset}
EDITOR_COLUMNS: tuple[str, ...] = ("id", *ROW_FIELDS)


# --- pure helpers (tested without a browser) ------------------------------------------------------------


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


def field_key(plan_id: str, field: str) -> str:
    return f"plan_field_{plan_id}_{field}"


# --- feedback of the last save ----------------------------------------------------------------------------


def _scope(plan_id: str, key: str) -> str:
    return f"{plan_id}:{key}"


def _remember(plan_id: str, key: str, result: EditResult, prefixes: list[str], rows: Any = None) -> None:
    relevant = result.findings if not result.saved else result.relevant(prefixes)
    st.session_state.setdefault(FEEDBACK_KEY, {})[_scope(plan_id, key)] = {
        "saved": result.saved,
        "conflict": result.conflict,
        "message": result.message,
        "findings": [f.model_dump() for f in relevant],
        "rows": rows if not result.saved and rows else None,
    }


def _bullets(findings: list[Finding]) -> str:
    return "\n".join(f"- {escape_md(f.message)}" for f in findings)


def _feedback(plan_id: str, key: str, messages: Catalog) -> None:
    """The outcome of the last save here: shown once when saved (or unchanged), kept while not saved."""
    stored: dict[str, Any] = st.session_state.get(FEEDBACK_KEY, {})
    feedback = stored.get(_scope(plan_id, key))
    if not feedback:
        return
    if feedback["saved"] or not (feedback["conflict"] or feedback["findings"]):
        del stored[_scope(plan_id, key)]
    findings = [Finding.model_validate(f) for f in feedback["findings"]]
    message = escape_md(feedback["message"])
    if feedback["saved"]:
        st.success(message)
        problems = [f for f in findings if f.severity in ("error", "warning")]
        notes = [f for f in findings if f.severity == "info"]
        if problems:
            st.warning(f"{escape_md(messages.t('ui.plan.feedback.findings'))}\n\n{_bullets(problems)}")
        if notes:
            st.info(_bullets(notes))
    elif feedback["conflict"] or findings:
        st.error(f"{message}\n\n{_bullets(findings)}" if findings else message)
    else:
        st.info(message)
    if feedback["rows"]:
        with st.expander(messages.t("ui.plan.feedback.rejected_rows")):
            st.dataframe(
                pd.DataFrame(feedback["rows"]).drop(columns=["id"], errors="ignore"), hide_index=True
            )


# --- choosing the plan ----------------------------------------------------------------------------------

PICKER_TEXTS = PickerTexts(
    no_plans="ui.plan.no_plans", select="ui.plan.select", option="ui.plan.option", untitled="ui.plan.untitled"
)


# --- header, validation and assessment results --------------------------------------------------------


def _numbered(number: str, title: str, messages: Catalog) -> str:
    return escape_md(messages.t("ui.template.numbered", number=number, title=title))


def _header(
    stored: StoredPlan, report: ValidationReport, spec: TemplateSpec, messages: Catalog, lang: str
) -> None:
    plan: Any = stored.plan
    periods = plan.meta.periods
    st.subheader(escape_md(plan.meta.title or messages.t("ui.plan.untitled", plan_id=stored.id[:8])))
    st.caption(
        escape_md(
            messages.t(
                "ui.plan.meta",
                region=plan.meta.region or "–",
                version=stored.version,
                short_label=spec.periods.short.label.get(lang),
                short=messages.t("ui.plan.range", start=periods.short.start, end=periods.short.end),
                long_label=spec.periods.long.label.get(lang),
                long=messages.t("ui.plan.range", start=periods.long.start, end=periods.long.end),
            )
        )
    )
    counts = report.counts()
    labels = {
        "error": "ui.plan.counts.errors",
        "warning": "ui.plan.counts.warnings",
        "info": "ui.plan.counts.infos",
    }
    for column, (severity, key) in zip(st.columns(len(labels)), labels.items(), strict=True):
        column.metric(escape_md(messages.t(key)), counts[severity])
    if report.valid:
        st.success(escape_md(messages.t("ui.plan.valid")))
    else:
        st.error(escape_md(messages.t("ui.plan.invalid", count=counts["error"])))
    if report.findings:
        with st.expander(messages.t("ui.plan.findings")):
            for severity in ("error", "warning", "info"):
                found = report.by_severity(severity)
                if found:
                    st.markdown(f"**{escape_md(messages.t(labels[severity]))}**\n\n{_bullets(found)}")


def _number(value: float | None, lang: str) -> str:
    text = "" if value is None else f"{value:g}"
    return text.replace(".", ",") if lang in ("fi", "sv") else text


def _assessment(plan: Any, spec: TemplateSpec, messages: Catalog, lang: str) -> None:
    results = plan.arviointitulokset
    if results is None or not results.alueet:
        return
    model = load_assessment_model(get_settings().knowledge_dir)
    field_labels = {f.key: f.label.get(lang) for f in model.result_fields}
    st.subheader(escape_md(messages.t("ui.plan.assessment.title")))
    frame = pd.DataFrame(
        [
            {
                messages.t("ui.plan.assessment.area"): spec.area(row.alue).label.get(lang),
                field_labels.get("maturity", "kypsyys"): _number(row.kypsyys, lang),
                field_labels.get("satisfaction", "tyytyvaisyys"): _number(row.tyytyvaisyys, lang),
                messages.t("ui.plan.assessment.note"): row.huomio,
            }
            for row in results.alueet
        ]
    )
    st.dataframe(frame, hide_index=True)
    notes = [
        messages.t(
            "ui.plan.assessment.scale",
            min=_number(results.asteikko_min, lang),
            max=_number(results.asteikko_max, lang),
        )
    ]
    if results.profiili:
        profiles = {p.key: p.label.get(lang) for p in model.maturity_profiles}
        notes.append(
            messages.t("ui.plan.assessment.profile", profile=profiles.get(results.profiili, results.profiili))
        )
    st.caption(escape_md(" · ".join(notes)))


# --- text sections ----------------------------------------------------------------------------------------


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
        st.subheader(_numbered(group.id, group.title.get(lang), messages))
    elif group.title.fi != section.title.fi:
        st.subheader(escape_md(group.title.get(lang)))


def _text_section(
    ctx: _Page, section: SectionSpec, *, after_group: dict[str, Callable[[], None]] | None = None
) -> None:
    messages, lang, plan_id = ctx.messages, ctx.language, ctx.stored.id
    st.header(_numbered(section.id, section.title.get(lang), messages), divider="gray")
    data = getattr(ctx.stored.plan, section.key)
    for group in section.groups:
        _group_heading(group, section, messages, lang)
        if group.area is not None:
            _area_targets_readonly(ctx, ctx.spec.area(group.area))
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
        _remember(plan_id, section.key, result, [f"/{section.key}"])
        st.rerun()
    _feedback(plan_id, section.key, messages)
    ctx.comments.show(f"/{section.key}")


# --- the 3.4 tables ------------------------------------------------------------------------------------


def _column_config(ctx: _Page, area: AreaSpec | None) -> dict[str, Any]:
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


def _field_labels(ctx: _Page) -> dict[str, str]:
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


def _targets_without_actions(ctx: _Page, area: AreaSpec, actions: Sequence[Any]) -> None:
    used = {a.kehittamiskohde for a in actions}
    empty = [t.name for t in area.targets if t.name not in used]
    if empty:
        st.caption(escape_md(ctx.messages.t("ui.plan.table.no_actions", targets="; ".join(empty))))


def _save_rows(ctx: _Page, area: AreaSpec, rows: list[dict[str, Any]], resets: dict[str, int]) -> None:
    """Save an area's action rows in one step (validated), remember the outcome, show the stored rows."""
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
    _remember(plan_id, area.key, result, result.paths, rows)
    scope = _scope(plan_id, area.key)
    resets[scope] = resets.get(scope, 0) + 1  # show the stored rows again, saved or not
    st.rerun()


def _area_editor(ctx: _Page, area: AreaSpec) -> None:
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
    scope = _scope(plan_id, area.key)
    edited_row = action_rows(
        plan_id, actions, ctx.spec_column_labels, _field_labels(ctx), messages, editable=True
    )
    if edited_row is not None:  # one action edited in its form: saved in one step
        rows = [{"id": a.id, **{f: getattr(a, f) for f in ROW_FIELDS}} for a in actions]
        _save_rows(ctx, area, [edited_row if r["id"] == edited_row["id"] else r for r in rows], resets)
    grid = st.expander(messages.t("ui.plan.actions.grid"), expanded=not actions)
    edited = grid.data_editor(
        frame,
        key=editor_key(plan_id, area.key, frame, resets.get(scope, 0)),
        num_rows="dynamic",
        hide_index=True,
        column_order=list(ROW_FIELDS),
        column_config=_column_config(ctx, area),
    )
    _targets_without_actions(ctx, area, actions)
    if grid.button(escape_md(messages.t("ui.plan.save_table")), key=f"plan_save_{plan_id}_{area.key}"):
        _save_rows(ctx, area, rows_from_editor(edited), resets)
    _feedback(plan_id, area.key, messages)
    ctx.comments.show_actions(a.id for a in actions)


def _actions_readonly(ctx: _Page, actions: Sequence[Any], label: str) -> None:
    if not actions:
        return
    st.caption(escape_md(label))
    st.dataframe(
        editor_frame(actions),
        hide_index=True,
        column_order=list(ROW_FIELDS),
        column_config=_column_config(ctx, None),
    )


def _area_targets_readonly(ctx: _Page, area: AreaSpec) -> None:
    """An area outside 3.4 (the benefits area of 3.5): its target names, and its actions read-only."""
    target_label = next(
        c.label.get(ctx.language) for c in ctx.spec.table.columns if c.key == "kehittamiskohde"
    )
    for target in area.targets:
        st.markdown(escape_md(ctx.messages.t("ui.template.labelled", label=target_label, value=target.name)))
    actions = [a for _, a in area_actions(ctx.stored.plan, area, ctx.spec)]
    _actions_readonly(ctx, actions, ctx.messages.t("ui.plan.table.readonly"))
    ctx.comments.show_actions(a.id for a in actions)


def _table(ctx: _Page) -> None:
    table, lang, messages = ctx.spec.table, ctx.language, ctx.messages
    st.header(_numbered(table.id, table.title.get(lang), messages), divider="gray")
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


# --- the page ------------------------------------------------------------------------------------------


class _Page:
    """What every part of the page needs for one run."""

    def __init__(self, store: PlanStore, stored: StoredPlan, expected_version: int) -> None:
        self.store = store
        self.stored = stored
        self.expected_version = expected_version
        self.messages = catalog()
        self.language = current_language()
        self.spec = get_template()
        self.knowledge_dir = get_settings().knowledge_dir
        self.comments = plan_threads(stored.id, stored.plan, self.spec, self.messages)  # review comments
        self.editable = can_edit()  # reviewers see the plan read-only
        self.spec_column_labels = [c.label.get(self.language) for c in self.spec.table.columns]


def _number_key(number: str) -> tuple[int, ...]:
    return tuple(int(part) for part in number.split(".") if part.isdigit())


def main() -> None:
    messages = catalog()
    language = current_language()
    st.title(escape_md(messages.t("ui.plan.title")))
    st.caption(escape_md(messages.t("ui.plan.caption")))
    store = get_plan_store()
    stored = open_chosen_plan(store, messages, key=CHOICE_KEY, texts=PICKER_TEXTS)
    if stored is None:
        return
    plan_id = stored.id
    seen: dict[str, int] = st.session_state.setdefault(SEEN_KEY, {})
    # A save in this run is based on what the user saw in the previous run.
    ctx = _Page(store, stored, expected_version=seen.get(plan_id, stored.version))
    seen[plan_id] = stored.version

    spec = ctx.spec
    report = validate_plan(stored.plan, language=language, knowledge_dir=ctx.knowledge_dir)
    _header(stored, report, spec, messages, language)
    periods_form(
        store,
        stored,
        ctx.expected_version,
        messages,
        language,
        author=current_author(),
        editable=ctx.editable,
    )
    ctx.comments.show_plan()
    table_shown = False
    for section in spec.sections:
        if not table_shown and _number_key(spec.table.id) < _number_key(section.id):
            _table(ctx)
            table_shown = True
        after: dict[str, Callable[[], None]] = {}
        if section.key == "nykytila":
            # The assessment results follow 3.2.2, which summarises them.
            after = {section.groups[-1].id: lambda: _assessment(stored.plan, spec, messages, language)}
        _text_section(ctx, section, after_group=after)
    if not table_shown:
        _table(ctx)


if __name__ == "__main__":  # Streamlit runs pages as __main__; importing them (tests) renders nothing
    main()
