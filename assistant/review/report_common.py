"""What the review report's parts share: block constructors, labels of targets, tasks and times, and
the builder's base (messages, yes/no, periods)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from assistant.i18n import Catalog, load_catalog
from assistant.review.models import CoverageReport
from assistant.review.report_model import Block
from assistant.storage.comments import ACTIONS_POINTER, unescape_token
from assistant.template.spec import TemplateSpec

DEFAULT_TIMEZONE = "Europe/Helsinki"
ACTION_TEXT_CHARS = 80
SNIPPET_CHARS = 240
MISSING_FIELDS: tuple[str, ...] = ("schedule", "long_term", "responsible", "prerequisites")


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


class BuilderBase:
    """The report being built: its blocks and the reader's messages."""

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
