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


def test_a_yes_no_question_on_targets_having_actions_is_answered_as_asked(spec) -> None:  # type: ignore[no-untyped-def]
    area = "hallintorakenteen ja organisoinnin"
    have = ask(plan(), f"Onko {area} kohteille kirjattu toimenpiteitä?", spec=spec)
    assert have.result is not None and have.result.count == 3 and have.text.startswith("Ei.")
    lack = ask(plan(), f"Onko {area} kohteita ilman toimenpiteitä?", spec=spec)
    assert lack.result is not None and lack.result.count == 3 and lack.text.startswith("Kyllä.")


def test_a_guidance_named_in_swedish_is_a_source(spec) -> None:  # type: ignore[no-untyped-def]
    answer = ask(plan(), "Vad rekommenderar vägledningen om tidtabeller?", spec=spec)
    assert answer.query is not None and answer.query.facet == "guidance"


def test_swedish_mål_are_targets_unless_a_word_of_a_targets_name(spec) -> None:  # type: ignore[no-untyped-def]
    targets = ask(plan(), "Vilka mål inom ledning och organisering saknar åtgärder?", spec=spec)
    assert targets.query is not None and targets.query.facet == "targets_without_actions"
    named = ask(plan(), "Hur många åtgärder finns för kunskapsledningens strategi och mål?", spec=spec)
    assert named.query is not None and named.query.facet == "count_actions"
    assert named.query.filters.target == "tietojohtamisen_strategia_ja_tavoitteet"


def test_how_many_areas_the_assessment_model_has_is_no_plan_count(spec) -> None:  # type: ignore[no-untyped-def]
    answer = ask(plan(), "How many areas does the assessment model have?", spec=spec)
    assert answer.query is not None and answer.query.facet == "guidance"
    plan_count = ask(plan(), "How many areas have actions?", spec=spec)
    assert plan_count.query is not None and plan_count.query.facet == "count_areas_with_actions"
