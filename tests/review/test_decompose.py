"""Two questions in one (decompose.py): the plan part and the sources' part are found in either order, by
sentence or by a conjunction, a source named by a cue word or by a document's name; the plan part is computed,
the sources' part searched; a part that points back takes the other part's topic along. Also: a value asked
about a person that the plan does not hold is unanswerable, and a topic that is a target's name finds its
actions."""

from __future__ import annotations

import pytest

from assistant.retrieval.analyzer import Analyzer
from assistant.review import ask
from assistant.review.cues import CueMatcher, load_facets
from assistant.review.decompose import Decomposer
from tests.review.plans import action, make_plan


@pytest.fixture(scope="module")
def decomposer() -> Decomposer:
    return Decomposer(CueMatcher(load_facets()), Analyzer())


@pytest.fixture(scope="module")
def plan():  # type: ignore[no-untyped-def]
    return make_plan(
        [
            action(
                "a1", "Resurssit", "Palkkaamme analyytikon.", responsible="Laura Mäki, tietosuojavastaava"
            ),
            action("a2", "Kokonaisarkkitehtuuri", "Kuvaamme järjestelmien arkkitehtuurin.", responsible=""),
            action("a3", "Henkilöstön osaaminen", "Koulutamme esihenkilöt raporttien käyttöön."),
        ]
    )


@pytest.mark.parametrize(
    ("question", "plan_part", "sources_part"),
    [
        # a conjunction opening a second question; the source named by a cue word
        (
            "Montako toimenpidettä on, ja mitä pohja sanoo esimerkeistä?",
            "Montako toimenpidettä on",
            "mitä pohja sanoo esimerkeistä?",
        ),
        # the source first, by its document's name (corpus.yaml aliases), the plan part second
        (
            "Mitä Soiten hankesuunnitelma kertoo työryhmistä, ja kuka vastaa useimmista toimenpiteistä?",
            "kuka vastaa useimmista toimenpiteistä?",
            "Mitä Soiten hankesuunnitelma kertoo työryhmistä",
        ),
        # two sentences; the second about a news item
        (
            "Onko arviointi tehty? Ja montako osa-aluetta mallissa uutisen mukaan on?",
            "Onko arviointi tehty?",
            "Ja montako osa-aluetta mallissa uutisen mukaan on?",
        ),
        ("Vilka åtgärder saknar tidsplan, och vad säger färdplanen?", "Vilka åtgärder saknar tidsplan", None),
        (
            "Which targets have no actions, and what does the roadmap say about data?",
            "Which targets have no actions",
            "what does the roadmap say about data?",
        ),
    ],
)
def test_the_parts_in_either_order(
    decomposer: Decomposer, question: str, plan_part: str, sources_part
) -> None:  # type: ignore[no-untyped-def]
    parts = decomposer.split(question)
    assert parts is not None and parts.plan == plan_part
    if sources_part:
        assert parts.sources == sources_part


@pytest.mark.parametrize(
    "question",
    [
        "Mitkä osa-alueet ovat ilman toimenpiteitä?",  # one question
        "Mitä ohje sanoo aikataulusta? Entä mitä pohja sanoo vastuuhenkilöistä?",  # both about sources
        # a guess at the answer, not a second question
        "Mihin kehittämissuunnitelmamalli perustuu? Kypsyystason arviointimalliin?",
        "Ohjeen mukaan tietosuoja on läpileikkaava. Onko se huomioitu?",  # a statement, read whole elsewhere
    ],
)
def test_not_two_such_questions(decomposer: Decomposer, question: str) -> None:
    assert decomposer.split(question) is None


def test_the_plan_part_is_computed_and_the_sources_part_searched(interpreter, plan) -> None:  # type: ignore[no-untyped-def]
    q = interpreter.interpret(
        "Kenellä on eniten toimenpiteitä, ja mitä Soiten hankesuunnitelma kertoo työryhmistä?", plan
    )
    assert q.facet == "actions_by_person" and q.knowledge
    assert q.knowledge_query.startswith("mitä Soiten hankesuunnitelma kertoo työryhmistä")


def test_a_part_pointing_back_takes_the_other_parts_topic(interpreter, plan) -> None:  # type: ignore[no-untyped-def]
    q = interpreter.interpret("Vad säger mallen om masterdata, och har planen några åtgärder för det?", plan)
    assert q.facet == "topic_mentioned" and q.knowledge and q.filters.concept == "master_data"
    back = interpreter.interpret("Vilka delområden saknar åtgärder, och vad säger mallen om det?", plan)
    assert (
        back.facet == "areas_without_actions" and "Vilka delområden saknar åtgärder" in back.knowledge_query
    )


def test_the_roadmap_of_a_roadmap_question_is_not_a_second_question(interpreter, plan) -> None:  # type: ignore[no-untyped-def]
    q = interpreter.interpret("Mitkä tiekartan tehtävät suunnitelma kattaa, ja mitkä puuttuvat?", plan)
    assert q.facet == "roadmap_alignment" and not q.knowledge
    # what the roadmap says, next to a plan figure: a second question
    text = (
        "What does the roadmap say about knowledge-based management, and how many actions does the plan have?"
    )
    two = interpreter.interpret(text, plan)
    assert two.facet == "count_actions" and two.knowledge


def test_a_value_about_a_person_the_plan_does_not_hold_is_unanswerable(plan) -> None:  # type: ignore[no-untyped-def]
    answer = ask(plan, "What is Laura Mäki's email address?")
    assert answer.kind == "unanswerable" and answer.language == "en"
    assert "Laura" not in answer.text and answer.result is None


def test_a_topic_that_is_a_targets_name_finds_its_actions(plan) -> None:  # type: ignore[no-untyped-def]
    answer = ask(plan, "Does the plan deal with enterprise architecture?")
    assert answer.result is not None and answer.result.yes_no == "yes"
    assert [i.value for i in answer.result.items] == ["Kuvaamme järjestelmien arkkitehtuurin."]
    assert answer.text.startswith("Yes.")


def test_a_plan_part_neither_source_answers_is_said_so_and_the_sources_part_answered(
    interpreter, plan
) -> None:  # type: ignore[no-untyped-def]
    q = interpreter.interpret(
        "Paljonko analyytikon palkkaaminen maksaa, ja mitä Soiten hankesuunnitelmassa sanotaan resursseista?",
        plan,
    )
    assert q.facet == "guidance" and q.unanswered == "Paljonko analyytikon palkkaaminen maksaa"
    assert q.knowledge_query == "mitä Soiten hankesuunnitelmassa sanotaan resursseista?"
