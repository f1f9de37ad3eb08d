"""The reviewer page's questions tab: the reviewer's question box, the answers of this session (newest
first, with their facts and cited passages) and the "did you mean … or …?" buttons.

Questions go to the composition root's reviewer service (`ui.state.get_reviewer()`), which binds the
template, the knowledge base, the coverage cache and the configured chat model once; this module only
lays out what it returns.
"""

from __future__ import annotations

import streamlit as st

from assistant.i18n import Catalog, load_catalog
from assistant.review.models import Answer
from assistant.storage import StoredPlan
from ui.components import escape_md
from ui.review_components import answer_markdown, render_citation
from ui.state import KB_ERRORS, get_knowledge_base, get_reviewer

ANSWERS_KEY = "_review_answers"  # {plan id: [Answer as JSON, ...]} asked in this session, oldest first
QUESTION_KEY = "review_question"
QUESTION_MAX_CHARS = 1000


def answers_of(plan_id: str) -> list[Answer]:
    stored = st.session_state.get(ANSWERS_KEY, {}).get(plan_id, [])
    return [Answer.model_validate(a) for a in stored]


def _bullets(lines: list[str]) -> str:
    return "\n".join(f"- {escape_md(line)}" for line in lines)


def _ask(
    stored: StoredPlan, question: str, messages: Catalog, language: str, facet: str | None = None
) -> None:
    """One question through the composition root's reviewer service (its chat model, when one is
    configured and usable, only rewords checked answers); the answer is kept for the session."""
    knowledge = True
    try:
        get_knowledge_base()  # opened and warmed up once per process
    except KB_ERRORS as exc:
        st.warning(escape_md(messages.t("ui.review.kb_unavailable", detail=exc)))
        knowledge = False  # plan questions are still answered; knowledge questions say why they cannot be
    try:
        with st.spinner(messages.t("ui.review.ask.thinking")):
            answer = get_reviewer().ask(
                stored.plan, question, language=language, knowledge=knowledge, stored=stored, facet=facet
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


def questions(stored: StoredPlan, messages: Catalog, language: str) -> None:
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
            _ask(stored, question, messages, language)
        else:
            st.warning(escape_md(messages.t("ui.review.ask.empty")))
    answers = answers_of(stored.id)
    for number, answer in enumerate(reversed(answers), 1):
        chosen = render_answer(answer, messages, number=number)
        if chosen is not None:  # the reviewer picked one of the two readings: answer that one
            _ask(stored, answer.question, messages, language, facet=chosen)
            st.rerun()
