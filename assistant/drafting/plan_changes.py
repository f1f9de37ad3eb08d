"""Changes the chat makes outside the question being asked: content put into the field it belongs to (after
the user said yes to the offer) and the plan's own periods."""

from __future__ import annotations

import re
from typing import Any

from assistant.drafting import extract
from assistant.drafting.context import Step, TurnContext
from assistant.drafting.detail_text import detail_value
from assistant.drafting.extract import ExtractionError
from assistant.drafting.steps import FieldStep, TargetStep
from assistant.markdown import escape_md
from assistant.template.spec import TemplateSpec

DETAIL_OF = {
    "responsible": "vastuuhenkilo",
    "prerequisites": "edellytykset",
    "schedule_short": "schedule",
    "schedule_long": "schedule",
}
MIN_YEAR, MAX_YEAR = 2000, 2100


# "vastuuhenkilö on X", "ansvarig blir X", "the person in charge will be X" -> "X"
_LEAD = re.compile(
    r"^\W*[\w\s-]{0,40}?\b(vastuu\w*|ansvar\w*|responsible|in charge|owner)\b[\w\s-]{0,20}?"
    r"\b(on|olisi|tulee olemaan|är|blir|is|will be)\s+(?P<rest>.+)$",
    re.IGNORECASE | re.DOTALL,
)


def _without_lead(text: str) -> str:
    match = _LEAD.match(text.strip())
    return match.group("rest").strip(" .") if match else text


class PlanChanges:
    def __init__(self, spec: TemplateSpec, *, reask: Any, details: Any, advance: Any) -> None:
        """`reask(ctx, step)`: the current question again; `details`: the action-detail part."""
        self.spec = spec
        self._reask = reask
        self._details = details
        self._advance = advance

    def put_content(
        self, ctx: TurnContext, step: Step, field: str, text: str, action_id: str | None = None
    ) -> None:
        """Record `text` in `field` (a text field key, or a detail of the action `action_id`, by default
        the action being asked)."""
        if field in DETAIL_OF:
            detail = ctx.state.target.detail if ctx.state.target else None
            action_id = action_id or (detail["action_id"] if detail else None)
            index = next((i for i, a in enumerate(ctx.plan.toimenpiteet) if a.id == action_id), None)
            if index is None:
                ctx.say("not_understood")
                return
            action = ctx.plan.toimenpiteet[index]
            name = DETAIL_OF[field]
            value = detail_value(text, name) or (_without_lead(text) if name == "vastuuhenkilo" else text)
            try:
                stored = self._details.store(ctx, index, name, value)
            except ExtractionError as exc:
                ctx.say(exc.code, **exc.params)
                return
            self._details.acknowledge(ctx, action, name, stored)
            if isinstance(step, TargetStep) and ctx.state.target is not None:
                self._details.next_detail_or_target(ctx, step)
            else:
                self._reask(ctx, step)
            return
        for section in self.spec.sections:
            for f in section.fields:
                if f.key != field:
                    continue
                try:
                    value = extract.field_value(text)
                except ExtractionError as exc:
                    ctx.say(exc.code, **exc.params)
                    return
                part = getattr(ctx.plan, section.key)
                old = getattr(part, f.key)
                new = f"{old}\n\n{value}" if old and value not in old else value
                setattr(part, f.key, new)
                ctx.change(f"/{section.key}/{f.key}", old, new)
                ctx.recorded = {"path": f"/{section.key}/{f.key}", "value": new}
                ctx.say("moved_content", label=escape_md(f.label.get(ctx.language)), value=escape_md(value))
                self._reask(ctx, step)
                return
        ctx.say("not_understood")

    def set_periods(self, ctx: TurnContext, step: Step, slots: Any) -> None:
        """The plan's own short and long periods (only those given); the current question stays."""
        from assistant.drafting.periods import apply_periods

        periods = ctx.plan.meta.periods
        short = slots.short or [periods.short.start, periods.short.end]
        long = slots.long or [periods.long.start, periods.long.end]
        if apply_periods(ctx, (short[0], short[1]), (long[0], long[1])) and isinstance(
            step, FieldStep | TargetStep
        ):
            self._reask(ctx, step)

    def period_bound(self, ctx: TurnContext, step: Step, text: str) -> bool:
        """ "pitkä aikaväli päättyy vuoteen 2030": that end of the period moved (the other kept); True when
        the message said so (set, or refused with the reason)."""
        from assistant.drafting.periods import apply_periods, period_bound

        moved = period_bound(text, ctx.plan)
        if moved is None:
            return False
        if apply_periods(ctx, *moved) and isinstance(step, FieldStep | TargetStep):
            self._reask(ctx, step)
        return True
