"""Decisions on numbered proposals written as sentences: each clause that names proposals by number and
says one decision is that decision; a message that decides is never stored as an own action."""

from __future__ import annotations

from typing import Any

from assistant.drafting.decisions import decision_readings
from assistant.drafting.engine import DraftingEngine
from assistant.drafting.verb_guard import with_own_verb
from assistant.interpret.models import Interpretation, Slots
from assistant.storage import PlanStore
from tests.drafting.scripted_flow import Scripted, plan_of, start

SHOWN = [1, 2, 3]


def _read(intent: str, **slots: object) -> Interpretation:
    return Interpretation(intent=intent, slots=Slots(**slots), confidence=0.9)  # type: ignore[arg-type]


def _decisions(message: str, intent: str, **slots: object) -> list[tuple[str, object]] | None:
    found = decision_readings(message, _read(intent, **slots), SHOWN)
    if found is None:
        return None
    return [(d.intent, d.slots.numbers or d.slots.number or d.slots.all) for d in found]


def test_clauses_that_accept_and_reject_are_both_done() -> None:
    text = "Otamme ehdotukset yksi ja kolme. Toinen ei käy meidän alueelle."
    assert _decisions(text, "add_action") == [("accept_proposals", [1, 3]), ("reject_proposals", [2])]
    text = "vi godkänner den andra men den första tar vi inte"
    assert _decisions(text, "accept_proposals") == [("accept_proposals", [2]), ("reject_proposals", [1])]


def test_a_decision_read_as_an_own_action_is_the_decision() -> None:
    assert _decisions("Hyväksymme kaikki ehdotukset sellaisinaan", "add_action") == [
        ("accept_proposals", True)
    ]
    text = "Valitaan ensimmäinen ehdotus seuraavin sanoin: Kokoamme mittarit yhteiseen luetteloon"
    assert _decisions(text, "add_action") == [("edit_proposal", 1)]


def test_own_actions_with_counts_or_the_word_all_stay_own_actions() -> None:
    assert _decisions("Otetaan käyttöön kaksi uutta raporttia koko alueelle", "add_action") is None
    assert _decisions("Kootaan kaikki raportit samaan paikkaan", "add_action") is None
    assert _decisions("hyväksy 1", "accept_proposals") is None  # one decision: the reading stands
    # an edit that carries its wording keeps it
    assert _decisions(
        "ota 1 mutta muuta: Uusi sanamuoto", "edit_proposal", number=1, text="Uusi sanamuoto"
    ) == [("edit_proposal", 1)]


def test_an_own_action_that_names_an_accepted_action_by_number_is_that_command() -> None:
    reading = with_own_verb(
        "Poistetaan toinen toimenpide, se toistaa henkilöstöstrategiaa", _read("add_action")
    )
    assert (reading.intent, reading.slots.action) == ("delete_action", 2)
    kept = with_own_verb(
        "Poistetaan päällekkäiset mittarit yhdellä toimenpideohjelmalla", _read("add_action")
    )
    assert kept.intent == "add_action"


def test_a_message_about_the_proposals_that_decides_nothing_is_no_own_action(
    store: PlanStore, script: Scripted, corpus_kb: Any
) -> None:
    engine = DraftingEngine(store, corpus_kb.retriever, interpreter=script)  # proposals from the corpus
    pid = start(engine)
    turn = engine.handle(pid, "mene Mittareiden kattavuus", author="t")
    assert turn.proposals, "the target shows proposals"
    shown = {p.number: p.toimenpide for p in turn.proposals}
    message = script.says("Ehdotukset näyttävät hyviltä, palaan niihin huomenna", "add_action")
    turn = engine.handle(pid, message, author="t")
    assert plan_of(store, pid).toimenpiteet == []
    assert "ei kirjattu omaksi toimenpiteeksi" in turn.reply
    taken = script.says("Otamme ehdotukset yksi ja kaksi, kolmas ei sovi", "add_action")
    engine.handle(pid, taken, author="t")
    assert [a.toimenpide for a in plan_of(store, pid).toimenpiteet] == [shown[1], shown[2]]


def test_none_of_the_proposals_and_an_own_action_in_one_message_does_both_at_this_target(
    store: PlanStore, script: Scripted, corpus_kb: Any
) -> None:
    engine = DraftingEngine(store, corpus_kb.retriever, interpreter=script)
    pid = start(engine)
    # a target with a single proposal: rejecting it must not move on before the own action is filed here
    turn = engine.handle(pid, "mene Mittaustiedon laatu ja luotettavuus", author="t")
    assert len(turn.proposals) == 1
    message = script.says(
        "Yksikään ehdotuksista ei sovi meille. Oma toimenpide: Kuvaamme jokaisen mittarin laskentasäännön",
        "reject_proposals",
        all=True,
    )
    turn = engine.handle(pid, message, author="t")
    actions = plan_of(store, pid).toimenpiteet
    assert [(a.toimenpide, a.kehittamiskohde) for a in actions] == [
        ("Kuvaamme jokaisen mittarin laskentasäännön", "Mittaustiedon laatu ja luotettavuus")
    ]
    assert turn.awaiting == "schedule"  # the own action's details are asked next


def test_a_proposal_named_before_its_new_wording_is_an_edit() -> None:
    assert _decisions('Kolmas: "Julkaisemme mittarit kuukausittain intranetissä."', "add_action") == [
        ("edit_proposal", 3)
    ]
    found = decision_readings('Kolmas: "Julkaisemme mittarit kuukausittain."', _read("add_action"), SHOWN)
    assert found is not None and found[0].slots.text == "Julkaisemme mittarit kuukausittain."  # no quotes
    assert _decisions("ykkönen muotoiltuna: Kokoamme mittarit yhteen luetteloon", "add_action") == [
        ("edit_proposal", 1)
    ]
    assert _decisions("Förslag 2 så här: Vi samlar mätarna i en katalog", "add_action") == [
        ("edit_proposal", 2)
    ]
    assert _decisions("2: Kokoamme mittarit yhteen", "add_action") is None  # no quotes, no word of taking
