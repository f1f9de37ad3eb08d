"""Reviewer questions in words no rule lists: a plan facet the trained model is sure of is kept without a
plan word; a phrasal verb is no norm; the plan's own assessment is no source; a source's requirement said
beside a plan question makes it mixed; the areas of section 3.4 left empty are areas without actions; a
person the plan does not name is still a person (none of their actions). Phrased anew: none is a facet
example, a training question or an evaluation item."""

from __future__ import annotations

import pytest

from assistant.retrieval.analyzer import Analyzer
from assistant.review import ask
from assistant.review.roles import named_person
from tests.review.plans import action, make_plan


@pytest.fixture(scope="module")
def plan():  # type: ignore[no-untyped-def]
    return make_plan(
        [
            action("a1", "Resurssit", "Järjestämme koulutusta esihenkilöille.", responsible="Laura Mäki"),
            action("a2", "Resurssit", long="", responsible="Mikael Holm"),
        ]
    )


@pytest.mark.parametrize(
    ("question", "facet"),
    [
        # the model is sure of a plan facet, no plan word and no source named: the plan is asked
        ("Onko jokainen tekstiosio jo täytetty?", "empty_sections"),
        ("Is there anything about training?", "topic_mentioned"),
        ("Finns det något om utbildning?", "topic_mentioned"),
        # "tuleeko … esille": whether it comes up in a named part, no norm asked
        ("Tuleeko nykytilan kuvauksessa ilmi tietovarasto?", "topic_mentioned"),
        # "kyselyn mukaan": the plan's own survey results, no source to search
        ("Kyselyn mukaan missä ollaan tyytymättömimpiä?", "assessment"),
        # the areas of section 3.4 left empty: areas without actions, not empty text sections
        ("Are some areas of section 3.4 still empty?", "areas_without_actions"),
    ],
)
def test_unlisted_phrasings_are_read_by_the_plan_facet(interpreter, plan, question: str, facet: str) -> None:  # type: ignore[no-untyped-def]
    query = interpreter.interpret(question, plan)
    assert (query.facet, query.clarify, query.knowledge) == (facet, False, False)


@pytest.mark.parametrize(
    ("question", "facet"),
    [
        ("Onko koulutus mukana, niin kuin ohje vaatii?", "topic_mentioned"),
        ("Tas utbildning upp i planen, så som anvisningen kräver?", "topic_mentioned"),
        (
            "Mitkä toimenpiteet ovat ilman aikataulua, entä mitä ohje sanoo aikatauluista?",
            "actions_missing_field",
        ),
    ],
)
def test_a_source_said_beside_a_plan_question_makes_it_mixed(
    interpreter, plan, question: str, facet: str
) -> None:  # type: ignore[no-untyped-def]
    query = interpreter.interpret(question, plan)
    assert (query.facet, query.knowledge) == (facet, True)


def test_a_person_voikko_knows_is_named_in_base_form() -> None:
    morphology = Analyzer().morphology
    if morphology is None:
        pytest.skip("Voikko is not installed")
    assert named_person("Mitkä toimenpiteet ovat Sanna Virtasen vastuulla?", morphology) == "Sanna Virtanen"
    assert named_person("Visa åtgärder utan ansvarig", morphology) is None  # the opening verb
    assert named_person("Mainitaanko Toivo-ohjelma?", morphology) is None  # a part of a hyphenated name
    assert named_person("Mitä Kainuussa tehdään?", morphology) is None  # a place


def test_a_person_the_plan_does_not_name_has_no_actions(plan) -> None:  # type: ignore[no-untyped-def]
    if Analyzer().morphology is None:
        pytest.skip("Voikko is not installed")
    answer = ask(plan, "Listaa toimenpiteet, joista Heikkinen vastaa.", kb=None)
    assert answer.query is not None and answer.query.facet == "actions_by_person"
    assert answer.result is not None and answer.result.count == 0
    assert "Heikkinen" in answer.text.split("\n")[0]
