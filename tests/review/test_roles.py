"""A responsible person's post read in any of fi/sv/en (roles.yaml): a question naming the post in another
language than the plan finds the plan's person, and a short field word never matches inside a word."""

from __future__ import annotations

import pytest

from assistant.retrieval.analyzer import Analyzer
from assistant.review.roles import posts
from assistant.review.slots import PersonFinder


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kari Koe, IT-päällikkö", {("ict", "manager")}),
        ("Vad ansvarar IT-chefen för?", {("ict", "manager")}),
        ("personaldirektörens åtgärder", {("personnel", "director")}),
        ("the HR director", {("personnel", "director")}),
        ("talousjohtajalle", {("finance", "director")}),
        ("the finance director", {("finance", "director")}),
        ("dataskyddsombudet", {("data_protection", "officer")}),
        ("the data protection officer", {("data_protection", "officer")}),
        ("Itse asiassa kaikki toimenpiteet", set()),  # "it" only as a whole word or before a rank
        ("Mitkä toimenpiteet ovat tietojohtamisen osa-alueella?", set()),  # no rank: no post
    ],
)
def test_posts(text: str, expected: set[tuple[str, str]]) -> None:
    assert posts(text) == expected


def test_a_post_named_in_another_language_finds_the_person() -> None:
    people = ["Kari Koe, IT-päällikkö", "Outi Esim, henkilöstöjohtaja", "Ville Malli, tietosuojavastaava"]
    finder = PersonFinder(people, Analyzer())
    assert finder.find("Vilka åtgärder har IT-chefen?") == "Kari Koe"
    assert finder.find("Which actions is the HR director responsible for?") == "Outi Esim"
    assert finder.find("How many actions does the data protection officer own?") == "Ville Malli"
    assert finder.find("Which actions does the finance director own?") is None  # no such post


def test_a_post_no_one_holds_is_said_so(spec) -> None:  # type: ignore[no-untyped-def]
    from assistant.review import ask
    from tests.review.plans import action, make_plan

    plan = make_plan(
        [action("r1", "Resurssit", "Määritämme resurssit.", responsible="Kari Koe, IT-päällikkö")]
    )
    answer = ask(plan, "Which actions is the finance director responsible for?", spec=spec)
    assert answer.result is not None and answer.result.count == 0
    assert answer.text.startswith(
        "No action in the plan has a responsible person matching “finance director”"
    )
    found = ask(plan, "Vilka åtgärder ansvarar IT-chefen för?", spec=spec)
    assert found.result is not None and [i.key for i in found.result.items] == ["r1"]
