"""Offline answers end to end: the first sentence answers what was asked (yes/no, the number, the list), every
item of a filtered list is shown, no ids or JSON paths in the text, knowledge questions cite passages, mixed
questions have both, and "cannot be answered" when neither the plan nor the knowledge base can answer."""

from __future__ import annotations

import re

from assistant.i18n import load_catalog
from assistant.review import ask
from tests.review.plans import action, make_plan

STRATEGY = "Tietojohtamisen strategia ja tavoitteet"
RESOURCES = "Resurssit"
PATH = re.compile(r"/toimenpiteet/|`/|/kuvaus/")


def plan():  # type: ignore[no-untyped-def]
    return make_plan(
        [
            action(
                "s1", STRATEGY, "Laadimme tietojohtamisen strategian.", responsible="Riikka Salo, johtaja"
            ),
            action("r1", RESOURCES, "Määritämme resurssit.", responsible=""),
            action("r2", RESOURCES, "Perustamme analytiikkatiimin.", responsible="", short=""),
            action(
                "m1",
                "Mittareiden kattavuus",
                "Karsimme turhat mittarit ja kuvaamme master datan hallinnan.",
                long="",
                responsible="Riikka Salo, johtaja",
            ),
        ],
        results=[
            {"alue": "mittarit", "kypsyys": 1.5, "tyytyvaisyys": 2.5},
            {"alue": "tietotarpeet", "kypsyys": 2.0, "tyytyvaisyys": 1.75},
            {"alue": "hyodyt", "kypsyys": 3.5, "tyytyvaisyys": 3.0},
        ],
    )


def test_plan_question_first_sentence_and_links(spec) -> None:  # type: ignore[no-untyped-def]
    answer = ask(plan(), "Which actions lack a responsible person?", spec=spec, language="fi")
    assert (answer.kind, answer.language, answer.intents) == ("plan", "en", ["actions_missing_field"])
    assert answer.query is not None and answer.query.filters.field == "responsible"
    fact = answer.facts[0]
    assert [i.id for i in fact.items] == ["r1", "r2"] and fact.count == 2
    assert [i.path for i in fact.items] == ["/toimenpiteet/r1", "/toimenpiteet/r2"]  # links, not text
    assert answer.text.splitlines() == [
        "2 of 4 actions lack a responsible person:",
        "- Määritämme resurssit. (Resurssit)",
        "- Perustamme analytiikkatiimin. (Resurssit)",
    ]
    assert not PATH.search(answer.text) and answer.citations == [] and not answer.generated


def test_yes_no_question_starts_with_yes_or_no(spec) -> None:  # type: ignore[no-untyped-def]
    answer = ask(plan(), "Onko kaikilla toimenpiteillä vastuuhenkilö?", spec=spec)
    assert answer.text.startswith("Ei. Vastuuhenkilö puuttuu 2/4 toimenpiteeltä")
    sv = ask(plan(), "Har alla åtgärder förutsättningar?", spec=spec)
    assert sv.language == "sv" and sv.text.startswith("Ja. Alla 4 åtgärder har förutsättningar/krav.")


def test_filtered_list_shows_every_item_of_the_filter(spec) -> None:  # type: ignore[no-untyped-def]
    answer = ask(plan(), "Vilka utvecklingsobjekt inom MITTARIT saknar åtgärder i planen?", spec=spec)
    assert answer.query is not None and answer.query.filters.area == "mittarit"
    assert answer.result is not None
    assert [i.value for i in answer.result.items] == [
        "Mittareiden ja strategian välinen yhteys",
        "Mittaustiedon laatu ja luotettavuus",
    ]
    assert answer.text.splitlines()[0].startswith(
        "2 av 3 utvecklingsobjekt inom området Mätare saknar åtgärder"
    )
    assert "till." not in answer.text and "…" not in answer.text


def test_hyodyt_is_never_without_actions(spec) -> None:  # type: ignore[no-untyped-def]
    areas = ask(plan(), "Mitkä osa-alueet ovat ilman toimenpiteitä?", spec=spec)
    assert areas.result is not None and areas.result.count == 6  # of the nine 3.4 areas
    assert "HYÖDYT" not in {i.value for i in areas.result.items}
    targets = ask(plan(), "Which development targets have no actions?", spec=spec)
    assert "Tietojohtamisen vaikutus tuloksellisuuteen" not in {i.value for i in targets.result.items}


def test_long_term_schedule_is_reported(spec) -> None:  # type: ignore[no-untyped-def]
    answer = ask(plan(), "Onko kaikilla toimenpiteillä aikataulu?", spec=spec)
    assert answer.text.startswith("Ei.")
    lines = answer.text.splitlines()
    assert any("Karsimme turhat mittarit" in line and "pitkän aikavälin" in line for line in lines)
    assert any("Perustamme analytiikkatiimin" in line and "lyhyen aikavälin" in line for line in lines)


def test_threshold_with_decimal_comma_and_without_actions(spec) -> None:  # type: ignore[no-untyped-def]
    answer = ask(plan(), "Mitkä osa-alueet ovat kypsyydeltään alle 2,5 ja ilman toimenpiteitä?", spec=spec)
    q = answer.query
    assert q is not None and (q.facet, q.filters.threshold, q.filters.with_actions) == (
        "assessment",
        2.5,
        False,
    )
    assert [i.value for i in answer.result.items] == ["TIETOTARPEET"]
    assert answer.text.startswith("Osa-alueita, joiden kypsyys on alle 2,5")


def test_topic_not_mentioned_names_the_words_searched(spec) -> None:  # type: ignore[no-untyped-def]
    found = ask(plan(), "Mainitaanko suunnitelmassa master data?", spec=spec)
    assert found.text.startswith("Kyllä.") and [i.id for i in found.facts[0].items] == ["m1"]
    missing = ask(plan(), "Mainitaanko suunnitelmassa tekoäly?", spec=spec)
    assert missing.text.startswith("Ei. Suunnitelmassa ei mainita aihetta tekoäly")
    assert "”tekoäly”" in missing.text and "”koneoppiminen”" in missing.text  # words, not stems
    assert "”koneoppi”" not in missing.text


def test_person_questions(spec) -> None:  # type: ignore[no-untyped-def]
    top = ask(plan(), "Kenellä on eniten toimenpiteitä vastuullaan?", spec=spec)
    assert top.text.startswith("Eniten toimenpiteitä on vastuuhenkilöllä Riikka Salo, johtaja: 2/4.")
    of = ask(plan(), "Mistä toimenpiteistä Riikka Salo vastaa?", spec=spec)
    assert of.query is not None and of.query.filters.person == "Riikka Salo"
    assert [i.id for i in of.facts[0].items] == ["s1", "m1"]


def test_without_a_knowledge_base(spec) -> None:  # type: ignore[no-untyped-def]
    answer = ask(plan(), "Mitä ohje sanoo master datasta?", spec=spec)
    assert answer.kind == "unanswerable" and answer.facts == [] and answer.citations == []
    catalog = load_catalog("fi")
    assert answer.text.splitlines() == [
        catalog.t("review.reply.unanswerable"),
        catalog.t("review.answer.no_kb"),
    ]
    roadmap = ask(plan(), "How does the plan relate to the roadmap's tasks?", spec=spec)
    assert roadmap.kind == "plan" and roadmap.result is not None and not roadmap.result.available
    assert roadmap.text.startswith("The plan could not be compared with the roadmap")


def test_empty_question(spec) -> None:  # type: ignore[no-untyped-def]
    answer = ask(plan(), "   ", spec=spec, language="sv")
    assert answer.kind == "unanswerable" and answer.text == load_catalog("sv").t("review.cli.empty_question")


def test_knowledge_question_is_answered_with_cited_passages(corpus_kb, spec) -> None:  # type: ignore[no-untyped-def]
    answer = ask(plan(), "Mitä ohje sanoo master datasta?", kb=corpus_kb, spec=spec)
    assert answer.kind == "knowledge" and answer.facts == []
    assert answer.citations and any("master" in c.quote.lower() for c in answer.citations)
    for c in answer.citations:
        hit = corpus_kb.retriever.passage(c.chunk_id)
        assert hit is not None and c.quote.strip("…")[:60] in " ".join(hit.text.split())
        assert c.citation == hit.citation
    first = answer.text.splitlines()[0]
    assert (
        first == load_catalog("fi").t("review.reply.guidance") and answer.citations[0].citation in answer.text
    )


def test_unanswerable_question(corpus_kb, spec) -> None:  # type: ignore[no-untyped-def]
    answer = ask(plan(), "Mikä on paras resepti mustikkapiirakkaan?", kb=corpus_kb, spec=spec)
    assert answer.kind == "unanswerable" and answer.citations == []
    assert answer.text.startswith(load_catalog("fi").t("review.reply.unanswerable"))


def test_mixed_question_has_facts_and_passages(corpus_kb, spec) -> None:  # type: ignore[no-untyped-def]
    question = (
        "Ohjeen mukaan tietosuoja tulee huomioida läpileikkaavasti. Onko se huomioitu tässä suunnitelmassa?"
    )
    answer = ask(plan(), question, kb=corpus_kb, spec=spec)
    assert answer.kind == "mixed" and answer.intents == ["topic_mentioned"]
    assert (
        answer.query is not None
        and answer.query.knowledge
        and answer.query.filters.concept == "data_protection"
    )
    assert answer.text.startswith("Ei. Suunnitelmassa ei mainita aihetta tietosuoja")
    assert answer.citations and any("tietosuoj" in c.quote.lower() for c in answer.citations)
