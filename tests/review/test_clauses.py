"""Clauses of a reviewer question (clauses.py): a source's word that names no source ("laskea mukaan", the
plan's own assessment) makes no mixed question; a statement of what a guidance says does; a terse plan part
joined before a question about a source is split off; a verbless fragment about the plan asks back."""

from __future__ import annotations

from assistant.retrieval.analyzer import Analyzer
from assistant.review import ask
from assistant.review.cues import CueMatcher, load_facets
from assistant.review.decompose import Decomposer
from assistant.review.readings import base_forms
from tests.review.plans import action, make_plan

RESOURCES = "Resurssit"


def plan():  # type: ignore[no-untyped-def]
    return make_plan(
        [
            action("r1", RESOURCES, "Määritämme resurssit.", responsible=""),
            action("r2", RESOURCES, "Palkkaamme analyytikon.", responsible="Outi Esim, kehitysjohtaja"),
        ],
        results=[{"alue": "hallintorakenne_ja_organisointi", "kypsyys": 2.0, "tyytyvaisyys": 2.5}],
    )


def test_include_in_a_count_is_no_source(spec) -> None:  # type: ignore[no-untyped-def]
    q = "Mitkä osa-alueet ovat ilman toimenpiteitä? HYÖDYT-osiota ei tarvitse ottaa mukaan."
    answer = ask(plan(), q, spec=spec)
    assert answer.query is not None and answer.query.facet == "areas_without_actions"
    assert not answer.query.knowledge


def test_the_plans_own_assessment_is_no_source(spec) -> None:  # type: ignore[no-untyped-def]
    q = "Arvioinnin mukaan resurssit ovat heikoimmat. Mitkä toimenpiteet ovat ilman vastuuhenkilöä?"
    answer = ask(plan(), q, spec=spec)
    assert answer.query is not None and answer.query.facet == "actions_missing_field"
    assert not answer.query.knowledge


def test_what_the_guidance_says_beside_a_plan_question_is_searched(spec) -> None:  # type: ignore[no-untyped-def]
    q = "Ohjeen mukaan jokaisella toimenpiteellä on vastuuhenkilö. Mitkä toimenpiteet ovat ilman sitä?"
    answer = ask(plan(), q, spec=spec)
    assert answer.query is not None and answer.query.knowledge


def test_a_terse_plan_part_before_a_source_question_is_split() -> None:
    analyzer = Analyzer()
    decomposer = Decomposer(CueMatcher(load_facets(), base_forms(analyzer)), analyzer)
    parts = decomposer.split("Vastuuhenkilöiden jakautuminen toimenpiteille, ja mitä ohje sanoo vastuista?")
    assert parts is not None and parts.plan.startswith("Vastuuhenkilöiden")
    assert decomposer.split("Mihin ohje perustuu? Arviointimalliin?") is None  # a guess, no question


def test_a_verbless_fragment_about_the_plan_asks_back(spec) -> None:  # type: ignore[no-untyped-def]
    answer = ask(plan(), "Entä kustannuslaskenta suunnitelmassa?", spec=spec)
    assert answer.kind == "clarify" and "kustannuslaskenta" in answer.text
