"""The first sentence answers exactly what was asked: one area's assessment result (or that the area was
not assessed), every empty section when the others are asked for too, a period with nothing scheduled, a
target without actions asked with an inflected "kohde", and cue words typed without å, ä and ö."""

from __future__ import annotations

from assistant.retrieval.analyzer import Analyzer
from assistant.review import ask
from assistant.review.cues import CueMatcher, load_facets
from assistant.review.readings import base_forms
from tests.review.plans import action, make_plan

RESOURCES = "Resurssit"


def plan():  # type: ignore[no-untyped-def]
    return make_plan(
        [
            action("r1", RESOURCES, "Määritämme resurssit.", long=""),
            action("r2", RESOURCES, "Palkkaamme analyytikon."),
        ],
        results=[
            {"alue": "hallintorakenne_ja_organisointi", "kypsyys": 2.0, "tyytyvaisyys": 2.5},
            {"alue": "mittarit", "kypsyys": 3.2, "tyytyvaisyys": 1.5},
        ],
        tavoitteet={"kuvaus_suhteessa_nykytilaan": "Kuvaus on kirjoitettu."},
    )


def test_one_areas_result_is_that_area(spec) -> None:  # type: ignore[no-untyped-def]
    answer = ask(plan(), "Mikä on mittareiden kypsyys?", spec=spec)
    assert answer.result is not None and [i.key for i in answer.result.items] == ["mittarit"]
    assert answer.text.splitlines()[0] == "Osa-alueen Mittarit kypsyys on arvioinnissa 3,2."


def test_an_area_not_assessed_is_said_so(spec) -> None:  # type: ignore[no-untyped-def]
    answer = ask(plan(), "Minkä kypsyyden tiedon hankinta sai arvioinnissa?", spec=spec)
    assert answer.kind == "unanswerable" and answer.result is None
    assert answer.text.startswith("Suunnitelman arvioinnissa ei ole tulosta osa-alueelle Tiedon hankinta")


def test_the_other_empty_sections_are_listed_too(spec) -> None:  # type: ignore[no-untyped-def]
    one = ask(plan(), "Onko nykytilan kuvaus täytetty?", spec=spec)
    assert one.result is not None and one.result.count == 1
    every = ask(plan(), "Onko nykytilan kuvaus täytetty? Luettele myös muut tyhjät kohdat.", spec=spec)
    assert every.result is not None and every.result.count == every.result.values["total"] - 1


def test_nothing_scheduled_for_a_period_is_a_missing_schedule(spec) -> None:  # type: ignore[no-untyped-def]
    answer = ask(plan(), "Which actions have nothing scheduled for the long term?", spec=spec)
    assert answer.query is not None and answer.query.facet == "actions_missing_field"
    assert answer.result is not None and [i.key for i in answer.result.items] == ["r1"]


def test_an_inflected_target_noun_asks_for_targets(spec) -> None:  # type: ignore[no-untyped-def]
    answer = ask(
        plan(), "Hallintorakenne ja organisointi: puuttuuko joltain kohteelta toimenpiteet?", spec=spec
    )
    assert answer.query is not None and answer.query.facet == "targets_without_actions"


def test_cue_words_typed_without_dots() -> None:
    analyzer = Analyzer()
    cues = CueMatcher(load_facets(), base_forms(analyzer))
    assert "satisfaction" in cues.hits(["nojdhet"])
    assert "satisfaction" not in cues.hits(["mallipohja"])
