"""Rendering helpers of the drafting page: chat messages, proposal cards with their sources, the
progress panel and labels. Every text that came from a user or a document is escaped here; the engine's
replies are Markdown whose user and document parts it has already escaped."""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import streamlit as st

from assistant.drafting.models import Progress, Proposal
from assistant.drafting.steps import ASSESSMENT, DONE, FieldStep, TargetStep, build_steps, step_id
from assistant.i18n import Catalog
from assistant.retrieval.models import Hit
from assistant.storage.repository import PlanSummary
from assistant.template.models import SourceRef
from assistant.template.spec import TemplateSpec
from ui.components import escape_md
from ui.proposal_notes import proposal_notes

__all__ = [
    "ProposalHandlers",
    "command_text",
    "distinct_labels",
    "format_time",
    "plan_label",
    "render_message",
    "render_progress",
    "render_proposal",
    "reply_chunks",
    "step_label",
]

DEFAULT_TIMEZONE = "Europe/Helsinki"
STREAM_CHUNKS = 60  # a streamed reply is shown in at most this many pieces
STREAM_DELAY_S = 0.015  # pause between pieces: cosmetic, about a second per reply at most
SHORT_ID = 8
ORIGIN_COLORS: dict[str, str] = {
    "template_example": "blue",
    "roadmap": "violet",
    "plan": "green",
    "upload": "orange",
    "guidance": "gray",
    "llm": "red",
}

# Proposal card callbacks: (proposal, number shown) and, for save, the edited text's session key.
ProposalHandlers = dict[str, Callable[..., None]]


# --- labels --------------------------------------------------------------------------------------------


def _timezone() -> ZoneInfo | None:
    name = st.context.timezone or DEFAULT_TIMEZONE
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def format_time(moment: datetime, messages: Catalog) -> str:
    """A stored (UTC) time in the browser's time zone (Finland's when unknown), in the UI's format."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    zone = _timezone()
    local = moment.astimezone(zone) if zone is not None else moment
    return local.strftime(messages.t("ui.draft.time_format"))


def plan_label(plan_id: str, title: str, messages: Catalog) -> str:
    """A plan's title, or "untitled (id)" before the region has been recorded. Plain text, not Markdown."""
    return title.strip() or messages.t("ui.draft.untitled", short_id=plan_id[:SHORT_ID])


def distinct_labels(labels: dict[str, str], messages: Catalog) -> dict[str, str]:
    """Plan labels by id, with the short id added where two plans share a title (a choice by label
    must never open another plan)."""
    counts = Counter(labels.values())
    return {
        plan_id: label
        if counts[label] == 1
        else messages.t("ui.draft.disambiguated", label=label, short_id=plan_id[:SHORT_ID])
        for plan_id, label in labels.items()
    }


def summary_meta(summary: PlanSummary, messages: Catalog) -> str:
    region = summary.region.strip() or messages.t("ui.draft.no_region")
    return messages.t("ui.draft.plan_meta", region=region, updated=format_time(summary.updated_at, messages))


def command_text(name: str, number: int, messages: Catalog, argument: str | None = None) -> str:
    """The chat command a card button sends, in the UI language (`hyväksy 2`, `redigera 1: text`)."""
    word = messages.t(f"ui.draft.commands.{name}")
    return f"{word} {number}" if argument is None else f"{word} {number}: {argument}"


def step_label(spec: TemplateSpec, plan: Any, current: str, language: str, messages: Catalog) -> str:
    """The current step as the user knows it: `3.1.1 a) Sote-maakunta`, `MITTARIT › ...`."""
    if current == ASSESSMENT:
        return messages.t("ui.draft.step_assessment")
    if current == DONE:
        return messages.t("ui.draft.step_done")
    steps = build_steps(spec, plan)
    step = next((s for s in steps if step_id(s) == current), steps[0] if not current else None)
    if isinstance(step, FieldStep):
        label = step.field.label.get(language)
        if step.field.letter:
            return messages.t(
                "ui.draft.step_field", section=step.group.id, letter=step.field.letter, label=label
            )
        return messages.t("ui.draft.step_field_plain", section=step.group.id, label=label)
    if isinstance(step, TargetStep):
        area = spec.area(step.area_key)
        return messages.t("ui.draft.step_target", area=area.name, target=step.target.display(language))
    return current


def source_citation(ref: SourceRef, messages: Catalog) -> str:
    """Document, section and page of a source, with the page abbreviation of the UI language."""
    parts = [p for p in (ref.title, ref.section) if p]
    if ref.page is not None:
        parts.append(messages.t("ui.draft.page", page=ref.page))
    return ", ".join(parts) or ref.doc_id


# --- chat ----------------------------------------------------------------------------------------------


def reply_chunks(text: str, *, pieces: int = STREAM_CHUNKS, delay: float = STREAM_DELAY_S) -> Iterator[str]:
    """The reply in word groups for `st.write_stream`; joined, the pieces are exactly `text`."""
    parts = re.split(r"(\s+)", text)
    size = max(1, -(-len(parts) // pieces))
    for start in range(0, len(parts), size):
        yield "".join(parts[start : start + size])
        if delay:
            time.sleep(delay)


def render_message(
    role: str,
    content: str,
    meta: dict[str, Any],
    messages: Catalog,
    *,
    author: str = "",
    stream: bool = False,
) -> None:
    """One transcript message. User text is escaped; assistant text is the engine's (escaped) Markdown."""
    with st.chat_message("user" if role == "user" else "assistant"):
        if role == "user":
            writer = str(meta.get("author") or "")
            if writer and writer != author:
                st.caption(escape_md(messages.t("ui.draft.author", author=writer)))
            st.markdown(escape_md(content))
        elif meta.get("conflict"):
            st.warning(content)
        elif stream:
            st.write_stream(reply_chunks(content))
        else:
            st.markdown(content)


# --- proposals -----------------------------------------------------------------------------------------


def _render_source(ref: SourceRef, passage: Callable[[str], Hit | None], messages: Catalog) -> None:
    with st.expander(escape_md(source_citation(ref, messages))):
        if ref.title:
            st.caption(escape_md(messages.t("ui.draft.source_document", value=ref.title)))
        if ref.section:
            st.caption(escape_md(messages.t("ui.draft.source_section", value=ref.section)))
        if ref.page is not None:
            st.caption(escape_md(messages.t("ui.draft.source_page", value=ref.page)))
        hit = passage(ref.chunk_id)
        if hit is None:
            st.info(escape_md(messages.t("ui.draft.passage_missing")))
        else:
            st.markdown(escape_md(hit.text))


def render_proposal(
    proposal: Proposal,
    number: int,
    key: str,
    messages: Catalog,
    *,
    passage: Callable[[str], Hit | None],
    handlers: ProposalHandlers,
    locked: bool = False,
) -> None:
    """A proposal card: number, origin badge, text, its sources (expandable to the passage), and
    Accept / Edit / Reject. `key` is unique per plan, step and proposal; `locked` disables the buttons."""
    editing_key = f"{key}:editing"
    text_key = f"{key}:text"
    with st.container(border=True):
        origin_key = f"ui.draft.origin.{proposal.origin}"
        origin = messages.t(origin_key) if messages.has(origin_key) else proposal.origin
        st.markdown(f"**{escape_md(messages.t('ui.draft.proposal_number', n=number))}**")
        st.badge(escape_md(origin), color=ORIGIN_COLORS.get(proposal.origin, "gray"))  # type: ignore[arg-type]
        st.markdown(escape_md(proposal.toimenpide))
        proposal_notes(proposal, messages)  # a quote in another language; the county's words
        st.caption(escape_md(messages.t("ui.draft.sources")))
        for ref in proposal.lahteet:
            _render_source(ref, passage, messages)
        if st.session_state.get(editing_key) and not locked:
            if text_key not in st.session_state:
                st.session_state[text_key] = proposal.toimenpide
            st.text_area(messages.t("ui.draft.edit_label"), key=text_key)
            save, cancel = st.columns(2)
            save.button(
                messages.t("ui.draft.save"),
                key=f"{key}:save",
                type="primary",
                on_click=handlers["save"],
                args=(proposal, text_key, editing_key),
                width="stretch",
            )
            cancel.button(
                messages.t("ui.draft.cancel"),
                key=f"{key}:cancel",
                on_click=_close_editor,
                args=(text_key, editing_key),
                width="stretch",
            )
            return
        accept, edit, reject = st.columns(3)
        accept.button(
            messages.t("ui.draft.accept"),
            key=f"{key}:accept",
            type="primary",
            disabled=locked,
            on_click=handlers["accept"],
            args=(proposal,),
            width="stretch",
        )
        edit.button(
            messages.t("ui.draft.edit"),
            key=f"{key}:edit",
            disabled=locked,
            on_click=_open_editor,
            args=(editing_key,),
            width="stretch",
        )
        reject.button(
            messages.t("ui.draft.reject"),
            key=f"{key}:reject",
            disabled=locked,
            on_click=handlers["reject"],
            args=(proposal,),
            width="stretch",
        )


def _open_editor(editing_key: str) -> None:
    st.session_state[editing_key] = True


def _close_editor(text_key: str, editing_key: str) -> None:
    st.session_state.pop(editing_key, None)
    st.session_state.pop(text_key, None)


# --- sidebar -------------------------------------------------------------------------------------------


def render_progress(progress: Progress, current: str, messages: Catalog) -> None:
    """Sections and targets done / total, validation counts and the current step, in the sidebar."""
    sidebar = st.sidebar
    sidebar.subheader(escape_md(messages.t("ui.draft.progress")))
    sidebar.caption(escape_md(messages.t("ui.draft.step", label=current)))
    fields = messages.t("ui.draft.fields_progress", done=progress.fields_filled, total=progress.fields_total)
    sidebar.progress(_ratio(progress.fields_filled, progress.fields_total), text=escape_md(fields))
    targets = messages.t(
        "ui.draft.targets_progress", done=progress.targets_with_actions, total=progress.targets_total
    )
    sidebar.progress(_ratio(progress.targets_with_actions, progress.targets_total), text=escape_md(targets))
    sidebar.caption(escape_md(messages.t("ui.draft.validation")))
    errors, warnings = sidebar.columns(2)
    errors.metric(messages.t("ui.draft.errors"), progress.errors)
    warnings.metric(messages.t("ui.draft.warnings"), progress.warnings)


def _ratio(done: int, total: int) -> float:
    return min(1.0, done / total) if total else 0.0
