"""Section 3.2.2 as the template has it: a) has the assessment been done; b) its results (only when done);
c) when and how it will be done (when it has not been) or re-done (optional when it has). Without an
assessment the assistant recommends doing one and goes on; it never asks for results that do not exist."""

from __future__ import annotations

from typing import Any

from assistant.drafting import extract
from assistant.drafting.context import TurnContext

DONE_FIELD = "arviointi_toteutettu"
RESULTS_FIELD = "arvioinnin_tulokset"
PLAN_FIELD = "arvioinnin_suunnitelma"


def assessment_done(plan: Any) -> bool | None:
    """True/False from the answer to 3.2.2 a); None when not answered or unclear."""
    answer = plan.nykytila.arviointi_toteutettu
    return extract.yes_no(answer) if answer else None


BARE_ANSWER_WORDS = 4  # "ei oo tehty vielä", "joo on tehty": a bare yes or no, said in the plan's words


def bare_done_answer(field_key: str, text: str) -> bool | None:
    """The yes or no of a bare answer to 3.2.2 a) ("ei oo tehty vielä", "joo"), to be recorded in the
    plan's words; None for any other field or an answer with content of its own (a year, a method)."""
    if field_key != DONE_FIELD or len(text.split()) > BARE_ANSWER_WORDS or any(c.isdigit() for c in text):
        return None
    return extract.yes_no(text)


def field_applies(plan: Any, field_key: str) -> bool:
    """b) only when the assessment was done (or the answer is unclear); c) always (re-assessment)."""
    return not (field_key == RESULTS_FIELD and assessment_done(plan) is False)


def results_step_applies(plan: Any) -> bool:
    """The per-area results step: not when the assessment has not been done."""
    return assessment_done(plan) is not False


def before_question(ctx: TurnContext, field_key: str) -> None:
    """What is said before the template's question of 3.2.2 c)."""
    if field_key != PLAN_FIELD:
        return
    done = assessment_done(ctx.plan)
    if done is False:
        ctx.say("assessment_recommended")
    elif done is True:
        ctx.say("reassessment_optional")
