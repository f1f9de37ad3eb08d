"""Composing what the user sees of a turn: validation findings, the list of what is missing, proposal
lines, progress, the revision summary and the final `Turn`."""

from __future__ import annotations

from typing import Any

from assistant.drafting.context import TurnContext
from assistant.drafting.models import ConversationState, Progress, Turn
from assistant.drafting.proposals_display import show_proposal_lines
from assistant.markdown import escape_md
from assistant.retrieval.quote import quote
from assistant.template.spec import TemplateSpec
from assistant.template.validator import Finding, validate_plan

HINT_CHARS = 280


def show_missing(ctx: TurnContext) -> None:
    """The plan's validation errors (at most 30), or that nothing is missing."""
    errors = validate_plan(ctx.plan, language=ctx.language).by_severity("error")
    if not errors:
        ctx.say("missing_none")
        return
    ctx.say("missing_header", count=len(errors))
    ctx.lines.append("\n".join(f"- {escape_md(f.message)}" for f in errors[:30]))


def show_findings(ctx: TurnContext, paths: list[str]) -> None:
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


def show_proposals(ctx: TurnContext) -> None:
    """The current target's proposals, numbered and with their citations."""
    target = ctx.state.target
    if target is None:
        return
    if not target.proposals:
        ctx.say("no_proposals")
        return
    target.number_all()
    show_proposal_lines(ctx, target.proposals)
    ctx.proposals = list(target.proposals)
    ctx.say("target_prompt")


def progress(spec: TemplateSpec, plan: Any) -> Progress:
    """Required text fields filled, 3.4 targets with actions, and validation counts."""
    fields = [(s, f) for s in spec.sections for f in s.fields if f.required]
    filled = sum(1 for s, f in fields if getattr(getattr(plan, s.key), f.key).strip())
    targets = [t.name for a in spec.areas if a.section == "3.4" for t in a.targets]
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


def summary(ctx: TurnContext) -> str:
    """The revision summary: the step and the top-level parts of the plan that changed."""
    paths = sorted({c["path"].split("/")[1] for c in ctx.changes})
    return f"{ctx.state.step}: {', '.join(paths)}"


def compose_turn(spec: TemplateSpec, plan_id: str, version: int, ctx: TurnContext, reply: str) -> Turn:
    """The turn's result: the reply (with an LLM fallback notice first) and the parts a UI renders."""
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
        progress=progress(spec, ctx.plan),
        awaiting=awaiting(ctx.state),
        notice=notice,
    )


def awaiting(state: ConversationState) -> str:
    """What the engine expects next (see `Turn.awaiting`)."""
    if state.step.startswith("field:"):
        return "field"
    if state.step.startswith("target:"):
        if state.target is not None and state.target.detail is not None:
            return state.target.detail["field"]
        return "proposals"
    return state.step


def excerpt(text: str) -> str:
    """A knowledge-base hint shortened to about `HINT_CHARS` characters at a word boundary."""
    flat = " ".join(text.split())
    if len(flat) <= HINT_CHARS:
        return flat
    cut = flat.rfind(" ", 0, HINT_CHARS)
    return flat[: cut if cut > 0 else HINT_CHARS] + " …"


def passage_quote(retriever: Any, passage: str, question: str) -> str:
    """What to show of a knowledge-base passage next to a question: the sentence(s) sharing the most word
    stems with it (at most `HINT_CHARS` characters), or the passage's opening without an analyzer."""
    analyzer = getattr(retriever, "analyzer", None)
    if analyzer is None:
        return excerpt(passage)
    # a Swedish or English question's glossary terms as their Finnish stems (the corpus is Finnish)
    stems = set(
        analyzer.query_tokens(question) if hasattr(analyzer, "query_tokens") else analyzer.tokens(question)
    )
    return quote(passage, stems, analyzer, HINT_CHARS) or excerpt(passage)


def short(text: str, limit: int = 80) -> str:
    """An action's text shortened for a question about it."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: flat.rfind(" ", 0, limit)] + " …"


def action_line(ctx: TurnContext, n: int, action: Any) -> str:
    """One recorded action with what it still lacks, for the target's summary."""
    missing = [
        ctx.t(f"action_field.{key}")
        for key, empty in (
            ("schedule", not action.lyhyt_aikavali and not action.pitka_aikavali),
            ("responsible", not action.vastuuhenkilo),
            ("prerequisites", not action.edellytykset),
        )
        if empty
    ]
    line = f"{n}. {escape_md(short(action.toimenpide))}"
    return line + (ctx.t("action_lacks", what=", ".join(missing)) if missing else "")
