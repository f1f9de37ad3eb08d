"""Moving through the conversation's steps: the current step, entering and advancing to a step, and the
navigation and overview commands that work on any step (help, progress, missing, back, go to, skip, and
what is said once the plan is done)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from assistant.drafting.assessment_flow import field_applies, results_step_applies
from assistant.drafting.commands import Command
from assistant.drafting.context import Step, TurnContext
from assistant.drafting.moves import talk_key
from assistant.drafting.periods import periods_command
from assistant.drafting.reply import progress, show_missing
from assistant.drafting.shorter import accept_shorter
from assistant.drafting.steps import ASSESSMENT, DONE, FieldStep, TargetStep, build_steps, step_id
from assistant.i18n import load_catalog
from assistant.interpret.names import resolver_for
from assistant.interpret.rules import strip_motion
from assistant.markdown import escape_md
from assistant.template.models import plan_model_of
from assistant.template.spec import TemplateSpec, normalize_name
from assistant.template.validator import validate_plan

ASSESSMENT_WORDS = ("arviointi", "arviointitulokset", "bedömning", "assessment")
PLACED_WORDS = 3  # a message this long typed after the end is content that needs a place first


class Navigator:
    """The step machinery of the engine. Entering a text field or a development target is delegated to
    `ask_field` and `enter_target`; everything else about moving between steps happens here."""

    def __init__(
        self,
        spec: TemplateSpec,
        *,
        ask_field: Callable[[TurnContext, FieldStep], None],
        enter_target: Callable[[TurnContext, TargetStep], None],
    ) -> None:
        self.spec = spec
        self._ask_field = ask_field
        self._enter_target = enter_target

    # --- steps -------------------------------------------------------------------------------------------
    def steps(self, plan: Any) -> list[Step]:
        return build_steps(self.spec, plan)

    def first(self, plan: Any) -> str:
        return step_id(self.steps(plan)[0])

    def current(self, ctx: TurnContext) -> Step:
        steps = self.steps(ctx.plan)
        for step in steps:
            if step_id(step) == ctx.state.step:
                return step
        return steps[0]

    @staticmethod
    def applicable(plan: Any, step: Step) -> bool:
        """3.2.2 b) and the per-area results only when the assessment was done; c) always."""
        if isinstance(step, FieldStep) and step.section.key == "nykytila":
            return field_applies(plan, step.field.key)
        if step == ASSESSMENT:
            return results_step_applies(plan)
        return True

    def advance(self, ctx: TurnContext) -> None:
        """Enter the next applicable step after the current one (the end when there is none); after a
        correction, the step the user came from."""
        if ctx.state.return_to and ctx.state.return_to != ctx.state.step:
            back, ctx.state.return_to = ctx.state.return_to, None
            ctx.say("back_to", label=escape_md(self.label_of(back, ctx.language)))
            self.enter(ctx, back, remember=False)
            return
        ctx.state.return_to = None
        steps = self.steps(ctx.plan)
        ids = [step_id(s) for s in steps]
        index = ids.index(ctx.state.step) if ctx.state.step in ids else -1
        for step in steps[index + 1 :]:
            # Once the whole template has been walked through, moving on skips what is complete or was
            # already seen (the end lists what is still missing).
            seen = ctx.state.finished and (_complete(ctx.plan, step) or step_id(step) in ctx.state.visited)
            if self.applicable(ctx.plan, step) and not seen:
                self.enter(ctx, step_id(step))
                return
        self.enter(ctx, DONE)

    def enter(self, ctx: TurnContext, new_step: str, *, remember: bool = True) -> None:
        """Make `new_step` current and ask its question (`remember`: the step left can be gone back to)."""
        if remember and ctx.state.step and ctx.state.step != new_step:
            ctx.state.visited.append(ctx.state.step)
            ctx.state.visited = ctx.state.visited[-200:]
        ctx.state.step = new_step
        ctx.state.target = None
        step = self.current(ctx)
        if isinstance(step, FieldStep):
            self._ask_field(ctx, step)
        elif isinstance(step, TargetStep):
            self._enter_target(ctx, step)
        elif step == ASSESSMENT:
            ctx.say("assessment_question")
        else:
            ctx.state.finished = True
            report = validate_plan(ctx.plan, language=ctx.language, spec=self.spec)
            ctx.say("done")
            ctx.say("done_valid" if report.valid else "done_invalid", errors=report.counts()["error"])
            if not report.valid:
                show_missing(ctx)

    # --- commands ----------------------------------------------------------------------------------------
    def global_command(self, ctx: TurnContext, command: Command | None) -> bool:
        """Run a command that works on any step; False when `command` is not one of them."""
        handlers: dict[str, Callable[[TurnContext, Command], None]] = {
            "help": lambda c, _: c.say("help"),
            "progress": lambda c, _: c.say("progress", **progress(self.spec, c.plan).model_dump()),
            "missing": lambda c, _: show_missing(c),
            "back": lambda c, _: self.back(c),
            "goto": lambda c, cmd: self.goto(c, cmd.argument),
            "periods": lambda c, cmd: periods_command(c, cmd.argument),
            "shorten": lambda c, _: accept_shorter(c),
        }
        if command and command.name in handlers:
            handlers[command.name](ctx, command)
            return True
        return False

    def status(self, ctx: TurnContext) -> None:
        """Where the conversation is and how far the plan is."""
        ctx.say("where_now", label=escape_md(self.label_of(ctx.state.step, ctx.language)))
        ctx.say("progress", **progress(self.spec, ctx.plan).model_dump())

    def go(self, ctx: TurnContext, slots: Any, text: str) -> None:
        """Navigate to what the interpretation named; otherwise the closest names are suggested."""
        target_id = self.step_for(ctx.plan, slots)
        if target_id is None:
            self.goto(ctx, strip_motion(text) or text)
            return
        ctx.say("moved_to", label=escape_md(self.label_of(target_id, ctx.language)))
        self.enter(ctx, target_id)

    def step_for(self, plan: Any, slots: Any) -> str | None:
        """The step of a navigation's slots: a target, an area (its first target), a field or a section."""
        if getattr(slots, "target", None):
            found = self.spec.target_by_name(slots.target)
            if found is not None:
                return self.resolve(plan, found.name)
        if getattr(slots, "area", None):
            try:
                area = self.spec.area(slots.area)
            except KeyError:
                area = None
            if area is not None:
                return self.resolve(plan, area.name)
        if getattr(slots, "field", None):
            return self.field_step(slots.field)
        if getattr(slots, "section", None):
            return self.resolve(plan, slots.section)
        return None

    def field_step(self, field_key: str) -> str | None:
        for section in self.spec.sections:
            for f in section.fields:
                if f.key == field_key:
                    return f"field:{section.key}.{f.key}"
        return None

    def skip(self, ctx: TurnContext) -> None:
        ctx.say("skipped")
        self.advance(ctx)

    @staticmethod
    def after_done(ctx: TurnContext, text: str = "") -> None:
        """Any answer once the plan is done: thanks answered in kind, content said to need a place first
        (it is stored nowhere on a guess); then that the plan is done, and what is still missing."""
        talk = talk_key(text)
        if talk != "smalltalk" or len(text.split()) >= PLACED_WORDS:
            ctx.say(talk if talk != "smalltalk" else "done_not_placed")
        ctx.say("done")
        show_missing(ctx)

    def back(self, ctx: TurnContext) -> None:
        if not ctx.state.visited:
            ctx.say("nothing_back")
            return
        previous = ctx.state.visited.pop()
        ctx.say("back_to", label=escape_md(self.label_of(previous, ctx.language)))
        self.enter(ctx, previous, remember=False)

    def goto(self, ctx: TurnContext, argument: str) -> None:
        target_id = self.resolve(ctx.plan, argument)
        if target_id is None:
            suggestions = [m.name for m in resolver_for(self.spec).resolve(argument, limit=2, min_score=0.4)]
            if suggestions:
                names = ctx.t("or").join(f"**{escape_md(n)}**" for n in suggestions)
                ctx.say("goto_suggest", arg=escape_md(argument), names=names)
            else:
                ctx.say("goto_unknown", arg=escape_md(argument))
            return
        ctx.say("moved_to", label=escape_md(self.label_of(target_id, ctx.language)))
        self.enter(ctx, target_id)

    def resolve(self, plan: Any, argument: str) -> str | None:
        """The step a "go to" argument names: a section number, the assessment, a target or area name."""
        arg = argument.strip().lower()
        steps = self.steps(plan)
        number = re.match(r"^(\d(?:\.\d){1,2})\s*(?:([a-h])\)?)?(?:\s|$)", arg)
        if number and number.group(2):  # a field by its letter, e.g. "3.2.2c"
            for step in steps:
                field_of_group = isinstance(step, FieldStep) and step.group.id == number.group(1)
                if field_of_group and step.field.letter == number.group(2):  # type: ignore[union-attr]
                    return step.id  # type: ignore[union-attr]
        number = number or re.match(r"^(\d(?:\.\d){1,2})", arg)
        if number:
            wanted = number.group(1)
            for step in steps:
                if isinstance(step, FieldStep) and (step.group.id == wanted or step.section.id == wanted):
                    return step.id
                if isinstance(step, TargetStep) and wanted == "3.4":
                    return step.id
        key = normalize_name(arg)
        if not key:
            return None
        if key in (normalize_name(w) for w in ASSESSMENT_WORDS):
            return ASSESSMENT
        for step in steps:
            if isinstance(step, TargetStep):
                names = [step.target.name, step.target.label.get("sv"), step.target.label.get("en")]
                if any(normalize_name(n or "") == key for n in names):
                    return step.id
        for step in steps:
            if isinstance(step, TargetStep):
                area = self.spec.area(step.area_key)
                names = [area.name, *(area.label.get(lang) for lang in ("fi", "sv", "en"))]
                if any(normalize_name(n or "") == key for n in names):
                    return step.id
        # HYÖDYT (3.5) is written as text: its area or target name leads to its field.
        for step in steps:
            if isinstance(step, FieldStep) and step.group.area:
                area = self.spec.area(step.group.area)
                names = [area.name, *(area.label.get(lang) for lang in ("fi", "sv", "en"))]
                names += [n for t in area.targets for n in (t.name, t.label.get("sv"), t.label.get("en"))]
                if any(normalize_name(n or "") == key for n in names):
                    return step.id
        return self._resolve_by_names(steps, argument)

    def _resolve_by_names(self, steps: list[Step], argument: str) -> str | None:
        """Inflected, compound, misspelt or translated names (see `assistant.interpret.names`)."""
        matches = resolver_for(self.spec).resolve(argument, limit=2, min_score=0.75)
        if not matches or (len(matches) > 1 and matches[0].score - matches[1].score < 0.05):
            return None  # nothing close, or two names equally close: ask instead of guessing
        match = matches[0]
        for step in steps:
            if match.kind == "target" and isinstance(step, TargetStep) and step.target.key == match.key:
                return step.id
            if match.kind == "area" and isinstance(step, TargetStep) and step.area_key == match.key:
                return step.id
            if match.kind == "field" and isinstance(step, FieldStep) and step.field.key == match.key:
                return step.id
            if (
                match.kind == "section"
                and isinstance(step, FieldStep)
                and match.key
                in (
                    step.group.id,
                    step.section.id,
                )
            ):
                return step.id
            if match.kind == "section" and match.key == "3.4" and isinstance(step, TargetStep):
                return step.id
        if match.kind in ("area", "target"):  # HYÖDYT: written as text in 3.5
            for step in steps:
                if isinstance(step, FieldStep) and step.group.area:
                    area = self.spec.area(step.group.area)
                    if match.key == area.key or match.key in {t.key for t in area.targets}:
                        return step.id
        return None

    # --- labels ------------------------------------------------------------------------------------------
    def label(self, step: Step, language: str) -> str:
        if isinstance(step, FieldStep):
            letter = f"{step.field.letter}) " if step.field.letter else ""
            return f"{step.group.id} {letter}{step.field.label.get(language)}"
        if isinstance(step, TargetStep):
            area = self.spec.area(step.area_key)
            name = area.name if language == "fi" else area.label.get(language) or area.name
            return f"{name} › {step.target.display(language)}"
        return load_catalog(language).t(f"drafting.step_names.{step}")  # never the internal step id

    def label_of(self, sid: str, language: str) -> str:
        for step in self.steps(plan_model_of(self.spec)()):
            if step_id(step) == sid:
                return self.label(step, language)
        return load_catalog(language).t("drafting.step_names.unknown")


def _complete(plan: Any, step: Step) -> bool:
    """The step's answer is there: a text field filled, a target with actions that lack nothing, the
    assessment results given."""
    if isinstance(step, FieldStep):
        return bool(str(getattr(getattr(plan, step.section.key), step.field.key, "") or "").strip())
    if isinstance(step, TargetStep):
        actions = [a for a in plan.toimenpiteet if a.kehittamiskohde == step.target.name]
        return bool(actions) and all(
            (a.lyhyt_aikavali or a.pitka_aikavali) and a.vastuuhenkilo and a.edellytykset for a in actions
        )
    if step == ASSESSMENT:
        return getattr(plan, "arviointitulokset", None) is not None
    return False
