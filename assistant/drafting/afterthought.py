"""An afterthought to the text field answered just before, typed at the next question: "ai niin, …",
"Lisäisin vielä, että … Voitko täydentää sen edelliseen?", "Och ja glömde: … Lägg till det." It is offered
to that field (added to its text on "yes") instead of being stored as the answer asked; the sentence that
only asks for the addition is left out of what is added."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from assistant.drafting.extract import words_pattern
from assistant.drafting.steps import FieldStep, build_steps

if TYPE_CHECKING:
    from assistant.drafting.context import TurnContext
    from assistant.interpret.models import Slots
    from assistant.template.spec import TemplateSpec

_SENTENCES = re.compile(r"(?<=[.!?])\s+")
REQUEST_WORDS = 10  # a sentence this short with a request cue only asks for the addition


def _opening(text: str) -> re.Match[str] | None:
    match = words_pattern("afterthought_openings").search(text)
    return match if match and not text[: match.start()].strip(" \t\n-–,.:;!") else None


def _requested(text: str) -> bool:
    return bool(words_pattern("afterthought_requests").search(text))


def previous_field(ctx: TurnContext, spec: TemplateSpec, step: FieldStep) -> FieldStep | None:
    """The text field visited just before this one, when it has an answer."""
    fields = {s.id: s for s in build_steps(spec, ctx.plan) if isinstance(s, FieldStep)}
    for visited in reversed(ctx.state.visited):
        if visited == step.id or visited not in fields:
            continue
        earlier = fields[visited]
        return earlier if getattr(getattr(ctx.plan, earlier.section.key), earlier.field.key) else None
    return None


def added_text(text: str) -> str:
    """The addition itself: without its opening cue and without a short sentence that only asks for it."""
    opening = _opening(text)
    body = text[opening.end() :].lstrip(" ,.:;-–!") if opening else text
    body = re.sub(r"^(?:että|att|that)\s+", "", body, flags=re.IGNORECASE)  # "Lisäisin vielä, että X"
    sentences = _SENTENCES.split(body)
    kept = [
        s for s in sentences if not (_requested(s) and len(s.split()) <= REQUEST_WORDS and len(sentences) > 1)
    ]
    added = " ".join(kept).strip()
    return added[:1].upper() + added[1:] if added else text


def afterthought(
    ctx: TurnContext, spec: TemplateSpec, step: object, intent: str, slots: Slots, text: str
) -> tuple[str, Slots, str]:
    """(intent, slots, text): an answer that adds to the field answered before becomes content offered
    there; anything else is returned unchanged."""
    if intent != "answer" or not isinstance(step, FieldStep) or not (_opening(text) or _requested(text)):
        return intent, slots, text
    earlier = previous_field(ctx, spec, step)
    if earlier is None:
        return intent, slots, text
    return "answer_elsewhere", slots.model_copy(update={"field": earlier.field.key}), added_text(text)
