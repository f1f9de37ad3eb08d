"""Reviewer questions read by structure: the first of two alternatives sets the yes/no polarity, a period
named with "not at all" is that period missing, a template compound is a source (not the plan), a question
about a person's post is not answered with "the plan does not mention …", a named person's responsibilities
are their actions, and the plan's region makes a roadmap comparison about the plan."""

from __future__ import annotations

import pytest

from tests.review.plans import action, make_plan


@pytest.fixture(scope="module")
def plan():  # type: ignore[no-untyped-def]
    return make_plan(
        [
            action("a1", "Resurssit", "Järjestämme koulutusta esihenkilöille.", responsible="Laura Mäki"),
            action("a2", "Resurssit", long="", responsible="Mikael Holm, dataarkitekt"),
        ]
    )


def test_the_first_alternative_sets_the_polarity(interpreter, plan) -> None:  # type: ignore[no-untyped-def]
    q = interpreter.interpret("Jäikö osioihin tyhjiä kohtia, vai ovatko kaikki täytettyjä?", plan)
    assert q.facet == "empty_sections" and q.yes_no
    assert not q.all_polarity  # yes = something is empty, as the first alternative asks
    plain = interpreter.interpret("Ovatko kaikki osiot täytettyjä?", plan)
    assert plain.all_polarity


def test_a_named_period_not_at_all_is_that_period_missing(interpreter, plan) -> None:  # type: ignore[no-untyped-def]
    q = interpreter.interpret("Mille toimenpiteille ei ole lainkaan lyhyen aikavälin aikataulua?", plan)
    assert q.facet == "actions_missing_field"
    assert q.filters.field == "schedule_short"
    both = interpreter.interpret("Onko toimenpiteitä, joilla ei ole mitään aikataulua?", plan)
    assert both.filters.field == "schedule_any"


def test_a_template_compound_is_a_source_not_the_plan(interpreter, plan) -> None:  # type: ignore[no-untyped-def]
    q = interpreter.interpret("Mitä suunnitelmapohjassa ohjeistetaan tietosuojasta?", plan)
    assert q.facet == "guidance"


def test_a_persons_post_is_unanswerable_not_unmentioned(interpreter, plan) -> None:  # type: ignore[no-untyped-def]
    q = interpreter.interpret("Who is the county's chief privacy officer?", plan)
    assert q.facet == "unanswerable"


def test_a_named_persons_responsibilities_are_their_actions(interpreter, plan) -> None:  # type: ignore[no-untyped-def]
    q = interpreter.interpret("Mitä toimia Laura Mäellä on?", plan)
    assert q.facet == "actions_by_person" and q.filters.person == "Laura Mäki"
    en = interpreter.interpret("What is Mikael Holm accountable for?", plan)
    assert en.facet == "actions_by_person"


def test_a_question_about_a_source_event_searches_the_knowledge_base(interpreter, plan) -> None:  # type: ignore[no-untyped-def]
    """No rule says the sources lack it: the knowledge base is searched (an empty search says so)."""
    q = interpreter.interpret("What did the 2019 national seminar find about data warehouses?", plan)
    assert q.facet == "guidance"
    absent = interpreter.interpret("What are the official survey statements and their answer scale?", plan)
    assert absent.facet == "unanswerable"
