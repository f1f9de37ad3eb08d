"""Review comments in the app: rendering, resolving and the small hooks the plan and drafting pages call
(`CommentThreads` under each section and action of the plan page, `comments_sidebar` on the drafting
page), plus the citation cards of the reviewer page.

The pages only talk to the `CommentStore` interface returned by `ui.state.get_comment_store()` (the
access layer may return a scoped wrapper with the same methods). Every comment text, author and target
label is escaped; a failing store shows its message instead of breaking the page around it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

import streamlit as st

from assistant.i18n import Catalog
from assistant.review.models import Citation
from assistant.review.report import describe_target
from assistant.storage import StorageError
from assistant.storage.comments import ACTIONS_POINTER, Comment, action_pointer, target_exists
from assistant.template.spec import TemplateSpec
from ui.components import escape_md
from ui.draft_components import format_time
from ui.state import current_author, current_language, get_comment_store

__all__ = [
    "CommentThreads",
    "answer_markdown",
    "comment_errors",
    "comments_sidebar",
    "flash_comment",
    "may",
    "render_citation",
    "render_comment",
    "resolve_comment",
]

COMMENT_FLASH_KEY = "_review_comment_flash"  # the outcome of the last add/resolve, shown once


# --- store access ----------------------------------------------------------------------------------------


def flash_comment(kind: str, text: str) -> None:
    st.session_state[COMMENT_FLASH_KEY] = {"kind": kind, "text": text}


def comment_errors() -> None:
    """Show (once) what the last add or resolve callback reported."""
    flash = st.session_state.pop(COMMENT_FLASH_KEY, None)
    if not flash:
        return
    show = {"success": st.success, "error": st.error, "warning": st.warning}.get(flash["kind"], st.info)
    show(escape_md(str(flash["text"])))


def load_comments(plan_id: str, messages: Catalog) -> list[Comment] | None:
    """The plan's comments, oldest first; None (with the reason shown) when they cannot be read."""
    try:
        return get_comment_store().list(plan_id)
    except StorageError as exc:
        st.warning(
            escape_md(messages.t("ui.review.comments.unavailable", detail=exc.message(current_language())))
        )
        return None


def may(permission: str) -> bool:
    """Whether the session may add ("comment") or resolve ("resolve") comments, for showing controls only:
    the store (scoped to the session's principal when access control is on) enforces it either way."""
    try:
        principal = getattr(get_comment_store(), "principal", None)
    except StorageError:
        return False
    can = getattr(principal, "can", None)
    return True if can is None else bool(can(permission))


def resolve_comment(comment_id: int) -> None:
    """Button callback: mark the comment resolved by the current user."""
    try:
        get_comment_store().resolve(comment_id, by=current_author())
    except StorageError as exc:
        flash_comment("error", exc.message(current_language()))
        return
    from ui.state import catalog

    flash_comment("success", catalog().t("ui.review.comments.resolved_done"))


# --- rendering -------------------------------------------------------------------------------------------


def render_comment(
    comment: Comment, label: str | None, messages: Catalog, *, key_prefix: str, resolvable: bool = True
) -> None:
    """One comment: who and when (and what it refers to, when `label` is given), its text, its state and,
    while open, a button to resolve it."""
    with st.container(border=True):
        head = messages.t(
            "ui.review.comments.byline", author=comment.author, at=format_time(comment.at, messages)
        )
        if label:
            head = messages.t("ui.review.comments.byline_target", byline=head, target=label)
        st.caption(escape_md(head))
        st.markdown(escape_md(comment.text))
        if comment.resolved:
            st.caption(
                escape_md(
                    messages.t(
                        "ui.review.comments.resolved_line",
                        by=comment.resolved_by or "",
                        at=format_time(comment.resolved_at, messages) if comment.resolved_at else "",
                    )
                )
            )
        elif resolvable and may("resolve"):
            st.button(
                messages.t("ui.review.comments.resolve"),
                key=f"{key_prefix}_resolve_{comment.id}",
                icon=":material/check:",
                on_click=resolve_comment,
                args=(comment.id,),
            )


def render_comment_list(
    comments: Sequence[Comment], plan: Any, spec: TemplateSpec, messages: Catalog, *, key_prefix: str
) -> None:
    language = messages.language
    for comment in comments:
        render_comment(
            comment, describe_target(comment.target, plan, spec, language), messages, key_prefix=key_prefix
        )


_SAFE_POINTER = re.compile(r"[A-Za-z0-9_~./-]+")
_TRAILING_POINTER = re.compile(r"^(?P<text>.*?) `(?P<pointer>[^`]*)`$")


def answer_markdown(text: str) -> str:
    """An answer's text as safe Markdown: its shape is kept (paragraph lines, "- " list items, "> " quotes,
    a trailing `/json/pointer` of a list item as code) while every other character is escaped, so plan and
    document text inside it (or a model's wording) cannot become links, HTML or formatting."""
    blocks: list[tuple[str, str]] = []
    for raw in text.replace("\r\n", "\n").split("\n"):
        line = raw.strip()
        if not line:
            blocks.append(("blank", ""))
        elif line.startswith("- "):
            body = line[2:].strip()
            match = _TRAILING_POINTER.match(body)
            if match and _SAFE_POINTER.fullmatch(match["pointer"]):
                blocks.append(("item", f"- {escape_md(match['text'])} `{match['pointer']}`"))
            else:
                blocks.append(("item", f"- {escape_md(body)}"))
        elif line.startswith(">"):
            blocks.append(("quote", f"> {escape_md(line[1:].strip())}"))
        else:
            blocks.append(("line", escape_md(line)))
    out: list[str] = []
    previous = "blank"
    for kind, value in blocks:
        if kind == "blank":
            out.append("")
        else:
            if previous not in ("blank", kind):
                out.append("")  # a new block: a paragraph never continues a list or a quote
            elif kind == "line" and previous == "line":
                out[-1] += "  "  # a hard line break between lines of one paragraph
            elif kind == "quote" and previous == "quote":
                out.append(">")  # separate quotes inside one block quote
            out.append(value)
        previous = kind
    return "\n".join(out).strip("\n")


def render_citation(citation: Citation, number: int, messages: Catalog) -> None:
    """A cited passage of an answer: its citation and score, the quoted text in an expander (escaped)."""
    with st.container(border=True):
        st.markdown(f"**{number}\\. {escape_md(citation.citation)}**")
        with st.expander(messages.t("ui.review.ask.passage")):
            st.markdown(escape_md(citation.quote))


# --- the plan page: comments under what they refer to ---------------------------------------------------


class CommentThreads:
    """A plan's comments grouped by what they refer to, shown under each part of the plan page."""

    def __init__(
        self,
        comments: Iterable[Comment],
        plan: Any,
        spec: TemplateSpec,
        messages: Catalog,
        *,
        key_prefix: str,
    ) -> None:
        self.comments = list(comments)
        self.plan = plan
        self.spec = spec
        self.messages = messages
        self.key_prefix = key_prefix
        data = plan.model_dump(mode="json")
        self.dangling = [c for c in self.comments if not target_exists(data, c.target)]
        self._dangling_ids = {c.id for c in self.dangling}

    @property
    def open_count(self) -> int:
        return sum(1 for c in self.comments if not c.resolved)

    def _on(self, pointer: str, *, nested: bool) -> list[Comment]:
        return [
            c
            for c in self.comments
            if c.id not in self._dangling_ids
            and (c.target == pointer or (nested and pointer and c.target.startswith(pointer + "/")))
        ]

    def _render(self, comments: list[Comment], *, labelled: bool) -> None:
        if not comments:
            return
        open_ = [c for c in comments if not c.resolved]
        resolved = [c for c in comments if c.resolved]
        title = self.messages.t("ui.review.comments.thread", open=len(open_), resolved=len(resolved))
        language = self.messages.language
        with st.expander(title, expanded=bool(open_), icon=":material/comment:"):
            for comment in [*open_, *resolved]:
                label = describe_target(comment.target, self.plan, self.spec, language) if labelled else None
                render_comment(comment, label, self.messages, key_prefix=self.key_prefix)

    def show(self, pointer: str, *, nested: bool = True) -> None:
        """Comments on `pointer` (and, with `nested`, on fields below it), e.g. `/kuvaus`."""
        comments = self._on(pointer, nested=nested)
        self._render(comments, labelled=any(c.target != pointer for c in comments))

    def show_plan(self) -> None:
        """Comments on the whole plan, and those whose section or action no longer exists."""
        self._render([*self._on("", nested=False), *self.dangling], labelled=bool(self.dangling))

    def show_actions(self, action_ids: Iterable[str]) -> None:
        """Comments on the given actions (each labelled with its action)."""
        pointers = {action_pointer(a) for a in action_ids}
        comments = [
            c
            for c in self.comments
            if c.id not in self._dangling_ids
            and any(c.target == p or c.target.startswith(p + "/") for p in pointers)
        ]
        self._render(comments, labelled=True)

    def show_table(self) -> None:
        """Comments on the 3.4 table as a whole."""
        self.show(ACTIONS_POINTER, nested=False)


def plan_threads(plan_id: str, plan: Any, spec: TemplateSpec, messages: Catalog) -> CommentThreads:
    """The plan page's comment threads (empty, with a notice shown, when comments cannot be read)."""
    comment_errors()
    comments = load_comments(plan_id, messages) or []
    return CommentThreads(comments, plan, spec, messages, key_prefix=f"plan_comment_{plan_id}")


# --- the drafting page: a count and the open comments in the sidebar -------------------------------------


def comments_sidebar(plan_id: str, plan: Any, spec: TemplateSpec, messages: Catalog) -> None:
    """Sidebar: how many review comments are open, and the open ones (with what they refer to)."""
    comment_errors()
    try:
        comments = get_comment_store().list(plan_id, include_resolved=False)
    except StorageError as exc:
        st.sidebar.caption(
            escape_md(messages.t("ui.review.comments.unavailable", detail=exc.message(current_language())))
        )
        return
    if not comments:
        st.sidebar.caption(escape_md(messages.t("ui.review.comments.none_open")))
        return
    with st.sidebar.expander(
        messages.t("ui.review.comments.open_count", count=len(comments)), icon=":material/comment:"
    ):
        render_comment_list(comments, plan, spec, messages, key_prefix=f"draft_comment_{plan_id}")
