"""The drafting conversation as a state machine over the template's steps.

Every turn: the user's message is appended to the transcript first (nothing typed is ever lost), the plan
and conversation state are loaded, the message is handled as a command or as an answer to the current
step, every change is validated against the template, and the new plan and state are saved with an
optimistic version check. A conflicting save changes nothing and says so.

The engine is UI-independent: the Streamlit app, `assistant chat` and the tests drive the same code.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from assistant.drafting import extract
from assistant.drafting.commands import Command, parse_command
from assistant.drafting.extract import ExtractionError, Periods
from assistant.drafting.models import ConversationState, Progress, Proposal, TargetState, Turn
from assistant.drafting.propose import OfflineProposer
from assistant.drafting.steps import (
    ASSESSMENT,
    DONE,
    FieldStep,
    TargetStep,
    area_priority,
    build_steps,
    step_id,
)
from assistant.i18n import load_catalog
from assistant.markdown import escape_md
from assistant.retrieval.hybrid import HybridRetriever
from assistant.template.models import Action, plan_model
from assistant.template.spec import TemplateSpec, load_template, normalize_name
from assistant.template.validator import Finding, validate_plan

ACTION_FIELDS = ("schedule", "vastuuhenkilo", "edellytykset")
LIST_FIELDS = {"jarjestamisvastuulliset_organisaatiot"}
REGION_FIELD = "sote_maakunta"
HINT_CHARS = 280
HINT_MIN_DENSE = 0.86


@dataclass
class _Ctx:
    """What one turn builds up."""

    plan: Any
    state: ConversationState
    language: str
    plan_id: str = ""
    lines: list[str] = field(default_factory=list)
    changes: list[dict[str, Any]] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)  # where findings are shown for
    proposals: list[Proposal] = field(default_factory=list)
    recorded: dict[str, Any] | None = None
    notice: str | None = None

    def t(self, key: str, **params: Any) -> str:
        return load_catalog(self.language).t(f"drafting.{key}", **params)

    def say(self, key: str, **params: Any) -> None:
        self.lines.append(self.t(key, **params))

    def change(self, path: str, old: Any, new: Any) -> None:
        self.changes.append({"path": path, "old": old, "new": new})
        self.paths.append(path)


class DraftingEngine:
    def __init__(
        self,
        store: Any,
        retriever: HybridRetriever | None,
        *,
        spec: TemplateSpec | None = None,
        assist: Any | None = None,
    ) -> None:
        """`store`: a PlanStore; `retriever`: the knowledge base (None: no hints, no proposals);
        `assist`: optional LLM assistance (`assistant.drafting.llm.LLMAssist`); offline engine otherwise."""
        self.store = store
        self.retriever = retriever
        self.spec = spec or load_template()
        self.proposer = OfflineProposer(retriever) if retriever is not None else None
        self.assist = assist

    # --- public API --------------------------------------------------------------------------------
    def start(
        self, *, author: str, language: str = "fi", title: str = "", organisation: str = "default"
    ) -> Turn:
        plan = plan_model()()
        plan.meta.title = title
        plan.meta.language = language
        state = ConversationState(language=language)  # type: ignore[arg-type]
        ctx = _Ctx(plan, state, language)
        ctx.say("welcome")
        self._enter(ctx, step_id(self._steps(plan)[0]))
        stored = self.store.create(plan, author=author, organisation=organisation, state=state.model_dump())
        ctx.lines.insert(0, ctx.t("plan_created", plan_id=stored.id))
        reply = "\n\n".join(ctx.lines)
        self.store.append_messages(stored.id, [("assistant", reply, {"step": state.step})])
        return self._turn(stored.id, stored.version, ctx, reply)

    def resume(self, plan_id: str, language: str | None = None) -> Turn:
        """The current question again (e.g. after reopening the plan)."""
        stored = self.store.get(plan_id)
        state = ConversationState.model_validate(stored.state or {})
        ctx = _Ctx(stored.plan, state, language or state.language, plan_id=plan_id)
        self._enter(ctx, state.step or step_id(self._steps(stored.plan)[0]), remember=False)
        return self._turn(plan_id, stored.version, ctx, "\n\n".join(ctx.lines))

    def handle(self, plan_id: str, text: str, *, author: str, language: str | None = None) -> Turn:
        stored = self.store.get(plan_id)
        state = ConversationState.model_validate(stored.state or {})
        if language:
            state.language = language  # type: ignore[assignment]
        self.store.append_messages(plan_id, [("user", text, {"step": state.step, "author": author})])
        ctx = _Ctx(stored.plan.model_copy(deep=True), state, state.language, plan_id=plan_id)
        self._dispatch(ctx, text)
        reply = "\n\n".join(line for line in ctx.lines if line)
        version = stored.version
        from assistant.storage import ConflictError  # local: storage is optional for tests of pure parts

        try:
            if ctx.changes:
                saved = self.store.save(
                    plan_id,
                    ctx.plan,
                    expected_version=stored.version,
                    author=author,
                    summary=self._summary(ctx),
                    changes=ctx.changes,
                    state=ctx.state.model_dump(),
                )
            else:
                saved = self.store.save_state(
                    plan_id, ctx.state.model_dump(), expected_version=stored.version
                )
            version = saved if isinstance(saved, int) else saved.version
        except ConflictError as exc:
            reply = ctx.t("conflict", current=exc.current_version, expected=exc.expected_version)
            self.store.append_messages(plan_id, [("assistant", reply, {"conflict": True})])
            current = self.store.get(plan_id)
            fresh = _Ctx(current.plan, ConversationState.model_validate(current.state or {}), ctx.language)
            turn = self._turn(plan_id, current.version, fresh, reply)
            turn.conflict = True
            return turn
        self.store.append_messages(plan_id, [("assistant", reply, {"step": ctx.state.step})])
        return self._turn(plan_id, version, ctx, reply)

    # --- dispatch ------------------------------------------------------------------------------------
    def _dispatch(self, ctx: _Ctx, text: str) -> None:
        command = parse_command(text)
        step = self._current(ctx)
        global_handlers: dict[str, Callable[[_Ctx, Command], None]] = {
            "help": lambda c, _: c.say("help"),
            "progress": lambda c, _: c.say("progress", **self.progress(c.plan).model_dump()),
            "missing": lambda c, _: self._missing(c),
            "back": lambda c, _: self._back(c),
            "goto": lambda c, cmd: self._goto(c, cmd.argument),
        }
        if command and command.name in global_handlers:
            global_handlers[command.name](ctx, command)
            return
        if isinstance(step, TargetStep):
            self._target_input(ctx, step, text, command)
        elif command and command.name in ("skip", "done"):
            ctx.say("skipped")
            self._advance(ctx)
        elif isinstance(step, FieldStep):
            self._field_answer(ctx, step, text)
        elif step == ASSESSMENT:
            self._assessment_answer(ctx, text)
        else:  # DONE
            ctx.say("done", plan_id=ctx.plan_id)
            self._missing(ctx)

    # --- steps ---------------------------------------------------------------------------------------
    def _steps(self, plan: Any) -> list[FieldStep | TargetStep | str]:
        return build_steps(self.spec, plan)

    def _current(self, ctx: _Ctx) -> FieldStep | TargetStep | str:
        steps = self._steps(ctx.plan)
        for step in steps:
            if step_id(step) == ctx.state.step:
                return step
        return steps[0]

    def _applicable(self, plan: Any, step: FieldStep | TargetStep | str) -> bool:
        """3.2.2 b) is asked when the assessment was done, c) when it was not (both when unclear)."""
        if isinstance(step, FieldStep) and step.section.key == "nykytila":
            done = (
                extract.yes_no(plan.nykytila.arviointi_toteutettu)
                if plan.nykytila.arviointi_toteutettu
                else None
            )
            if step.field.key == "arvioinnin_tulokset" and done is False:
                return False
            if step.field.key == "arvioinnin_suunnitelma" and done is True:
                return False
        return True

    def _advance(self, ctx: _Ctx) -> None:
        steps = self._steps(ctx.plan)
        ids = [step_id(s) for s in steps]
        index = ids.index(ctx.state.step) if ctx.state.step in ids else -1
        for step in steps[index + 1 :]:
            if self._applicable(ctx.plan, step):
                self._enter(ctx, step_id(step))
                return
        self._enter(ctx, DONE)

    def _enter(self, ctx: _Ctx, new_step: str, *, remember: bool = True) -> None:
        if remember and ctx.state.step and ctx.state.step != new_step:
            ctx.state.visited.append(ctx.state.step)
            ctx.state.visited = ctx.state.visited[-200:]
        ctx.state.step = new_step
        ctx.state.target = None
        step = self._current(ctx)
        if isinstance(step, FieldStep):
            self._ask_field(ctx, step)
        elif isinstance(step, TargetStep):
            self._enter_target(ctx, step)
        elif step == ASSESSMENT:
            ctx.say("assessment_question")
        else:
            ctx.state.finished = True
            report = validate_plan(ctx.plan, language=ctx.language)
            ctx.say("done", plan_id=ctx.plan_id)
            ctx.say("done_valid" if report.valid else "done_invalid", errors=report.counts()["error"])
            if not report.valid:
                self._missing(ctx)

    def _label(self, step: FieldStep | TargetStep | str, language: str) -> str:
        if isinstance(step, FieldStep):
            letter = f"{step.field.letter}) " if step.field.letter else ""
            return f"{step.group.id} {letter}{step.field.label.get(language)}"
        if isinstance(step, TargetStep):
            return f"{self.spec.area(step.area_key).name} › {step.target.display(language)}"
        return step

    # --- text fields ---------------------------------------------------------------------------------
    def _ask_field(self, ctx: _Ctx, step: FieldStep) -> None:
        language = ctx.language
        letter = f"{step.field.letter}) " if step.field.letter else ""
        label = escape_md(f"{letter}{step.field.label.get(language)}")
        ctx.say("field_question", section=step.group.id, label=label)
        if step.field.instruction:  # template text is data too: shown literally
            ctx.say("instruction", text=escape_md(step.field.instruction.get(language)))
        hint = self._hint(f"{step.group.title.get('fi')} {step.field.label.get('fi')}")
        if hint:
            ctx.say("hint", citation=escape_md(hint.citation), text=escape_md(_excerpt(hint.text)))
        current = getattr(getattr(ctx.plan, step.section.key), step.field.key)
        if current:
            ctx.say("current_value", value=escape_md(current))
        ctx.say("answer_prompt")

    def _hint(self, query: str):  # type: ignore[no-untyped-def]
        if self.retriever is None:
            return None
        hits = self.retriever.search(query, k=1, kinds=["guidance", "plan", "upload"]).hits
        # A hint must be clearly on topic; a loosely related passage is noise next to a question.
        if hits and (hits[0].dense_score or 0.0) >= HINT_MIN_DENSE:
            return hits[0]
        return None

    def _field_answer(self, ctx: _Ctx, step: FieldStep, text: str) -> None:
        kind = "list" if step.field.key in LIST_FIELDS else "text"
        value: str | None = None
        if self.assist is not None:
            value, notice = self.assist.extract_field(ctx.plan, step, text, ctx.language)
            ctx.notice = notice
        try:
            value = extract.field_value(value if value is not None else text, kind=kind)
        except ExtractionError as exc:
            ctx.say(exc.code, **exc.params)
            return
        section = getattr(ctx.plan, step.section.key)
        old = getattr(section, step.field.key)
        setattr(section, step.field.key, value)
        path = f"/{step.section.key}/{step.field.key}"
        ctx.change(path, old, value)
        if step.field.key == REGION_FIELD:  # the plan's metadata follows 3.1.1 a)
            ctx.plan.meta.region = value.splitlines()[0][:200]
            if not ctx.plan.meta.title:
                ctx.plan.meta.title = ctx.t("default_title", region=ctx.plan.meta.region)
        ctx.recorded = {"path": path, "value": value}
        ctx.say("recorded", label=step.field.label.get(ctx.language), value=escape_md(value))
        self._show_findings(ctx, [path])
        self._advance(ctx)

    # --- assessment results ------------------------------------------------------------------------------
    def _assessment_answer(self, ctx: _Ctx, text: str) -> None:
        try:
            scores = extract.parse_assessment(text, self.spec)
        except ExtractionError as exc:
            ctx.say(exc.code, **{k: escape_md(str(v)) for k, v in exc.params.items()})
            return
        scale = re.search(r"(?:asteikko|skala|scale)\s*(\d+)\s*[-–]\s*(\d+)", text, re.IGNORECASE)
        model = plan_model()
        data = ctx.plan.model_dump(mode="json")
        old = data.get("arviointitulokset")
        results = {
            "asteikko_min": float(scale.group(1)) if scale else 1.0,
            "asteikko_max": float(scale.group(2)) if scale else 5.0,
            "alueet": [
                {"alue": s.area, "kypsyys": s.maturity, "tyytyvaisyys": s.satisfaction} for s in scores
            ],
        }
        data["arviointitulokset"] = results
        ctx.plan = model.model_validate(data)
        ctx.change("/arviointitulokset", old, results)
        order = ", ".join(
            self.spec.area(k).label.get(ctx.language) or k for k in area_priority(self.spec, ctx.plan)
        )
        ctx.say("assessment_recorded", count=len(scores), order=order)
        self._show_findings(ctx, ["/arviointitulokset"])
        self._advance(ctx)

    # --- development targets -------------------------------------------------------------------------------
    def _enter_target(self, ctx: _Ctx, step: TargetStep) -> None:
        area = self.spec.area(step.area_key)
        target = escape_md(step.target.display(ctx.language))
        ctx.say("target_intro", area=escape_md(area.name), target=target)
        existing = {a.toimenpide for a in ctx.plan.toimenpiteet if a.kehittamiskohde == step.target.name}
        proposals = self._proposals(ctx, step, existing)
        ctx.state.target = TargetState(name=step.target.name, proposals=proposals, asked=True)
        self._show_proposals(ctx)

    def _proposals(self, ctx: _Ctx, step: TargetStep, existing: set[str]) -> list[Proposal]:
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

    def _show_proposals(self, ctx: _Ctx) -> None:
        target = ctx.state.target
        if target is None:
            return
        if not target.proposals:
            ctx.say("no_proposals")
            return
        ctx.say("examples_note")
        for n, p in enumerate(target.proposals, 1):
            citation = "; ".join(escape_md(s.citation) for s in p.lahteet)
            ctx.say("proposal_line", n=n, text=escape_md(p.toimenpide), citation=citation)
        ctx.proposals = list(target.proposals)
        ctx.say("target_prompt")

    def _target_input(self, ctx: _Ctx, step: TargetStep, text: str, command: Command | None) -> None:
        target = ctx.state.target or TargetState(name=step.target.name)
        ctx.state.target = target
        if target.detail is not None and not (command and command.name in ("skip", "done")):
            self._detail_answer(ctx, step, text)
            return
        name = command.name if command else None
        if name == "accept":
            self._accept(ctx, step, command.numbers if command else ())
        elif name == "reject":
            self._reject(ctx, command.numbers if command else ())
        elif name == "edit" and command and command.numbers and ":" in command.argument:
            new_text = command.argument.split(":", 1)[1].strip()
            self._accept(ctx, step, command.numbers[:1], edited=new_text)
        elif name == "own" and command and command.argument:
            self._add_action(ctx, step, command.argument, origin="user", sources=[])
        elif name == "propose":
            existing = {a.toimenpide for a in ctx.plan.toimenpiteet if a.kehittamiskohde == step.target.name}
            target.proposals = self._proposals(ctx, step, existing | {p.toimenpide for p in target.proposals})
            self._show_proposals(ctx)
            return
        elif name in ("skip", "done"):
            target.detail = None
            self._advance(ctx)
            return
        elif len(text.strip()) >= 15 and command is None:
            self._add_action(ctx, step, text, origin="user", sources=[])
        else:
            ctx.say("not_understood")
            return
        self._next_detail_or_target(ctx, step)

    def _accept(
        self, ctx: _Ctx, step: TargetStep, numbers: tuple[int, ...], edited: str | None = None
    ) -> None:
        target = ctx.state.target
        assert target is not None
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
            self._add_action(
                ctx, step, edited or proposal.toimenpide, origin=origin, sources=proposal.lahteet
            )
        target.proposals = [p for p in target.proposals if p not in picked]

    def _reject(self, ctx: _Ctx, numbers: tuple[int, ...]) -> None:
        target = ctx.state.target
        assert target is not None
        chosen = set(numbers or range(1, len(target.proposals) + 1))
        for n in sorted(chosen):
            if 1 <= n <= len(target.proposals):
                ctx.say("rejected", n=n)
        target.proposals = [p for i, p in enumerate(target.proposals, 1) if i not in chosen]

    def _add_action(self, ctx: _Ctx, step: TargetStep, text: str, *, origin: str, sources: list[Any]) -> None:
        try:
            value = extract.field_value(text)
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

    # --- action details ------------------------------------------------------------------------------------
    def _incomplete(self, ctx: _Ctx, step: TargetStep) -> tuple[int, Action, str] | None:
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

    def _next_detail_or_target(self, ctx: _Ctx, step: TargetStep) -> None:
        target = ctx.state.target
        assert target is not None
        missing = self._incomplete(ctx, step)
        if missing is not None:
            _, action, field_name = missing
            target.detail = {"action_id": action.id, "field": field_name}
            self._ask_detail(ctx, action, field_name)
            return
        target.detail = None
        if target.proposals:
            ctx.say("remaining_proposals")
            self._show_proposals(ctx)
        else:
            self._advance(ctx)

    def _ask_detail(self, ctx: _Ctx, action: Action, field_name: str) -> None:
        short, long = ctx.plan.meta.periods.short, ctx.plan.meta.periods.long
        label = escape_md(_short(action.toimenpide))
        if field_name == "schedule":
            ctx.say(
                "ask_schedule",
                action=label,
                short=f"{short.start}–{short.end}",
                long=f"{long.start}–{long.end}",
            )
        elif field_name == "vastuuhenkilo":
            preparer = ctx.plan.kuvaus.valmisteluajan_vastuullinen_toimija
            if preparer:
                ctx.say("ask_responsible_default", action=label, preparer=escape_md(_short(preparer)))
            else:
                ctx.say("ask_responsible", action=label)
        else:
            ctx.say("ask_prerequisites", action=label)

    def _detail_answer(self, ctx: _Ctx, step: TargetStep, text: str) -> None:
        target = ctx.state.target
        assert target is not None and target.detail is not None
        index = next(
            (i for i, a in enumerate(ctx.plan.toimenpiteet) if a.id == target.detail["action_id"]), None
        )
        if index is None:  # the action was removed elsewhere
            target.detail = None
            self._next_detail_or_target(ctx, step)
            return
        action = ctx.plan.toimenpiteet[index]
        field_name = target.detail["field"]
        base = f"/toimenpiteet/{index}"
        try:
            if field_name == "schedule":
                p = ctx.plan.meta.periods
                short, long = extract.parse_schedule(
                    text, Periods((p.short.start, p.short.end), (p.long.start, p.long.end))
                )
                ctx.change(f"{base}/lyhyt_aikavali", action.lyhyt_aikavali, short)
                ctx.change(f"{base}/pitka_aikavali", action.pitka_aikavali, long)
                action.lyhyt_aikavali, action.pitka_aikavali = short, long
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
                    value = extract.field_value(text)
                ctx.change(f"{base}/vastuuhenkilo", action.vastuuhenkilo, value)
                action.vastuuhenkilo = value
            else:
                value = extract.field_value(text)
                ctx.change(f"{base}/edellytykset", action.edellytykset, value)
                action.edellytykset = value
        except ExtractionError as exc:
            ctx.say(exc.code, **exc.params)
            return
        ctx.recorded = {"path": base, "value": action.model_dump(mode="json")}
        self._show_findings(ctx, [base])
        if self._incomplete_action(action) is None:
            ctx.say("action_complete", action=escape_md(_short(action.toimenpide)))
        self._next_detail_or_target(ctx, step)

    @staticmethod
    def _incomplete_action(action: Action) -> str | None:
        if not action.lyhyt_aikavali and not action.pitka_aikavali:
            return "schedule"
        if not action.vastuuhenkilo:
            return "vastuuhenkilo"
        return None if action.edellytykset else "edellytykset"

    # --- navigation and overview --------------------------------------------------------------------------
    def _back(self, ctx: _Ctx) -> None:
        if not ctx.state.visited:
            ctx.say("nothing_back")
            return
        previous = ctx.state.visited.pop()
        ctx.say("back_to", label=escape_md(self._label_of(previous, ctx.language)))
        self._enter(ctx, previous, remember=False)

    def _goto(self, ctx: _Ctx, argument: str) -> None:
        target_id = self._resolve(ctx.plan, argument)
        if target_id is None:
            ctx.say("goto_unknown", arg=escape_md(argument))
            return
        ctx.say("moved_to", label=escape_md(self._label_of(target_id, ctx.language)))
        self._enter(ctx, target_id)

    def _resolve(self, plan: Any, argument: str) -> str | None:
        arg = argument.strip().lower()
        steps = self._steps(plan)
        number = re.match(r"^(\d(?:\.\d){1,2})", arg)
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
        if key in (normalize_name(w) for w in ("arviointi", "arviointitulokset", "bedömning", "assessment")):
            return ASSESSMENT
        for step in steps:
            if isinstance(step, TargetStep):
                area = self.spec.area(step.area_key)
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
        return None

    def _label_of(self, sid: str, language: str) -> str:
        for step in self._steps(plan_model()()):
            if step_id(step) == sid:
                return self._label(step, language)
        return sid

    def _missing(self, ctx: _Ctx) -> None:
        errors = validate_plan(ctx.plan, language=ctx.language).by_severity("error")
        if not errors:
            ctx.say("missing_none")
            return
        ctx.say("missing_header", count=len(errors))
        ctx.lines.append("\n".join(f"- {escape_md(f.message)}" for f in errors[:30]))

    def _show_findings(self, ctx: _Ctx, paths: list[str]) -> None:
        """Validation findings that concern what was just recorded (not the whole unfinished plan)."""
        report = validate_plan(ctx.plan, language=ctx.language)
        relevant = [
            f
            for f in report.findings
            if f.severity != "info"
            and any(f.path == p or f.path.startswith(p + "/") for p in paths)
            and not f.code.startswith("action_missing_")  # asked for right away
        ]
        if relevant:
            ctx.say("findings_header")
            ctx.lines.append("\n".join(f"- {escape_md(f.message)}" for f in relevant))

    # --- results ---------------------------------------------------------------------------------------
    def progress(self, plan: Any) -> Progress:
        """Required text fields filled, 3.4 targets with actions, and validation counts."""
        fields = [(s, f) for s in self.spec.sections for f in s.fields if f.required]
        filled = sum(1 for s, f in fields if getattr(getattr(plan, s.key), f.key).strip())
        targets = [t.name for a in self.spec.areas if a.section == "3.4" for t in a.targets]
        with_actions = len({a.kehittamiskohde for a in plan.toimenpiteet} & set(targets))
        counts = validate_plan(plan).counts()
        return Progress(
            fields_filled=filled,
            fields_total=len(fields),
            targets_with_actions=with_actions,
            targets_total=len(targets),
            errors=counts["error"],
            warnings=counts["warning"],
        )

    def _summary(self, ctx: _Ctx) -> str:
        paths = sorted({c["path"].split("/")[1] for c in ctx.changes})
        return f"{ctx.state.step}: {', '.join(paths)}"

    def _turn(self, plan_id: str, version: int, ctx: _Ctx, reply: str) -> Turn:
        findings: list[Finding] = []
        if ctx.paths:
            report = validate_plan(ctx.plan, language=ctx.language)
            findings = [f for f in report.findings if any(f.path.startswith(p) for p in ctx.paths)]
        notice = None
        if ctx.notice:
            notice = ctx.t("llm_fallback", reason=ctx.t(f"llm_reason.{ctx.notice}"))
            reply = f"_{notice}_\n\n{reply}"
        return Turn(
            plan_id=plan_id,
            version=version,
            step=ctx.state.step,
            reply=reply,
            proposals=ctx.proposals,
            findings=findings,
            recorded=ctx.recorded,
            progress=self.progress(ctx.plan),
            awaiting=self._awaiting(ctx.state),
            notice=notice,
        )

    @staticmethod
    def _awaiting(state: ConversationState) -> str:
        if state.step.startswith("field:"):
            return "field"
        if state.step.startswith("target:"):
            if state.target is not None and state.target.detail is not None:
                return state.target.detail["field"]
            return "proposals"
        return state.step


def _excerpt(text: str) -> str:
    flat = " ".join(text.split())
    if len(flat) <= HINT_CHARS:
        return flat
    cut = flat.rfind(" ", 0, HINT_CHARS)
    return flat[: cut if cut > 0 else HINT_CHARS] + " …"


def _short(text: str, limit: int = 80) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: flat.rfind(" ", 0, limit)] + " …"
