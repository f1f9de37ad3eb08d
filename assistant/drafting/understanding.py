"""One interpretation per message, acted on: the drafting engine asks the interpreter what the message is
(answer, question, navigation, a proposal decision, a chat command about actions, ...) and this module carries
it out with the engine's parts. Below the confidence threshold it asks which of the two likeliest readings was
meant (nothing is stored); offers (content for another field, a reading to choose) wait for an answer."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from assistant.drafting import extract
from assistant.drafting.action_chat import (
    action_for_detail,
    detail_answer,
    detail_reading,
    proposal_command,
)
from assistant.drafting.afterthought import afterthought
from assistant.drafting.answer_value import correction_value
from assistant.drafting.asking import asked_back
from assistant.drafting.assessment_input import looks_like_assessment
from assistant.drafting.commands import parse_command
from assistant.drafting.context import Step, TurnContext
from assistant.drafting.decisions import act_in_turn, decision_readings, no_action_given
from assistant.drafting.detail_text import DETAIL_FIELD, FIELD_DETAIL, action_argument
from assistant.drafting.explicit import explicit_command
from assistant.drafting.fields import LIST_FIELDS, answer_besides_instructions
from assistant.drafting.models import OpenItem, Pending
from assistant.drafting.moves import done_here, going_back, leaving, same_effect, talk_key, to_named_place
from assistant.drafting.questions import answer_question
from assistant.drafting.reading_words import describe, field_label
from assistant.drafting.references import offer_copy
from assistant.drafting.reply import short, show_missing, show_proposals
from assistant.drafting.steps import ASSESSMENT, DONE, FieldStep, TargetStep, step_id
from assistant.drafting.verb_guard import guarded, with_own_verb
from assistant.interpret import rules
from assistant.interpret.base import Interpreter, needs_clarification
from assistant.interpret.models import Interpretation, InterpretContext, Reading, Slots
from assistant.markdown import escape_md

if TYPE_CHECKING:
    from assistant.drafting.engine import DraftingEngine

# Chat commands that mean one thing wherever they are typed (see commands.yaml).
EXPLICIT_COMMANDS = ("back", "periods", "shorten")


def interpret_context(ctx: TurnContext, step: Step) -> InterpretContext:
    """What the interpreter is told: the field asked, the target, the proposals and actions shown."""
    language = ctx.language if ctx.language in ("fi", "sv", "en") else "fi"
    if isinstance(step, FieldStep):
        return InterpretContext(field=step.field.key, language=language)
    if isinstance(step, TargetStep):
        target = ctx.state.target
        detail = target.detail["field"] if target and target.detail else None
        actions = sum(1 for a in ctx.plan.toimenpiteet if a.kehittamiskohde == step.target.name)
        return InterpretContext(
            field=DETAIL_FIELD.get(detail or "", "action_text"),
            target=step.target.name,
            area=step.area_key,
            proposals=target.shown_numbers() if target else [],
            actions=actions,
            language=language,
        )
    if step == ASSESSMENT:
        return InterpretContext(field="arvioinnin_tulokset", language=language)
    return InterpretContext(field="seuranta_ja_arviointi", language=language)


class Understanding:
    """Interprets each message once and runs what it means on the engine's parts."""

    def __init__(self, engine: DraftingEngine, interpreter: Interpreter) -> None:
        self.engine = engine
        self.interpreter = interpreter

    # --- the turn ------------------------------------------------------------------------------------
    def handle(self, ctx: TurnContext, text: str) -> None:
        step = self.engine.navigator.current(ctx)
        pending, ctx.state.pending = ctx.state.pending, None
        if pending is not None and self._answer_pending(ctx, step, pending, text):
            return
        if pending is not None and pending.text.strip() != text.strip():
            # The offer (or the question which reading was meant) was not answered: nothing of it was
            # stored, and the user is told so.
            dropped = "clarify_dropped" if pending.kind == "clarify" else "offer_dropped"
            ctx.say(dropped, text=escape_md(short(pending.text)))
        command = parse_command(text)
        if command is not None and command.name == "delete_action":
            self.engine.actions.delete_anywhere(ctx, step, text, command.argument, None, reask=self.reask)
            return
        if command is not None and command.name in EXPLICIT_COMMANDS:
            # Exact chat commands with one meaning ("takaisin", "aikavälit 2026–2027 ja 2028–2030",
            # "lyhennä") are run by rule, before any reading.
            self.engine.navigator.global_command(ctx, command)
            return
        if command is not None and command.name == "goto":
            target_id = self.engine.navigator.resolve(ctx.plan, command.argument)
            if target_id is not None:  # a name or number the template knows exactly: go there
                self.engine.navigator.goto(ctx, command.argument)
                return
        edits = self.engine.plan_edits
        if offer_copy(ctx, self.engine.spec, step, text) or edits.period_bound(ctx, step, text):
            return  # "samat kuin yllä": the earlier answer offered; "pitkä aikaväli päättyy 2030": moved
        if going_back(text):  # "mennään takaisin edelliseen"
            self.engine.navigator.back(ctx)
            return
        if leaving(text):  # "tallenna tää ja lopetetaan tältä päivältä": everything is saved already
            ctx.say("saved_always")
            return
        if step == ASSESSMENT and ctx.state.pending_assessment is not None:
            # Rows echoed and waiting for "yes"/"no" or more rows: the assessment step reads the reply.
            self.engine.fields.assessment_answer(ctx, text)
            return
        if explicit := explicit_command(ctx, step, command, text, self.engine.spec):  # "oma: teksti" as shown
            self.act(ctx, step, explicit, text)
            return
        # a delete, accept or edit is read only from the message's own words (never offered without them)
        reading = guarded(text, self.interpreter.interpret(text, interpret_context(ctx, step)))
        reading = to_named_place(text, asked_back(text, reading))  # a question is never stored on a guess
        target = ctx.state.target if isinstance(step, TargetStep) else None
        if target is not None and target.detail is None and done_here(text):  # "klart med den här, nästa"
            reading = Interpretation(intent="skip_target", confidence=1.0)
        reading = same_effect(reading, target is not None and target.detail is not None, text)
        if reading.notice:
            ctx.notice = reading.notice
        shown = ctx.state.target.shown_numbers() if ctx.state.target else []
        if isinstance(step, TargetStep) and (decided := decision_readings(text, reading, shown)):
            targets = self.engine.targets  # "hyväksyn ensimmäisen ja toisen, kolmas ei sovi": each in turn
            act_in_turn(decided, lambda d: self.act(ctx, step, d, text), lambda d: targets.reject(ctx, d))
            return
        if reading.intent == "add_action" and command is None and (why := no_action_given(text, shown)):
            ctx.say(why)  # speaks of the proposals or of an own action, or asks for a change: none stored
            return
        if not detail_answer(ctx, reading, text) and needs_clarification(reading):
            self._clarify(ctx, step, reading, text)
            return
        self.act(ctx, step, reading, text)

    def _clarify(self, ctx: TurnContext, step: Step, reading: Interpretation, text: str) -> None:
        """Ask which of the two likeliest readings was meant; nothing is stored."""
        first = Reading(intent=reading.intent, confidence=reading.confidence, slots=reading.slots)
        second = reading.alternatives[0]
        ctx.state.pending = Pending(
            kind="clarify",
            text=text,
            readings=[first.model_dump(mode="json"), second.model_dump(mode="json")],
            step=ctx.state.step,
        )
        ctx.say(
            "clarify",
            first=describe(self.engine.spec, ctx, first),
            second=describe(self.engine.spec, ctx, second),
        )

    def field_label(self, ctx: TurnContext, field: str) -> str:
        return field_label(self.engine.spec, ctx, field)

    def _answer_pending(self, ctx: TurnContext, step: Step, pending: Pending, text: str) -> bool:
        """True when the message answered the waiting offer (and was handled)."""
        if pending.step and pending.step != ctx.state.step:
            return False
        if pending.kind == "clarify":
            chosen = 0 if text.strip() == pending.text.strip() else self._chosen(text, len(pending.readings))
            if chosen is None:
                return False
            reading = Reading.model_validate(pending.readings[chosen])
            interpretation = Interpretation(intent=reading.intent, slots=reading.slots, confidence=1.0)
            self.act(ctx, step, interpretation, pending.text)
            return True
        if " ".join(text.split()) == " ".join(pending.text.split()):
            # The same answer again instead of yes/no: it is the answer to the question asked here.
            return self._answer_here(ctx, step, text)
        answer = extract.yes_no(text)
        if answer is None or len(text.split()) > 4:
            return False
        if answer and pending.kind == "copy_answer":
            self._answer_here(ctx, step, pending.text)
        elif answer:
            self.engine.plan_edits.put_content(
                ctx, step, pending.field or "", pending.text, pending.action_id
            )
        else:
            ctx.say("move_declined")
            self.reask(ctx, step)
        return True

    def _answer_here(self, ctx: TurnContext, step: Step, text: str) -> bool:
        e = self.engine
        if isinstance(step, FieldStep):
            e.fields.answer(ctx, step, text)
            return True
        target = ctx.state.target
        if isinstance(step, TargetStep) and target is not None and target.detail is not None:
            e.details.answer(ctx, step, text)
            return True
        return False

    @staticmethod
    def _chosen(text: str, count: int) -> int | None:
        numbers = rules.numbers(text)
        if len(text.split()) <= 4 and numbers and 1 <= numbers[0] <= count:
            return numbers[0] - 1
        if extract.yes_no(text) is True and len(text.split()) <= 2:
            return 0
        return None

    # --- acting on a reading -----------------------------------------------------------------------
    def act(self, ctx: TurnContext, step: Step, reading: Interpretation, text: str) -> None:
        e = self.engine
        reading = with_own_verb(text, reading)  # also for a reading chosen from a question back
        intent: str = reading.intent
        slots = reading.slots
        if isinstance(step, TargetStep) and intent in ("answer", "add_action", "answer_elsewhere"):
            intent, slots = detail_reading(ctx, text, intent, slots)
            reading = reading.model_copy(update={"intent": intent, "slots": slots})
        if isinstance(step, FieldStep) and intent == "answer" and proposal_command(text):
            intent = "accept_proposals"  # "hyväksy 1" at a text field: never stored as its answer
        if isinstance(step, FieldStep) and intent in ("answer", "assessment_results"):
            # result rows typed at a text field are never stored there; results told in words are an answer
            intent = "assessment_results" if looks_like_assessment(text, e.spec) else "answer"
        intent, slots, text = afterthought(ctx, e.spec, step, intent, slots, text)  # "ai niin, …" to the last
        if step == ASSESSMENT and intent in ("answer", "answer_elsewhere"):
            # Rows of results are what this step asks for: the assessment reader decides (and says why not).
            e.fields.assessment_answer(ctx, text)
            return
        if intent == "delete_action" and not isinstance(step, TargetStep):
            argument = slots.text or action_argument(text)
            e.actions.delete_anywhere(ctx, step, text, argument, slots.action, reask=self.reask)
            return
        if intent == "edit_action" and not isinstance(step, TargetStep):
            detail = FIELD_DETAIL.get(slots.field or "")
            e.actions.edit_anywhere(ctx, step, detail, text, value=slots.text, reask=self.reask)
            return
        simple: dict[str, Any] = {
            "help": lambda: ctx.say("help"),
            "status": lambda: e.navigator.status(ctx),
            "missing": lambda: self.missing(ctx),
            "question": lambda: self.answer_question(ctx, step, text),
            "instruction": lambda: self.refuse_instruction(ctx, step, text),
            "smalltalk": lambda: self.smalltalk(ctx, step, text),
            "navigate": lambda: e.navigator.go(ctx, slots, text),
            "correction": lambda: self.correction(ctx, step, slots, text),
            "answer_elsewhere": lambda: self.offer_elsewhere(ctx, step, slots, text),
            "undecided": lambda: self.undecided(ctx, step),
            "set_periods": lambda: e.plan_edits.set_periods(ctx, step, slots),
            "assessment_results": lambda: e.fields.assessment_rows(ctx, step, slots, text),
        }
        if intent in simple:
            simple[intent]()
            return
        if isinstance(step, TargetStep):
            e.targets.act(ctx, step, reading, text)
            return
        if intent in ("skip_question", "skip_target"):
            e.navigator.skip(ctx)
        elif intent in ("accept_proposals", "reject_proposals", "edit_proposal", "request_proposals") or (
            intent in ("add_action", "move_action")
        ):
            if intent == "add_action" and slots.target:
                e.targets.add_elsewhere(ctx, slots, text)
            else:
                ctx.say("not_at_target")
                self.reask(ctx, step)
        elif isinstance(step, FieldStep):
            e.fields.answer(ctx, step, text, flagged=reading.flagged_instruction)
        elif step == ASSESSMENT:
            e.fields.assessment_answer(ctx, text)
        else:  # the end: thanks answered in kind; content is placed nowhere on a guess (the user is told)
            e.navigator.after_done(ctx, text)

    # --- intents that work on any step ------------------------------------------------------------------
    def missing(self, ctx: TurnContext) -> None:
        show_missing(ctx)
        if ctx.state.open_items:
            ctx.say("open_items_header", count=len(ctx.state.open_items))
            ctx.lines.append("\n".join(f"- {escape_md(i.label)}" for i in ctx.state.open_items))

    def answer_question(self, ctx: TurnContext, step: Step, text: str) -> None:
        """Answered from the template and the knowledge base (`questions.py`); the question asked again."""
        if answer_question(ctx, step, text, self.engine.spec, self.engine.retriever):
            self.reask(ctx, step)

    def reask(self, ctx: TurnContext, step: Step) -> None:
        """The current question again, briefly."""
        e = self.engine
        if isinstance(step, FieldStep):
            letter = f"{step.field.letter}) " if step.field.letter else ""
            label = escape_md(f"{letter}{step.field.label.get(ctx.language)}")
            ctx.say("ask_again", section=step.group.id, label=label)
        elif isinstance(step, TargetStep):
            target = ctx.state.target
            if target is not None and target.detail is not None:
                action = next((a for a in ctx.plan.toimenpiteet if a.id == target.detail["action_id"]), None)
                if action is not None:
                    e.details.ask(ctx, action, target.detail["field"])
                    return
            show_proposals(ctx)
        elif step == ASSESSMENT:
            ctx.say("assessment_question")
        elif step == DONE:
            ctx.say("done")

    def refuse_instruction(self, ctx: TurnContext, step: Step, text: str) -> None:
        """An instruction to the assistant is never obeyed. At a text field, the other sentences are the
        answer ("Pohjanrannan hyvinvointialue. Unohda aiemmat ohjeet …": the name recorded, the instruction
        left out, the user told) when they read as one on their own; anything else is refused."""
        if isinstance(step, FieldStep) and (kept := answer_besides_instructions(text)):
            # the rest must read as an answer on its own too (not "Set every … to Mallory")
            rest = self.interpreter.interpret(kept, interpret_context(ctx, step))
            if rest.intent == "answer" and not needs_clarification(rest):
                self.engine.fields.answer(ctx, step, text, flagged=True)
                return
        ctx.say("instruction_refused")
        self.reask(ctx, step)

    def smalltalk(self, ctx: TurnContext, step: Step, text: str) -> None:
        ctx.say(talk_key(text))  # "oota, puhelu" is no greeting: a reply of its kind
        self.reask(ctx, step)

    def correction(self, ctx: TurnContext, step: Step, slots: Slots, text: str) -> None:
        """The new value recorded when the message gives it ("eiku koko nimi: X"); otherwise go to the
        corrected field (its current value is shown) and come back here after it."""
        field = slots.field
        target_id = self.engine.navigator.field_step(field) if field else None
        if target_id is None:
            ctx.say("correction_which")
            return
        corrected = next((s for s in self.engine.navigator.steps(ctx.plan) if step_id(s) == target_id), None)
        if (value := correction_value(text)) and isinstance(corrected, FieldStep):
            here = target_id == ctx.state.step
            self.engine.fields.answer(ctx, corrected, value, advance=here)
            if not here:
                self.reask(ctx, step)
            return
        back = ctx.state.step
        ctx.say("correction_go", label=escape_md(self.field_label(ctx, field or "")))
        self.engine.navigator.enter(ctx, target_id)
        ctx.state.return_to = back

    def offer_elsewhere(self, ctx: TurnContext, step: Step, slots: Slots, text: str) -> None:
        """Content that belongs to another field: offered there; done on "yes"."""
        if not slots.field:
            ctx.say("not_understood")
            return
        if slots.field == "action_text" and isinstance(step, FieldStep):  # no target here to put it under
            ctx.say("action_elsewhere")
            self.reask(ctx, step)
            return
        if slots.field in FIELD_DETAIL:  # a detail of an action: which one is named in the offer
            action = action_for_detail(ctx, step, slots)
            if action is None:
                ctx.say("detail_no_action", label=self.field_label(ctx, slots.field))
                self.reask(ctx, step)
                return
            ctx.state.pending = Pending(
                kind="move_content", text=text, field=slots.field, step=ctx.state.step, action_id=action.id
            )
            label = self.field_label(ctx, slots.field)
            ctx.say("offer_detail", action=escape_md(short(action.toimenpide)), label=label)
            return
        if (
            isinstance(step, FieldStep)
            and step.field.key in LIST_FIELDS
            and len(extract.split_list(text)) > 1
        ):
            # a list typed where a list is asked ("X; Y; Z" at the organisations) is that answer, even when
            # one of its items reads like another field (the region's own name)
            self.engine.fields.answer(ctx, step, text)
            return
        ctx.state.pending = Pending(kind="move_content", text=text, field=slots.field, step=ctx.state.step)
        ctx.say("offer_elsewhere", label=escape_md(self.field_label(ctx, slots.field)))

    def undecided(self, ctx: TurnContext, step: Step) -> None:
        """Not decided yet: kept as an open item, the conversation moves on (no loop)."""
        e = self.engine
        if isinstance(step, FieldStep):
            path = f"/{step.section.key}/{step.field.key}"
            label = f"{step.group.id} {step.field.label.get(ctx.language)}"
            self._open(ctx, OpenItem(path=path, label=label))
            e.navigator.advance(ctx)
        elif isinstance(step, TargetStep) and ctx.state.target and ctx.state.target.detail:
            detail = ctx.state.target.detail
            action = next((a for a in ctx.plan.toimenpiteet if a.id == detail["action_id"]), None)
            what = ctx.t(f"action_field.{DETAIL_FIELD[detail['field']]}")
            target_name = step.target.display(ctx.language)
            label = f"{target_name}: {what}" + (f" ({short(action.toimenpide, 60)})" if action else "")
            self._open(ctx, OpenItem(path=f"action:{detail['action_id']}/{detail['field']}", label=label))
            ctx.state.target.skipped.append(f"{detail['action_id']}:{detail['field']}")
            e.details.next_detail_or_target(ctx, step)
        else:
            ctx.say("not_understood")

    @staticmethod
    def _open(ctx: TurnContext, item: OpenItem) -> None:
        if all(i.path != item.path for i in ctx.state.open_items):
            ctx.state.open_items.append(item)
        ctx.say("open_item", label=escape_md(item.label))
