"""Questions neither the plan nor the knowledge base answers are said to be so, not answered with an unrelated
figure: a count of something the plan does not count (the region's "area" is no development area), and who
holds a post the plan does not name; a post the plan does name is answered from it, and a mention
asked without naming the plan is searched in the plan."""

from __future__ import annotations

import pytest

from assistant.review import ask
from tests.review.plans import action, make_plan


@pytest.fixture(scope="module")
def plan():  # type: ignore[no-untyped-def]
    return make_plan(
        [
            action(
                "a1", "Resurssit", "Palkkaamme analyytikon.", responsible="Laura Mäki, tietosuojavastaava"
            ),
            action("a2", "Henkilöstön osaaminen", "Koulutamme esihenkilöt."),
        ],
        meta={
            "region": "Kivikoski",
            "title": "Kivikosken suunnitelma",
            "periods": {"short": {"start": 2020, "end": 2021}, "long": {"start": 2022, "end": 2025}},
        },
    )


@pytest.mark.parametrize(
    "question",
    [
        "Montako asukasta Kivikosken alueella on?",  # the region's area, not a development area
        "Kuka on Kivikosken talousjohtaja?",  # a post the plan does not name
        "Kuka toimii Kivikosken talousjohtajana?",  # "toimii" is a verb, not "toimia" (actions)
        "Who is the county's data architect?",
    ],
)
def test_said_to_be_unanswerable(plan, question: str) -> None:  # type: ignore[no-untyped-def]
    answer = ask(plan, question)
    assert answer.kind == "unanswerable" and answer.result is None


def test_a_post_the_plan_names_is_answered_from_it(plan) -> None:  # type: ignore[no-untyped-def]
    answer = ask(plan, "Kuka toimii tietosuojavastaavana?")
    assert answer.kind != "unanswerable" and "Laura Mäki" in answer.text


def test_areas_are_still_counted(plan) -> None:  # type: ignore[no-untyped-def]
    answer = ask(plan, "Kuinka monella osa-alueella Kivikoskella on toimenpiteitä?")
    assert answer.result is not None and answer.result.facet == "count_areas_with_actions"
    assert answer.result.count == 1


def test_a_mention_asked_without_naming_the_plan_is_asked_of_the_plan() -> None:
    plan = make_plan([action("a1", "Resurssit", "Teemme kyselyn Webropolilla.")])
    answer = ask(plan, "Mainitaanko Webropol?")
    assert answer.result is not None and answer.result.facet == "topic_mentioned"
    assert answer.result.yes_no == "yes"
