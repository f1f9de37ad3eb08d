"""The exported review report: a plan's coverage, roadmap alignment, review comments and (optionally) the
questions asked in the review session, as Markdown and as DOCX.

`build_review_report` turns the computed `CoverageReport`, the comments and the answers into a
format-neutral list of blocks (headings, paragraphs, bullet lists, tables) with every label taken from the
`review_report.*` message catalogs and the template spec; `to_markdown` and `to_docx` only render those
blocks. In Markdown every text is escaped (user and document text never becomes links, HTML or
formatting); the DOCX (`report_docx`) uses named styles (Title, Subtitle, Heading 1-3, List Bullet, the plan
export's "Plan Table" and "Table Text", Strong) instead of direct formatting.

`describe_target` names what a comment refers to (the plan, a section or field, the 3.4 table or an
action) in the reader's language; the reviewer page uses it too.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from assistant.review.models import Answer, CoverageReport
from assistant.review.report_common import ACTION_TEXT_CHARS as ACTION_TEXT_CHARS  # re-exported
from assistant.review.report_common import (
    DEFAULT_TIMEZONE,
    SNIPPET_CHARS,
    _bullets,
    _heading,
    _number,
    _paragraph,
    _short,
    _table,
    comment_targets,
    describe_target,
    format_time,
    task_label,
)
from assistant.review.report_docx import to_docx
from assistant.review.report_markdown import report_filename, to_markdown
from assistant.review.report_model import Block, ReviewReport
from assistant.review.report_sections import CoverageSections
from assistant.storage.comments import Comment
from assistant.template.spec import TemplateSpec

__all__ = [
    "Block",
    "ReviewReport",
    "build_review_report",
    "comment_targets",
    "describe_target",
    "report_filename",
    "task_label",
    "to_docx",
    "to_markdown",
]


class _Builder(CoverageSections):
    """The whole report: coverage (`report_sections`), roadmap alignment, comments and answers."""

    def roadmap(self) -> None:
        roadmap = self.report.roadmap
        self.blocks.append(_heading(self.t("roadmap.title")))
        if not roadmap.available:
            reason = roadmap.reason or self.t("roadmap.unavailable_short")
            self.blocks.append(_paragraph(self.t("roadmap.unavailable", reason=reason)))
            return
        self.blocks.append(
            _paragraph(
                self.t(
                    "roadmap.summary",
                    title=roadmap.title or "",
                    matched=len(roadmap.matched),
                    total=len(roadmap.tasks),
                    threshold=_number(roadmap.threshold, self.language),
                )
            )
        )
        lang = self.language
        self.blocks.append(_heading(self.t("roadmap.matched"), 2))
        if roadmap.matched:
            rows = []
            for task in roadmap.matched:
                for match in task.matches or ([task.best] if task.best else []):
                    rows.append(
                        [
                            task_label(task.task),
                            task.task.citation,
                            _short(match.action_text, 200),
                            _number(match.score, lang),
                        ]
                    )
            self.blocks.append(
                _table(
                    [
                        self.t("roadmap.task"),
                        self.t("roadmap.source"),
                        self.t("roadmap.action"),
                        self.t("roadmap.score"),
                    ],
                    rows,
                    widths=(3.5, 3, 4.5, 1.5),
                )
            )
        else:
            self.none_paragraph()
        self.blocks.append(_heading(self.t("roadmap.unmatched"), 2))
        if roadmap.unmatched:
            self.blocks.append(
                _table(
                    [
                        self.t("roadmap.task"),
                        self.t("roadmap.source"),
                        self.t("roadmap.closest"),
                        self.t("roadmap.score"),
                    ],
                    [
                        [
                            task_label(task.task),
                            task.task.citation,
                            _short(task.best.action_text, 200) if task.best else "–",
                            _number(task.best.score, lang) if task.best else "–",
                        ]
                        for task in roadmap.unmatched
                    ],
                    widths=(3.5, 3, 4.5, 1.5),
                )
            )
        else:
            self.none_paragraph()

    # --- comments ------------------------------------------------------------------------------------

    def comments(self, comments: Sequence[Comment]) -> None:
        self.blocks.append(_heading(self.t("comments.title")))
        open_ = [c for c in comments if not c.resolved]
        resolved = [c for c in comments if c.resolved]
        when = lambda moment: format_time(moment, self.messages, self.timezone)  # noqa: E731
        where = lambda c: describe_target(c.target, self.plan, self.spec, self.language)  # noqa: E731
        columns = [self.t(f"comments.{key}") for key in ("target", "text", "author", "at")]
        self.blocks.append(_heading(self.t("comments.open", count=len(open_)), 2))
        if open_:
            self.blocks.append(
                _table(
                    columns,
                    [[where(c), c.text, c.author, when(c.at)] for c in open_],
                    widths=(3.5, 6, 2.5, 2.5),
                )
            )
        else:
            self.none_paragraph()
        self.blocks.append(_heading(self.t("comments.resolved", count=len(resolved)), 2))
        if resolved:
            self.blocks.append(
                _table(
                    [*columns, self.t("comments.resolved_by"), self.t("comments.resolved_at")],
                    [
                        [where(c), c.text, c.author, when(c.at), c.resolved_by or "", when(c.resolved_at)]
                        for c in resolved
                    ],
                    widths=(3, 4, 2.4, 2.2, 2.4, 2.2),
                )
            )
        else:
            self.none_paragraph()

    # --- questions and answers -----------------------------------------------------------------------

    def answers(self, answers: Sequence[Answer]) -> None:
        self.blocks.append(_heading(self.t("qa.title")))
        for number, answer in enumerate(answers, 1):
            self.blocks.append(_heading(self.t("qa.question", number=number, question=answer.question), 2))
            self.blocks.append(_paragraph(self.t("qa.kind", kind=self.t(f"qa.kinds.{answer.kind}"))))
            self.blocks.append(_paragraph(answer.text))
            facts = []
            for fact in answer.facts:
                head = (
                    fact.title
                    if fact.count is None
                    else self.t("qa.fact_count", title=fact.title, count=fact.count)
                )
                items = "; ".join(i.label + (f" ({i.detail})" if i.detail else "") for i in fact.items)
                facts.append(f"{head}: {items}" if items else head)
            if facts:
                self.blocks.append(_paragraph(self.t("qa.facts")))
                self.blocks.append(_bullets(facts))
            if answer.citations:
                self.blocks.append(_paragraph(self.t("qa.citations")))
                self.blocks.append(
                    _bullets(
                        self.t("qa.citation", citation=c.citation, quote=_short(c.quote, SNIPPET_CHARS))
                        for c in answer.citations
                    )
                )


def build_review_report(
    plan: Any,
    coverage: CoverageReport,
    comments: Sequence[Comment],
    *,
    spec: TemplateSpec,
    language: str = "fi",
    plan_version: int | None = None,
    answers: Sequence[Answer] = (),
    created: datetime | None = None,
    timezone: str = DEFAULT_TIMEZONE,
) -> ReviewReport:
    """The review report of `plan` in `language` (fi/sv/en): coverage, roadmap, comments (open and
    resolved, oldest first) and, when given, the session's questions and answers."""
    builder = _Builder(coverage, plan, spec, language, timezone)
    messages = builder.messages
    created = created or datetime.now(UTC)
    meta = plan.meta
    lines = [
        builder.t("meta.region", region=meta.region or "–"),
        builder.t("meta.periods", short=builder.period("short"), long=builder.period("long")),
    ]
    if plan_version is not None:
        lines.append(builder.t("meta.version", version=plan_version))
    lines.append(builder.t("meta.date", date=format_time(created, messages, timezone)))
    builder.coverage()
    builder.roadmap()
    builder.comments(sorted(comments, key=lambda c: (c.at, c.id)))
    if answers:
        builder.answers(answers)
    return ReviewReport(
        language=language,
        title=builder.t("title"),
        subtitle=meta.title or builder.t("untitled"),
        meta=lines,
        blocks=builder.blocks,
        created=created,
    )
