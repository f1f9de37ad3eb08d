"""The team's own reviewer questions (evals/understanding/review/team_rev7*.yaml, written in words of our
own for issue #11) read as the answer needs them, without the knowledge base: a mixed question computes
its plan part and searches its sources' part, a guidance question searches, and a question neither
source answers is said to be unanswerable (never a plan figure). Their citations are checked by
`python evals/understanding/run_review.py --questions …` with the knowledge base."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from assistant.review import ask
from assistant.review.coverage import as_plan
from evals.understanding.plans import load_plans

HERE = Path(__file__).resolve().parents[2] / "evals" / "understanding" / "review"
FILES = ("team_rev7.yaml", "team_rev7_check.yaml")
QUESTIONS = [
    q for name in FILES for q in yaml.safe_load((HERE / name).read_text(encoding="utf-8"))["questions"]
]


@pytest.fixture(scope="module")
def plans(spec):  # type: ignore[no-untyped-def]
    return {pid: as_plan(plan, spec) for pid, plan in load_plans(HERE / "plans.yaml").items()}


def _of(facet: str) -> list[Any]:
    return [pytest.param(q, id=q["id"]) for q in QUESTIONS if q["expected"]["facet"] == facet]


@pytest.mark.parametrize("q", _of("mixed"))
def test_mixed(interpreter, plans, q: dict[str, Any]) -> None:  # type: ignore[no-untyped-def]
    query = interpreter.interpret(q["question"], plans[q["plan"]])
    assert query.knowledge and query.facet == q["expected"]["filters"]["plan_facet"]
    assert query.knowledge_query and query.knowledge_query != q["question"]  # the sources' part alone


@pytest.mark.parametrize("q", _of("guidance"))
def test_guidance(interpreter, plans, q: dict[str, Any]) -> None:  # type: ignore[no-untyped-def]
    query = interpreter.interpret(q["question"], plans[q["plan"]])
    assert query.facet == "guidance" and not query.clarify


@pytest.mark.parametrize("q", _of("unanswerable"))
def test_unanswerable(plans, spec, q: dict[str, Any]) -> None:  # type: ignore[no-untyped-def]
    answer = ask(plans[q["plan"]], q["question"], spec=spec)
    assert answer.kind == "unanswerable" and answer.result is None
