"""Slot filling of the offline interpreter: what a reading of a message names (proposal and action
numbers, the field, area, target or section, the text carried), from the message and the moment."""

from __future__ import annotations

import re

from assistant.drafting.detail_text import (
    FIELD_DETAIL,
    action_argument,
    detail_value,
    field_value_of,
    leading_detail,
)
from assistant.drafting.extract import split_list
from assistant.interpret import rules
from assistant.interpret.assessment import assessment_rows
from assistant.interpret.field_topics import TOPIC_MARGIN, FieldTopics
from assistant.interpret.models import InterpretContext, Slots
from assistant.interpret.names import NameMatch, NameResolver, fold
from assistant.interpret.person import PERSON, a_person_only
from assistant.interpret.reframe import names_asked, topic_field
from assistant.template.spec import TemplateSpec

# The region's name is mentioned in answers to many fields: naming it is not answering that field.
NAMED_NOT = frozenset({"sote_maakunta"})
OPENING_WORDS = 8
TOPIC_WORDS = 3  # a message says what it is about in its first words
_DIGIT = re.compile(r"\d")
# Content read as another field names the one it fits clearly better. At 0 the held-out check read 32 more
# answers for another field (.8803 vs .8777 overall), but an answer to the field asked then also got
# "another field" as an actionable alternative and was asked about (the recorded fi_koskiseutu replay).
SLOT_MARGIN = TOPIC_MARGIN
LIST_ITEMS = 3  # a list this long typed as the region's name is the list of organisations


_LONG_CUE = re.compile(r"\b(vuosittain|vuosittaisesti|årligen|annually|every year)\b", re.IGNORECASE)
LONG_RANGE_YEARS = 3  # a range of this many years or more is read as the long-term schedule
LABELLED_FIELDS = ("responsible", "prerequisites", "schedule_short", "schedule_long")


def unlabelled(raw: str, field: str) -> str | None:
    """An answer that opens with the asked field's own label ("edellytykset: rahoitus", "vastuuhenkilö
    on X"): the value without the label (None when the answer has no such label)."""
    if field not in LABELLED_FIELDS:
        return None
    lead = leading_detail(raw)
    detail = FIELD_DETAIL[field]
    return detail_value(raw, detail) if lead is not None and lead[0] == detail else None


def named_action(raw: str) -> str | None:
    """The words naming an action ("poista toimenpide Yhteinen tietoallas" -> "Yhteinen tietoallas")."""
    name = action_argument(raw).strip(" .!")
    return name if len(name) >= 3 else None


def schedule_field(message: str) -> str | None:
    """A schedule given where something else is asked: years (a year range, or a year without a person)
    and no other detail's words; long-term when it says so or spans several years."""
    years = rules.years(message)
    if not years or PERSON.search(message):
        return None
    if rules.cue("schedule_long", message):
        return "schedule_long"
    if rules.cue("schedule_short", message):
        return "schedule_short"
    if _LONG_CUE.search(message) or max(years) - min(years) + 1 >= LONG_RANGE_YEARS:
        return "schedule_long"
    return "schedule_short"


def _organisations(text: str) -> bool:
    """A list of organisations: three or more items, or two or more joined ones of the kinds that share
    the organising duty (cities, municipalities, joint authorities) and no word of the region itself."""
    if len(split_list(text)) >= LIST_ITEMS:
        return True
    joined = len(split_list(text)) >= 2 or rules.matches("joined_words", text)
    kinds = rules.matches("organisation_words", text) and not rules.matches("region_words", text)
    return joined and kinds


class SlotReader:
    """Fills the slots of a reading. `message` is the reading copy (spelling repaired, lower case);
    `raw` the message as typed, where text is carried or capitals matter (persons)."""

    spec: TemplateSpec
    names: NameResolver

    def slots(self, intent: str, message: str, context: InterpretContext, raw: str | None = None) -> Slots:
        raw = message if raw is None else raw
        numbers = rules.numbers(message)
        if intent in ("accept_proposals", "reject_proposals"):
            return self._selection(message, numbers, context)
        if intent == "edit_proposal":
            shown = [n for n in numbers if n in context.proposals] or numbers
            text = raw.split(":", 1)[1].strip() if ":" in raw else None
            return Slots(number=shown[0] if shown else None, text=text)
        if intent == "navigate":
            return self.place(message)
        if intent == "add_action":
            mentioned = self.mentioned_target(message, exclude=context.target)
            text = raw.split(":", 1)[1].strip() if ":" in raw else raw
            return Slots(target=mentioned, text=text)
        if intent in ("edit_action", "move_action", "delete_action"):
            action = self._action_number(message, numbers, context)
            if intent == "delete_action":  # without a number, the action may be named by its words
                return Slots(action=action, text=None if action else named_action(raw))
            if intent == "move_action":
                target = self.mentioned_target(message, exclude=context.target, loose=True)
                return Slots(action=action, target=target)
            field = self._action_field(message, context) or None
            return Slots(action=action, field=field, text=field_value_of(raw, field))
        if intent == "undecided":
            return Slots(field=context.field)
        if intent == "answer_elsewhere":
            field = self.field_elsewhere(message, context, raw=raw)
            if field is None and context.field in self.text_fields:
                field = topic_field(message, context.field) or self.topic_elsewhere(raw, context, SLOT_MARGIN)
            return Slots(field=field)
        if intent == "correction":
            return Slots(field=self.corrected_field(message, context))
        if intent == "set_periods":
            found = rules.periods(message)
            return Slots(short=found.short, long=found.long) if found else Slots()
        if intent == "assessment_results":
            return Slots(rows=assessment_rows(message, self.names) or None)
        if intent == "answer":
            persons = PERSON.findall(raw)
            value = unlabelled(raw, context.field)
            return Slots(persons=persons or None, years=rules.years(fold(raw)) or None, text=value)
        return Slots()

    def command_slots(self, command: rules.ExactCommand) -> Slots:
        """The slots of a command phrase read by rule ("hyväksy 1 3", "oma: …", "mene 3.2")."""
        intent, numbers = command.intent, list(command.numbers)
        if intent in ("accept_proposals", "reject_proposals"):
            return Slots(numbers=numbers) if numbers else Slots(all=True)
        if intent == "edit_proposal":
            text = command.argument.split(":", 1)[1].strip() if ":" in command.argument else None
            return Slots(number=numbers[0] if numbers else None, text=text)
        if intent == "add_action":
            return Slots(text=command.argument or None)
        if intent == "navigate":
            return self.place(command.argument) if command.argument else Slots()
        return Slots()

    def field_topics(self) -> FieldTopics | None:
        """The fields' descriptions by meaning (None without an embedding model)."""
        return None

    def topic_elsewhere(
        self, raw: str, context: InterpretContext, margin: float = TOPIC_MARGIN
    ) -> str | None:
        """The field that content typed at a text field fits better by meaning, by `margin` at least."""
        topics = self.field_topics()
        if (
            topics is None
            or context.field not in self.text_fields
            or names_asked(self, fold(raw), context.field)
        ):
            return None  # no model, no text field, or the text names the field asked ("Seuranta: …")
        return topics.elsewhere(raw, context.field, margin)

    def _selection(self, message: str, numbers: list[int], context: InterpretContext) -> Slots:
        shown = context.proposals
        wanted = [n for n in numbers if not shown or n in shown or n > max(shown, default=0)]
        if rules.matches("except_words", message) and wanted and shown:
            return Slots(numbers=[n for n in shown if n not in wanted])
        if shown and wanted == [len(shown)] and rules.matches("all_words", message):
            return Slots(all=True)  # "kaikki kolme": all three, not the third
        if wanted:
            return Slots(numbers=wanted)
        return Slots(all=True)

    @staticmethod
    def _action_number(message: str, numbers: list[int], context: InterpretContext) -> int | None:
        if rules.matches("last_words", message) and context.actions:
            return context.actions
        candidates = [n for n in numbers if 1 <= n <= max(context.actions, 1)]
        return candidates[0] if candidates else (numbers[0] if numbers else None)

    @staticmethod
    def _action_field(message: str, context: InterpretContext) -> str:
        if rules.cue("schedule_long", message):
            return "schedule_long"
        if rules.cue("schedule_short", message):
            return "schedule_short"
        if rules.cue("responsible", message):
            return "responsible"
        if rules.cue("prerequisites", message):
            return "prerequisites"
        if rules.cue("schedule", message) or rules.years(message):
            return "schedule_long" if context.field == "schedule_long" else "schedule_short"
        return "action_text"

    @staticmethod
    def _strip_motion(message: str) -> str:
        return rules.strip_motion(message)

    def place(self, message: str) -> Slots:
        """Where a navigation message goes: one of field, area, target or section."""
        matches = self.names.resolve(self._strip_motion(message), limit=3)
        if not matches:
            return Slots()
        return self._slot_of(matches[0])

    def _slot_of(self, match: NameMatch) -> Slots:
        if match.kind == "target":
            return Slots(target=match.name)
        if match.kind == "area":
            return Slots(area=self.spec.area(match.key).name)
        if match.kind == "field":
            return Slots(field=match.key)
        return Slots(section=match.key)

    def mentioned_target(self, message: str, *, exclude: str | None, loose: bool = False) -> str | None:
        """A development target the message names, other than the current one."""
        candidates: list[NameMatch] = [m for m in self.names.find_mentions(message) if m.kind == "target"]
        if not candidates and loose:
            candidates = [
                m for m in self.names.resolve(message, limit=5, min_score=0.3) if m.kind == "target"
            ]
        # the best match first; of equally good ones the longest name ("Tiedon käyttö resurssien
        # allokoinnissa" rather than "Resurssit" inside it)
        for match in sorted(candidates, key=lambda m: (-m.score, -len(m.name))):
            if match.name != exclude:
                return match.name
        return None

    def field_elsewhere(self, message: str, context: InterpretContext, raw: str = "") -> str | None:
        """The action field that a message typed at another action field belongs to (the cues name it;
        `raw`: the message as typed, whose capitals show a person's name)."""
        current = context.field
        if current == "sote_maakunta" and _organisations(raw or message):
            return "jarjestamisvastuulliset_organisaatiot"  # a list of organisations, not the region
        if current in ("schedule_short", "schedule_long", "prerequisites", "action_text") and rules.cue(
            "responsible", message
        ):
            return "responsible"
        timeless = not _DIGIT.search(message)
        if current in ("schedule_short", "schedule_long") and PERSON.search(raw) and timeless:
            return "responsible"  # a person's name and no time at all at a schedule question
        if current == "prerequisites" and a_person_only(raw or message):
            return "responsible"  # "kehittämispäällikkö Erik Sand" where the prerequisites are asked
        if current in ("responsible", "schedule_short", "schedule_long") and rules.cue(
            "prerequisites", message
        ):
            return "prerequisites"
        if current in ("responsible", "prerequisites") and (schedule := schedule_field(message)):
            return schedule
        if current in self.text_fields:
            return self.named_field(message, context)
        return None

    def named_field(self, message: str, context: InterpretContext) -> str | None:
        """A text field other than the one asked that the message's opening names ("Nykytila on se
        että...", "Bedömningens resultat: ...", "Fix the benefits answer"): what the message is about."""
        head, colon, _ = message.partition(":")
        opening = " ".join(head.split()[:OPENING_WORDS])
        found = [m for m in self.names.find_mentions(opening) if m.kind == "field"]
        keys = [m.key for m in found if m.key in self.text_fields and m.key not in NAMED_NOT]
        if keys and not (colon and len(head.split()) <= OPENING_WORDS):
            # without a "Label:" opening, the name must start the message (its topic), not stand
            # somewhere in a sentence ("...edustus kaikista organisaatioista")
            start = " ".join(head.split()[:TOPIC_WORDS])
            starting = {m.key for m in self.names.resolve(start, limit=8, min_score=0.3)}
            keys = [k for k in keys if k in starting]
        if not keys or context.field in keys:
            return None  # nothing named, or the field asked is named too: the answer to it
        resolved = self.names.resolve(opening, limit=8, min_score=0.0)
        fields = [m for m in resolved if m.key in keys]
        if (
            resolved
            and resolved[0].kind in ("area", "target")
            and (not fields or resolved[0].score > fields[0].score)
        ):
            return None  # "Organising and storing data were rated weakest": an area named, not a field
        ranked = [m.key for m in fields]
        keys = ranked + [k for k in keys if k not in ranked]  # the best-fitting name first
        if not keys:
            return None  # nothing named, or the field asked is named too: the answer to it
        return keys[0]

    @property
    def text_fields(self) -> frozenset[str]:
        return frozenset(f.key for section in self.spec.sections for f in section.fields)

    def corrected_field(self, message: str, context: InterpretContext | None = None) -> str | None:
        if rules.cue("sote_maakunta", message):
            return "sote_maakunta"
        if context is not None and (named := self.named_field(message, context)):
            return named
        head = re.split(r"[:.;]", message, maxsplit=1)[0]  # what the correction is about comes first
        for text in (head, message):
            fields = [m for m in self.names.find_mentions(text, min_recall=0.6) if m.kind == "field"]
            if fields:
                return fields[0].key
        return None
