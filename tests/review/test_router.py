"""The question router in Finnish, Swedish and English: kind (plan / knowledge / mixed), intents, source
kinds, named areas, topic and language."""

from __future__ import annotations

import pytest

from assistant.review.router import Pattern, Router, load_vocabulary, words


@pytest.fixture(scope="module")
def router(spec) -> Router:  # type: ignore[no-untyped-def]
    return Router(spec)


CASES = [
    # plan questions
    ("Mitkä osa-alueet ovat ilman toimenpiteitä?", "fi", "plan", ["areas_without_actions"]),
    ("Vilka områden saknar åtgärder?", "sv", "plan", ["areas_without_actions"]),
    ("Which areas have no actions?", "en", "plan", ["areas_without_actions"]),
    ("Mitkä kehittämiskohteet ovat vailla toimenpiteitä?", "fi", "plan", ["targets_without_actions"]),
    ("Vilka utvecklingsobjekt saknar åtgärder?", "sv", "plan", ["targets_without_actions"]),
    ("Which development targets have no actions?", "en", "plan", ["targets_without_actions"]),
    ("Miltä toimenpiteiltä puuttuu vastuuhenkilö?", "fi", "plan", ["missing_responsible"]),
    ("Vilka åtgärder saknar ansvarsperson?", "sv", "plan", ["missing_responsible"]),
    ("Which actions lack a responsible person?", "en", "plan", ["missing_responsible"]),
    ("Mitkä toimenpiteet ovat aikataulutta?", "fi", "plan", ["missing_schedule"]),
    ("Vilka åtgärder saknar tidsplan?", "sv", "plan", ["missing_schedule"]),
    ("Which actions have no schedule?", "en", "plan", ["missing_schedule"]),
    ("Mitkä toimenpiteet ovat ilman edellytyksiä?", "fi", "plan", ["missing_prerequisites"]),
    ("Vilka åtgärder saknar förutsättningar?", "sv", "plan", ["missing_prerequisites"]),
    ("Which actions are missing prerequisites?", "en", "plan", ["missing_prerequisites"]),
    ("Mitkä pakolliset kohdat ovat tyhjiä?", "fi", "plan", ["empty_required"]),
    ("Vilka obligatoriska avsnitt är tomma?", "sv", "plan", ["empty_required"]),
    ("Which required sections are empty?", "en", "plan", ["empty_required"]),
    ("Onko tietosuoja huomioitu?", "fi", "plan", ["data_protection"]),
    ("Beaktas dataskyddet i planen?", "sv", "plan", ["data_protection"]),
    ("Does the plan address data protection?", "en", "plan", ["data_protection"]),
    ("Miten toimenpiteet jakautuvat lyhyelle ja pitkälle aikavälille?", "fi", "plan", ["balance"]),
    ("Hur fördelar sig åtgärderna på kort och lång sikt?", "sv", "plan", ["balance"]),
    ("Is the plan balanced between short-term and long-term actions?", "en", "plan", ["balance"]),
    ("Onko arvioinnin heikoimmille osa-alueille toimenpiteitä?", "fi", "plan", ["priorities"]),
    ("Har de områden med lägst mognad åtgärder?", "sv", "plan", ["priorities"]),
    ("Do the assessment's lowest-scoring areas have actions?", "en", "plan", ["priorities"]),
    ("Miten suunnitelma vastaa tiekartan tehtäviä?", "fi", "plan", ["roadmap_alignment"]),
    (
        "How does the plan relate to the roadmap's knowledge-management tasks?",
        "en",
        "plan",
        ["roadmap_alignment"],
    ),
    ("Montako toimenpidettä suunnitelmassa on osa-alueittain?", "fi", "plan", ["action_counts"]),
    ("Hur många åtgärder finns det per område?", "sv", "plan", ["action_counts"]),
    ("How many actions does the plan have per area?", "en", "plan", ["action_counts"]),
    ("Montako toimenpidettä on ilman vastuuhenkilöä?", "fi", "plan", ["missing_responsible"]),
    # knowledge questions
    ("Mitä ohje sanoo master datasta?", "fi", "knowledge", []),
    ("Vad säger mallen om dataskydd?", "sv", "knowledge", []),
    ("What does the template say about data protection?", "en", "knowledge", []),
    ("Mitä esimerkkitoimenpiteitä mallipohja antaa mittareille?", "fi", "knowledge", []),
    ("What is the capital of France?", "en", "knowledge", []),
    # mixed
    (
        "Kattaako suunnitelma sen, mitä tiekartta sanoo tiedolla johtamisesta?",
        "fi",
        "mixed",
        ["roadmap_alignment"],
    ),
    ("Täcker planen det som färdplanen säger om kunskapsledning?", "sv", "mixed", ["roadmap_alignment"]),
    ("Does the plan cover what the guidance says about master data?", "en", "mixed", ["topic"]),
]


@pytest.mark.parametrize(("question", "language", "kind", "intents"), CASES, ids=[c[0][:40] for c in CASES])
def test_route(router: Router, question: str, language: str, kind: str, intents: list[str]) -> None:
    route = router.route(question, ui_language="en" if language == "fi" else "fi")
    assert (route.kind, route.intents, route.language) == (kind, intents, language)


def test_source_words_restrict_retrieval_to_document_kinds(router: Router) -> None:
    assert router.route("Mitä tiekartta sanoo tiedolla johtamisesta?").kinds == ["roadmap"]
    assert router.route("What does the template say about data protection?").kinds == ["template"]
    assert router.route("Mitä ohje sanoo master datasta?").kinds == []


@pytest.mark.parametrize(
    ("question", "areas", "targets"),
    [
        ("Mitä toimenpiteitä mittareissa on?", ["mittarit"], []),
        ("Vilka åtgärder finns för mätare?", ["mittarit"], []),
        ("Which actions does the plan have for metrics?", ["mittarit"], []),
        ("Mitä toimenpiteitä on kohteessa Resurssit?", [], ["resurssit"]),
        # the target's own area is not repeated
        (
            "Mitä toimenpiteitä on kohteelle Tiedon käyttö päätöksenteossa?",
            [],
            ["tiedon_kaytto_paatoksenteossa"],
        ),
    ],
)
def test_named_areas_and_targets(router: Router, question: str, areas: list[str], targets: list[str]) -> None:
    route = router.route(question)
    assert (route.kind, route.intents, route.areas, route.targets) == (
        "plan",
        ["area_actions"],
        areas,
        targets,
    )


def test_a_plan_question_without_an_intent_looks_for_its_topic(router: Router) -> None:
    route = router.route("Mainitaanko suunnitelmassa master data?")
    assert route.kind == "plan" and route.intents == ["topic"]
    assert {"master", "data"} <= set(route.topic) and "suunnitelm" not in route.topic
    # nothing but generic words: a knowledge question
    assert router.route("Mitä suunnitelmassa on?").kind == "knowledge"


def test_the_plan_template_is_not_the_plan(router: Router) -> None:
    route = router.route("What does the plan template recommend for metrics?")
    assert route.kind == "knowledge" and route.plan_reference is False


def test_language_falls_back_to_the_ui_language_without_evidence(router: Router) -> None:
    assert router.language("GDPR?", "sv") == "sv"
    assert router.language("GDPR?", "en") == "en"
    assert router.language("Onko GDPR huomioitu?", "en") == "fi"


def test_patterns() -> None:
    ws = words("How many actions lack a responsible person?")
    assert Pattern.parse("how+many action").match(ws) == {0, 1, 2}
    assert Pattern.parse("many+how").match(ws) is None
    assert Pattern.parse("=actio").match(ws) is None and Pattern.parse("actio").match(ws) == {2}
    with pytest.raises(ValueError):
        Pattern.parse("a||b")


def test_every_specific_intent_exists() -> None:
    vocabulary = load_vocabulary()
    assert set(vocabulary.specific) <= set(vocabulary.intents)


def test_the_topic_query_drops_the_framing_words(router: Router) -> None:
    route = router.route("Does the plan cover what the guidance says about master data?")
    assert route.query.split()[-2:] == ["master", "data"]
    assert not {"plan", "guidance", "says"} & set(route.query.split())
    assert (
        router.route("Mitä tiekartta sanoo kriittisistä osatehtävistä?").query
        == "mitä kriittisistä osatehtävistä"
    )
