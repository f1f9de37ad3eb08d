"""The offline interpretation of reviewer questions: facets and filters in Finnish, Swedish and English
(inflections, typos, decimal comma, persons of the plan), mixed questions, and asking back when unsure."""

from __future__ import annotations

import pytest

from assistant.review.cues import load_facets
from assistant.review.embedder import shared_embeddings
from assistant.review.interpret import OfflineInterpreter
from assistant.template.spec import load_template
from tests.review.plans import action, make_plan


@pytest.fixture(scope="module")
def plan():  # type: ignore[no-untyped-def]
    return make_plan(
        [
            action("a1", "Resurssit", responsible="Laura Mäki, tietosuojavastaava"),
            action("a2", "Resurssit", responsible="Mikael Holm, dataarkitekt"),
        ]
    )


@pytest.mark.parametrize(
    ("question", "facet", "filters"),
    [
        ("Mitkä kehittämiskohteet ovat ilman toimenpiteitä?", "targets_without_actions", {}),
        (
            "Vilka utvecklingsobjekt inom MITTARIT saknar åtgärder?",
            "targets_without_actions",
            {"area": "mittarit"},
        ),
        (
            "Which targets in the metrics area have no actions?",
            "targets_without_actions",
            {"area": "mittarit"},
        ),
        ("mitkä osa-aluuet on jääny ilman toimenpiteitä", "areas_without_actions", {}),
        ("Vilka områden saknar åtgärder helt?", "areas_without_actions", {}),
        ("Miltä toimenpiteiltä puuttuu vastuuhenkilö?", "actions_missing_field", {"field": "responsible"}),
        (
            "Vilka åtgärder saknar tidsplan för lång sikt?",
            "actions_missing_field",
            {"field": "schedule_long"},
        ),
        ("Do all actions have at least some schedule?", "actions_missing_field", {"field": "schedule_any"}),
        (
            "Onko jokaisella toimenpiteellä edes jonkinlainen aikataulu?",
            "actions_missing_field",
            {"field": "schedule_any"},
        ),
        ("Hur många mätaråtgärder har planen?", "count_actions", {"area": "mittarit"}),
        ("Täytyykö jokaiselle osa-alueelle kirjata jotain vai voiko osan jättää tyhjäksi?", "guidance", {}),
        ("How many employees does the county have?", "unanswerable", {}),  # nothing the plan counts
        ("Vilka är mallens korta och långa perioder?", "guidance", {}),  # the template's, not the plan's
        (
            "Which low-maturity areas lack actions?",
            "assessment",
            {"metric": "maturity", "with_actions": False},
        ),
        (
            "Mitkä osa-alueet ylittävät tyytyväisyydessä kakkosen?",
            "assessment",
            {"metric": "satisfaction", "threshold": 2.0, "comparison": "above"},
        ),
        ("Montako toimenpidettä on yhteensä?", "count_actions", {}),
        ("Hur många åtgärder finns inom området Tiedon käyttö?", "count_actions", {"area": "tiedon_kaytto"}),
        ("How many actions are scheduled for the long term?", "count_actions", {"period": "long"}),
        ("Monellako osa-alueella on toimenpiteitä?", "count_areas_with_actions", {}),
        ("Kenellä on eniten toimenpiteitä vastuullaan?", "actions_by_person", {}),
        ("Mitä Laura Mäen vastuulla on?", "actions_by_person", {"person": "Laura Mäki"}),
        ("Montako toimenpidettä Mikael Holmin vastuulla on?", "count_actions", {"person": "Mikael Holm"}),
        ("Vad ansvarar dataarkitekten för?", "actions_by_person", {"person": "Mikael Holm"}),
        (
            "Millä osa-alueilla kypsyys on alle 2,5?",
            "assessment",
            {"metric": "maturity", "threshold": 2.5, "comparison": "below"},
        ),
        (
            "Which area has the highest satisfaction?",
            "assessment",
            {"metric": "satisfaction", "order": "highest"},
        ),
        ("Vilket område har lägst mognad?", "assessment", {"metric": "maturity", "order": "lowest"}),
        ("Onko suunnitelmassa tyhjiä kohtia?", "empty_sections", {}),
        ("Finns det tomma avsnitt i planen?", "empty_sections", {}),
        ("Käsitelläänkö suunnitelmassa tietosuojaa?", "topic_mentioned", {"concept": "data_protection"}),
        ("Does the plan mention GDPR anywhere?", "topic_mentioned", {"concept": "data_protection"}),
        ("Painottuuko suunnitelma lyhyelle vai pitkälle aikavälille?", "period_balance", {}),
        ("Hur förhåller sig planen till färdplanens uppgifter?", "roadmap_alignment", {}),
        ("Mitä mallipohjassa sanotaan kansallisista koodistoista?", "guidance", {}),
        ("What does the guidance say about master data?", "guidance", {}),
        ("Huomioiko suunnitelma tiekartan tehtävät?", "roadmap_alignment", {}),
        (
            "How many actions are there in the data sharing area?",
            "count_actions",
            {"area": "tiedon_jakaminen"},
        ),
        ("Har de svagaste områdena i bedömningen några åtgärder?", "assessment", {"order": "lowest"}),
        ("Missä Laura Mäki on opiskellut?", "unanswerable", {}),
    ],
)
def test_facet_and_filters(interpreter, plan, question: str, facet: str, filters: dict) -> None:  # type: ignore[no-untyped-def]
    query = interpreter.interpret(question, plan)
    assert query.facet == facet, query
    assert not query.clarify
    got = query.filters.model_dump()
    assert {k: got[k] for k in filters} == filters


@pytest.mark.parametrize(
    ("question", "language"),
    [
        ("Mitkä osa-alueet ovat ilman toimenpiteitä?", "fi"),
        ("Vilka åtgärder saknar ansvarsperson?", "sv"),
        ("Which actions lack a responsible person?", "en"),
        ("Nämns dataskydd i planen?", "sv"),  # short, with ä: the Swedish function words decide
    ],
)
def test_language(interpreter, plan, question: str, language: str) -> None:  # type: ignore[no-untyped-def]
    assert interpreter.interpret(question, plan, ui_language="fi").language == language


def test_yes_no_and_polarity(interpreter, plan) -> None:  # type: ignore[no-untyped-def]
    q = interpreter.interpret("Onko kaikilla toimenpiteillä vastuuhenkilö?", plan)
    assert q.yes_no and q.all_polarity
    q = interpreter.interpret("Puuttuuko joiltain toimenpiteiltä edellytykset?", plan)
    assert q.yes_no and not q.all_polarity
    assert not interpreter.interpret("Mitkä toimenpiteet ovat ilman edellytyksiä?", plan).yes_no
    assert not interpreter.interpret("Montako toimenpidettä on ilman vastuuhenkilöä?", plan).yes_no


def test_a_statement_about_a_source_makes_a_mixed_question(interpreter, plan) -> None:  # type: ignore[no-untyped-def]
    q = interpreter.interpret(
        "Enligt mallen ska varje åtgärd ha en tidsplan. Har alla åtgärder någon tidsplan?", plan
    )
    assert (q.facet, q.knowledge, q.filters.field) == ("actions_missing_field", True, "schedule_any")
    assert q.knowledge_query.startswith("Enligt mallen") and q.yes_no and q.all_polarity
    inline = interpreter.interpret(
        "Mitkä toimenpiteet ovat ilman vastuuhenkilöä, vaikka mallipohja edellyttää sitä?", plan
    )
    assert (inline.facet, inline.knowledge, inline.filters.field) == (
        "actions_missing_field",
        True,
        "responsible",
    )
    plain = interpreter.interpret(
        "Mallipohjassa on 24 kehittämiskohdetta; mitkä ovat ilman toimenpiteitä?", plan
    )
    assert not plain.knowledge


def test_unsure_asks_with_the_two_likeliest_readings(plan) -> None:  # type: ignore[no-untyped-def]
    # a vocabulary that is never sure: every question with two plan readings is asked back
    vocabulary = load_facets().model_copy(update={"margin": 1.0, "unsure": 2.0})
    interpreter = OfflineInterpreter(load_template(), embeddings=shared_embeddings(), vocabulary=vocabulary)
    q = interpreter.interpret("Mitkä osa-alueet ovat ilman toimenpiteitä?", plan)
    assert q.clarify and len(q.alternatives) == 2 and q.alternatives[0] == "areas_without_actions"
    assert q.alternatives[1] != q.alternatives[0]


def test_without_embeddings_the_rules_still_answer(plan) -> None:  # type: ignore[no-untyped-def]
    interpreter = OfflineInterpreter(load_template(), embeddings=None)
    assert interpreter.interpret("Miltä toimenpiteiltä puuttuu vastuuhenkilö?", plan).facet == (
        "actions_missing_field"
    )


def test_a_question_about_a_source_before_the_plan_question(interpreter, plan) -> None:  # type: ignore[no-untyped-def]
    """Two questions, the first about what a source requires: the last one is the plan part, read alone
    (the section named in the first does not narrow it), the first is searched in the sources."""
    q = interpreter.interpret(
        "Onko osio 3.2 kirjoitettu niin kuin mallipohja edellyttää? Mitkä kentät ovat tyhjinä?", plan
    )
    assert (q.facet, q.knowledge, q.filters.section) == ("empty_sections", True, None)
    assert q.knowledge_query == "Onko osio 3.2 kirjoitettu niin kuin mallipohja edellyttää?"
    alone = interpreter.interpret("Onko osio 3.2 täytetty? Mitkä kentät ovat tyhjinä?", plan)
    assert not alone.knowledge  # no source named: not a mixed question


def test_a_choice_between_two_things_is_not_a_yes_no_question(interpreter, plan) -> None:  # type: ignore[no-untyped-def]
    assert not interpreter.interpret(
        "Painottuvatko toimenpiteet lyhyelle vai pitkälle aikavälille?", plan
    ).yes_no
    assert not interpreter.interpret("Is the plan weighted to the short or the long term?", plan).yes_no
    assert interpreter.interpret("Onko suunnitelmassa tyhjiä kohtia vai ei?", plan).yes_no
    assert interpreter.interpret("Onko kaikilla vastuuhenkilö vai puuttuuko joiltain?", plan).yes_no


def test_asked_whether_filled_answers_yes_when_nothing_is_empty(interpreter, plan) -> None:  # type: ignore[no-untyped-def]
    q = interpreter.interpret("Onko osio 3.1 täytetty?", plan)
    assert (q.facet, q.filters.section, q.yes_no, q.all_polarity) == ("empty_sections", "kuvaus", True, True)


def test_the_source_in_a_statement_does_not_make_the_question_guidance(interpreter, plan) -> None:  # type: ignore[no-untyped-def]
    q = interpreter.interpret("Ohjeistuksen mukaan kaikki osiot pitää täyttää. Onko osio 3.2 täytetty?", plan)
    assert (q.facet, q.knowledge, q.filters.section) == ("empty_sections", True, "nykytila")
    assert q.knowledge_query == "Ohjeistuksen mukaan kaikki osiot pitää täyttää."


def test_a_text_field_named_is_asked_whether_filled(interpreter, plan) -> None:  # type: ignore[no-untyped-def]
    q = interpreter.interpret("Finns beskrivningen av nuläget?", plan)
    assert (q.facet, q.filters.text_field, q.yes_no, q.all_polarity) == (
        "empty_sections",
        "nykytilan_kuvaus",
        True,
        True,
    )
    missing = interpreter.interpret("Puuttuuko alueellisen yhteistyön malli?", plan)
    assert (missing.facet, missing.filters.text_field, missing.all_polarity) == (
        "empty_sections",
        "alueellisen_yhteistyon_malli",
        False,
    )


def test_a_finnish_question_typed_without_dots_is_read_with_them(interpreter, plan) -> None:  # type: ignore[no-untyped-def]
    from assistant.review.readings import restore_dots

    if interpreter.analyzer.morphology is None:
        pytest.skip("Voikko is not installed")
    assert restore_dots(interpreter.analyzer, "montako toimenpidetta tiedon kaytossa") == (
        "montako toimenpidettä tiedon käytössä"
    )
    q = interpreter.interpret("montako toimenpidetta on tiedon kaytossa", plan)
    assert (q.facet, q.filters.area) == ("count_actions", "tiedon_kaytto")
