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

import re
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from assistant.i18n import Catalog, load_catalog
from assistant.markdown import escape_md
from assistant.review.models import Answer, CoverageReport
from assistant.review.report_docx import to_docx
from assistant.review.report_model import Block, ReviewReport
from assistant.storage.comments import ACTIONS_POINTER, Comment, unescape_token
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

DEFAULT_TIMEZONE = "Europe/Helsinki"
ACTION_TEXT_CHARS = 80
SNIPPET_CHARS = 240
MISSING_FIELDS: tuple[str, ...] = ("schedule", "responsible", "prerequisites")


def _heading(text: str, level: int = 1) -> Block:
    return Block(kind="heading", level=level, text=text)


def _paragraph(text: str) -> Block:
    return Block(kind="paragraph", text=text)


def _bullets(items: Iterable[str]) -> Block:
    return Block(kind="bullets", items=list(items))


def _table(columns: Sequence[str], rows: Iterable[Sequence[Any]], widths: Sequence[float] = ()) -> Block:
    if widths and len(widths) != len(columns):
        raise ValueError(f"{len(widths)} widths for {len(columns)} columns")
    return Block(
        kind="table",
        columns=list(columns),
        rows=[[str(cell) for cell in row] for row in rows],
        widths=list(widths),
    )


# --- labels --------------------------------------------------------------------------------------------


def _short(text: str, limit: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _number(value: float | None, language: str, digits: int = 2) -> str:
    if value is None:
        return "–"
    text = f"{value:.{digits}f}".rstrip("0").rstrip(".") if digits else f"{value:.0f}"
    return text.replace(".", ",") if language in ("fi", "sv") else text


def _zone(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def format_time(moment: datetime, messages: Catalog, timezone: str = DEFAULT_TIMEZONE) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    zone = _zone(timezone)
    local = moment.astimezone(zone) if zone is not None else moment
    return local.strftime(messages.t("review_report.time_format"))


def _actions_by_id(plan: Any) -> dict[str, Any]:
    return {action.id: action for action in getattr(plan, "toimenpiteet", [])}


def describe_target(target: str, plan: Any, spec: TemplateSpec, language: str) -> str:
    """What a comment's JSON Pointer refers to, for people: "Koko suunnitelma", "3.1 Sote-maakunnan
    kuvaus", "3.1 a) Sote-maakunta", "3.4 ...", "Toimenpide: <target> – <action>" (or the pointer)."""
    messages = load_catalog(language)
    if target == "":
        return messages.t("review_report.target.plan")
    tokens = [unescape_token(t) for t in target.lstrip("/").split("/")]
    head = tokens[0]
    if head == ACTIONS_POINTER.lstrip("/"):
        if len(tokens) == 1:
            return messages.t(
                "review_report.target.numbered", number=spec.table.id, title=spec.table.title.get(language)
            )
        action = _actions_by_id(plan).get(tokens[1])
        if action is None:
            return messages.t("review_report.target.removed_action", id=tokens[1])
        target_spec = spec.target_by_name(action.kehittamiskohde)
        name = target_spec.display(language) if target_spec is not None else action.kehittamiskohde
        text = _short(action.toimenpide, ACTION_TEXT_CHARS) or messages.t("review_report.empty_action")
        return messages.t("review_report.target.action", target=name, text=text)
    if head == "arviointitulokset":
        return messages.t("review_report.target.assessment_results")
    for section in spec.sections:
        if section.key != head:
            continue
        if len(tokens) == 1:
            return messages.t(
                "review_report.target.numbered", number=section.id, title=section.title.get(language)
            )
        for group in section.groups:
            for field in group.fields:
                if field.key == tokens[1]:
                    label = field.label.get(language)
                    if field.letter:
                        label = f"{field.letter}) {label}"
                    return messages.t("review_report.target.numbered", number=group.id, title=label)
    return target


def task_label(task: Any) -> str:
    """A roadmap task with its number when the roadmap gives one ("2.3 Asiakastietojärjestelmät")."""
    number = getattr(task, "number", "")
    return f"{number} {task.heading}" if number and not task.heading.startswith(number) else task.heading


def comment_targets(plan: Any, spec: TemplateSpec, language: str) -> list[tuple[str, str]]:
    """What a reviewer can comment on, in template order: the plan, each section (3.1-3.5, the 3.4 table
    in its place) and each action. (JSON Pointer, label) pairs."""
    sections: list[tuple[str, str]] = [(f"/{s.key}", s.id) for s in spec.sections]
    sections.append((ACTIONS_POINTER, spec.table.id))

    def number(item: tuple[str, str]) -> tuple[int, ...]:
        return tuple(int(p) for p in item[1].split(".") if p.isdigit())

    out = [("", describe_target("", plan, spec, language))]
    out += [
        (pointer, describe_target(pointer, plan, spec, language))
        for pointer, _ in sorted(sections, key=number)
    ]
    for action in getattr(plan, "toimenpiteet", []):
        pointer = f"{ACTIONS_POINTER}/{action.id.replace('~', '~0').replace('/', '~1')}"
        out.append((pointer, describe_target(pointer, plan, spec, language)))
    return out


# --- building the report ----------------------------------------------------------------------------------


class _Builder:
    def __init__(self, report: CoverageReport, plan: Any, spec: TemplateSpec, language: str, timezone: str):
        self.report = report
        self.plan = plan
        self.spec = spec
        self.language = language
        self.messages = load_catalog(language)
        self.timezone = timezone
        self.blocks: list[Block] = []

    def t(self, key: str, **params: Any) -> str:
        return self.messages.t(f"review_report.{key}", **params)

    def yes_no(self, value: bool) -> str:
        return self.t("yes" if value else "no")

    def none_paragraph(self) -> None:
        self.blocks.append(_paragraph(self.t("none")))

    def period(self, key: str) -> str:
        periods = self.plan.meta.periods
        value = getattr(periods, key)
        label = getattr(self.spec.periods, key).label.get(self.language)
        return self.t("period", label=label, start=value.start, end=value.end)

    # --- coverage ------------------------------------------------------------------------------------

    def coverage(self) -> None:
        report = self.report
        self.blocks.append(_heading(self.t("coverage.title")))
        targets_total = sum(len(area.targets) for area in report.areas)
        assessment = report.assessment
        roadmap = report.roadmap
        if assessment.available:
            priorities = self.t(
                "coverage.of",
                count=len(assessment.priorities_without_actions),
                total=len(assessment.priorities),
            )
        else:
            priorities = self.t("coverage.no_assessment")
        if roadmap.available:
            alignment = self.t("coverage.of", count=len(roadmap.matched), total=len(roadmap.tasks))
        else:
            alignment = self.t("roadmap.unavailable_short")
        figures = [
            (self.t("coverage.actions"), report.total_actions),
            (
                self.t("coverage.targets_without_actions"),
                self.t("coverage.of", count=len(report.targets_without_actions), total=targets_total),
            ),
            (self.t("coverage.missing_schedule"), len(report.missing_schedule)),
            (self.t("coverage.missing_responsible"), len(report.missing_responsible)),
            (self.t("coverage.missing_prerequisites"), len(report.missing_prerequisites)),
            (self.t("coverage.empty_required"), len(report.empty_required)),
            (self.t("coverage.data_protection"), self.yes_no(report.data_protection.addressed)),
            (self.t("coverage.short_term", period=self.period("short")), report.balance.short_term),
            (self.t("coverage.long_term", period=self.period("long")), report.balance.long_term),
            (self.t("coverage.unscheduled"), len(report.balance.unscheduled)),
            (self.t("coverage.priorities_without_actions"), priorities),
            (self.t("coverage.roadmap_matched"), alignment),
        ]
        self.blocks.append(
            _table([self.t("coverage.figure"), self.t("coverage.value")], figures, widths=(3, 1))
        )

        self.blocks.append(_heading(self.t("areas.title"), 2))
        columns = [
            self.t("areas.area"),
            self.t("areas.section"),
            self.t("areas.actions"),
            self.t("areas.targets_without_actions"),
            self.t("areas.missing_schedule"),
            self.t("areas.missing_responsible"),
            self.t("areas.missing_prerequisites"),
            self.t("areas.short_term"),
            self.t("areas.long_term"),
        ]
        rows = [
            [
                area.label,
                area.section,
                area.actions,
                len(area.targets_without_actions),
                area.missing_schedule,
                area.missing_responsible,
                area.missing_prerequisites,
                area.short_term,
                area.long_term,
            ]
            for area in report.areas
        ]
        self.blocks.append(_table(columns, rows, widths=(3.2, 1.4, *(1.9,) * 7)))

        self.blocks.append(_heading(self.t("targets_without_actions.title"), 2))
        if report.targets_without_actions:
            self.blocks.append(
                _bullets(
                    self.t("targets_without_actions.item", area=t.area_name, target=t.label)
                    for t in report.targets_without_actions
                )
            )
        else:
            self.none_paragraph()

        self.incomplete_actions()
        self.empty_required()
        self.data_protection()
        self.priorities()
        self.balance()

    def incomplete_actions(self) -> None:
        report = self.report
        self.blocks.append(_heading(self.t("incomplete.title"), 2))
        missing: dict[str, list[str]] = {}
        refs: dict[str, Any] = {}
        for field, found in zip(
            MISSING_FIELDS,
            (report.missing_schedule, report.missing_responsible, report.missing_prerequisites),
            strict=True,
        ):
            for ref in found:
                refs.setdefault(ref.id, ref)
                missing.setdefault(ref.id, []).append(self.t(f"incomplete.field.{field}"))
        if not refs:
            self.none_paragraph()
        else:
            ordered = sorted(refs.values(), key=lambda r: r.index)
            self.blocks.append(
                _table(
                    [self.t("incomplete.action"), self.t("incomplete.target"), self.t("incomplete.missing")],
                    [
                        [_short(r.text, 200) or self.t("empty_action"), r.target, ", ".join(missing[r.id])]
                        for r in ordered
                    ],
                    widths=(5, 3, 2),
                )
            )
        if report.unknown_targets:
            self.blocks.append(_paragraph(self.t("incomplete.unknown_targets")))
            self.blocks.append(
                _bullets(
                    self.t("incomplete.unknown_item", target=r.target, text=_short(r.text, 200))
                    for r in report.unknown_targets
                )
            )

    def empty_required(self) -> None:
        self.blocks.append(_heading(self.t("empty_required.title"), 2))
        if not self.report.empty_required:
            self.none_paragraph()
            return
        self.blocks.append(
            _bullets(
                self.t("empty_required.item", section=e.section_id, label=e.label)
                for e in self.report.empty_required
            )
        )

    def data_protection(self) -> None:
        coverage = self.report.data_protection
        self.blocks.append(_heading(self.t("data_protection.title"), 2))
        self.blocks.append(
            _paragraph(
                self.t("data_protection.addressed" if coverage.addressed else "data_protection.missing")
            )
        )
        if coverage.mentions:
            self.blocks.append(
                _table(
                    [
                        self.t("data_protection.where"),
                        self.t("data_protection.word"),
                        self.t("data_protection.snippet"),
                    ],
                    [[m.label, m.word, _short(m.snippet, SNIPPET_CHARS)] for m in coverage.mentions],
                    widths=(3, 1.5, 5.5),
                )
            )

    def priorities(self) -> None:
        assessment = self.report.assessment
        self.blocks.append(_heading(self.t("priorities.title"), 2))
        if not assessment.available:
            self.blocks.append(_paragraph(self.t("coverage.no_assessment")))
            return
        if not assessment.priorities:
            self.none_paragraph()
            return
        self.blocks.append(
            _paragraph(
                self.t(
                    "priorities.scale",
                    min=_number(assessment.scale_min, self.language),
                    max=_number(assessment.scale_max, self.language),
                )
            )
        )
        rows = [
            [
                p.label,
                _number(p.maturity, self.language),
                _number(p.satisfaction, self.language),
                ", ".join(self.t(f"priorities.reason.{r}") for r in p.reasons),
                p.actions,
            ]
            for p in assessment.priorities
        ]
        self.blocks.append(
            _table(
                [
                    self.t("priorities.area"),
                    self.t("priorities.maturity"),
                    self.t("priorities.satisfaction"),
                    self.t("priorities.reason_title"),
                    self.t("priorities.actions"),
                ],
                rows,
                widths=(3, 1.5, 1.5, 3, 1.5),
            )
        )
        if assessment.priorities_without_actions:
            names = [
                p.label for p in assessment.priorities if p.area_key in assessment.priorities_without_actions
            ]
            self.blocks.append(_paragraph(self.t("priorities.without_actions", areas="; ".join(names))))

    def balance(self) -> None:
        balance = self.report.balance
        self.blocks.append(_heading(self.t("balance.title"), 2))
        self.blocks.append(
            _bullets(
                [
                    self.t("balance.short", period=self.period("short"), count=balance.short_term),
                    self.t("balance.long", period=self.period("long"), count=balance.long_term),
                    self.t("balance.both", count=balance.both),
                    self.t("balance.short_only", count=len(balance.short_only)),
                    self.t("balance.long_only", count=len(balance.long_only)),
                    self.t("balance.unscheduled", count=len(balance.unscheduled)),
                ]
            )
        )

    # --- roadmap -------------------------------------------------------------------------------------

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


# --- Markdown -------------------------------------------------------------------------------------------


def _cell(text: str) -> str:
    """A table cell: one line, escaped (pipes included)."""
    return escape_md(" ".join(text.split())) or " "


def to_markdown(report: ReviewReport) -> str:
    out = [f"# {escape_md(report.title)}", "", f"**{escape_md(report.subtitle)}**", ""]
    out += [f"{escape_md(line)}  " for line in report.meta]
    out.append("")
    for block in report.blocks:
        if block.kind == "heading":
            out += [f"{'#' * (block.level + 1)} {escape_md(' '.join(block.text.split()))}", ""]
        elif block.kind == "paragraph":
            out += [escape_md(block.text), ""]
        elif block.kind == "bullets":
            out += [f"- {escape_md(' '.join(item.split()))}" for item in block.items]
            out.append("")
        else:
            out.append("| " + " | ".join(_cell(c) for c in block.columns) + " |")
            out.append("|" + "|".join(" --- " for _ in block.columns) + "|")
            out += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in block.rows]
            out.append("")
    return "\n".join(out).rstrip() + "\n"


def report_filename(report: ReviewReport, extension: str, today: date | None = None) -> str:
    """A file name like `katselmointiraportti-<plan title>-2026-01-31.md` (ASCII-safe)."""
    day = (today or report.created.date()).isoformat()
    base = f"{report.title}-{report.subtitle}"
    ascii_ = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^A-Za-z0-9]+", "-", ascii_).strip("-").lower()[:80] or "review"
    return f"{slug}-{day}.{extension}"
