"""Messages whose words say exactly what to do, read before the trained reading: a command typed as the
prompts show it (`muokkaa 2: teksti` for a shown proposal, `oma: teksti`, also "lisää vielä oma: …" at a
detail question), and an own action for a place named before its colon ("mene takas mittareiden
kattavuuteen, lisää: …", "lägg också till under …: …"; vocabulary `add_there_words`)."""

from __future__ import annotations

from typing import Any

from assistant.drafting.action_chat import shown_proposal
from assistant.drafting.context import Step, TurnContext
from assistant.drafting.extract import words_pattern
from assistant.drafting.steps import TargetStep
from assistant.interpret.models import Interpretation, Slots
from assistant.interpret.names import resolver_for


def explicit_command(
    ctx: TurnContext, step: Step, command: Any, text: str, spec: Any
) -> Interpretation | None:
    """The reading of a command typed as the prompts show it, wherever a target's question is asked:
    `muokkaa 2: teksti` for a shown proposal, `oma: teksti` (also "lisää vielä oma: …" at a detail); and
    anywhere, an own action for a place named before its colon ("mene takas mittareiden kattavuuteen,
    lisää: …", "lägg också till under informationsdelningens realtid: …")."""
    if (there := add_there(text, spec)) is not None:
        return Interpretation(
            intent="add_action", slots=Slots(target=there[0], text=there[1]), confidence=1.0
        )
    if command is None or not isinstance(step, TargetStep):
        return None
    if command.name == "edit" and shown_proposal(ctx, step, command):
        slots = Slots(number=command.numbers[0], text=command.argument.split(":", 1)[1].strip())
        return Interpretation(intent="edit_proposal", slots=slots, confidence=1.0)
    if command.name == "own" and len(command.argument.split()) >= MIN_OWN_WORDS:
        return Interpretation(intent="add_action", slots=Slots(text=command.argument), confidence=1.0)
    return None


MIN_OWN_WORDS = 2  # "oma: x" is too little to be an action; asked as usual
THERE_WORDS = 3  # an action given after a place named before the colon has at least this many words


def add_there(text: str, spec: Any) -> tuple[str, str] | None:
    """(target, the action's text) when the message adds an action to a place it names before a colon
    (vocabulary `add_there_words` there); a place that is an area of several targets is none (not guessed)."""
    head, colon, body = text.partition(":")
    if not colon or len(body.split()) < THERE_WORDS or not words_pattern("add_there_words").search(head):
        return None
    targets = {
        m.name for m in resolver_for(spec).find_mentions(head) if m.kind == "target" and m.score >= 1.0
    }
    return (targets.pop(), body.strip()) if len(targets) == 1 else None  # one target named in full
