"""Plan page: a stored plan laid out like the template, edited in place (views only lay out).

3.1-3.3 and 3.5 are text areas with one Save per section (`ui.plan_sections`); 3.4 shows every action in
the template's four columns, each edited, added or removed in one step, with the grid for many rows folded
away (`ui.plan_tables`, `ui.plan_actions`). Every save goes through `assistant.drafting.edits`, which
validates it and refuses an invalid value; the findings are shown under what was saved
(`ui.plan_feedback`). The plan is chosen with `?plan=<id>` or `st.session_state["plan_id"]` (shared with
the drafting page). Reading never stores anything, so it never changes the version.

Concurrency: a save is based on the version the user last saw (kept per session), so a change someone
else stored in between is reported as a conflict instead of being overwritten.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from assistant.template.validator import validate_plan
from ui.components import escape_md
from ui.plan_context import PageContext
from ui.plan_header import assessment_results, plan_header
from ui.plan_periods import periods_form
from ui.plan_picker import PickerTexts, open_chosen_plan
from ui.plan_sections import text_section
from ui.plan_tables import actions_table, area_targets_readonly, rows_from_editor
from ui.state import catalog, current_author, current_language, get_plan_store

__all__ = ["main", "rows_from_editor"]

CHOICE_KEY = "_plan_page_choice"
SEEN_KEY = "_plan_page_seen"  # {plan id: the version the user last saw}
PICKER_TEXTS = PickerTexts(
    no_plans="ui.plan.no_plans", select="ui.plan.select", option="ui.plan.option", untitled="ui.plan.untitled"
)


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
    ctx = PageContext(store, stored, expected_version=seen.get(plan_id, stored.version))
    seen[plan_id] = stored.version

    spec = ctx.spec
    report = validate_plan(stored.plan, language=language, knowledge_dir=ctx.knowledge_dir)
    plan_header(stored, report, spec, messages, language)
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
            actions_table(ctx)
            table_shown = True
        after: dict[str, Callable[[], None]] = {}
        if section.key == "nykytila":
            # The assessment results follow 3.2.2, which summarises them.
            after = {section.groups[-1].id: lambda: assessment_results(stored.plan, spec, messages, language)}
        text_section(ctx, section, area_targets_readonly, after_group=after)
    if not table_shown:
        actions_table(ctx)


if __name__ == "__main__":  # Streamlit runs pages as __main__; importing them (tests) renders nothing
    main()
