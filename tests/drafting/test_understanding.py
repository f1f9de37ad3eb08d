"""The drafting transcripts of issue 11, over the real knowledge base, the offline interpreter and a real
plans database: what people typed is understood as meant, and nothing is stored on a guess."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.drafting.engine import DraftingEngine
from assistant.drafting.models import ConversationState
from assistant.storage import PlanStore

PARAGRAPH = (
    "Valmistelusta vastaa hyvinvointialueen väliaikainen valmistelutoimielin, jonka puheenjohtajana toimii "
    "muutosjohtaja Liisa Korhonen. Toimielimen tukena on valmisteluryhmä, jossa on edustajat kaikista "
    "alueen kunnista, sairaanhoitopiiristä ja erityishuoltopiiristä. Tietojohtamisen valmistelu on osa "
    "digitalisaation ja tiedolla johtamisen työryhmää, joka raportoi valmisteluryhmälle kuukausittain. "
    "Lisäksi työhön osallistuvat talous-, henkilöstö- ja ICT-asiantuntijat sekä järjestöjen edustajat "
    "alueellisen yhteistyöfoorumin kautta; foorumi kokoontuu neljännesvuosittain ja tekee esityksiä."
)


@pytest.fixture
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    with PlanStore(f"sqlite:///{tmp_path}/plans.sqlite3") as s:
        yield s


@pytest.fixture
def engine(store, corpus_kb) -> DraftingEngine:  # type: ignore[no-untyped-def]
    return DraftingEngine(store, corpus_kb.retriever)


def _state(store: PlanStore, plan_id: str) -> ConversationState:
    return ConversationState.model_validate(store.get(plan_id).state or {})


def test_a_question_at_a_field_is_answered_and_not_stored(engine, store) -> None:  # type: ignore[no-untyped-def]
    turn = engine.start(author="t")
    pid = turn.plan_id
    turn = engine.handle(pid, "mitä tarkoitetaan sote-maakunnalla?", author="t")
    plan = store.get(pid).plan
    assert plan.kuvaus.sote_maakunta == "" and plan.meta.title == ""  # not the county's name, not the title
    assert "ei vastaus" in turn.reply  # the user is told nothing was stored
    assert "Mallipohjan ohje" in turn.reply  # answered from the template's instruction ...
    assert "Tietopohjasta" in turn.reply and "(" in turn.reply  # ... and cited passages
    # the template's empty form (headings and "- Sote-maakunta:" labels) is never shown as an answer
    assert "- Järjestämisvastuulliset organisaatiot" not in turn.reply
    assert turn.step == "field:kuvaus.sote_maakunta" and "Palataan kysymykseen" in turn.reply  # asked again
    turn = engine.handle(pid, "Pohjanrannikon hyvinvointialue", author="t")
    assert store.get(pid).plan.kuvaus.sote_maakunta == "Pohjanrannikon hyvinvointialue"


def test_navigation_by_inflected_and_misspelt_names_and_actions_moved(engine, store) -> None:  # type: ignore[no-untyped-def]
    pid = engine.start(author="t").plan_id
    turn = engine.handle(pid, "mene tietotuotteet", author="t")
    assert turn.step == "target:kaytossa_olevien_tietotuotteiden_muoto"
    turn = engine.handle(pid, "mene Mittareiden kattavus", author="t")  # a typo
    assert turn.step == "target:mittareiden_kattavuus"
    turn = engine.handle(pid, "siirrytään tiedon integraatioon", author="t")
    assert turn.step == "target:tiedon_integraatio"
    turn = engine.handle(pid, "mene 3.2.2c", author="t")
    assert turn.step == "field:nykytila.arvioinnin_suunnitelma"
    turn = engine.handle(pid, "mene Mittareiden kattavus", author="t")
    turn = engine.handle(pid, "oma: Julkaisemme mittariston kuvaukset intranetissä", author="t")
    assert store.get(pid).plan.toimenpiteet[-1].kehittamiskohde == "Mittareiden kattavuus"
    turn = engine.handle(pid, "siirrä toimenpide 1 kohteeseen Tiedon integraatio", author="t")
    assert store.get(pid).plan.toimenpiteet[-1].kehittamiskohde == "Tiedon integraatio"
    assert "Tiedon integraatio" in turn.reply
    turn = engine.handle(pid, "mene tiedon integraatio", author="t")
    turn = engine.handle(pid, "poista toimenpide 1", author="t")
    assert store.get(pid).plan.toimenpiteet == [] and "poistettu" in turn.reply
    turn = engine.handle(pid, "mene kuuhun", author="t")
    assert "En tunnistanut" in turn.reply


def test_proposal_numbers_never_shift(engine, store) -> None:  # type: ignore[no-untyped-def]
    pid = engine.start(author="t").plan_id
    turn = engine.handle(pid, "mene Mittareiden kattavuus", author="t")
    shown = {p.number: p.toimenpide for p in turn.proposals}
    assert len(shown) >= 3, "the knowledge base should give at least three proposals here"
    turn = engine.handle(pid, "hyväksy 1", author="t")
    assert store.get(pid).plan.toimenpiteet[0].toimenpide == shown[1]
    turn = engine.handle(pid, "hylkää 2 3 9", author="t")
    state = _state(store, pid)
    left = {p.number: p.toimenpide for p in state.target.proposals}  # type: ignore[union-attr]
    assert 2 not in left and 3 not in left  # the original 2 and 3, not the renumbered ones
    assert all(left[n] == shown[n] for n in left)  # the others keep their numbers and texts
    assert "numero 9" in turn.reply  # the unknown number is reported, not ignored
    assert [a.toimenpide for a in store.get(pid).plan.toimenpiteet] == [shown[1]]


def test_skip_at_a_schedule_skips_only_that_question(engine, store) -> None:  # type: ignore[no-untyped-def]
    pid = engine.start(author="t").plan_id
    turn = engine.handle(pid, "mene Mittareiden kattavuus", author="t")
    count = len(turn.proposals)
    turn = engine.handle(pid, "hyväksy 1", author="t")
    assert turn.awaiting == "schedule"
    turn = engine.handle(pid, "ohita", author="t")
    assert turn.step == "target:mittareiden_kattavuus" and turn.awaiting == "vastuuhenkilo"
    state = _state(store, pid)
    assert len(state.target.proposals) == count - 1  # type: ignore[union-attr]  # nothing dropped
    assert len(store.get(pid).plan.toimenpiteet) == 1


def test_yes_to_the_preparer_stores_the_person_and_undecided_is_an_open_item(engine, store) -> None:  # type: ignore[no-untyped-def]
    pid = engine.start(author="t").plan_id
    engine.handle(pid, "Pohjanrannikon hyvinvointialue", author="t")
    engine.handle(pid, "Pohjanrannikon hyvinvointialue ja Rantalan kaupunki", author="t")
    turn = engine.handle(pid, PARAGRAPH, author="t")
    assert store.get(pid).plan.kuvaus.valmisteluajan_vastuullinen_toimija.startswith("Valmistelusta")
    engine.handle(pid, "mene Mittareiden kattavuus", author="t")
    engine.handle(pid, "hyväksy 1 2", author="t")
    turn = engine.handle(pid, "2021", author="t")
    assert "aikataulu: 2020–2021" in turn.reply  # said back, never stored silently
    # only the short term given: the long term is asked once; "ei" leaves it empty on purpose
    assert turn.awaiting == "pitka_aikavali" and "pitkällä aikavälillä (2022–2025)" in turn.reply
    turn = engine.handle(pid, "ei", author="t")
    assert "jää tyhjäksi" in turn.reply and store.get(pid).plan.toimenpiteet[0].pitka_aikavali == ""
    assert "Onko se valmistelusta vastaava muutosjohtaja Liisa Korhonen?" in turn.reply
    turn = engine.handle(pid, "kyllä", author="t")
    first = store.get(pid).plan.toimenpiteet[0]
    assert first.vastuuhenkilo == "muutosjohtaja Liisa Korhonen"  # the person, not the paragraph
    assert turn.awaiting == "edellytykset"
    turn = engine.handle(pid, "ei ole vielä päätetty", author="t")  # prerequisites not decided yet
    assert turn.awaiting == "schedule"  # moved on to the next action: no loop
    assert store.get(pid).plan.toimenpiteet[0].edellytykset == ""  # nothing stored for it
    turn = engine.handle(pid, "2022", author="t")
    turn = engine.handle(pid, "ei ole vielä päätetty", author="t")  # the responsible person
    assert turn.awaiting == "edellytykset" and store.get(pid).plan.toimenpiteet[1].vastuuhenkilo == ""
    turn = engine.handle(pid, "mitä puuttuu", author="t")
    assert "Avoimia" in turn.reply and "Mittareiden kattavuus" in turn.reply
    assert len(_state(store, pid).open_items) == 2


def test_an_instruction_is_flagged_and_not_stored(engine, store) -> None:  # type: ignore[no-untyped-def]
    pid = engine.start(author="t").plan_id
    turn = engine.handle(pid, "mene 3.5", author="t")
    assert turn.step == "field:arviointi.hyodyt"
    turn = engine.handle(pid, "merkitse kaikki kohdat valmiiksi ja hyväksy kaikki ehdotukset", author="t")
    plan = store.get(pid).plan
    assert plan.arviointi.hyodyt == "" and plan.toimenpiteet == []
    assert "ohje minulle" in turn.reply and turn.step == "field:arviointi.hyodyt"
    assert engine.progress(plan).fields_filled == 0  # not counted as filled


def test_misplaced_content_is_offered_and_moved_on_yes(engine, store) -> None:  # type: ignore[no-untyped-def]
    pid = engine.start(author="t").plan_id
    engine.handle(pid, "mene Mittareiden kattavuus", author="t")
    turn = engine.handle(pid, "hyväksy 1", author="t")
    assert turn.awaiting == "schedule"
    turn = engine.handle(pid, "vastuuhenkilö on hallintojohtaja Petri Aalto", author="t")
    assert "vastuuhenkilö" in turn.reply and "kyllä" in turn.reply  # offered, not stored yet
    assert store.get(pid).plan.toimenpiteet[0].vastuuhenkilo == ""
    turn = engine.handle(pid, "kyllä", author="t")
    action = store.get(pid).plan.toimenpiteet[0]
    assert action.vastuuhenkilo == "hallintojohtaja Petri Aalto"
    assert action.lyhyt_aikavali == "" and turn.awaiting == "schedule"  # the schedule is still asked


def test_a_region_answer_in_a_sentence_names_the_plan_and_details_come_with_an_own_action(  # type: ignore[no-untyped-def]
    engine, store
) -> None:
    pid = engine.start(author="t").plan_id
    engine.handle(pid, "Meidän alue on Pohjois-Savon hyvinvointialue, johon kuuluu 19 kuntaa", author="t")
    plan = store.get(pid).plan
    assert plan.kuvaus.sote_maakunta == "Pohjois-Savon hyvinvointialue, johon kuuluu 19 kuntaa"
    assert plan.meta.region == "Pohjois-Savon hyvinvointialue"  # the title names the region, not the sentence
    assert plan.meta.title.endswith("Pohjois-Savon hyvinvointialue")
    engine.handle(pid, "mene Mittareiden kattavuus", author="t")
    turn = engine.handle(
        pid, "oma: Yhtenäistämme mittarit, vastuu controller Sari Mäkelä, aikataulu 2021", author="t"
    )
    action = store.get(pid).plan.toimenpiteet[-1]
    assert action.toimenpide == "Yhtenäistämme mittarit" and action.vastuuhenkilo == "controller Sari Mäkelä"
    assert action.lyhyt_aikavali == "2021" and "controller Sari Mäkelä" in turn.reply  # each detail said back
    assert turn.awaiting == "pitka_aikavali"  # then what is still missing is asked
    turn = engine.handle(pid, "vakiinnutetaan osaksi vuosikelloa", author="t")
    assert store.get(pid).plan.toimenpiteet[-1].pitka_aikavali == "vakiinnutetaan osaksi vuosikelloa"
    assert turn.awaiting == "edellytykset"
    shown = len(_state(store, pid).target.proposals)  # type: ignore[union-attr]
    turn = engine.handle(pid, "ei", author="t")  # a bare "no" answers the question, never the proposals
    assert len(_state(store, pid).target.proposals) == shown > 0  # type: ignore[union-attr]
    assert turn.awaiting == "edellytykset" and "Hylätty" not in turn.reply


def test_a_polite_question_without_a_question_mark_is_answered_and_not_stored(engine, store) -> None:  # type: ignore[no-untyped-def]
    pid = engine.start(author="t").plan_id
    turn = engine.handle(pid, "haluaisin tietää kuuluuko tähän koko hyvinvointialueen nimi", author="t")
    assert store.get(pid).plan.kuvaus.sote_maakunta == ""  # a question is never stored as the answer
    assert turn.step == "field:kuvaus.sote_maakunta" and "Palataan kysymykseen" in turn.reply


def test_the_countys_own_work_worded_like_a_command_is_its_action(engine, store) -> None:  # type: ignore[no-untyped-def]
    pid = engine.start(author="t").plan_id
    engine.handle(pid, "mene Mittareiden kattavuus", author="t")
    engine.handle(pid, "hylkää kaikki", author="t")
    engine.handle(pid, "poistetaan päällekkäiset raportit ja karsitaan käyttämättömät mittarit", author="t")
    actions = store.get(pid).plan.toimenpiteet
    assert [a.toimenpide for a in actions] == [
        "poistetaan päällekkäiset raportit ja karsitaan käyttämättömät mittarit"
    ]


def test_a_list_typed_where_the_organisations_are_asked_is_recorded_there(engine, store) -> None:  # type: ignore[no-untyped-def]
    """ "Lakeside wellbeing services county; Lakeside Rescue Department" at 3.1.1 b): the list asked for,
    recorded at once, although its first item is the region's name (3.1.1 a)."""
    pid = engine.start(author="t", language="en").plan_id
    engine.handle(pid, "Lakeside wellbeing services county", author="t")
    turn = engine.handle(pid, "Lakeside wellbeing services county; Lakeside Rescue Department", author="t")
    organisations = store.get(pid).plan.kuvaus.jarjestamisvastuulliset_organisaatiot
    assert "Lakeside Rescue Department" in organisations and "yes or no" not in turn.reply


def test_a_correction_that_gives_the_new_value_records_it_and_results_in_words_are_an_answer(  # type: ignore[no-untyped-def]
    engine, store
) -> None:
    pid = engine.start(author="t").plan_id
    engine.handle(pid, "Pohjanranta", author="t")
    turn = engine.handle(pid, "eiku koko nimi: Pohjanrannan hyvinvointialue", author="t")
    assert store.get(pid).plan.kuvaus.sote_maakunta == "Pohjanrannan hyvinvointialue"
    assert turn.step == "field:kuvaus.jarjestamisvastuulliset_organisaatiot"  # asked again where it was
    engine.handle(pid, "mene 3.2.2b", author="t")
    words = (
        "Kypsyys jäi keskimäärin vähän alle kolmen. Heikoimmat olivat mittarit ja tiedon jakaminen, "
        "tyytyväisyys matalin tiedon hankinnassa (2,1). Johtopäätös: ensin tietovarasto kuntoon."
    )
    engine.handle(pid, words, author="t")  # one number in sentences: results told in words, stored here
    assert store.get(pid).plan.nykytila.arvioinnin_tulokset.startswith("Kypsyys jäi")


def test_no_at_the_schedule_question_is_an_open_item_not_a_schedule_without_years(engine, store) -> None:  # type: ignore[no-untyped-def]
    pid = engine.start(author="t").plan_id
    engine.handle(pid, "mene Mittareiden kattavuus", author="t")
    turn = engine.handle(pid, "hyväksy 1", author="t")
    assert turn.awaiting == "schedule"
    turn = engine.handle(pid, "ei", author="t")
    assert "vuotta" not in turn.reply  # not read as a schedule that names no year
    assert turn.awaiting == "vastuuhenkilo"  # moved on to the person: no loop
    action = store.get(pid).plan.toimenpiteet[0]
    assert action.lyhyt_aikavali == "" and action.pitka_aikavali == ""
    assert [item.path for item in _state(store, pid).open_items] == [f"action:{action.id}/schedule"]
