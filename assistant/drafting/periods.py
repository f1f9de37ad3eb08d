"""The plan's own periods: chosen when the plan is started (the template's by default) and changeable at
any time, in the chat ("aikavälit 2026–2027 ja 2028–2030"), on the plan page and by import.

Changing the periods never changes a schedule text: the cells keep the county's words and the validator
then checks their years against the new periods (warnings only).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from assistant.drafting.context import TurnContext
from assistant.drafting.extract import ExtractionError
from assistant.drafting.reply import show_findings
from assistant.template.models import Period, Periods
from assistant.textutil import period_text

MIN_YEAR, MAX_YEAR = 1990, 2100
_RANGE = re.compile(r"(?<!\d)((?:19|20|21)\d{2})\s*(?:[-–—]|\.\.|to|till|asti)\s*((?:19|20|21)\d{2})(?!\d)")
_YEAR = re.compile(r"(?<!\d)((?:19|20|21)\d{2})(?!\d)")


@dataclass(frozen=True)
class PeriodChange:
    old: dict[str, Any]
    new: dict[str, Any]

    @property
    def changed(self) -> bool:
        return self.old != self.new


def format_range(start: int, end: int) -> str:
    return period_text(start, end)


def parse_periods(text: str) -> tuple[tuple[int, int], tuple[int, int]]:
    """Two periods from plain words: "2026–2027 ja 2028–2030", "lyhyt 2026-2027, pitkä 2028-2030",
    "2026–2030" (one span: split as the template does, two years short and the rest long).

    Raises ExtractionError("periods_unparsed") when the text does not give them."""
    ranges = [tuple(sorted((int(a), int(b)))) for a, b in _RANGE.findall(text)]
    if len(ranges) == 1 and not _YEAR.findall(_RANGE.sub(" ", text)):
        start, end = ranges[0]
        if end - start >= 2:  # the whole horizon: the first two years are the short term
            ranges = [(start, start + 1), (start + 2, end)]
    elif len(ranges) == 1:  # "2026–2027 ja 2030": the second period from its end year
        rest = [int(y) for y in _YEAR.findall(_RANGE.sub(" ", text))]
        ranges.append((ranges[0][1] + 1, rest[0]))
    if len(ranges) != 2:
        raise ExtractionError("periods_unparsed", text=text.strip()[:80])
    (s1, e1), (s2, e2) = sorted(ranges)
    return (s1, e1), (s2, e2)


def check_periods(short: tuple[int, int], long: tuple[int, int]) -> None:
    """Raises ExtractionError("periods_invalid") unless short precedes long, each start <= end."""
    years = (*short, *long)
    ok = all(MIN_YEAR <= y <= MAX_YEAR for y in years) and short[0] <= short[1] < long[0] <= long[1]
    if not ok:
        raise ExtractionError(
            "periods_invalid",
            short=format_range(*short),
            long=format_range(*long),
            min=MIN_YEAR,
            max=MAX_YEAR,
        )


def set_periods(plan: Any, short: tuple[int, int], long: tuple[int, int]) -> PeriodChange:
    """Set the plan's periods (validated); the schedule texts are kept as they are."""
    check_periods(short, long)
    old = plan.meta.periods.model_dump()
    plan.meta.periods = Periods(
        short=Period(start=short[0], end=short[1]), long=Period(start=long[0], end=long[1])
    )
    return PeriodChange(old=old, new=plan.meta.periods.model_dump())


def describe(plan: Any) -> dict[str, str]:
    p = plan.meta.periods
    return {"short": format_range(p.short.start, p.short.end), "long": format_range(p.long.start, p.long.end)}


def periods_command(ctx: TurnContext, argument: str) -> None:
    """The chat command: without an argument, the current periods and how to change them; with one,
    set them and show what the validator now says about the schedules."""
    if not argument.strip():
        ctx.say("periods_current", **describe(ctx.plan))
        return
    try:
        short, long = parse_periods(argument)
    except ExtractionError as exc:
        ctx.say(exc.code, **{**describe(ctx.plan), **exc.params})
        return
    apply_periods(ctx, short, long)


def apply_periods(ctx: TurnContext, short: tuple[int, int], long: tuple[int, int]) -> bool:
    """Set the plan's periods in a conversation turn and say what happened (the schedule texts are kept
    and re-checked). False when the periods were refused."""
    try:
        change = set_periods(ctx.plan, short, long)
    except ExtractionError as exc:
        ctx.say(exc.code, **{**describe(ctx.plan), **exc.params})
        return False
    if not change.changed:
        ctx.say("periods_unchanged", **describe(ctx.plan))
        return True
    ctx.change("/meta/periods", change.old, change.new)
    scheduled = sum(bool(a.lyhyt_aikavali or a.pitka_aikavali) for a in ctx.plan.toimenpiteet)
    ctx.say("periods_set", **describe(ctx.plan))
    if scheduled:
        ctx.say("periods_schedules_kept", count=scheduled)
        show_findings(ctx, ["/toimenpiteet"])
    return True


def apply_periods_edit(
    store: Any,
    plan_id: str,
    *,
    expected_version: int,
    short: tuple[int, int],
    long: tuple[int, int],
    author: str,
    language: str = "fi",
) -> Any:
    """The plan page's periods form: one revision, refused with a message when contradictory, a
    conflict when someone saved in between. Returns an `EditResult`."""
    from assistant.drafting.edits import EditResult
    from assistant.i18n import load_catalog
    from assistant.storage import ConflictError
    from assistant.template.validator import validate_plan

    messages = load_catalog(language)
    stored = store.get(plan_id)
    if stored.version != expected_version:
        exc = ConflictError(plan_id, expected_version, stored.version)
        return EditResult(saved=False, version=stored.version, conflict=True, message=exc.message(language))
    plan = stored.plan.model_copy(deep=True)
    try:
        change = set_periods(plan, short, long)
    except ExtractionError as exc:
        return EditResult(
            saved=False, version=stored.version, message=messages.t(f"drafting.{exc.code}", **exc.params)
        )
    if not change.changed:
        return EditResult(saved=False, version=stored.version, message=messages.t("ui.plan.edit.unchanged"))
    changes = [{"path": "/meta/periods", "old": change.old, "new": change.new}]
    try:
        saved = store.save(
            plan_id,
            plan,
            expected_version=expected_version,
            author=author,
            summary="edit periods",
            changes=changes,
        )
    except ConflictError as exc:
        return EditResult(
            saved=False, version=exc.current_version, conflict=True, message=exc.message(language)
        )
    report = validate_plan(plan, language=language)
    return EditResult(
        saved=True,
        version=saved.version,
        findings=report.findings,
        message=messages.t("drafting.periods_set", **describe(plan)),
        paths=["/meta/periods", "/toimenpiteet"],
        changes=changes,
    )


BOUND_WINDOW = 2  # words between a period's name ("pitkä aikaväli") and "päättyy"


def period_bound(text: str, plan: Any) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """The plan's periods with one end moved, when the message says where a period starts or ends ("pitkä
    aikaväli päättyy vuoteen 2030 eikä 2031", "long term ends in 2030", "kort sikt börjar 2027"): the
    period's name (a label and its noun, vocabulary `period_names_*`), a verb of ending or starting right
    after it, then the first year. "Lyhyellä aikavälillä pilotti päättyy 2027" says when something is done,
    not where the period ends; a message with a range is a periods answer of its own."""
    if _RANGE.search(text):
        return None
    for which in ("short", "long"):
        found = _bound_pattern(which).search(text)
        if found is None:
            continue
        p = plan.meta.periods
        short, long = [p.short.start, p.short.end], [p.long.start, p.long.end]
        period = short if which == "short" else long
        period[0 if found.group("start") else 1] = int(found.group("year"))
        return (short[0], short[1]), (long[0], long[1])
    return None


@lru_cache(maxsize=2)
def _bound_pattern(which: str) -> re.Pattern[str]:
    """A period's name, then within `BOUND_WINDOW` words a verb of ending (group "end") or starting
    (group "start"), then within three words a year."""
    from assistant.drafting.extract import alternation

    ends, starts = alternation("period_end_words"), alternation("period_start_words")
    return re.compile(
        rf"(?<!\w)(?:{alternation(f'period_names_{which}')})(?!\w)(?:\W+\w+){{0,{BOUND_WINDOW}}}?"
        rf"\W+(?:(?P<end>{ends})|(?P<start>{starts}))\w*(?:\W+\w+){{0,3}}?\W+(?P<year>(?:19|20)\d{{2}})(?!\d)",
        re.IGNORECASE,
    )
