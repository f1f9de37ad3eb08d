"""The development targets of 3.4: proposing actions (LLM when available, else offline and
retrieval-grounded), and the user's accept, reject, edit, own action, propose again and skip; the
details of each recorded action are asked by `ActionDetails`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from assistant.drafting import extract
from assistant.drafting.action_details import ActionDetails
from assistant.drafting.commands import Command
from assistant.drafting.context import TurnContext
from assistant.drafting.extract import ExtractionError
from assistant.drafting.models import Proposal, TargetState
from assistant.drafting.reply import show_proposals
from assistant.drafting.steps import TargetStep
from assistant.interfaces import Proposer
from assistant.markdown import escape_md
from assistant.retrieval.hybrid import HybridRetriever
from assistant.template.models import LIMITS, Action
from assistant.template.spec import TemplateSpec

OWN_ACTION_MIN_CHARS = 15  # free text at least this long (and not a command) is the user's own action


class DevelopmentTargets:
    """Entering a target step and handling the answers to it; `advance` moves on to the next step."""

    def __init__(
        self,
        spec: TemplateSpec,
        retriever: HybridRetriever | None,
        proposer: Proposer | None,
        assist: Any | None,
        *,
        details: ActionDetails,
        advance: Callable[[TurnContext], None],
    ) -> None:
        self.spec = spec
        self.retriever = retriever
        self.proposer = proposer
        self.assist = assist
        self.details = details
        self._advance = advance

    def enter(self, ctx: TurnContext, step: TargetStep) -> None:
        area = self.spec.area(step.area_key)
        target = escape_md(step.target.display(ctx.language))
        ctx.say("target_intro", area=escape_md(area.name), target=target)
        existing = {a.toimenpide for a in ctx.plan.toimenpiteet if a.kehittamiskohde == step.target.name}
        proposals = self.proposals(ctx, step, existing)
        ctx.state.target = TargetState(name=step.target.name, proposals=proposals, asked=True)
        show_proposals(ctx)

    def proposals(self, ctx: TurnContext, step: TargetStep, existing: set[str]) -> list[Proposal]:
        """Proposals for the target, none of them with a text in `existing`."""
        area = self.spec.area(step.area_key)
        if self.assist is not None and self.retriever is not None:
            proposals, notice = self.assist.propose(
                ctx.plan, area, step.target, ctx.language, exclude=existing
            )
            ctx.notice = notice
            if proposals is not None:
                return proposals
        if self.proposer is None:
            return []
        return self.proposer.propose(area, step.target, ctx.plan, exclude=existing)

    def input(self, ctx: TurnContext, step: TargetStep, text: str, command: Command | None) -> None:
        """A message on a target step: a detail's answer, a command about the proposals, or own text."""
        target = ctx.state.target or TargetState(name=step.target.name)
        ctx.state.target = target
        if target.detail is not None and not (command and command.name in ("skip", "done")):
            self.details.answer(ctx, step, text)
            return
        name = command.name if command else None
        if name == "accept":
            if not self.accept(ctx, step, command.numbers if command else ()):
                return  # nothing recorded: stay on the target, the proposals still on offer
        elif name == "reject":
            self.reject(ctx, command.numbers if command else ())
        elif name == "edit" and command and command.numbers and ":" in command.argument:
            new_text = command.argument.split(":", 1)[1].strip()
            if not self.accept(ctx, step, command.numbers[:1], edited=new_text):
                return
        elif name == "own" and command and command.argument:
            self.add_action(ctx, step, command.argument, origin="user", sources=[])
        elif name == "propose":
            existing = {a.toimenpide for a in ctx.plan.toimenpiteet if a.kehittamiskohde == step.target.name}
            fresh = self.proposals(ctx, step, existing | {p.toimenpide for p in target.proposals})
            # Those on offer keep their numbers (a failed model call must not drop them); new ones follow.
            target.proposals = [*target.proposals, *fresh]
            if not fresh and target.proposals:
                ctx.say("no_new_proposals")
            show_proposals(ctx)
            return
        elif name in ("skip", "done"):
            target.detail = None
            self._advance(ctx)
            return
        elif len(text.strip()) >= OWN_ACTION_MIN_CHARS and command is None:
            self.add_action(ctx, step, text, origin="user", sources=[])
        else:
            ctx.say("not_understood")
            return
        self.details.next_detail_or_target(ctx, step)

    def accept(
        self, ctx: TurnContext, step: TargetStep, numbers: tuple[int, ...], edited: str | None = None
    ) -> int:
        """Record the numbered proposals (all when none is given) as actions; `edited`: the new text.
        Returns how many were recorded."""
        target = ctx.state.target
        assert target is not None
        if not target.proposals:
            ctx.say("no_proposals_to_accept")
            return 0
        chosen = numbers or tuple(range(1, len(target.proposals) + 1))
        valid = [n for n in chosen if 1 <= n <= len(target.proposals)]
        for n in chosen:
            if n not in valid:
                ctx.say(
                    "unknown_number",
                    n=n,
                    numbers=", ".join(str(i) for i in range(1, len(target.proposals) + 1)),
                )
        picked = [target.proposals[n - 1] for n in valid]
        for proposal in picked:
            origin = (
                "template_example" if proposal.origin == "template_example" and not edited else "proposal"
            )
            self.add_action(ctx, step, edited or proposal.toimenpide, origin=origin, sources=proposal.lahteet)
        target.proposals = [p for p in target.proposals if p not in picked]
        return len(picked)

    @staticmethod
    def reject(ctx: TurnContext, numbers: tuple[int, ...]) -> None:
        target = ctx.state.target
        assert target is not None
        chosen = set(numbers or range(1, len(target.proposals) + 1))
        for n in sorted(chosen):
            if 1 <= n <= len(target.proposals):
                ctx.say("rejected", n=n)
        target.proposals = [p for i, p in enumerate(target.proposals, 1) if i not in chosen]

    @staticmethod
    def add_action(ctx: TurnContext, step: TargetStep, text: str, *, origin: str, sources: list[Any]) -> None:
        if len(ctx.plan.toimenpiteet) >= LIMITS.actions:
            ctx.say("too_many_actions", limit=LIMITS.actions)
            return
        try:
            value = extract.field_value(text, limit=LIMITS.action_text_chars)
        except ExtractionError as exc:
            ctx.say(exc.code, **exc.params)
            return
        action = Action(
            kehittamiskohde=step.target.name, toimenpide=value, lahteet=list(sources), alkupera=origin
        )
        ctx.plan.toimenpiteet.append(action)
        index = len(ctx.plan.toimenpiteet) - 1
        ctx.change(f"/toimenpiteet/{index}", None, action.model_dump(mode="json"))
        ctx.recorded = {"path": f"/toimenpiteet/{index}", "value": action.model_dump(mode="json")}
        ctx.say("accepted" if origin != "user" else "own_recorded", text=escape_md(value))
