"""The development targets of 3.4: proposing actions (LLM when available, else offline and
retrieval-grounded), and the user's accept, reject, edit, own action, propose again and skip; the
details of each recorded action are asked by `ActionDetails`."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from assistant.drafting import extract
from assistant.drafting.action_chat import PROPOSAL_DECISIONS, ActionChat, bare_decision, mentions_last
from assistant.drafting.action_details import ActionDetails
from assistant.drafting.context import TurnContext
from assistant.drafting.decisions import edited_proposal, one_of_several
from assistant.drafting.detail_text import action_argument
from assistant.drafting.edit_instructions import apply_change, change_refused
from assistant.drafting.edit_wording import split_remark
from assistant.drafting.extract import ExtractionError
from assistant.drafting.inline_details import split_inline
from assistant.drafting.models import Pending, Proposal, TargetState
from assistant.drafting.reply import action_line, short, show_proposals
from assistant.drafting.steps import TargetStep
from assistant.drafting.verb_guard import destination
from assistant.interfaces import Proposer
from assistant.interpret.models import Interpretation, Slots
from assistant.markdown import escape_md
from assistant.retrieval.hybrid import HybridRetriever
from assistant.template.models import LIMITS, Action
from assistant.template.spec import TemplateSpec

# The interpreter's action fields -> the details the engine asks (the action's text is edited directly).
ACTION_DETAIL = {
    "schedule_short": "schedule",
    "schedule_long": "schedule",
    "responsible": "vastuuhenkilo",
    "prerequisites": "edellytykset",
}
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
        actions: ActionChat,
        advance: Callable[[TurnContext], None],
    ) -> None:
        self.actions = actions
        self.spec = spec
        self.retriever = retriever
        self.proposer = proposer
        self.assist = assist
        self.details = details
        self._advance = advance

    def enter(self, ctx: TurnContext, step: TargetStep) -> None:
        area = self.spec.area(step.area_key)
        target = escape_md(step.target.display(ctx.language))
        area_name = area.name if ctx.language == "fi" else area.label.get(ctx.language) or area.name
        ctx.say("target_intro", area=escape_md(area_name), target=target)
        recorded = [a for a in ctx.plan.toimenpiteet if a.kehittamiskohde == step.target.name]
        proposals = self.proposals(ctx, step, {a.toimenpide for a in recorded})
        ctx.state.target = TargetState(name=step.target.name, proposals=proposals, asked=True)
        ctx.state.target.number_all()
        if recorded:  # coming back: what is there, and what is still missing is asked first
            ctx.say("target_actions", count=len(recorded))
            ctx.lines.append("\n".join(action_line(ctx, n, a) for n, a in enumerate(recorded, 1)))
            missing = self.details.incomplete(ctx, step)
            if missing is not None:
                _, action, detail = missing
                ctx.state.target.detail = {"action_id": action.id, "field": detail}
                self.details.ask(ctx, action, detail)
                return
            if not proposals:
                ctx.say("no_more_proposals")
                return
        show_proposals(ctx)

    def proposals(self, ctx: TurnContext, step: TargetStep, existing: set[str]) -> list[Proposal]:
        """Proposals for the target, none of them with a text in `existing`."""
        area = self.spec.area(step.area_key)
        if self.assist is not None and self.retriever is not None:
            proposals, notice = self.assist.propose(
                ctx.plan, area, step.target, ctx.plan.meta.language, exclude=existing
            )  # written in the plan's language: the text goes into the plan
            ctx.notice = notice
            if proposals is not None:
                return proposals
        if self.proposer is None:
            return []
        return self.proposer.propose(area, step.target, ctx.plan, exclude=existing)

    def act(self, ctx: TurnContext, step: TargetStep, reading: Interpretation, text: str) -> None:
        """A message on a target step, as the interpreter read it."""
        target = ctx.state.target or TargetState(name=step.target.name)
        ctx.state.target = target
        intent, slots = reading.intent, reading.slots
        if intent == "skip_question":
            if target.detail is not None:  # only this question: the action and the proposals stay
                target.skipped.append(f"{target.detail['action_id']}:{target.detail['field']}")
                ctx.say("detail_skipped")
                self.details.next_detail_or_target(ctx, step)
                return
            intent = "skip_target"
        if intent == "skip_target":
            target.detail = None
            if target.proposals:
                name = escape_md(step.target.display(ctx.language))
                done = len(self.actions_of(ctx, step))
                key = "target_done_kept" if done else "target_skipped_kept"  # "done", not "skipped"
                ctx.say(key, count=len(target.proposals), target=name, actions=done)
            self._advance(ctx)
            return
        # While a detail of an accepted action is asked, a proposal decision counts only as a bare command
        # ("hylkää 2 3"); a sentence that merely reads like one ("hyväksy kaikki ja aseta …") is the
        # detail's answer.
        decision_as_answer = intent in PROPOSAL_DECISIONS and not bare_decision(text)
        if target.detail is not None and (intent == "answer" or decision_as_answer):
            self.details.answer(ctx, step, text)
            return
        if intent in ("answer", "add_action") and self._schedule_offered(ctx, step, text):
            return  # "2026–2027: …" is a schedule, whichever reading it got
        handlers = {
            "accept_proposals": lambda: self.accept_named(ctx, step, slots, text),
            "reject_proposals": lambda: self.reject(ctx, self.numbers_of(slots)),
            "edit_proposal": lambda: self.edit_proposal(ctx, step, slots, text),
            "add_action": lambda: self.add_own(ctx, step, slots, text),
            "edit_action": lambda: self.edit_action(ctx, step, slots, text),
            "move_action": lambda: self.move_action(ctx, step, slots, text),
            "delete_action": lambda: self.delete_action(ctx, step, slots, text),
        }
        if intent == "request_proposals":
            existing = {a.toimenpide for a in ctx.plan.toimenpiteet if a.kehittamiskohde == step.target.name}
            new = self.proposals(ctx, step, existing | {p.toimenpide for p in target.proposals})
            known = {p.toimenpide for p in target.proposals}
            target.proposals += [p.model_copy(update={"number": 0}) for p in new if p.toimenpide not in known]
            target.number_all()
            show_proposals(ctx)
            return
        if intent in handlers:
            if handlers[intent]() is False:
                return
            if intent in ("edit_action", "move_action", "delete_action"):  # an edit: the target stays open
                self.details.next_detail_or_target(ctx, step, stay=True)
                return
        elif intent == "answer" and len(text.strip()) >= OWN_ACTION_MIN_CHARS:
            self.add_user_action(ctx, step, text)
        else:
            ctx.say("not_understood")
            return
        self.details.next_detail_or_target(ctx, step)

    def accept_named(self, ctx: TurnContext, step: TargetStep, slots: Slots, text: str) -> bool:
        shown = ctx.state.target.shown_numbers() if ctx.state.target else []
        if one_of_several(text, slots, shown):
            ctx.say("proposal_which", example=shown[0])
            return False
        return self.accept(ctx, step, self.numbers_of(slots)) > 0

    def _schedule_offered(self, ctx: TurnContext, step: TargetStep, text: str) -> bool:
        """A text that starts with a period or year ("2026–2027: …") is a schedule, not an action: offered
        as the schedule of this target's action that has none (else its last one); nothing is stored on
        the guess."""
        if not _SCHEDULE_LEAD.match(text):
            return False
        here = [ctx.plan.toimenpiteet[i] for i in self.actions_of(ctx, step)]
        if not here:
            ctx.say("schedule_no_action")
            return True
        lacking = [a for a in here if not a.lyhyt_aikavali and not a.pitka_aikavali]
        action = (lacking or here[-1:])[0]
        ctx.state.pending = Pending(
            kind="move_content", text=text, field="schedule_short", step=ctx.state.step, action_id=action.id
        )
        label = ctx.t("action_field.schedule")
        ctx.say("offer_detail", action=escape_md(short(action.toimenpide)), label=label)
        return True

    @staticmethod
    def numbers_of(slots: Slots) -> tuple[int, ...]:
        """The proposal numbers a decision names (() for all of them)."""
        return () if slots.all or not slots.numbers else tuple(slots.numbers)

    def edit_proposal(self, ctx: TurnContext, step: TargetStep, slots: Slots, text: str) -> bool:
        """`muokkaa 2: uusi teksti` accepts proposal 2 with the new text; without the text it is asked."""
        shown = ctx.state.target.shown_numbers() if ctx.state.target else []
        number, new_text = edited_proposal(slots, text, shown)
        if number is None:
            ctx.say("edit_needs_number", example=shown[0] if shown else 1)
            return False
        proposal = ctx.state.target.by_number(number) if ctx.state.target else None
        change = apply_change(proposal.toimenpide, text) if proposal else None
        if refusal := change_refused(change, text):  # a word to replace that is not there; a description
            ctx.say(refusal, n=number, word=escape_md(change.missing if change else ""))
            return False
        new_text = change.text if change and change.text else new_text
        if not new_text:
            ctx.say("edit_needs_text", n=number)
            return False
        new_text, remark = split_remark(new_text)
        if remark:  # said before the action is (the stored text is said back with it)
            ctx.say("edit_remark_dropped", remark=escape_md(remark))
        self.accept(ctx, step, (number,), edited=new_text)
        return True

    def add_own(self, ctx: TurnContext, step: TargetStep, slots: Slots, text: str) -> bool:
        body = (slots.text or text).strip()
        if slots.target and slots.target != step.target.name:
            self.add_elsewhere(ctx, slots, body)
            return False
        if len(body) < 3:
            ctx.say("own_needs_text")
            return False
        self.add_user_action(ctx, step, body)
        return True

    def add_user_action(self, ctx: TurnContext, step: TargetStep, text: str) -> None:
        """The user's own action; details given in the same message ("…, vastuu X, aikataulu 2026–2027")
        are recorded as its details, each said back (the rest are asked)."""
        inline = split_inline(text)
        before = len(ctx.plan.toimenpiteet)
        self.add_action(ctx, step.target.name, inline.text, origin="user", sources=[])
        if len(ctx.plan.toimenpiteet) > before and inline.details:
            self.details.record_inline(ctx, before, inline.details)

    def add_elsewhere(self, ctx: TurnContext, slots: Slots, text: str) -> None:
        """An own action for another target named in the message, with the details typed with it: filed
        there (the missing details are asked when that target is visited)."""
        target = self.spec.target_by_name(slots.target or "")
        if target is None:
            ctx.say("not_understood")
            return
        inline, before = split_inline((slots.text or text).strip()), len(ctx.plan.toimenpiteet)
        self.add_action(
            ctx, target.name, inline.text, origin="user", sources=[], elsewhere=target.display(ctx.language)
        )
        if len(ctx.plan.toimenpiteet) > before:
            self.details.record_inline(ctx, before, inline.details)

    # --- the target's accepted actions by their number (1 = the first under this target) ------------------
    @staticmethod
    def actions_of(ctx: TurnContext, step: TargetStep) -> list[int]:
        return [i for i, a in enumerate(ctx.plan.toimenpiteet) if a.kehittamiskohde == step.target.name]

    def _action_index(self, ctx: TurnContext, step: TargetStep, slots: Slots) -> int | None:
        indices = self.actions_of(ctx, step)
        n = slots.action
        if n is None and len(indices) == 1:
            n = 1
        if n is None or not 1 <= n <= len(indices):
            ctx.say("unknown_action", n=n or "?", count=len(indices))
            return None
        return indices[n - 1]

    def edit_action(self, ctx: TurnContext, step: TargetStep, slots: Slots, text: str) -> bool:
        """Change an accepted action's field: the new value is asked (or taken after a colon)."""
        here = self.actions_of(ctx, step)
        if slots.action is None and len(here) != 1:  # named by its text, or the one recorded last
            index = self.actions.resolve(ctx, step, text, action_argument(text), None)
        else:
            index = self._action_index(ctx, step, slots)
        if index is None:
            return False
        action = ctx.plan.toimenpiteet[index]
        field = slots.field or "action_text"
        detail = ACTION_DETAIL.get(field)
        target = ctx.state.target
        assert target is not None
        if detail is not None and self.actions.edit_detail(ctx, index, detail, text, slots.text):
            return True  # the value was in the message ("toimenpiteen 1 vastuuhenkilö on X")
        if detail is None:  # the action's text
            new_text = slots.text or (text.split(":", 1)[1].strip() if ":" in text else "")
            if not new_text:
                ctx.say("edit_needs_text", n=slots.action or 1)
                return False
            ctx.change(f"/toimenpiteet/{index}/toimenpide", action.toimenpide, new_text)
            action.toimenpide = new_text
            ctx.say("action_edited", text=escape_md(new_text))
            return True
        target.detail = {"action_id": action.id, "field": detail}
        self.details.ask(ctx, action, detail)
        return False

    def move_action(self, ctx: TurnContext, step: TargetStep, slots: Slots, text: str) -> bool:
        here = self.actions_of(ctx, step)
        last = slots.action is None and len(here) > 1 and mentions_last(text)  # "siirrä viimeinen …"
        index = here[-1] if last else self._action_index(ctx, step, slots)
        if index is None:
            return False
        where_to = destination(self.spec, text, slots.target)
        new_target = where_to.target
        if new_target is None:  # nothing moved on a guess: the closest targets are suggested
            shown = [self.spec.target_by_name(n) for n in where_to.choices]
            names = ctx.t("or").join(f"**{escape_md(t.display(ctx.language))}**" for t in shown if t)
            if where_to.area:
                area = self.spec.area(where_to.area).label.get(ctx.language)
                ctx.say("move_area_choice", area=escape_md(area), names=names)
            elif where_to.phrase and where_to.choices:
                ctx.say("move_suggest", arg=escape_md(where_to.phrase), names=names)
            else:
                ctx.say("move_which_target")
            return False
        action = ctx.plan.toimenpiteet[index]
        ctx.change(f"/toimenpiteet/{index}/kehittamiskohde", action.kehittamiskohde, new_target.name)
        action.kehittamiskohde = new_target.name
        if ctx.state.target and ctx.state.target.detail and ctx.state.target.detail["action_id"] == action.id:
            ctx.state.target.detail = None
        where = new_target.display(ctx.language)
        ctx.say("action_moved", text=escape_md(short(action.toimenpide)), target=escape_md(where))
        return True

    def delete_action(self, ctx: TurnContext, step: TargetStep, slots: Slots, text: str) -> bool:
        """By its number here, as the one recorded last, or by its text anywhere in the plan."""
        return self.actions.delete(ctx, step, text, slots.text or action_argument(text), slots.action)

    def accept(
        self, ctx: TurnContext, step: TargetStep, numbers: tuple[int, ...], edited: str | None = None
    ) -> int:
        """Record the numbered proposals (all shown when none is given) as actions; `edited`: the new
        text. Numbers are the ones shown and never shift; unknown numbers are reported. Returns how many
        were recorded (0: nothing on offer, the target stays)."""
        target = ctx.state.target
        assert target is not None
        if not target.proposals:
            ctx.say("no_proposals_to_accept")
            return 0
        picked = self._pick(ctx, numbers)
        for proposal in picked:
            origin = (
                "template_example" if proposal.origin == "template_example" and not edited else "proposal"
            )
            text = edited or proposal.toimenpide
            self.add_action(ctx, step.target.name, text, origin=origin, sources=proposal.lahteet)
        target.proposals = [p for p in target.proposals if p not in picked]
        return len(picked)

    @staticmethod
    def _pick(ctx: TurnContext, numbers: tuple[int, ...]) -> list[Proposal]:
        target = ctx.state.target
        assert target is not None
        if not numbers:
            return list(target.proposals)
        picked = []
        for n in dict.fromkeys(numbers):
            proposal = target.by_number(n)
            if proposal is None:
                shown = ", ".join(str(p.number) for p in target.proposals)
                ctx.say("unknown_number" if shown else "unknown_number_none", n=n, numbers=shown)
            else:
                picked.append(proposal)
        return picked

    def reject(self, ctx: TurnContext, decision: tuple[int, ...] | Interpretation) -> None:
        """Remove the proposals numbered (a decision's numbers; none: all of them)."""
        numbers = self.numbers_of(decision.slots) if isinstance(decision, Interpretation) else decision
        target = ctx.state.target
        assert target is not None
        picked = self._pick(ctx, numbers)
        for proposal in picked:
            ctx.say("rejected", n=proposal.number)
        target.proposals = [p for p in target.proposals if p not in picked]

    @staticmethod
    def add_action(
        ctx: TurnContext, target: str, text: str, *, origin: str, sources: list[Any], elsewhere: str = ""
    ) -> None:
        """Record an action under `target` (`elsewhere`: that target's name, said back, when it is not the
        one being drafted)."""
        if len(ctx.plan.toimenpiteet) >= LIMITS.actions:
            ctx.say("too_many_actions", limit=LIMITS.actions)
            return
        try:
            value = extract.field_value(text, limit=LIMITS.action_text_chars)
        except ExtractionError as exc:
            ctx.say(exc.code, **exc.params)
            return
        action = Action(kehittamiskohde=target, toimenpide=value, lahteet=list(sources), alkupera=origin)
        ctx.plan.toimenpiteet.append(action)
        index = len(ctx.plan.toimenpiteet) - 1
        ctx.change(f"/toimenpiteet/{index}", None, action.model_dump(mode="json"))
        ctx.recorded = {"path": f"/toimenpiteet/{index}", "value": action.model_dump(mode="json")}
        if elsewhere:
            ctx.say("own_recorded_elsewhere", text=escape_md(value), target=escape_md(elsewhere))
        else:
            ctx.say("accepted" if origin != "user" else "own_recorded", text=escape_md(value))


_SCHEDULE_LEAD = re.compile(r"^\s*(?:19|20)\d\d(?:\s*[–—-]\s*(?:19|20)?\d\d)?\s*:")
