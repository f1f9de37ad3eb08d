"""A reading or a field named in the user's words (never an internal id): for the question back when the
assistant is unsure, and for offers that name another field."""

from __future__ import annotations

from assistant.drafting.context import TurnContext
from assistant.drafting.detail_text import FIELD_DETAIL
from assistant.interpret.models import Reading
from assistant.markdown import escape_md
from assistant.template.spec import TemplateSpec


def field_label(spec: TemplateSpec, ctx: TurnContext, field: str) -> str:
    """A text field's label, or an action detail's name, in the conversation's language."""
    if field in FIELD_DETAIL or field == "action_text":
        return ctx.t(f"action_field.{field}")
    for section in spec.sections:
        for f in section.fields:
            if f.key == field:
                return f.label.get(ctx.language)
    return field


def describe(spec: TemplateSpec, ctx: TurnContext, reading: Reading) -> str:
    """A reading as the user would say it ("a question to me", "go to Mittarit")."""
    slots = reading.slots
    where = ""
    if slots.target or slots.area:
        where = slots.target or spec.area(slots.area or "").label.get(ctx.language)
    elif slots.field:
        where = field_label(spec, ctx, slots.field)
    elif slots.section:
        where = slots.section
    numbers = ", ".join(str(n) for n in (slots.numbers or ([slots.number] if slots.number else [])))
    if slots.all:
        numbers = ctx.t("all_proposals")
    return ctx.t(f"reading.{reading.intent}", where=escape_md(where or "-"), numbers=numbers or "-")
