"""The text fields of 3.1-3.3 and 3.5 and the assessment results: asking (with the instruction, an on-topic
knowledge-base hint and the current value) and recording the answer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from assistant.drafting import extract
from assistant.drafting.answer_value import (
    NAME_FIELDS,
    looks_like_name,
    name_value,
    region_name,
    without_acknowledgement,
    without_own_label,
)
from assistant.drafting.assessment_flow import DONE_FIELD, bare_done_answer, before_question
from assistant.drafting.assessment_step import AssessmentStep
from assistant.drafting.condense import ECHO_CHARS, echo
from assistant.drafting.context import TurnContext
from assistant.drafting.extract import ExtractionError
from assistant.drafting.reply import passage_quote, show_findings
from assistant.drafting.shorter import offer_shorter
from assistant.drafting.steps import ASSESSMENT, FieldStep
from assistant.interpret.rules import instruction_sentences
from assistant.markdown import escape_md
from assistant.retrieval.hybrid import HybridRetriever
from assistant.template.models import LIMITS
from assistant.template.spec import TemplateSpec
from assistant.textutil import shorten_words

LIST_FIELDS = {"jarjestamisvastuulliset_organisaatiot"}
REGION_FIELD = "sote_maakunta"
REGION_CHARS = 120
# The default of Settings.hint_min_dense (the retriever's `hint_floor`).
HINT_MIN_DENSE = 0.80
HINT_MIN_SHARED = 2  # distinct stems of the field label shared with the passage
HINT_MIN_COVERAGE = 0.5  # and at least this share of the label's IDF weight


def without_instructions(text: str) -> tuple[str, int]:
    """The text without its sentences that are instructions to the assistant, and how many there were;
    "" when nothing of content is left."""
    dropped = instruction_sentences(text)
    kept = text
    for sentence in dropped:
        kept = kept.replace(sentence, " ")
    return (kept if len(kept.strip(" .,;:!?\n")) >= 3 else ""), len(dropped)


def answer_besides_instructions(text: str) -> str:
    """What the message says besides its instructions to the assistant ("" when it has none, or nothing
    else)."""
    kept, dropped = without_instructions(text)
    return " ".join(kept.split()) if dropped else ""


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
        self.assessment = AssessmentStep(spec, advance=advance)

    # --- text fields ---------------------------------------------------------------------------------
    def ask(self, ctx: TurnContext, step: FieldStep) -> None:
        language = ctx.language
        letter = f"{step.field.letter}) " if step.field.letter else ""
        label = escape_md(f"{letter}{step.field.label.get(language)}")
        before_question(ctx, step.field.key)
        ctx.say("field_question", section=step.group.id, label=label)
        if step.field.instruction:  # template text is data too: shown literally
            ctx.say("instruction", text=escape_md(step.field.instruction.get(language)))
        query = f"{step.group.title.get('fi')} {step.field.label.get('fi')}"
        hint = self.hint(query)
        if hint:
            shown = passage_quote(self.retriever, hint.text, query)
            ctx.say("hint", citation=escape_md(hint.citation), text=escape_md(shown))
        current = getattr(getattr(ctx.plan, step.section.key), step.field.key)
        if current:
            ctx.say("current_value", value=escape_md(current))
        ctx.say("answer_prompt")

    def hint(self, query: str):
        if self.retriever is None:
            return None
        # Guidance (and the county's own uploads) only: another county's plan is no guidance for a field.
        floor = getattr(self.retriever, "hint_floor", HINT_MIN_DENSE)
        hits = self.retriever.search(query, k=1, kinds=["guidance", "upload"]).hits
        # A hint must be clearly on topic; a loosely related passage is noise next to a question: close in
        # meaning and sharing the field's own words (most of their weight).
        if hits and (hits[0].dense_score or 0.0) >= floor and self._about(query, hits[0].text):
            return hits[0]
        return None

    def _about(self, query: str, text: str) -> bool:
        analyzer, idf = getattr(self.retriever, "analyzer", None), getattr(self.retriever, "idf", None)
        if analyzer is None or idf is None:
            return True
        wanted, found = set(analyzer.tokens(query)), set(analyzer.tokens(text))
        mass = sum(idf(t) for t in wanted) or 1.0
        shared = wanted & found
        return len(shared) >= HINT_MIN_SHARED and sum(idf(t) for t in shared) / mass >= HINT_MIN_COVERAGE

    def answer(
        self, ctx: TurnContext, step: FieldStep, text: str, *, flagged: bool = False, advance: bool = True
    ) -> None:
        """Record the answer in the field asked (`advance`: then move on). Sentences that are instructions
        to the assistant are data, never obeyed and never counted as content: they are left out and the
        user is told."""
        if flagged:
            kept, dropped = without_instructions(text)
            ctx.say("instruction_in_answer", count=dropped)
            if not kept:
                return
            text = kept
        text = without_acknowledgement(text)  # "Kiitos. Nykytilassa …": the thanks is no content
        if self._bare_yes_no(ctx, step, text):
            return
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
        value = name_value(value, step.field.key)  # "meillä se on X" -> "X"
        if step.field.key in NAME_FIELDS and not looks_like_name(value):
            ctx.say("not_a_name", label=step.field.label.get(ctx.language), value=escape_md(echo(value)))
            return  # nothing stored: the question stays
        bare = bare_done_answer(step.field.key, value)  # "ei oo tehty vielä" -> "Ei ole vielä tehty."
        if bare is not None:
            value = ctx.t("assessment_done_yes" if bare else "assessment_done_no")
        labels = [step.field.label.get(lang) for lang in ("fi", "sv", "en")] + [step.group.title.get("fi")]
        value = without_own_label(value, labels)  # "Nykytila: X" at the current state -> "X"
        section = getattr(ctx.plan, step.section.key)
        old = getattr(section, step.field.key)
        setattr(section, step.field.key, value)
        path = f"/{step.section.key}/{step.field.key}"
        ctx.change(path, old, value)
        if step.field.key == REGION_FIELD:  # the plan's metadata follows 3.1.1 a), never cut mid-word
            ctx.plan.meta.region = shorten_words(
                region_name(value), min(REGION_CHARS, LIMITS.region_chars), ellipsis=""
            )[: LIMITS.region_chars]  # the name without "johon kuuluu …"; one giant "word" is still bounded
            if not ctx.plan.meta.title:
                ctx.plan.meta.title = ctx.t("default_title", region=ctx.plan.meta.region)
        ctx.recorded = {"path": path, "value": value}
        label = step.field.label.get(ctx.language)
        if len(value) > ECHO_CHARS:  # a long answer is recorded in full, echoed by its opening
            ctx.say("recorded_long", label=label, value=escape_md(echo(value)), length=len(value))
        else:
            ctx.say("recorded", label=label, value=escape_md(value))
        offer_shorter(ctx, path, value)
        show_findings(ctx, [path])
        if advance:
            self._advance(ctx)

    def _bare_yes_no(self, ctx: TurnContext, step: FieldStep, text: str) -> bool:
        """A bare "kyllä" / "ei" at a field that asks for text is no answer (only 3.2.2 a asks yes or no):
        "yes" keeps the value shown, otherwise nothing is recorded and the question stays. True when
        handled."""
        answer = extract.yes_no(text)
        if step.field.key == DONE_FIELD or answer is None or len(text.split()) > 2:
            return False
        label = escape_md(step.field.label.get(ctx.language))
        if answer and getattr(getattr(ctx.plan, step.section.key), step.field.key):
            ctx.say("value_kept", label=label)
            self._advance(ctx)
            return True
        ctx.say("field_needs_text", label=label, text=escape_md(" ".join(text.split())))
        ctx.say("answer_prompt")
        return True

    # --- assessment results ------------------------------------------------------------------------------
    def assessment_answer(self, ctx: TurnContext, text: str) -> None:
        self.assessment.answer(ctx, text)

    def assessment_rows(self, ctx: TurnContext, step: Any, slots: Any, text: str) -> None:
        """Assessment results given (the interpreter read the rows): the assessment step reads every row
        of the message itself, echoes them and stores them only on confirmation. Given at another step,
        the user is told where they go (nothing is stored)."""
        if step == ASSESSMENT:
            self.assessment_answer(ctx, text)
            return
        ctx.say("assessment_elsewhere")
        ctx.say("answer_prompt")
