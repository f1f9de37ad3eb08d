"""A question typed in the drafting chat instead of an answer ("mitä tarkoitetaan sote-maakunnalla?"):
answered from the template's instruction for the part asked and the knowledge base's passages, each shown
by its sentence that answers, with citations. Nothing is stored; the caller asks the question again.

A question about where shown proposals come from ("mistä ehdotus 2 on peräisin?") is answered from those
proposals' own sources, and the proposals stay as shown, with their numbers (not shown again)."""

from __future__ import annotations

from typing import Any

from assistant.drafting.context import Step, TurnContext
from assistant.drafting.reply import passage_quote
from assistant.drafting.steps import FieldStep, TargetStep
from assistant.interpret import rules
from assistant.markdown import escape_md
from assistant.retrieval.quote import only_headings
from assistant.template.spec import TemplateSpec

QUESTION_PASSAGES = 2  # knowledge-base passages shown under an answer to a question


def answer_question(ctx: TurnContext, step: Step, text: str, spec: TemplateSpec, retriever: Any) -> bool:
    """The template's instruction and the passages that answer; "nothing found" when neither has one.
    The template's empty form (headings and "label:" lines only) is never shown as an answer. False when
    the question was about the proposals shown and is answered with the prompt to decide on them (the
    caller need not ask again)."""
    ctx.say("question_not_stored")
    target = ctx.state.target if isinstance(step, TargetStep) else None
    if target is not None and target.proposals and target.detail is None and rules.asks_about_source(text):
        numbers = target.shown_numbers()
        named = [n for n in rules.numbers(text) if n in numbers]
        for proposal in (p for p in target.proposals if not named or p.number in named):
            citation = "; ".join(escape_md(s.citation) for s in proposal.lahteet)
            ctx.say(
                "proposal_source_answer",
                n=proposal.number,
                text=escape_md(proposal.toimenpide),
                citation=citation,
            )
        ctx.say("proposals_kept", numbers=", ".join(str(n) for n in numbers))
        ctx.say("target_prompt")
        return False
    label, instruction = instruction_of(ctx, step, spec)
    if instruction:
        ctx.say("question_template", label=escape_md(label), text=escape_md(instruction))
    hits = []
    if retriever is not None:
        query = f"{text} {label}"
        found = retriever.search(query, k=QUESTION_PASSAGES + 2, language=ctx.language).hits
        hits = [h for h in found if not only_headings(h.text)][:QUESTION_PASSAGES]
    for hit in hits:
        shown = passage_quote(retriever, hit.text, text)
        ctx.say("question_source", citation=escape_md(hit.citation), text=escape_md(shown))
    if not hits and not instruction:
        ctx.say("question_nothing_found")
    return True


def instruction_of(ctx: TurnContext, step: Step, spec: TemplateSpec) -> tuple[str, str]:
    """(the part asked in words, the template's instruction for it)."""
    language = ctx.language
    if isinstance(step, FieldStep):
        label = f"{step.group.id} {step.field.label.get(language)}"
        text = step.field.instruction.get(language) if step.field.instruction else ""
        return label, text or spec.instructions["general"].get(language)
    if isinstance(step, TargetStep):
        target = ctx.state.target
        detail = target.detail["field"] if target and target.detail else None
        text = spec.instructions["table"].get(language)
        if detail == "edellytykset":
            text = f"{text} {spec.table.prerequisites_hint.get(language)}"
        return step.target.display(language), text
    return ctx.t("assessment_label"), spec.instructions["general"].get(language)
