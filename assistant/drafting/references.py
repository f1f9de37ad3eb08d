"""A reference to an earlier answer typed instead of the answer ("samat kuin yllä", "ks. edellinen kohta",
"same as above"): the earlier answer is shown and offered to be copied here; on "yes" it is recorded as the
answer to the question asked, on "no" nothing is. The reference itself is never stored as content.

At a text field the earlier answer is the last filled text field before this one in the template's order
(or the field of the section number the message names, "sama kuin 3.2.1"); at an action's responsible
person or prerequisites, the same detail of the last action that has it."""

from __future__ import annotations

import re

from assistant.drafting import extract
from assistant.drafting.context import Step, TurnContext
from assistant.drafting.models import Pending
from assistant.drafting.reply import short
from assistant.drafting.steps import FieldStep, TargetStep
from assistant.markdown import escape_md
from assistant.template.spec import TemplateSpec

COPYABLE_DETAILS = ("vastuuhenkilo", "edellytykset")
_SECTION = re.compile(r"\b(\d\.\d(?:\.\d)?)\b")


def is_reference(text: str) -> bool:
    """A short message that refers to an earlier answer instead of giving one."""
    limit = int(extract.vocabulary()["reference_max_words"][0])
    return (
        len(text.split()) <= limit
        and extract.words_pattern("reference_phrases").search(" ".join(text.split())) is not None
    )


def _earlier_field(
    ctx: TurnContext, spec: TemplateSpec, step: FieldStep, text: str
) -> tuple[str, str] | None:
    """(label, value) of the answer referred to at a text field."""
    named = _SECTION.search(text)
    filled: list[tuple[str, str, str]] = []  # (group id, label, value) in the template's order
    for section in spec.sections:
        for group in section.groups:
            for field in group.fields:
                if field.key == step.field.key and not named:
                    return (filled[-1][1], filled[-1][2]) if filled else None
                value = getattr(getattr(ctx.plan, section.key, None), field.key, None)
                if isinstance(value, str) and value.strip():
                    filled.append((group.id, field.label.get(ctx.language), value))
    if named:
        match = next((f for f in filled if f[0] == named.group(1) or f[0].startswith(named.group(1))), None)
        return (match[1], match[2]) if match else None
    return None


def _earlier_detail(ctx: TurnContext) -> tuple[str, str] | None:
    """(label, value) of the same detail of the last other action that has it."""
    target = ctx.state.target
    if target is None or target.detail is None or target.detail["field"] not in COPYABLE_DETAILS:
        return None
    name = target.detail["field"]
    for action in reversed(ctx.plan.toimenpiteet):
        value = getattr(action, name, None)
        if action.id != target.detail["action_id"] and isinstance(value, str) and value.strip():
            return f"{short(action.toimenpide, 60)}", value
    return None


def offer_copy(ctx: TurnContext, spec: TemplateSpec, step: Step, text: str) -> bool:
    """True when `text` is a reference to an earlier answer (and was handled: offered, or told that there
    is no earlier answer to copy)."""
    if not isinstance(step, FieldStep | TargetStep) or not is_reference(text):
        return False
    if isinstance(step, TargetStep):
        target = ctx.state.target
        if target is None or target.detail is None or target.detail["field"] not in COPYABLE_DETAILS:
            return False
        found = _earlier_detail(ctx)
    else:
        found = _earlier_field(ctx, spec, step, text)
    if found is None:
        ctx.say("reference_none")
        return True
    label, value = found
    ctx.state.pending = Pending(kind="copy_answer", text=value, step=ctx.state.step)
    ctx.say("reference_offer", label=escape_md(label), value=escape_md(short(value, 300)))
    return True
