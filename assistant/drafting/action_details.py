"""The details of each action of a development target, asked one at a time after the action is recorded:
its schedule, responsible person (the 3.1 preparer offered as the default) and prerequisites."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from assistant.drafting import extract
from assistant.drafting.answer_value import without_acknowledgement
from assistant.drafting.context import TurnContext
from assistant.drafting.detail_text import DETAIL_FIELD, detail_value, leading_detail, role_only
from assistant.drafting.extract import ExtractionError, alternation, words_pattern
from assistant.drafting.inline_details import split_inline
from assistant.drafting.models import Pending
from assistant.drafting.reply import short, show_findings, show_proposals
from assistant.drafting.schedule import plan_periods, split_schedule
from assistant.drafting.steps import TargetStep
from assistant.markdown import escape_md
from assistant.template.models import LIMITS, Action
from assistant.template.schedule_years import DASH, years_in
from assistant.textutil import period_text

ACTION_FIELDS = ("schedule", "vastuuhenkilo", "edellytykset")
# Asked once after a schedule that fills only the short-term cell: the long term (a reviewer checks both);
# "ei" leaves it empty on purpose.
LONG = "pitka_aikavali"
LONG_NO_WORDS = 6  # a no this short with no year at the long-term question: not continued
PERSON_CHARS = 80  # a preparer text longer than this is a description: its person (or first clause) is used
MIN_PERSON_CHARS = 3  # what is left of a person's answer without its reason must still name someone
SHORT_PERSON_WORDS = 4  # up to this many words: a name or a role as it is ("muutosjohtaja Liisa Korhonen")
_CAPITALISED_RUN = re.compile(
    r"(?<!\S)[A-ZÅÄÖ][a-zåäöé]+(?:-[A-ZÅÄÖ][a-zåäöé]+)?(?:\s+[A-ZÅÄÖ][a-zåäöé]+(?:-[A-ZÅÄÖ][a-zåäöé]+)?)*"
)
_PERSON = re.compile(
    r"\b[A-ZÅÄÖ][a-zåäöé]+(?:-[A-ZÅÄÖ][a-zåäöé]+)?\s+[A-ZÅÄÖ][a-zåäöé]+(?:-[A-ZÅÄÖ][a-zåäöé]+)?\b"
)
_YES_NO_LEAD = re.compile(
    r"^\W*(kyllä|joo|juu|ei|ja|jo|nej|yes|no)\b[\s,.:;!-]*((se|hän|det|it)\s+(on|är|is)\s+)?(meidän\s+|vår\s+|our\s+)?",
    re.IGNORECASE,
)


def person_of(preparer: str) -> str:
    """The person (or role) named by 3.1.2 a): a short text as it is; in a sentence ("Valmistelusta vastaa
    kehitysjohtaja Anna Virtanen") the first run of capitalised words that names a person, with the role
    word just before it; else the first clause when it is as short as a name with its title, or nothing
    (no person is offered). Never a question ("mitä tähän kirjoitetaan?")."""
    text = " ".join(preparer.split())
    if text.endswith("?"):
        return ""
    words = text.split()
    if len(words) <= SHORT_PERSON_WORDS and len(text) <= PERSON_CHARS:
        return text
    for run in _CAPITALISED_RUN.finditer(text):
        names = run.group(0).split()
        if len(names) < 2:
            continue
        before = text[: run.start()].split()
        role = [w for w in before[-1:] if w[:1].islower() and w.isalpha()]  # the title just before
        if role and len(before) == 2 and before[0].isalpha():  # "Development director Jane Smith leads …"
            role.insert(0, before[0])
        return " ".join([*role, *names[-3:]])
    if len(text) <= PERSON_CHARS:
        return text
    clause = re.split(r"[.;,:(]", text)[0].strip()
    # a clause longer than a name with its title is a sentence about the preparation, no person to offer
    return clause if len(clause.split()) <= SHORT_PERSON_WORDS and len(clause) <= PERSON_CHARS else ""


def confirms_preparer(text: str) -> bool:
    """A short reply that only says the offered preparer will do ("toi valmistelija käy", "samma person
    går bra"): made of the vocabulary's confirming words, at least one of them a confirming stem."""
    words = [w.strip(".,!?:;\"'").lower() for w in text.split()]
    words = [w for w in words if w]
    if not 1 <= len(words) <= 5:
        return False
    vocab = extract.vocabulary()
    stems, plain = vocab["preparer_confirm_stems"], set(vocab["preparer_confirm_words"])
    stemmed = [any(w.startswith(s) for s in stems) for w in words]
    return any(stemmed) and all(hit or w in plain for w, hit in zip(words, stemmed, strict=True))


def _after_yes_no(text: str) -> str:
    """The answer without its leading yes/no ("Kyllä se on meidän talousjohtaja X" -> "talousjohtaja X")."""
    return _YES_NO_LEAD.sub("", text.strip(), count=1).strip(" .,")


class ActionDetails:
    """Asks for and records the missing details of the target's actions; `advance` moves on when none is
    missing and no proposal is left."""

    def __init__(self, *, advance: Callable[[TurnContext], None]) -> None:
        self._advance = advance

    @staticmethod
    def incomplete(ctx: TurnContext, step: TargetStep) -> tuple[int, Action, str] | None:
        """(index, action, detail) of the target's first action with a detail missing (details the user
        skipped or left open for now are not asked again)."""
        skipped = set(ctx.state.target.skipped) if ctx.state.target else set()
        for i, action in enumerate(ctx.plan.toimenpiteet):
            if action.kehittamiskohde != step.target.name:
                continue
            missing = []
            if not action.lyhyt_aikavali and not action.pitka_aikavali:
                missing.append("schedule")
            elif not action.pitka_aikavali and action.id not in ctx.state.long_declined:
                missing.append(LONG)
            if not action.vastuuhenkilo:
                missing.append("vastuuhenkilo")
            if not action.edellytykset:
                missing.append("edellytykset")
            for detail in missing:
                if f"{action.id}:{detail}" not in skipped:
                    return i, action, detail
        return None

    @staticmethod
    def incomplete_action(action: Action) -> str | None:
        if not action.lyhyt_aikavali and not action.pitka_aikavali:
            return "schedule"
        if not action.vastuuhenkilo:
            return "vastuuhenkilo"
        return None if action.edellytykset else "edellytykset"

    def next_detail_or_target(self, ctx: TurnContext, step: TargetStep, *, stay: bool = False) -> None:
        """Ask the next missing detail; else show the remaining proposals; else move on (`stay`: after an
        edit of a recorded action the target stays open, with what can be done there)."""
        target = ctx.state.target
        assert target is not None
        missing = self.incomplete(ctx, step)
        if missing is not None:
            _, action, field_name = missing
            target.detail = {"action_id": action.id, "field": field_name}
            self.ask(ctx, action, field_name)
            return
        target.detail = None
        if target.proposals:
            ctx.say("remaining_proposals")
            show_proposals(ctx)
        elif stay:
            ctx.say("no_more_proposals")
        else:
            self._advance(ctx)

    @staticmethod
    def ask(ctx: TurnContext, action: Action, field_name: str) -> None:
        short_period, long_period = ctx.plan.meta.periods.short, ctx.plan.meta.periods.long
        label = escape_md(short(action.toimenpide))
        if field_name == LONG:
            ctx.say("ask_schedule_long", action=label, long=period_text(long_period.start, long_period.end))
        elif field_name == "schedule":
            ctx.say(
                "ask_schedule",
                action=label,
                short=period_text(short_period.start, short_period.end),
                long=period_text(long_period.start, long_period.end),
            )
        elif field_name == "vastuuhenkilo":
            preparer = person_of(ctx.plan.kuvaus.valmisteluajan_vastuullinen_toimija)
            if preparer:
                ctx.say("ask_responsible_default", action=label, preparer=escape_md(preparer))
            else:
                ctx.say("ask_responsible", action=label)
        else:
            ctx.say("ask_prerequisites", action=label)

    def answer(self, ctx: TurnContext, step: TargetStep, text: str) -> None:
        target = ctx.state.target
        assert target is not None and target.detail is not None
        text = without_acknowledgement(text)  # "Hyvä on. Q3/2026.": the schedule is Q3/2026
        index = next(
            (i for i, a in enumerate(ctx.plan.toimenpiteet) if a.id == target.detail["action_id"]), None
        )
        if index is None:  # the action was removed elsewhere
            target.detail = None
            self.next_detail_or_target(ctx, step)
            return
        action = ctx.plan.toimenpiteet[index]
        field_name = target.detail["field"]
        base = f"/toimenpiteet/{index}"
        if field_name == LONG:
            if self._long_answer(ctx, target, index, text):
                self._after_detail(ctx, step, action, base)
            return
        try:
            if field_name == "vastuuhenkilo" and _schedule_like(text):
                # "2028–2030: seuranta neljännesvuosittain" at the person question: the schedule, said so
                self.acknowledge(ctx, action, "schedule", self.store(ctx, index, "schedule", text))
                self.ask(ctx, action, field_name)
                return
            bare = extract.yes_no(text) is not None and len(text.split()) <= 2
            if field_name == "edellytykset" and bare and not words_pattern("nothing_needed").match(text):
                ctx.say("detail_needs_text")  # "kyllä" is no prerequisite; "ei erityisiä" is one
                self.ask(ctx, action, field_name)
                return
            no_default = not person_of(ctx.plan.kuvaus.valmisteluajan_vastuullinen_toimija)
            if field_name == "vastuuhenkilo" and bare and no_default:
                ctx.say("person_needs_name")  # "kyllä" with no preparer to confirm is no person
                self.ask(ctx, action, field_name)
                return
            if field_name == "vastuuhenkilo":
                preparer = person_of(ctx.plan.kuvaus.valmisteluajan_vastuullinen_toimija)
                confirmed = extract.yes_no(text) if preparer else None
                rest = _after_yes_no(text)
                # "kyllä" or "toi valmistelija käy": the person offered (never the words, or a paragraph)
                if (confirmed is True and len(rest) < 3) or (preparer and confirms_preparer(text)):
                    text = preparer
                    ctx.state.default_responsible_ok = True
                elif confirmed is False and len(rest) < 3:  # "ei": someone else, asked by name
                    ctx.say("ask_responsible", action=escape_md(short(action.toimenpide)))
                    return
                elif confirmed is not None:
                    text = rest
            elif field_name == "schedule" and self._offered_elsewhere(ctx, action, text):
                return
            inline = split_inline(text) if field_name == "schedule" else None  # "syksy 2026, vastuu X, …"
            details = inline.details if inline and "schedule" not in inline.details else {}
            text = inline.text if inline and details else text
            lead = leading_detail(text)  # "edellytykset ovat X" answering the prerequisites: X
            if lead is not None and lead[0] == field_name:
                text = detail_value(text, field_name) or text
            stored = self.store(ctx, index, field_name, text, merge=False)
        except ExtractionError as exc:
            ctx.say(exc.code, **exc.params)
            return
        self.acknowledge(ctx, action, field_name, stored)
        self.record_inline(ctx, index, details)  # the person and prerequisites said with the schedule
        self._after_detail(ctx, step, action, base)

    def _after_detail(self, ctx: TurnContext, step: TargetStep, action: Action, base: str) -> None:
        show_findings(ctx, [base])
        skipped = ctx.state.target.skipped if ctx.state.target else []
        long_next = not action.pitka_aikavali and action.id not in ctx.state.long_declined  # asked next
        long_next = long_next and f"{action.id}:{LONG}" not in skipped
        if self.incomplete_action(action) is None and not long_next:
            label = escape_md(short(action.toimenpide))
            if action.pitka_aikavali:
                ctx.say("action_complete", action=label)
            else:
                long_period = ctx.plan.meta.periods.long
                ctx.say(
                    "action_complete_no_long",
                    action=label,
                    long=period_text(long_period.start, long_period.end),
                )
        self.next_detail_or_target(ctx, step)

    def record_inline(self, ctx: TurnContext, index: int, details: dict[str, str]) -> None:
        """Details typed with the action itself: each stored and said back; one that cannot be recorded
        is said so and asked in turn."""
        action = ctx.plan.toimenpiteet[index]
        for field_name, value in details.items():
            try:
                stored = self.store(ctx, index, field_name, value)
            except ExtractionError as exc:
                ctx.say(exc.code, **exc.params)
                continue
            self.acknowledge(ctx, action, field_name, stored)

    @staticmethod
    def acknowledge(ctx: TurnContext, action: Action, field_name: str, value: str) -> None:
        """Every stored detail is said back, so that nothing is recorded silently (the one place that says
        it: the flow, edits from any step and accepted offers all call this)."""
        # "schedule" names both periods' cells; the long-term cell alone is "schedule_long"
        label = ctx.t(f"action_field.{'schedule' if field_name == 'schedule' else DETAIL_FIELD[field_name]}")
        ctx.say(
            "detail_recorded", action=escape_md(short(action.toimenpide)), label=label, value=escape_md(value)
        )

    def _long_answer(self, ctx: TurnContext, target: Any, index: int, text: str) -> bool:
        """The answer to the long-term question: "ei" (or "ohita") leaves the cell empty on purpose (not
        asked again); a text goes to the long-term cell as written, or split when labelled by period.
        False when the answer cannot be recorded (the error is said; the question waits)."""
        action = ctx.plan.toimenpiteet[index]
        said = extract.yes_no(text)
        bare = said if len(text.split()) <= 3 else None
        negative = said is False or words_pattern("nothing_needed").match(text) is not None
        said_no = negative and len(text.split()) <= LONG_NO_WORDS and not years_in(text)  # "ingen"
        if bare is False or said_no:
            # "ei", "Ei pitkän aikavälin osuutta.", "nej, den fortsätter inte": no long term
            ctx.state.long_declined.append(action.id)  # asked once: not again on a later visit
            ctx.say("long_left_empty")
            return True
        if bare is True:  # "kyllä" says that it goes on, not what is done then
            ctx.say("long_needs_text")
            self.ask(ctx, action, LONG)
            return False
        try:
            cells = split_schedule(text, plan_periods(ctx.plan))
        except ExtractionError:  # no year in it: the text as written, checked below
            cells = None
        if cells is not None and cells.short and cells.long:  # labelled by period: both cells
            self.store(ctx, index, "schedule", text, merge=True)
            value = cells.long
        elif self._offered_elsewhere(ctx, action, text):  # a person's name: offered, not stored
            return False
        else:
            value = cells.long if cells is not None and cells.long and not cells.short else text
            try:
                value = self.store(ctx, index, LONG, value)
            except ExtractionError as exc:
                ctx.say(exc.code, **exc.params)
                return False
        self.acknowledge(ctx, action, LONG, value)
        return True

    @staticmethod
    def store(ctx: TurnContext, index: int, field_name: str, text: str, *, merge: bool = True) -> str:
        """Record `text` as the detail `field_name` of action `index`; returns the value as stored (a
        schedule as its period cells). `merge`: a schedule naming one period keeps the other's cell.
        Raises ExtractionError for an answer that cannot be recorded (nothing is changed)."""
        action = ctx.plan.toimenpiteet[index]
        base = f"/toimenpiteet/{index}"
        if field_name == "vastuuhenkilo":
            text = without_reason(text)  # "X, koska …": the person, not the explanation
        if field_name == "schedule":
            extract.field_value(text, limit=LIMITS.action_short_chars)  # the length budget first
            cells = split_schedule(text, plan_periods(ctx.plan))
            short_cell = cells.short or (action.lyhyt_aikavali if merge else "")
            long_cell = cells.long or (action.pitka_aikavali if merge else "")
            ctx.change(f"{base}/lyhyt_aikavali", action.lyhyt_aikavali, short_cell)
            ctx.change(f"{base}/pitka_aikavali", action.pitka_aikavali, long_cell)
            action.lyhyt_aikavali, action.pitka_aikavali = short_cell, long_cell
            periods = plan_periods(ctx.plan)
            parts = [
                _labelled(start, end, cell.rstrip(" .;"))
                for (start, end), cell in ((periods.short, short_cell), (periods.long, long_cell))
                if cell
            ]
            value = "; ".join(parts)
        else:
            short_cell = field_name in ("vastuuhenkilo", LONG)  # a person, or the long term's cell alone
            limit = LIMITS.action_short_chars if short_cell else LIMITS.action_text_chars
            value = extract.field_value(text, limit=limit)
            ctx.change(f"{base}/{field_name}", getattr(action, field_name), value)
            setattr(action, field_name, value)
        ctx.recorded = {"path": base, "value": action.model_dump(mode="json")}
        return value

    @staticmethod
    def _offered_elsewhere(ctx: TurnContext, action: Action, text: str) -> bool:
        """A name typed at the schedule question (no year in it): offered as the responsible person,
        nothing stored on the guess; the schedule question waits."""
        if years_in(text) or len(text) > PERSON_CHARS:
            return False
        if not _PERSON.search(text) and not _known_person(ctx.plan, text) and not role_only(text):
            return False
        ctx.state.pending = Pending(
            kind="move_content", text=text, field="responsible", step=ctx.state.step, action_id=action.id
        )
        ctx.say(
            "offer_detail",
            action=escape_md(short(action.toimenpide)),
            label=ctx.t("action_field.responsible"),
        )
        return True


def _known_person(plan: Any, text: str) -> bool:
    """One or two capitalised words that are part of a person the plan already names (the preparer of
    3.1.2 a, an action's responsible person): "Maria" when "CDO Maria Lind" prepares the plan."""
    words = text.strip(" .!").split()
    if not 1 <= len(words) <= 2 or not all(w[:1].isupper() and w.isalpha() for w in words):
        return False
    named = [plan.kuvaus.valmisteluajan_vastuullinen_toimija, *(a.vastuuhenkilo for a in plan.toimenpiteet)]
    known = {w.strip(".,;:()") for person in named for w in (person or "").split() if w[:1].isupper()}
    return all(w in known for w in words)


_PERIOD_LEAD = re.compile(r"^\s*(?:19|20)\d\d(?:\s*[–—-]\s*(?:19|20)?\d\d)?\s*:")


def _schedule_like(text: str) -> bool:
    """A period label first ("2028–2030: …"): a schedule, never a person."""
    return bool(_PERIOD_LEAD.match(text))


def _labelled(start: int, end: int, cell: str) -> str:
    """A schedule cell said back with its period ("2028–2030: laajennetaan"), once: a cell that already
    opens with its period's range is said as it is."""
    opening = rf"\s*{start}{DASH}{end}\b" if start != end else rf"\s*{start}\b(?!\s*{DASH})"
    return cell if re.match(opening, cell) else f"{period_text(start, end)}: {cell}"


@lru_cache(maxsize=1)
def _reason() -> re.Pattern[str]:
    return re.compile(rf",\s*(?:{alternation('reason_words')})\s.*$", re.IGNORECASE | re.DOTALL)


def without_reason(text: str) -> str:
    """A person's answer without the reason given after a comma ("X, koska kyse on …" -> "X")."""
    kept = _reason().sub("", text).strip(" .")
    return kept if len(kept) >= MIN_PERSON_CHARS else text
