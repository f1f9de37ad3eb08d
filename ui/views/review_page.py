"""Reviewer page: a stored plan's computed coverage (figures, lists and charts), questions about the plan
and the knowledge base, review comments, and the review report as Markdown and DOCX.

The coverage comes from `assistant.review.analyse` (computed, not generated) through the shared
`CoverageCache` (once per plan version, index version and language, also used by the command line);
questions go to `assistant.review.ask`, whose answers (with their facts and cited passages) are kept for
the session and can be included in the report. The plan is chosen like on the other pages (`?plan=<id>` /
`st.session_state["plan_id"]`). Comments go through the `CommentStore` interface
(`ui.state.get_comment_store()`), so an access-controlled store works the same.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from assistant.i18n import Catalog, load_catalog
from assistant.llm.factory import LLMConfigError, make_chat_model
from assistant.review import ask
from assistant.review.models import Answer, CoverageReport
from assistant.review.report import (
    build_review_report,
    comment_targets,
    report_filename,
    task_label,
    to_docx,
    to_markdown,
)
from assistant.settings import Settings
from assistant.storage import StorageError, StoredPlan
from assistant.storage.comments import Comment
from assistant.template.spec import TemplateSpec, load_assessment_model
from ui.charts import assessment_chart, coverage_heatmap, timeline_chart
from ui.components import escape_md
from ui.plan_picker import PickerTexts, open_chosen_plan
from ui.review_components import (
    answer_markdown,
    comment_errors,
    flash_comment,
    load_comments,
    may,
    render_citation,
    render_comment_list,
)
from ui.state import (
    KB_ERRORS,
    catalog,
    current_author,
    current_language,
    get_comment_store,
    get_coverage_cache,
    get_knowledge_base,
    get_plan_store,
    get_settings,
    get_template,
)

CHOICE_KEY = "_review_plan_choice"
PICKER_TEXTS = PickerTexts(
    no_plans="ui.review.no_plans",
    select="ui.review.select_plan",
    option="ui.review.plan_option",
    untitled="ui.review.untitled",
)
ANSWERS_KEY = "_review_answers"  # {plan id: [Answer as JSON, ...]} asked in this session, oldest first
QUESTION_KEY = "review_question"
COMMENT_TARGET_KEY = "review_comment_target"
COMMENT_TEXT_KEY = "review_comment_text"
SHOW_RESOLVED_KEY = "review_show_resolved"
INCLUDE_QA_KEY = "review_include_qa"
MIME_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
QUESTION_MAX_CHARS = 1000


# --- computing -----------------------------------------------------------------------------------------


def _retriever(messages: Catalog) -> Any | None:
    try:
        return get_knowledge_base().retriever
    except KB_ERRORS as exc:
        st.warning(escape_md(messages.t("ui.review.kb_unavailable", detail=exc)))
        return None


def coverage_of(stored: StoredPlan, spec: TemplateSpec, language: str, retriever: Any) -> CoverageReport:
    """Computed once per plan version and index version, shared with `assistant review` / `ask`."""
    return get_coverage_cache().report(
        stored.id, stored.version, stored.plan, retriever=retriever, spec=spec, language=language
    )


def answers_of(plan_id: str) -> list[Answer]:
    stored = st.session_state.get(ANSWERS_KEY, {}).get(plan_id, [])
    return [Answer.model_validate(a) for a in stored]


# --- overview -------------------------------------------------------------------------------------------


def _bullets(lines: list[str]) -> str:
    return "\n".join(f"- {escape_md(line)}" for line in lines)


def _details(title: str, lines: list[str], messages: Catalog) -> None:
    with st.expander(f"{title} ({len(lines)})"):
        if lines:
            st.markdown(_bullets(lines))
        else:
            st.caption(escape_md(messages.t("ui.review.details.none")))


def _action_line(ref: Any, messages: Catalog) -> str:
    text = " ".join(ref.text.split()) or messages.t("ui.review.details.empty_action")
    return messages.t("ui.review.details.action", target=ref.target, text=text)


def missing_field_actions(report: CoverageReport) -> set[str]:
    """Ids of the actions that lack a schedule, a responsible person or prerequisites."""
    refs = [*report.missing_schedule, *report.missing_responsible, *report.missing_prerequisites]
    return {ref.id for ref in refs}


def _metrics(report: CoverageReport, messages: Catalog) -> None:
    targets_total = sum(len(area.targets) for area in report.areas)
    assessment, roadmap, balance = report.assessment, report.roadmap, report.balance
    first = st.columns(4)
    first[0].metric(messages.t("ui.review.metrics.actions"), report.total_actions)
    first[1].metric(
        messages.t("ui.review.metrics.targets_without_actions"),
        len(report.targets_without_actions),
        help=messages.t("ui.review.metrics.of_targets", total=targets_total),
    )
    first[2].metric(messages.t("ui.review.metrics.missing_fields"), len(missing_field_actions(report)))
    first[3].metric(
        messages.t("ui.review.metrics.data_protection"),
        messages.t("ui.review.yes" if report.data_protection.addressed else "ui.review.no"),
    )
    second = st.columns(4)
    second[0].metric(
        messages.t("ui.review.metrics.short_term", period=balance.short_period), balance.short_term
    )
    second[1].metric(messages.t("ui.review.metrics.long_term", period=balance.long_period), balance.long_term)
    second[2].metric(
        messages.t("ui.review.metrics.priorities_without_actions"),
        len(assessment.priorities_without_actions) if assessment.available else "–",
        help=None if assessment.available else messages.t("ui.review.no_assessment"),
    )
    second[3].metric(
        messages.t("ui.review.metrics.roadmap"),
        messages.t("ui.review.metrics.of", count=len(roadmap.matched), total=len(roadmap.tasks))
        if roadmap.available
        else "–",
        help=None if roadmap.available else (roadmap.reason or messages.t("ui.review.roadmap_unavailable")),
    )


def _overview(report: CoverageReport, messages: Catalog) -> None:
    _metrics(report, messages)
    t = messages.t
    _details(
        t("ui.review.details.targets_without_actions"),
        [
            t("ui.review.details.target", area=r.area_name, target=r.label)
            for r in report.targets_without_actions
        ],
        messages,
    )
    for key, refs in (
        ("missing_schedule", report.missing_schedule),
        ("missing_responsible", report.missing_responsible),
        ("missing_prerequisites", report.missing_prerequisites),
    ):
        _details(t(f"ui.review.details.{key}"), [_action_line(r, messages) for r in refs], messages)
    if report.unknown_targets:
        _details(
            t("ui.review.details.unknown_targets"),
            [_action_line(r, messages) for r in report.unknown_targets],
            messages,
        )
    _details(
        t("ui.review.details.empty_required"),
        [
            t("ui.review.details.section_field", section=e.section_id, label=e.label)
            for e in report.empty_required
        ],
        messages,
    )
    protection = report.data_protection
    _details(
        t("ui.review.details.data_protection"),
        [
            t("ui.review.details.mention", where=m.label, word=m.word, snippet=m.snippet)
            for m in protection.mentions
        ],
        messages,
    )
    _balance(report, messages)
    _priorities(report, messages)
    _roadmap(report, messages)


def _balance(report: CoverageReport, messages: Catalog) -> None:
    balance = report.balance
    lines = [
        messages.t("ui.review.balance.both", count=balance.both),
        messages.t(
            "ui.review.balance.short_only", count=len(balance.short_only), period=balance.short_period
        ),
        messages.t("ui.review.balance.long_only", count=len(balance.long_only), period=balance.long_period),
        messages.t("ui.review.balance.unscheduled", count=len(balance.unscheduled)),
    ]
    with st.expander(messages.t("ui.review.balance.title")):
        st.markdown(_bullets(lines))


def _priorities(report: CoverageReport, messages: Catalog) -> None:
    assessment = report.assessment
    with st.expander(messages.t("ui.review.priorities.title")):
        if not assessment.available:
            st.caption(escape_md(messages.t("ui.review.no_assessment")))
            return
        frame = pd.DataFrame(
            [
                {
                    messages.t("ui.review.priorities.area"): p.label,
                    messages.t("ui.review.chart.measure.maturity"): p.maturity,
                    messages.t("ui.review.chart.measure.satisfaction"): p.satisfaction,
                    messages.t("ui.review.priorities.reasons"): ", ".join(
                        messages.t(f"ui.review.priorities.reason.{r}") for r in p.reasons
                    ),
                    messages.t("ui.review.priorities.actions"): p.actions,
                }
                for p in assessment.priorities
            ]
        )
        st.dataframe(frame, hide_index=True)
        without = [
            p.label for p in assessment.priorities if p.area_key in assessment.priorities_without_actions
        ]
        if without:
            st.warning(
                escape_md(messages.t("ui.review.priorities.without_actions", areas="; ".join(without)))
            )


def _roadmap(report: CoverageReport, messages: Catalog) -> None:
    roadmap = report.roadmap
    t = messages.t
    with st.expander(t("ui.review.roadmap.title")):
        if not roadmap.available:
            st.caption(escape_md(roadmap.reason or t("ui.review.roadmap_unavailable")))
            return
        st.caption(
            escape_md(
                t(
                    "ui.review.roadmap.summary",
                    title=roadmap.title or "",
                    matched=len(roadmap.matched),
                    total=len(roadmap.tasks),
                )
            )
        )
        pairs = [
            {
                t("ui.review.roadmap.task"): task_label(task.task),
                t("ui.review.roadmap.source"): task.task.citation,
                t("ui.review.roadmap.action"): match.action_text,
            }
            for task in roadmap.matched
            for match in task.matches
        ]
        st.markdown(f"**{escape_md(t('ui.review.roadmap.matched', count=len(roadmap.matched)))}**")
        st.dataframe(pd.DataFrame(pairs), hide_index=True)
        st.markdown(f"**{escape_md(t('ui.review.roadmap.unmatched', count=len(roadmap.unmatched)))}**")
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        t("ui.review.roadmap.task"): task_label(task.task),
                        t("ui.review.roadmap.source"): task.task.citation,
                        t("ui.review.roadmap.closest"): task.best.action_text if task.best else "",
                    }
                    for task in roadmap.unmatched
                ]
            ),
            hide_index=True,
        )


# --- charts -------------------------------------------------------------------------------------------


def _charts(report: CoverageReport, stored: StoredPlan, spec: TemplateSpec, messages: Catalog) -> None:
    st.altair_chart(coverage_heatmap(report, messages), width="stretch")
    periods = stored.plan.meta.periods  # type: ignore[attr-defined]
    st.altair_chart(timeline_chart(report, periods, spec, messages), width="stretch")
    language = messages.language
    labels = {
        f.key: f.label.get(language)
        for f in load_assessment_model(get_settings().knowledge_dir).result_fields
    }
    chart = assessment_chart(report, messages, labels)
    if chart is None:
        st.caption(escape_md(messages.t("ui.review.chart.no_assessment")))
    else:
        st.altair_chart(chart, width="stretch")


# --- questions ------------------------------------------------------------------------------------------


@st.cache_resource(show_spinner=False)
def _chat_model(fingerprint: str, _settings: Settings) -> Any | None:
    return make_chat_model(_settings)


def chat_model(messages: Catalog) -> Any | None:
    """The configured chat model (LLM_MODEL), or None: answers are then composed offline from the facts."""
    settings = get_settings()
    if not settings.llm_model:
        return None
    try:
        return _chat_model(settings.model_dump_json(), settings)
    except LLMConfigError as exc:
        st.warning(escape_md(messages.t("ui.review.ask.llm_unavailable", detail=exc)))
        return None


def _ask(
    stored: StoredPlan,
    spec: TemplateSpec,
    question: str,
    messages: Catalog,
    language: str,
    facet: str | None = None,
) -> None:
    try:
        kb = get_knowledge_base()
    except KB_ERRORS as exc:
        st.warning(escape_md(messages.t("ui.review.kb_unavailable", detail=exc)))
        kb = None  # plan questions are still answered; knowledge questions say why they cannot be
    llm = chat_model(messages)
    try:
        with st.spinner(messages.t("ui.review.ask.thinking")):
            coverage = get_coverage_cache().bind(
                stored.id, stored.version, stored.plan, retriever=kb.retriever if kb else None, spec=spec
            )
            answer = ask(
                stored.plan,
                question,
                kb=kb,
                spec=spec,
                language=language,
                llm=llm,
                facet=facet,
                coverage=coverage,
            )
    except KB_ERRORS as exc:
        st.error(escape_md(messages.t("ui.review.kb_unavailable", detail=exc)))
        return
    history = st.session_state.setdefault(ANSWERS_KEY, {}).setdefault(stored.id, [])
    history.append(answer.model_dump(mode="json"))


def _readings(answer: Answer, messages: Catalog, number: int) -> str | None:
    """The reading chosen by a button under an "I did not understand — did you mean … or …?" answer."""
    if answer.kind != "clarify" or answer.query is None:
        return None
    chosen = None
    catalog = load_catalog(answer.language)
    columns = st.columns(len(answer.query.alternatives) or 1)
    for i, (column, facet) in enumerate(zip(columns, answer.query.alternatives, strict=False)):
        label = catalog.t(f"review.reply.readings.{facet}")
        if column.button(label[:1].upper() + label[1:], key=f"review_reading_{number}_{i}"):
            chosen = facet
    return chosen


def render_answer(answer: Answer, messages: Catalog, *, number: int) -> str | None:
    """Shows one answer; returns the reading the reviewer chose when the answer asked back."""
    t = messages.t
    with st.container(border=True):
        st.markdown(f"**{escape_md(answer.question)}**")
        st.caption(escape_md(t("ui.review.ask.kind", kind=t(f"ui.review.ask.kinds.{answer.kind}"))))
        st.markdown(answer_markdown(answer.text))
        chosen = _readings(answer, messages, number)
        if answer.notice:
            st.info(escape_md(answer.notice))
        for fact in answer.facts:
            title = (
                fact.title
                if fact.count is None
                else t("ui.review.ask.fact_count", title=fact.title, count=fact.count)
            )
            with st.expander(title, expanded=number == 1):
                if fact.items:
                    st.markdown(
                        _bullets(
                            [
                                t("ui.review.ask.item", label=i.label, detail=i.detail)
                                if i.detail
                                else i.label
                                for i in fact.items
                            ]
                        )
                    )
                else:
                    st.caption(escape_md(t("ui.review.details.none")))
        if answer.citations:
            st.markdown(f"**{escape_md(t('ui.review.ask.citations'))}**")
            for n, citation in enumerate(answer.citations, 1):
                render_citation(citation, n, messages)
    return chosen


def _questions(stored: StoredPlan, spec: TemplateSpec, messages: Catalog, language: str) -> None:
    with st.form("review_ask_form", clear_on_submit=True):
        st.text_input(
            messages.t("ui.review.ask.label"),
            key=QUESTION_KEY,
            max_chars=QUESTION_MAX_CHARS,
            placeholder=messages.t("ui.review.ask.placeholder"),
        )
        submitted = st.form_submit_button(
            messages.t("ui.review.ask.submit"), type="primary", key="review_ask_submit"
        )
    if submitted:
        question = str(st.session_state.get(QUESTION_KEY) or "").strip()
        if question:
            _ask(stored, spec, question, messages, language)
        else:
            st.warning(escape_md(messages.t("ui.review.ask.empty")))
    answers = answers_of(stored.id)
    for number, answer in enumerate(reversed(answers), 1):
        chosen = render_answer(answer, messages, number=number)
        if chosen is not None:  # the reviewer picked one of the two readings: answer that one
            _ask(stored, spec, answer.question, messages, language, facet=chosen)
            st.rerun()


# --- comments -------------------------------------------------------------------------------------------


def _add_comment(plan_id: str, plan_version: int) -> None:
    """Form callback: store the comment (errors shown on the next run, the typed text kept)."""
    text = str(st.session_state.get(COMMENT_TEXT_KEY) or "")
    target = str(st.session_state.get(COMMENT_TARGET_KEY) or "")
    try:
        get_comment_store().add(
            plan_id, target=target, author=current_author(), text=text, plan_version=plan_version
        )
    except StorageError as exc:
        flash_comment("error", exc.message(current_language()))
        return
    st.session_state[COMMENT_TEXT_KEY] = ""
    flash_comment("success", catalog().t("ui.review.comments.added"))


def _comments(
    stored: StoredPlan, spec: TemplateSpec, comments: list[Comment] | None, messages: Catalog
) -> None:
    if may("comment"):
        _comment_form(stored, spec, messages)
    comment_errors()
    if comments is None:
        return
    open_ = [c for c in comments if not c.resolved]
    st.subheader(escape_md(messages.t("ui.review.comments.title", open=len(open_), total=len(comments))))
    show_resolved = st.toggle(
        messages.t("ui.review.comments.show_resolved"), key=SHOW_RESOLVED_KEY, value=True
    )
    shown = comments if show_resolved else open_
    if not shown:
        st.caption(escape_md(messages.t("ui.review.comments.none")))
    render_comment_list(shown, stored.plan, spec, messages, key_prefix=f"review_comment_{stored.id}")


def _comment_form(stored: StoredPlan, spec: TemplateSpec, messages: Catalog) -> None:
    options = dict(comment_targets(stored.plan, spec, messages.language))
    if st.session_state.get(COMMENT_TARGET_KEY) not in options:
        st.session_state[COMMENT_TARGET_KEY] = ""
    with st.form("review_comment_form", border=True):
        st.markdown(f"**{escape_md(messages.t('ui.review.comments.add'))}**")
        st.selectbox(
            messages.t("ui.review.comments.target"),
            options=list(options),
            format_func=lambda pointer: options.get(pointer, pointer),
            key=COMMENT_TARGET_KEY,
        )
        st.text_area(messages.t("ui.review.comments.text"), key=COMMENT_TEXT_KEY)
        st.form_submit_button(
            messages.t("ui.review.comments.submit"),
            type="primary",
            key="review_comment_submit",
            on_click=_add_comment,
            args=(stored.id, stored.version),
        )


# --- report ---------------------------------------------------------------------------------------------


def _report(
    stored: StoredPlan, report: CoverageReport, comments: list[Comment], spec: TemplateSpec, messages: Catalog
) -> None:
    answers = answers_of(stored.id)
    st.caption(escape_md(messages.t("ui.review.report.caption")))
    include = st.checkbox(
        messages.t("ui.review.report.include_qa", count=len(answers)),
        key=INCLUDE_QA_KEY,
        value=True,
        disabled=not answers,
    )
    document = build_review_report(
        stored.plan,
        report,
        comments,
        spec=spec,
        language=messages.language,
        plan_version=stored.version,
        answers=answers if include else (),
    )
    left, right = st.columns(2)
    left.download_button(
        messages.t("ui.review.report.markdown"),
        data=lambda: to_markdown(document).encode("utf-8"),
        file_name=report_filename(document, "md"),
        mime="text/markdown",
        key="review_download_md",
        icon=":material/download:",
        on_click="ignore",
    )
    right.download_button(
        messages.t("ui.review.report.docx"),
        data=lambda: to_docx(document),
        file_name=report_filename(document, "docx"),
        mime=MIME_DOCX,
        key="review_download_docx",
        icon=":material/download:",
        on_click="ignore",
    )


# --- the page -------------------------------------------------------------------------------------------


def main() -> None:
    messages = catalog()
    language = current_language()
    st.title(escape_md(messages.t("ui.nav.review")))
    st.caption(escape_md(messages.t("ui.review.caption")))
    store = get_plan_store()
    stored = open_chosen_plan(store, messages, key=CHOICE_KEY, texts=PICKER_TEXTS)
    if stored is None:
        return
    spec = get_template()
    retriever = _retriever(messages)
    with st.spinner(messages.t("ui.review.analysing")):
        report = coverage_of(stored, spec, language, retriever)
    comments = load_comments(stored.id, messages)
    open_count = sum(1 for c in comments or [] if not c.resolved)
    tabs = st.tabs(
        [
            messages.t("ui.review.tabs.overview"),
            messages.t("ui.review.tabs.charts"),
            messages.t("ui.review.tabs.ask"),
            messages.t("ui.review.tabs.comments", count=open_count),
            messages.t("ui.review.tabs.report"),
        ]
    )
    with tabs[0]:
        _overview(report, messages)
    with tabs[1]:
        _charts(report, stored, spec, messages)
    with tabs[2]:
        _questions(stored, spec, messages, language)
    with tabs[3]:
        _comments(stored, spec, comments, messages)
    with tabs[4]:
        _report(stored, report, comments or [], spec, messages)


if __name__ == "__main__":  # Streamlit runs pages as __main__; importing them (tests) renders nothing
    main()
