"""The text fields of 3.1-3.3 and 3.5 and the assessment results: asking (with the instruction, an on-topic
knowledge-base hint and the current value) and recording the answer."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from assistant.drafting import extract
from assistant.drafting.context import TurnContext
from assistant.drafting.extract import ExtractionError
from assistant.drafting.reply import excerpt, show_findings
from assistant.drafting.steps import ASSESSMENT, FieldStep, area_priority
from assistant.interpret.rules import instruction_sentences
from assistant.markdown import escape_md
from assistant.retrieval.hybrid import HybridRetriever
from assistant.template.models import plan_model
from assistant.template.spec import TemplateSpec

LIST_FIELDS = {"jarjestamisvastuulliset_organisaatiot"}
REGION_FIELD = "sote_maakunta"
HINT_MIN_DENSE = 0.86


class TextFields:
    """Questions and answers of the text-field steps and the assessment step; `advance` moves on."""

    def __init__(
        self,
        spec: TemplateSpec,
        retriever: HybridRetriever | None,
        assist: Any | None,
        *,
        advance: Callable[[TurnContext], None],
    ) -> None:
        self.spec = spec
        self.retriever = retriever
        self.assist = assist
        self._advance = advance

    # --- text fields ---------------------------------------------------------------------------------
    def ask(self, ctx: TurnContext, step: FieldStep) -> None:
        language = ctx.language
        letter = f"{step.field.letter}) " if step.field.letter else ""
        label = escape_md(f"{letter}{step.field.label.get(language)}")
        ctx.say("field_question", section=step.group.id, label=label)
        if step.field.instruction:  # template text is data too: shown literally
            ctx.say("instruction", text=escape_md(step.field.instruction.get(language)))
        hint = self.hint(f"{step.group.title.get('fi')} {step.field.label.get('fi')}")
        if hint:
            ctx.say("hint", citation=escape_md(hint.citation), text=escape_md(excerpt(hint.text)))
        current = getattr(getattr(ctx.plan, step.section.key), step.field.key)
        if current:
            ctx.say("current_value", value=escape_md(current))
        ctx.say("answer_prompt")

    def hint(self, query: str):  # type: ignore[no-untyped-def]
        if self.retriever is None:
            return None
        hits = self.retriever.search(query, k=1, kinds=["guidance", "plan", "upload"]).hits
        # A hint must be clearly on topic; a loosely related passage is noise next to a question.
        if hits and (hits[0].dense_score or 0.0) >= HINT_MIN_DENSE:
            return hits[0]
        return None

    def answer(self, ctx: TurnContext, step: FieldStep, text: str, *, flagged: bool = False) -> None:
        """Record the answer in the field asked. Sentences that are instructions to the assistant are
        data, never obeyed and never counted as content: they are left out and the user is told."""
        if flagged:
            dropped = instruction_sentences(text)
            kept = text
            for sentence in dropped:
                kept = kept.replace(sentence, " ")
            ctx.say("instruction_in_answer", count=len(dropped))
            if len(kept.strip(" .,;:!?\n")) < 3:
                return
            text = kept
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
        show_findings(ctx, [path])
        self._advance(ctx)

    # --- assessment results ------------------------------------------------------------------------------
    def assessment_rows(self, ctx: TurnContext, step: Any, slots: Any, text: str) -> None:
        """Assessment results given at any step (the interpreter read the rows): recorded; at the
        assessment step the conversation moves on, elsewhere the current question stays."""
        if step == ASSESSMENT:
            self.assessment_answer(ctx, text, rows=slots.rows)
            return
        self.record_scores(ctx, text, self._scores(slots.rows))
        ctx.say("answer_prompt")

    def _scores(self, rows: list[Any]) -> list[extract.AreaScore]:
        return [
            extract.AreaScore(self.spec.area(row.area).key, row.maturity, row.satisfaction) for row in rows
        ]

    def assessment_answer(self, ctx: TurnContext, text: str, rows: list[Any] | None = None) -> None:
        try:
            scores = extract.parse_assessment(text, self.spec)
        except ExtractionError as exc:
            if not rows:
                ctx.say(exc.code, **{k: escape_md(str(v)) for k, v in exc.params.items()})
                return
            scores = self._scores(rows)
        self.record_scores(ctx, text, scores)
        self._advance(ctx)

    def record_scores(self, ctx: TurnContext, text: str, scores: list[extract.AreaScore]) -> None:
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
        show_findings(ctx, ["/arviointitulokset"])
