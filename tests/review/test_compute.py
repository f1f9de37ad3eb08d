"""Computed answers to typed reviewer queries on small plans: every facet, the HYÖDYT rule, the long-term
schedule rule and the "not mentioned" rule (inflections and compounds are found; the words searched are the
words, not stems)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from assistant.i18n import load_catalog
from assistant.retrieval.analyzer import Analyzer
from assistant.review.compose import Writer
from assistant.review.compute import Calculator
from assistant.review.coverage import analyse
from assistant.review.cues import load_facets
from assistant.review.query import Filters, ReviewQuery
from tests.review.plans import action, make_plan

ANALYZER = Analyzer()


def plan(**sections: Any):  # type: ignore[no-untyped-def]
    return make_plan(
        [
            action(
                "v1", "Tietojohtamisen strategia ja tavoitteet", "Laadimme strategian.", responsible="Anna A"
            ),
            action(
                "v2", "Resurssit", "Lisäämme henkilöstön tietosuojaosaamista.", long="", responsible="Anna A"
            ),
            action(
                "v3", "Resurssit", "Rekrytoimme analyytikon.", short="", prerequisites="", responsible="Ben B"
            ),
            action("v4", "Mittareiden kattavuus", "Karsimme mittarit.", short="", long="", responsible=""),
        ],
        results=[
            {"alue": "mittarit", "kypsyys": 1.5, "tyytyvaisyys": 3.5},
            {"alue": "tietotarpeet", "kypsyys": 2.0, "tyytyvaisyys": 1.75},
            {"alue": "hyodyt", "kypsyys": 1.0, "tyytyvaisyys": 4.0},
        ],
        **sections,
    )


def run(facet: str, the_plan: Any = None, language: str = "fi", **filters: Any):  # type: ignore[no-untyped-def]
    from assistant.template.spec import load_template

    spec = load_template()
    the_plan = the_plan if the_plan is not None else plan()
    query = ReviewQuery(facet=facet, filters=Filters(**filters), language=language)  # type: ignore[arg-type]
    report = analyse(the_plan, spec=spec, language=language)
    result = Calculator(the_plan, report, spec, load_facets(), ANALYZER, language).compute(query)
    text = Writer(load_catalog(language), spec, language).lines(
        query, result, (report.balance.short_period, report.balance.long_period)
    )
    return result, text


def values(result) -> list[str]:  # type: ignore[no-untyped-def]
    return [i.value for i in result.items]


def test_targets_and_areas_without_actions_never_list_hyodyt() -> None:
    targets, _ = run("targets_without_actions")
    assert targets.count == 24 - 3 and "Tietojohtamisen vaikutus tuloksellisuuteen" not in values(targets)
    areas, text = run("areas_without_actions")
    assert areas.count == 9 - 3 and "HYÖDYT" not in values(areas)
    assert text[0].startswith("Ilman toimenpiteitä on 6/9 osa-aluetta:")
    within, text = run("targets_without_actions", area="mittarit")
    assert values(within) == [
        "Mittareiden ja strategian välinen yhteys",
        "Mittaustiedon laatu ja luotettavuus",
    ]
    assert text[0].startswith("Ilman toimenpiteitä on 2/3 kehittämiskohdetta osa-alueella Mittarit")


@pytest.mark.parametrize(
    ("field", "ids"),
    [
        ("responsible", ["v4"]),
        ("prerequisites", ["v3"]),
        ("schedule_short", ["v3", "v4"]),
        ("schedule_long", ["v2", "v4"]),
        ("schedule_any", ["v4"]),
        ("schedule", ["v4"]),  # no schedule at all; those lacking one period are listed apart
    ],
)
def test_actions_missing_a_field(field: str, ids: list[str]) -> None:
    result, _ = run("actions_missing_field", field=field)
    assert [i.key for i in result.items] == ids and result.yes_no == "no"


def test_missing_long_term_schedule_is_worded() -> None:
    """A schedule asked without a period: the actions with none at all are counted, and those lacking
    one period are listed after them ("has a schedule" only when both periods are filled)."""
    result, text = run("actions_missing_field", field="schedule")
    assert [i["key"] for i in result.values["partial"]] == ["v2", "v3"]
    assert text[0] == "Kokonaan ilman aikataulua on 1/4 toimenpidettä:"
    assert "Lisäksi lyhyen tai pitkän aikavälin aikataulu puuttuu 2 toimenpiteeltä:" in text
    assert (
        "- Lisäämme henkilöstön tietosuojaosaamista. (puuttuu pitkän aikavälin aikataulu; Resurssit)" in text
    )
    _, en = run("actions_missing_field", language="en", field="schedule_long")
    assert en[0] == "2 of 4 actions lack a long-term schedule:"


def test_counts() -> None:
    assert run("count_actions")[0].count == 4
    assert run("count_actions", area="hallintorakenne_ja_organisointi")[0].count == 2
    assert run("count_actions", period="long")[0].count == 2
    assert run("count_actions", person="anna a")[0].count == 2
    result, text = run("actions_by_person", person="Anna A", period="long")  # a named person's, by period
    assert [i.key for i in result.items] == ["v1"] and text[0].endswith("(pitkä aikaväli 2022–2025).")
    result, text = run("count_areas_with_actions")
    assert result.count == 3 and text[0] == "Toimenpiteitä on 3/9 osa-alueella."


def test_actions_per_person() -> None:
    top, text = run("actions_by_person")
    assert values(top) == ["Anna A"] and top.count == 2
    assert text[0] == "Eniten toimenpiteitä on vastuuhenkilöllä Anna A: 2/4." and "- Ben B: 1" in text
    of, _ = run("actions_by_person", person="Ben B")
    assert [i.key for i in of.items] == ["v3"]


def test_assessment() -> None:
    lowest, text = run("assessment", metric="maturity", order="lowest")
    assert values(lowest) == ["HYÖDYT"] and text[0] == "Matalin kypsyys on osa-alueella Hyödyt (1)."
    with_actions, _ = run("assessment", metric="maturity", order="lowest", with_actions=False)
    assert values(with_actions) == ["TIETOTARPEET"]  # HYÖDYT has no action table
    below, _ = run("assessment", metric="satisfaction", threshold=2.0, comparison="below")
    assert values(below) == ["TIETOTARPEET"]
    above, text = run("assessment", language="sv", metric="satisfaction", threshold=3.25, comparison="above")
    assert values(above) == ["MITTARIT", "HYÖDYT"] and "över 3,25" in text[0]
    none, text = run("assessment", make_plan([]), metric="maturity", order="lowest")
    assert not none.available and none.values == {"no_assessment": True}
    assert text[0] == load_catalog("fi").t("review.reply.no_assessment")


def test_empty_sections() -> None:
    empty, text = run("empty_sections", plan(kuvaus={"sote_maakunta": "Järvilaakso"}))
    assert "sote_maakunta" not in values(empty) and "hyodyt" in values(empty)
    assert empty.yes_no == "yes" and text[0].startswith(
        f"Tyhjänä on {empty.count}/{empty.values['total']} kohtaa"
    )


def test_topic_found_in_compounds_and_inflections() -> None:
    found, text = run("topic_mentioned", concept="data_protection")
    assert [i.key for i in found.items] == ["v2"] and found.yes_no == "yes"  # tietosuojaosaamista
    assert text[0] == "Tietosuoja mainitaan suunnitelmassa 1 kohdassa:"
    words, _ = run("topic_mentioned", topic=["analyytikkoa"])  # the plan says "analyytikon"
    assert [i.key for i in words.items] == ["v3"]


def test_not_mentioned_only_when_nothing_was_found_and_says_the_words() -> None:
    result, text = run("topic_mentioned", topic=["kokonaisarkkitehtuurista"])
    assert result.count == 0 and result.yes_no == "no"
    assert "”kokonaisarkkitehtuuri”" in text[0]  # the searched word in its base form
    stem = ANALYZER.stem("kokonaisarkkitehtuurista")  # never a bare stem as a word of the answer
    assert stem not in re.findall(r"\w+", text[0]) and stem != "kokonaisarkkitehtuuri"
    unclear, text = run("topic_mentioned", topic=[])
    assert not unclear.available and text[0] == load_catalog("fi").t("review.reply.topic_unclear")


def test_period_balance() -> None:
    result, text = run("period_balance")
    assert (result.values["short"], result.values["long"], result.values["both"]) == (2, 2, 1)
    assert text[0].startswith("Lyhyellä aikavälillä (2020–2021) on 2 ja pitkällä aikavälillä (2022–2025) 2")


def test_one_text_field_asked_about_is_named_in_the_answer() -> None:
    result, text = run("empty_sections", section="nykytila", text_field="nykytilan_kuvaus")
    assert result.values["total"] == 1 and text[0].startswith("Kohta 3.2.1 ")
