"""Offline answers: plan questions with exact lists and JSON Pointer links, knowledge questions with cited
passages, mixed questions with both, and "cannot be answered" when neither the plan nor the knowledge base
can answer."""

from __future__ import annotations

from assistant.i18n import load_catalog
from assistant.review import ask
from tests.review.plans import action, make_plan

STRATEGY = "Tietojohtamisen strategia ja tavoitteet"
RESOURCES = "Resurssit"


def plan():  # type: ignore[no-untyped-def]
    return make_plan(
        [
            action("s1", STRATEGY, "Laadimme tietojohtamisen strategian."),
            action("r1", RESOURCES, "Määritämme resurssit.", responsible=""),
            action("r2", RESOURCES, "Perustamme analytiikkatiimin.", responsible="", short=""),
            action(
                "m1", "Mittareiden kattavuus", "Karsimme turhat mittarit ja kuvaamme master datan hallinnan."
            ),
        ],
        results=[
            {"alue": "mittarit", "kypsyys": 1.5, "tyytyvaisyys": 2.5},
            {"alue": "tietotarpeet", "kypsyys": 2.0, "tyytyvaisyys": 1.75},
        ],
    )


def test_plan_question_lists_exactly_and_links(spec) -> None:  # type: ignore[no-untyped-def]
    answer = ask(plan(), "Which actions lack a responsible person?", spec=spec, language="fi")
    assert (answer.kind, answer.language, answer.intents) == ("plan", "en", ["missing_responsible"])
    fact = answer.facts[0]
    assert [i.id for i in fact.items] == ["r1", "r2"] and fact.count == 2 and fact.values["total"] == 4
    assert [i.path for i in fact.items] == ["/toimenpiteet/r1", "/toimenpiteet/r2"]
    assert answer.text.splitlines() == [
        "Actions without a responsible person (2/4):",
        "- Määritämme resurssit.: Resurssit `/toimenpiteet/r1`",
        "- Perustamme analytiikkatiimin.: Resurssit `/toimenpiteet/r2`",
    ]
    assert answer.citations == [] and not answer.generated


def test_plan_question_in_finnish_and_swedish(spec) -> None:  # type: ignore[no-untyped-def]
    fi = ask(plan(), "Mitkä osa-alueet ovat ilman toimenpiteitä?", spec=spec)
    names = [i.label for i in fi.facts[0].items]
    assert names == [
        a.label.fi
        for a in spec.areas
        if a.key not in ("visio_ja_strategia", "hallintorakenne_ja_organisointi", "mittarit")
    ]
    assert fi.text.startswith("Osa-alueet ilman toimenpiteitä (7/10):")
    sv = ask(plan(), "Vilka utvecklingsobjekt saknar åtgärder?", spec=spec)
    assert sv.language == "sv" and sv.text.startswith("Utvecklingsobjekt utan åtgärder (22/25):")
    assert sv.facts[0].items[0].label == "Tietojohtamisen yhteys koko organisaation strategiaan"  # exact name


def test_none_missing_is_said_plainly(spec) -> None:  # type: ignore[no-untyped-def]
    answer = ask(plan(), "Mitkä toimenpiteet ovat ilman edellytyksiä?", spec=spec)
    assert answer.facts[0].count == 0
    assert answer.text == "Kaikille 4 toimenpiteelle on kirjattu edellytykset/vaatimukset."


def test_priorities_and_balance_answers(spec) -> None:  # type: ignore[no-untyped-def]
    answer = ask(plan(), "Onko arvioinnin heikoimmille osa-alueille toimenpiteitä?", spec=spec)
    fact = answer.facts[0]
    assert [(i.id, i.detail) for i in fact.items] == [
        ("tietotarpeet", "kypsyys 2, tyytyväisyys 1,75, toimenpiteitä 0"),
        ("mittarit", "kypsyys 1,5, tyytyväisyys 2,5, toimenpiteitä 1"),
    ]
    assert fact.values["without_actions"] == ["tietotarpeet"]
    balance = ask(plan(), "How are the actions balanced between short and long term?", spec=spec)
    assert balance.text.startswith(
        "The plan has 4 actions: 3 in the short term (2020–2021), 4 in the long term"
    )
    assert [i.id for i in balance.facts[0].items] == ["r2"]


def test_area_actions_and_topic_answers(spec) -> None:  # type: ignore[no-untyped-def]
    answer = ask(plan(), "Mitä toimenpiteitä mittareissa on?", spec=spec)
    assert [i.id for i in answer.facts[0].items] == ["m1"]
    topic = ask(plan(), "Mainitaanko suunnitelmassa master data?", spec=spec)
    assert topic.kind == "plan" and [i.path for i in topic.facts[0].items] == ["/toimenpiteet/m1/toimenpide"]
    budget = ask(plan(), "Mikä on suunnitelman budjetti?", spec=spec)
    assert [i.path for i in budget.facts[0].items] == [
        f"/toimenpiteet/{i}/edellytykset" for i in ("s1", "r1", "r2", "m1")
    ]
    missing = ask(plan(), "Onko suunnitelmassa huomioitu kokonaisarkkitehtuuri?", spec=spec)
    assert missing.facts[0].count == 0
    assert missing.text == "Suunnitelmassa ei mainita aihetta (kokonaisarkkitehtuuri)."


def test_without_a_knowledge_base(spec) -> None:  # type: ignore[no-untyped-def]
    answer = ask(plan(), "Mitä ohje sanoo master datasta?", spec=spec)
    assert answer.kind == "unanswerable" and answer.facts == [] and answer.citations == []
    catalog = load_catalog("fi")
    assert answer.text.splitlines() == [
        catalog.t("review.answer.unanswerable"),
        catalog.t("review.answer.no_kb"),
    ]
    roadmap = ask(plan(), "How does the plan relate to the roadmap's tasks?", spec=spec)
    assert roadmap.kind == "plan" and roadmap.facts[0].values == {
        "available": False,
        "reason": load_catalog("en").t("review.roadmap.no_kb"),
    }


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
    assert answer.text.startswith("Tietopohjasta:") and answer.citations[0].citation in answer.text


def test_unanswerable_question(corpus_kb, spec) -> None:  # type: ignore[no-untyped-def]
    answer = ask(plan(), "Mikä on paras resepti mustikkapiirakkaan?", kb=corpus_kb, spec=spec)
    assert answer.kind == "unanswerable" and answer.citations == []
    assert answer.text.startswith(load_catalog("fi").t("review.answer.unanswerable"))


def test_mixed_question_has_facts_and_passages(corpus_kb, spec) -> None:  # type: ignore[no-untyped-def]
    roadmap_plan = make_plan(
        [action("k1", "Tiedon integraatio", "Yhtenäistämme kirjaamiskäytännöt koko alueella.")]
    )
    question = "Kattaako suunnitelma sen, mitä tiekartta sanoo tiedolla johtamisesta?"
    answer = ask(roadmap_plan, question, kb=corpus_kb, spec=spec)
    assert answer.kind == "mixed" and answer.intents == ["roadmap_alignment"]
    matched, unmatched = answer.facts
    assert [i.label for i in matched.items] == ["1.8. Kirjaamiskäytäntöjen alueellinen yhtenäistäminen"]
    assert matched.items[0].path == "/toimenpiteet/k1" and unmatched.count == matched.values["total"] - 1
    assert {c.doc_id for c in answer.citations} == {"roadmap_alueellisen_toimeenpanon_tiekartta_2022-08-30"}
    assert matched.items[0].id in {c.chunk_id for c in answer.citations}
    assert "Tietopohjasta:" in answer.text and "kirjaamiskäytännöt" in answer.text.lower()
