"""Chat commands about recorded actions that work on every step (also after the last one): remove or edit
an action named by its number at its target, by its text (best in quotes) or as the one recorded last, and
the value a chat edit gives for an action's detail ("toimenpiteen 1 vastuuhenkilö on X" -> "X")."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rapidfuzz import fuzz

from assistant.drafting import extract
from assistant.drafting.action_details import ActionDetails
from assistant.drafting.commands import parse_command
from assistant.drafting.context import Step, TurnContext
from assistant.drafting.detail_text import (
    DETAIL_FIELD,
    FIELD_DETAIL,
    action_argument,
    detail_value,
    leading_detail,
    names_action,
)
from assistant.drafting.extract import ExtractionError, vocabulary
from assistant.drafting.reply import short, show_missing
from assistant.drafting.steps import DONE, TargetStep
from assistant.interpret import rules
from assistant.interpret.base import needs_clarification
from assistant.interpret.models import Interpretation, Slots
from assistant.markdown import escape_md
from assistant.template.schedule_years import years_in
from assistant.template.spec import TemplateSpec

if TYPE_CHECKING:
    from assistant.drafting.navigation import Navigator

Reask = Callable[[TurnContext, Step], None]
MATCH_MIN = 88  # rapidfuzz partial ratio for an action named by its text
MATCH_MARGIN = 4  # ... and this much ahead of the next one (else the candidates are listed)
CANDIDATES = 5
# Readings that need their own words ("ohita koko kohde", "merkitse kaikki valmiiksi"): without them, a
# message typed at an action's detail question is not read as one of these rather than as the answer.
PROPOSAL_DECISIONS = ("accept_proposals", "reject_proposals", "edit_proposal")
NEEDS_OWN_WORDS = frozenset({"skip_target", "skip_question", "instruction", "status", "missing", "help"})
_QUOTED = re.compile(r"[\"“”«»'‘’]([^\"“”«»]{3,}?)[\"“”«»'‘’](?=[\s,.;:!?]|$)")
_NUMBER_ONLY = re.compile(r"^\s*(?:n:o|nro|nr|no\.?|#)?\s*(\d{1,3})\s*\.?\s*$", re.IGNORECASE)


def mentions_last(text: str) -> bool:
    """The text says "the last one" (vocabulary `last_action`), a long word of it also with one typo
    ("viimenen")."""
    words = re.findall(r"\w+", text.lower())
    last = [w.lower() for w in vocabulary()["last_action"]]
    joined = " ".join(words)
    if any(w in words if " " not in w else w in joined for w in last):
        return True
    long = [w for w in last if " " not in w and len(w) >= LONG_WORD]
    return any(fuzz.ratio(word, w) >= TYPO_RATIO for word in words if len(word) >= LONG_WORD for w in long)


LONG_WORD = 7  # words this long are matched with a typo too
TYPO_RATIO = 88  # rapidfuzz ratio of one dropped or swapped letter in a 7-9 letter word


def quoted(text: str) -> str | None:
    found = _QUOTED.findall(text)
    return max(found, key=len).strip() if found else None


def find_action(plan: Any, needle: str) -> tuple[int | None, list[int]]:
    """(index, candidates) of the action whose text the needle names: one clear match, else the closest
    few (an action is never picked on a guess)."""
    needle = " ".join(needle.split()).lower()
    if len(needle) < 6:
        return None, []
    scored = []
    for i, action in enumerate(plan.toimenpiteet):
        text = " ".join(action.toimenpide.split()).lower()
        score = fuzz.partial_ratio(needle, text) if len(needle) <= len(text) else fuzz.ratio(needle, text)
        scored.append((score, i))
    scored.sort(reverse=True)
    if not scored:
        return None, []
    best, index = scored[0]
    second = scored[1][0] if len(scored) > 1 else 0
    if best >= MATCH_MIN and best - second >= MATCH_MARGIN:
        return index, []
    return None, [i for s, i in scored[:CANDIDATES] if s >= 60]


class ActionChat:
    """Removing and editing recorded actions from any step (the replies say which action, in words)."""

    def __init__(self, spec: TemplateSpec, *, details: ActionDetails, navigator: Navigator) -> None:
        self.spec = spec
        self.details = details
        self.navigator = navigator

    def delete_anywhere(
        self, ctx: TurnContext, step: Step, text: str, argument: str, number: int | None, *, reask: Reask
    ) -> None:
        """Remove a recorded action from any step; then what is asked there (after the last step: what the
        plan still lacks)."""
        removed = self.delete(ctx, step, text, argument, number)
        if removed and isinstance(step, TargetStep) and ctx.state.target is not None:
            self.details.next_detail_or_target(ctx, step, stay=True)
        elif removed and step == DONE:
            show_missing(ctx)
        else:
            reask(ctx, step)

    def edit_anywhere(
        self,
        ctx: TurnContext,
        step: Step,
        detail: str | None,
        text: str,
        *,
        value: str | None = None,
        reask: Reask,
    ) -> None:
        """An action's detail changed from outside its target: stored when the message gives the value
        (`value`: the interpretation's, else read from the message), else the action's target is opened
        and the detail asked."""
        index = self.resolve(ctx, step, text, action_argument(text), None)
        if index is None:
            reask(ctx, step)
            return
        if detail is not None and self.edit_detail(ctx, index, detail, text, value):
            reask(ctx, step)
            return
        action = ctx.plan.toimenpiteet[index]
        step_id = self.navigator.resolve(ctx.plan, action.kehittamiskohde)
        if step_id is None:
            ctx.say("not_understood")
            return
        self.navigator.enter(ctx, step_id)
        if detail is not None and ctx.state.target is not None:
            ctx.state.target.detail = {"action_id": action.id, "field": detail}
            self.details.ask(ctx, action, detail)

    def resolve(
        self, ctx: TurnContext, step: Step, text: str, argument: str, number: int | None
    ) -> int | None:
        """The action a message names: its number at the current target, the one recorded last, or its
        text. Says why when none (listing the closest), and returns None."""
        plan = ctx.plan
        if not plan.toimenpiteet:
            ctx.say("no_actions_yet")
            return None
        here = (
            [i for i, a in enumerate(plan.toimenpiteet) if a.kehittamiskohde == step.target.name]
            if isinstance(step, TargetStep)
            else []
        )
        only = _NUMBER_ONLY.match(argument)
        if number is None and only:
            number = int(only.group(1))
        if number is not None and isinstance(step, TargetStep):
            if 1 <= number <= len(here):
                return here[number - 1]
            ctx.say("unknown_action", n=number, count=len(here))
            return None
        if mentions_last(text):
            return len(plan.toimenpiteet) - 1
        needle = quoted(text) or argument
        index, candidates = find_action(plan, needle) if needle else (None, [])
        if index is not None:
            return index
        if number is None and not needle and len(here) == 1:
            return here[0]
        ctx.say("action_which")
        shown = candidates or list(range(len(plan.toimenpiteet)))[-CANDIDATES:]
        ctx.lines.append("\n".join(f"- {self._label(ctx, plan.toimenpiteet[i])}" for i in shown))
        return None

    def _label(self, ctx: TurnContext, action: Any) -> str:
        target = self.spec.target_by_name(action.kehittamiskohde)
        where = target.display(ctx.language) if target else action.kehittamiskohde
        return f'"{escape_md(short(action.toimenpide))}" ({escape_md(where)})'

    def delete(
        self, ctx: TurnContext, step: Step, text: str, argument: str, number: int | None = None
    ) -> bool:
        """Remove the named action (kept in the version history); True when one was removed."""
        index = self.resolve(ctx, step, text, argument, number)
        if index is None:
            return False
        action = ctx.plan.toimenpiteet.pop(index)
        ctx.change(f"/toimenpiteet/{index}", action.model_dump(mode="json"), None)
        target = ctx.state.target
        if target and target.detail and target.detail["action_id"] == action.id:
            target.detail = None
        ctx.say("action_deleted_named", action=self._label(ctx, action))
        return True

    def edit_detail(
        self, ctx: TurnContext, index: int, detail: str, text: str, value: str | None = None
    ) -> bool:
        """Record the value the message gives for the action's detail (`value`: the interpretation's,
        else read from the message); False when it gives none."""
        value = value or detail_value(text, detail)
        if value is None:
            return False
        try:
            stored = self.details.store(ctx, index, detail, value)
        except ExtractionError as exc:
            ctx.say(exc.code, **exc.params)
            return True
        self.details.acknowledge(ctx, ctx.plan.toimenpiteet[index], detail, stored)
        return True


def detail_reading(ctx: TurnContext, text: str, intent: str, slots: Slots) -> tuple[str, Slots]:
    """A message that starts with an action's detail and its value ("edellytykset: X", "toimenpiteen 1
    vastuuhenkilö on X") is that detail, never an own action: the detail asked now is answered; an
    action named by number is edited; another detail is offered for its action."""
    lead = leading_detail(text)
    if lead is None:
        return intent, slots
    detail, number = lead
    field = DETAIL_FIELD[detail]
    if number is not None:
        value = detail_value(text, detail)
        return "edit_action", slots.model_copy(update={"field": field, "action": number, "text": value})
    asked = ctx.state.target.detail if ctx.state.target else None
    if asked is not None and asked["field"] == detail:
        return "answer", slots
    return "answer_elsewhere", slots.model_copy(update={"field": field})


def answers_asked_detail(
    ctx: TurnContext, intent: str, slots: Slots, text: str, *, against_answer: bool = False
) -> bool:
    """While an action's detail is asked, whether a reading means answering it: "answer"; the same
    detail typed as belonging elsewhere or as an edit (without an edit verb), when the message names no
    other action (a schedule split by the plan's periods answers the schedule question, whichever period
    it names); and, weighed against "answer", a reading whose own words the message lacks."""
    target = ctx.state.target
    asked = target.detail["field"] if target is not None and target.detail is not None else None
    if asked is None:
        return False
    if intent == "answer":
        return True
    asked = "schedule" if asked == "pitka_aikavali" else asked  # the long-term cell is a schedule too
    same = FIELD_DETAIL.get(slots.field or "") == asked and not names_action(text)
    if intent == "answer_elsewhere" and same:
        return True
    if intent == "edit_action" and same and not rules.cue("edit_action", text):
        return True
    return against_answer and intent in NEEDS_OWN_WORDS and not rules.cue(intent, text)


def action_for_detail(ctx: TurnContext, step: Step, slots: Slots) -> Any | None:
    """The action a detail typed out of turn belongs to: the one numbered, the one being asked, else the
    first at this target still lacking that detail, else the target's last one (None off a target)."""
    if not isinstance(step, TargetStep):
        return None
    here = [a for a in ctx.plan.toimenpiteet if a.kehittamiskohde == step.target.name]
    if slots.action is not None and 1 <= slots.action <= len(here):
        return here[slots.action - 1]
    detail = ctx.state.target.detail if ctx.state.target else None
    if detail is not None:
        return next((a for a in here if a.id == detail["action_id"]), None)
    name = FIELD_DETAIL[slots.field or ""]
    lacking = [
        a
        for a in here
        if not (a.lyhyt_aikavali or a.pitka_aikavali if name == "schedule" else getattr(a, name))
    ]
    return (lacking or here or [None])[0] if lacking else (here[-1] if here else None)


def shown_proposal(ctx: TurnContext, step: Step, command: Any) -> bool:
    """`muokkaa 2: teksti` where proposal 2 is shown: the proposals' own edit command."""
    target = ctx.state.target
    return (
        isinstance(step, TargetStep)
        and target is not None
        and len(command.numbers) == 1
        and ":" in command.argument
        and bool(command.argument.split(":", 1)[1].strip())
        and target.by_number(command.numbers[0]) is not None
    )


def proposal_command(text: str) -> bool:
    """A bare proposal decision with numbers ("hyväksy 1", "hylkää 2 3")."""
    command = parse_command(text)
    return command is not None and command.name in ("accept", "reject") and bool(command.numbers)


def detail_answer(ctx: TurnContext, reading: Interpretation, text: str) -> bool:
    """While an accepted action's detail is asked, a message whose readings all mean answering it
    (a sentence that only reads like a proposal decision, the same detail read as an edit or as
    belonging elsewhere; see `answers_asked_detail`) is that answer: there is nothing to ask about."""
    target, unsure = ctx.state.target, needs_clarification(reading)
    asked = target.detail["field"] if target is not None and target.detail is not None else None
    said = extract.yes_no(text)
    bare_yes_no = said is not None and len(text.split()) <= (3 if asked == "pitka_aikavali" else 2)
    if asked == "schedule" and said is False:
        bare_yes_no = False  # "ei" gives no schedule: not decided yet, as read (an open item)
    # A bare yes/no answers the detail asked (never a decision on the proposals shown); a text naming a
    # year at a schedule question is its answer when answering is one of the readings.
    at_schedule = asked in ("schedule", "pitka_aikavali") and parse_command(text) is None
    dated = at_schedule and bool(years_in(text))
    readings = {reading.intent, *(r.intent for r in reading.alternatives[:1])}
    # At the person or prerequisites question, a year inside the answer ("integraatioalustan hankinta
    # (talousarvio 2027)") does not make it a schedule, whatever the second reading: only a text that opens
    # with its date does.
    undated = (
        asked in ("vastuuhenkilo", "edellytykset")
        and reading.intent == "answer_elsewhere"
        and (reading.slots.field or "").startswith("schedule")
        and not schedule_shaped(text)
    )
    # At a schedule question, the plan's own periods named with what is done in them ("pitkällä
    # aikavälillä ylläpito vuosina 2029–2032") are the schedule, not new periods; so is a text that
    # opens with its date, even when a reason after it reads like a prerequisite.
    periods_said = at_schedule and reading.intent == "set_periods" and _within_periods(ctx.plan, text)
    opens_dated = at_schedule and reading.intent == "answer_elsewhere" and schedule_shaped(text)
    if asked is not None and (
        bare_yes_no or periods_said or opens_dated or undated or (dated and "answer" in readings)
    ):
        reading.intent, reading.slots = "answer", Slots()
        return True
    pairs = [(reading.intent, reading.slots), *((r.intent, r.slots) for r in reading.alternatives[:1])]
    pairs = pairs if unsure else pairs[:1]
    against = unsure and "answer" in {intent for intent, _ in pairs}
    answer_like = (
        target is not None
        and target.detail is not None
        and all(
            (unsure and intent in PROPOSAL_DECISIONS and not bare_decision(text))
            or answers_asked_detail(ctx, intent, slots, text, against_answer=against)
            for intent, slots in pairs
        )
    )
    if answer_like and reading.intent != "answer":
        reading.intent, reading.slots = "answer", Slots()
    return answer_like


DECISION_WORDS = {"kaikki", "kaikki.", "alla", "all", "ja", "och", "and"}


def bare_decision(text: str) -> bool:
    """A proposal decision typed as a command: a verb and then only numbers or "all"."""
    words = text.replace(",", " ").split()
    if len(words) > 2 and words[0].lower().rstrip(".!") in vocabulary()["decision_lead_fillers"]:
        words = words[1:]  # "ok, ta 1 och 2": the filler before the verb says nothing
    return all(w.rstrip(".!").isdigit() or w.lower() in DECISION_WORDS for w in words[1:])


_DATE_FIRST = re.compile(r"^\W*(?:\S+\s+)?(?:(?:19|20)\d\d|\d{1,2}/(?:19|20)?\d\d|Q[1-4])\b", re.IGNORECASE)
_YEAR_RANGE = re.compile(r"\b(?:19|20)\d\d\s*[-–—]\s*(?:19|20)?\d\d\b")


def schedule_shaped(text: str) -> bool:
    """A schedule by its shape: it opens with its date ("2027 syksyllä", "syksyllä 2027", "Q2/2027"),
    names a span of years ("päivitetään vuosittain 2028–2030"), or names a schedule or a period in words."""
    return bool(_DATE_FIRST.match(text) or _YEAR_RANGE.search(text)) or any(
        rules.cue(name, text) for name in ("schedule", "schedule_short", "schedule_long")
    )


def _within_periods(plan: Any, text: str) -> bool:
    """The text names years, all of them within the plan's periods."""
    periods = plan.meta.periods
    found = years_in(text)
    return bool(found) and all(periods.short.start <= y <= periods.long.end for y in found)
