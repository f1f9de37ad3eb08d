"""Readings that change the plan's actions are acted on only when the message says so in its own words.

The trained reading of a message can be wrong in a way that costs the user work: "move action 1 to
customer satisfaction" read as *delete*, "siirrä eka toimenpide tiedon jakamiseen" read as *accept
proposal 1*. A delete, an accept, a reject or an edit is therefore acted on only when the message has that
intent's cue words (rules.yaml) or is a typed command; when it has none of them but another action verb's
words ("siirrä", "flytta", "move"; "poista"; "muuta"), that intent is the reading. Otherwise the reading
stands. Nothing here stores anything.

    reading = with_own_verb(text, reading)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from assistant.drafting.commands import parse_command
from assistant.drafting.decisions import refers_by_number
from assistant.drafting.detail_text import names_action
from assistant.drafting.extract import alternation
from assistant.interpret import rules
from assistant.interpret.models import Interpretation, Slots
from assistant.interpret.names import NameMatch, resolver_for
from assistant.template.spec import TargetSpec, TemplateSpec

GUARDED = ("delete_action", "accept_proposals", "reject_proposals", "edit_action")
OTHER_VERBS = ("move_action", "delete_action", "edit_action")


@lru_cache(maxsize=1)
def _destination() -> re.Pattern[str]:
    """The words after "kohtaan / kohteeseen / till / to …" (vocabulary.yaml `move_destination_words`)."""
    return re.compile(rf"\b(?:{alternation('move_destination_words')})\s+(.+)$", re.IGNORECASE)


@lru_cache(maxsize=1)
def _not_name() -> re.Pattern[str]:
    """Move verbs, action words, ordinals and numbers (`move_other_words`, as word starts)."""
    return re.compile(rf"\b(?:(?:{alternation('move_other_words')})\w*|\d+)\b", re.IGNORECASE)


def guarded(text: str, reading: Interpretation) -> Interpretation:
    """`with_own_verb`, and no alternative reading of a delete, accept, reject or edit that the message
    does not say in its words (the assistant never asks "did you mean: delete the action?" about a
    message without a word of deleting)."""
    reading = with_own_verb(text, reading)
    kept = [
        r
        for r in reading.alternatives
        if (r.intent not in GUARDED or _says(r.intent, text))
        and not (r.intent == "add_action" and reading.intent in OTHER_VERBS and _names_numbered(text))
    ]  # "Poistetaan kolmas toimenpide, se on päällekkäinen …" removes: no own action offered beside it
    return reading if kept == reading.alternatives else reading.model_copy(update={"alternatives": kept})


def _names_numbered(text: str) -> bool:
    """The message names an accepted action by its number or as the one it opens a command about."""
    return names_action(text) and (refers_by_number(text) or _opens_with_imperative(text))


def _opens_with_imperative(text: str) -> bool:
    """The message opens with "siirrä", "poista", "flytta", "move" … (vocabulary `action_imperatives`)."""
    return _imperative().match(text.strip()) is not None


@lru_cache(maxsize=1)
def _imperative() -> re.Pattern[str]:
    return re.compile(rf"(?:{alternation('action_imperatives')})\b", re.IGNORECASE)


def _says(intent: str, text: str) -> bool:
    return rules.cue(intent, text) or parse_command(text) is not None


def with_own_verb(text: str, reading: Interpretation) -> Interpretation:
    """The reading, or the action verb the message really uses (see the module's docstring). An own
    action that names an accepted action by number with another action verb ("Poistetaan kolmas
    toimenpide, se on päällekkäinen …") is that verb's command, never an action of its own."""
    intent: str = reading.intent
    numbered = _names_numbered(text)
    if intent == "add_action" and parse_command(text) is None and numbered:
        intent = ""  # an own action names no action: the other verb's words decide below
    elif intent not in GUARDED or _says(intent, text):
        return reading
    for other in OTHER_VERBS:
        if other != intent and rules.cue(other, text):
            alternative = next((r for r in reading.alternatives if r.intent == other), None)
            numbers = rules.numbers(text)
            slots = (
                alternative.slots
                if alternative is not None
                else Slots(action=reading.slots.action or (numbers[0] if numbers else None))
            )
            return reading.model_copy(update={"intent": other, "slots": slots, "alternatives": []})
    return reading


@dataclass(frozen=True)
class Destination:
    """Where a move goes: `target` when the message names one development target unambiguously;
    otherwise `choices` (the targets of the area it names, or the closest names) to ask about."""

    phrase: str
    target: TargetSpec | None
    choices: list[str]
    area: str = ""  # the key of the area the message named, when the choices are its targets


def destination(spec: TemplateSpec, text: str, read_target: str | None) -> Destination:
    """The development target a move names. An area with several targets ("siirrä toimenpide tiedon
    jakamiseen") is no target: its targets are the choices. The reading's target stands unless the
    message's destination words name something else better."""
    found = _destination().search(text)
    phrase = " ".join((found.group(1) if found else _not_name().sub(" ", text)).strip(" .!?").split())
    named = spec.target_by_name(read_target or "")
    matches = resolver_for(spec).resolve(phrase, limit=8, min_score=0.4) if phrase else []
    best = matches[0] if matches else None
    if best is not None and best.kind == "area":
        targets = spec.area(best.key).targets
        if len(targets) == 1:
            return Destination(phrase, targets[0], [])
        if named is None or named not in targets or _score(matches, named.name) < best.score:
            return Destination(phrase, None, [t.name for t in targets], area=best.key)
    if named is not None:
        return Destination(phrase, named, [])
    if best is not None and best.kind == "target" and best.score >= 0.99:
        return Destination(phrase, spec.target_by_name(best.name), [])
    return Destination(phrase, None, [m.name for m in matches if m.kind == "target"][:2])


def _score(matches: list[NameMatch], name: str) -> float:
    return next((m.score for m in matches if m.kind == "target" and m.name == name), 0.0)
