"""The details of each action of a development target, asked one at a time after the action is recorded:
its schedule, responsible person (the 3.1 preparer offered as the default) and prerequisites."""

from __future__ import annotations

from collections.abc import Callable

from assistant.drafting import extract
from assistant.drafting.context import TurnContext
from assistant.drafting.extract import ExtractionError
from assistant.drafting.reply import short, show_findings, show_proposals
from assistant.drafting.schedule import plan_periods, split_schedule
from assistant.drafting.steps import TargetStep
from assistant.markdown import escape_md
from assistant.template.models import LIMITS, Action

ACTION_FIELDS = ("schedule", "vastuuhenkilo", "edellytykset")


class ActionDetails:
    """Asks for and records the missing details of the target's actions; `advance` moves on when none is
    missing and no proposal is left."""

    def __init__(self, *, advance: Callable[[TurnContext], None]) -> None:
        self._advance = advance

    @staticmethod
    def incomplete(ctx: TurnContext, step: TargetStep) -> tuple[int, Action, str] | None:
        """(index, action, detail) of the target's first action with a detail missing."""
        for i, action in enumerate(ctx.plan.toimenpiteet):
            if action.kehittamiskohde != step.target.name:
                continue
            if not action.lyhyt_aikavali and not action.pitka_aikavali:
                return i, action, "schedule"
            if not action.vastuuhenkilo:
                return i, action, "vastuuhenkilo"
            if not action.edellytykset:
                return i, action, "edellytykset"
        return None

    @staticmethod
    def incomplete_action(action: Action) -> str | None:
        if not action.lyhyt_aikavali and not action.pitka_aikavali:
            return "schedule"
        if not action.vastuuhenkilo:
            return "vastuuhenkilo"
        return None if action.edellytykset else "edellytykset"

    def next_detail_or_target(self, ctx: TurnContext, step: TargetStep) -> None:
        """Ask the next missing detail; else show the remaining proposals; else move on."""
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
        else:
            self._advance(ctx)

    @staticmethod
    def ask(ctx: TurnContext, action: Action, field_name: str) -> None:
        short_period, long_period = ctx.plan.meta.periods.short, ctx.plan.meta.periods.long
        label = escape_md(short(action.toimenpide))
        if field_name == "schedule":
            ctx.say(
                "ask_schedule",
                action=label,
                short=f"{short_period.start}–{short_period.end}",
                long=f"{long_period.start}–{long_period.end}",
            )
        elif field_name == "vastuuhenkilo":
            preparer = ctx.plan.kuvaus.valmisteluajan_vastuullinen_toimija
            if preparer:
                ctx.say("ask_responsible_default", action=label, preparer=escape_md(short(preparer)))
            else:
                ctx.say("ask_responsible", action=label)
        else:
            ctx.say("ask_prerequisites", action=label)

    def answer(self, ctx: TurnContext, step: TargetStep, text: str) -> None:
        target = ctx.state.target
        assert target is not None and target.detail is not None
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
        try:
            if field_name == "schedule":
                extract.field_value(text, limit=LIMITS.action_short_chars)  # the length budget first
                cells = split_schedule(text, plan_periods(ctx.plan))
                ctx.change(f"{base}/lyhyt_aikavali", action.lyhyt_aikavali, cells.short)
                ctx.change(f"{base}/pitka_aikavali", action.pitka_aikavali, cells.long)
                action.lyhyt_aikavali, action.pitka_aikavali = cells.short, cells.long
            elif field_name == "vastuuhenkilo":
                preparer = ctx.plan.kuvaus.valmisteluajan_vastuullinen_toimija
                confirmed = extract.yes_no(text) if preparer else None
                if confirmed is True:
                    value = preparer
                    ctx.state.default_responsible_ok = True
                elif confirmed is False:
                    ctx.say("confirm_yes_only")
                    return
                else:
                    value = extract.field_value(text, limit=LIMITS.action_short_chars)
                ctx.change(f"{base}/vastuuhenkilo", action.vastuuhenkilo, value)
                action.vastuuhenkilo = value
            else:
                value = extract.field_value(text, limit=LIMITS.action_text_chars)
                ctx.change(f"{base}/edellytykset", action.edellytykset, value)
                action.edellytykset = value
        except ExtractionError as exc:
            ctx.say(exc.code, **exc.params)
            return
        ctx.recorded = {"path": base, "value": action.model_dump(mode="json")}
        show_findings(ctx, [base])
        if self.incomplete_action(action) is None:
            ctx.say("action_complete", action=escape_md(short(action.toimenpide)))
        self.next_detail_or_target(ctx, step)
