"""A reading that deletes, accepts or edits is acted on only when the message says so in its words; a move
goes to a development target the message names, and asks when it names an area or nothing known."""

from __future__ import annotations

from assistant.drafting.verb_guard import destination, guarded
from assistant.interpret.models import Interpretation, Reading, Slots
from assistant.template.spec import load_template
from tests.drafting.scripted_flow import complete, plan_of, start


def test_a_move_read_as_a_delete_deletes_nothing_and_asks_where(engine, script, store) -> None:
    pid = start(engine, "en")
    engine.handle(pid, "mene Mittareiden kattavuus", author="t")
    complete(engine, script, pid, "Kokoamme mittarit yhteen raporttiin")
    engine.handle(pid, "mene Mittareiden kattavuus", author="t")  # back at its target: "action 1"
    message = script.says("move action 1 to customer satisfaction", "delete_action", action=1)
    turn = engine.handle(pid, message, author="t")
    [action] = plan_of(store, pid).toimenpiteet
    assert action.kehittamiskohde == "Mittareiden kattavuus"  # neither deleted nor moved
    assert "?" in turn.reply and "deleted" not in turn.reply


def test_a_move_to_an_area_asks_which_of_its_targets(engine, script, store) -> None:
    pid = start(engine)
    engine.handle(pid, "mene Mittareiden kattavuus", author="t")
    complete(engine, script, pid, "Kokoamme mittarit yhteen raporttiin")
    engine.handle(pid, "mene Mittareiden kattavuus", author="t")  # back at its target: "action 1"
    # read as accepting proposal 1: the message has no word of accepting, but one of moving
    message = script.says("siirrä eka toimenpide tiedon jakamiseen", "accept_proposals", numbers=[1])
    turn = engine.handle(pid, message, author="t")
    assert [a.kehittamiskohde for a in plan_of(store, pid).toimenpiteet] == ["Mittareiden kattavuus"]
    assert "Tiedon jakaminen on osa-alue" in turn.reply
    assert "Tiedon kommunikointi" in turn.reply and "Tiedon jakamisen reaaliaikaisuus" in turn.reply
    # an area with one target is that target
    message = script.says("siirrä toimenpide 1 tiedon hankintaan", "move_action", action=1)
    turn = engine.handle(pid, message, author="t")
    [action] = plan_of(store, pid).toimenpiteet
    assert action.kehittamiskohde == "Tiedon kerääminen ja saatavuus", turn.reply


def test_a_delete_in_words_still_deletes(engine, script, store) -> None:
    pid = start(engine)
    engine.handle(pid, "mene Mittareiden kattavuus", author="t")
    complete(engine, script, pid, "Kokoamme mittarit yhteen raporttiin")
    engine.handle(pid, "mene Mittareiden kattavuus", author="t")  # back at its target: "action 1"
    engine.handle(pid, script.says("poistetaan toimenpide 1", "delete_action", action=1), author="t")
    assert plan_of(store, pid).toimenpiteet == []


def test_no_question_back_offers_a_delete_the_message_does_not_say() -> None:
    reading = Interpretation(
        intent="move_action",
        slots=Slots(action=1, target="Tiedon integraatio"),
        confidence=0.55,
        alternatives=[Reading(intent="delete_action", confidence=0.45, slots=Slots(action=1))],
    )
    assert guarded("siirrä toimenpide 1 integraatioon", reading).alternatives == []
    said = guarded("poista tai siirrä toimenpide 1 integraatioon", reading)
    assert [r.intent for r in said.alternatives] == ["delete_action"]  # said in words: still offered


def test_the_destination_a_move_names() -> None:
    spec = load_template()
    exact = destination(spec, "siirrä toimenpide 2 kohteeseen mittareiden kattavuus", None)
    assert exact.target is not None and exact.target.name == "Mittareiden kattavuus"
    area = destination(spec, "flytta åtgärd 1 till informationsdelning", None)
    assert area.target is None and len(area.choices) == 2
    assert spec.area(area.area).label.get("fi").lower() == "tiedon jakaminen"
    unknown = destination(spec, "siirrä toimenpide 1 kohtaan asiakastyytyväisyys", None)
    assert unknown.target is None and unknown.choices == [] and unknown.phrase == "asiakastyytyväisyys"
    # the reading's target stands when the message names nothing better
    read = destination(spec, "tää kuuluu integraatioon", "Tiedon integraatio")
    assert read.target is not None and read.target.name == "Tiedon integraatio"


def test_a_question_back_left_unanswered_is_said_to_be_not_acted_on(engine, script, store) -> None:
    """Asked which reading was meant, the user types something else: the unsure message was not acted
    on, and the reply says so in those words (not as an unrecorded offer)."""
    pid = start(engine)
    message = "whats missing"
    script.unsure(message, "missing", "answer", confidence=0.5)
    turn = engine.handle(pid, message, author="t")
    assert "Tarkoititko" in turn.reply and plan_of(store, pid).kuvaus.sote_maakunta == ""
    turn = engine.handle(pid, script.says("tilanne", "status"), author="t")
    assert '("whats missing") ei käsitelty' in turn.reply and "tarjoustani" not in turn.reply
