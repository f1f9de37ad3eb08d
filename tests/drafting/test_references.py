"""A reference to an earlier answer ("samat kuin yllä") is never stored as content: the earlier answer is
shown and copied only on "yes"; a bare "kyllä" / "ei" at a field that asks for text is no answer."""

from __future__ import annotations

from assistant.drafting.engine import DraftingEngine
from assistant.drafting.references import is_reference
from assistant.storage import PlanStore
from tests.drafting.scripted_flow import Scripted, complete, own, plan_of, start


def test_short_references_are_recognised_and_answers_that_mention_one_are_not() -> None:
    for text in ("samat kuin yllä", "Sama kuin edellä.", "ks. edellinen", "samma som ovan", "same as above"):
        assert is_reference(text), text
    long_answer = (
        "Kuten edellä todettiin, raportit kootaan käsin eikä yhteistä tietovarastoa ole vielä olemassa"
    )
    assert not is_reference(long_answer)
    assert not is_reference("Samalla kehitetään mittareita")  # "sama" only as part of another word


def test_a_reference_offers_the_earlier_answer_and_copies_it_on_yes(
    engine: DraftingEngine, store: PlanStore
) -> None:
    pid = start(engine)
    engine.handle(pid, "Koskiseudun hyvinvointialue", author="t")
    turn = engine.handle(pid, "samat kuin yllä", author="t")
    assert "Sote\\-maakunta" in turn.reply and "Koskiseudun hyvinvointialue" in turn.reply  # what is offered
    assert plan_of(store, pid).kuvaus.jarjestamisvastuulliset_organisaatiot == ""  # nothing stored yet
    assert turn.step == "field:kuvaus.jarjestamisvastuulliset_organisaatiot"
    turn = engine.handle(pid, "kyllä", author="t")
    assert plan_of(store, pid).kuvaus.jarjestamisvastuulliset_organisaatiot == "Koskiseudun hyvinvointialue"
    assert turn.step == "field:kuvaus.valmisteluajan_vastuullinen_toimija"  # answered: the flow moves on


def test_a_declined_reference_stores_nothing(engine: DraftingEngine, store: PlanStore) -> None:
    pid = start(engine)
    engine.handle(pid, "Koskiseudun hyvinvointialue", author="t")
    engine.handle(pid, "sama kuin edellä", author="t")
    turn = engine.handle(pid, "ei", author="t")
    assert plan_of(store, pid).kuvaus.jarjestamisvastuulliset_organisaatiot == ""
    assert turn.step == "field:kuvaus.jarjestamisvastuulliset_organisaatiot"


def test_a_reference_with_nothing_before_it_is_told_so(engine: DraftingEngine, store: PlanStore) -> None:
    pid = start(engine, "en")
    turn = engine.handle(pid, "same as above", author="t")
    assert "no earlier answer" in turn.reply
    assert plan_of(store, pid).kuvaus.sote_maakunta == "" and turn.step == "field:kuvaus.sote_maakunta"


def test_a_reference_at_the_responsible_person_copies_the_last_action_s_person(
    engine: DraftingEngine, store: PlanStore, script: Scripted
) -> None:
    pid = start(engine)
    engine.handle(pid, "mene Mittareiden kattavuus", author="t")
    complete(engine, script, pid, "Kootaan mittarit yhteen luetteloon")
    own(engine, script, pid, "Julkaistaan mittarikuvaukset intranetissä")
    engine.handle(pid, "2026–2027: luonnos keväällä 2026", author="t")
    engine.handle(pid, "ei", author="t")  # the long term
    turn = engine.handle(pid, "sama kuin edellisessä", author="t")
    assert "controller Sari Mäkelä" in turn.reply
    assert plan_of(store, pid).toimenpiteet[-1].vastuuhenkilo == ""
    engine.handle(pid, "kyllä", author="t")
    assert plan_of(store, pid).toimenpiteet[-1].vastuuhenkilo == "controller Sari Mäkelä"


def test_a_bare_yes_or_no_at_a_text_field_is_no_answer(engine: DraftingEngine, store: PlanStore) -> None:
    pid = start(engine)
    turn = engine.handle(pid, "kyllä", author="t")
    assert plan_of(store, pid).kuvaus.sote_maakunta == "" and turn.step == "field:kuvaus.sote_maakunta"
    assert "tarvitaan tekstiä" in turn.reply
    engine.handle(pid, "Koskiseudun hyvinvointialue", author="t")
    engine.handle(pid, "takaisin", author="t")
    turn = engine.handle(pid, "joo", author="t")  # "yes" to the value shown: kept, the flow moves on
    assert plan_of(store, pid).kuvaus.sote_maakunta == "Koskiseudun hyvinvointialue"
    assert turn.step == "field:kuvaus.jarjestamisvastuulliset_organisaatiot"
    engine.handle(pid, "mene 3.2.2a", author="t")
    engine.handle(pid, "ei", author="t")  # the one yes/no question: "no" is its answer
    assert plan_of(store, pid).nykytila.arviointi_toteutettu != ""
