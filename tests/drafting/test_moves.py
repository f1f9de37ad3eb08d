"""Short conversational moves: back in words, saving or stopping for now, and skipping to a named place."""

from __future__ import annotations

from assistant.drafting.engine import DraftingEngine
from assistant.drafting.moves import going_back, leaving, to_named_place
from assistant.interpret.models import Interpretation, Reading, Slots
from assistant.storage import PlanStore
from tests.drafting.scripted_flow import plan_of, start


def test_back_and_leaving_in_words_and_not_in_content() -> None:
    assert going_back("palataan takaisin edelliseen kysymykseen")
    assert going_back("gå tillbaka till föregående fråga")
    assert not going_back("takaisin")  # the one-word command is the command parser's
    assert not going_back("Raportit palautetaan takaisin yksiköille")  # content that says "back"
    assert leaving("tallennetaan nää ja jatketaan huomenna")
    assert not leaving(
        "Tallennamme kaikki raportit yhteiseen tietovarastoon, jotta niitä voidaan verrata keskenään"
    )


def test_a_skip_that_names_a_place_goes_there() -> None:
    reading = Interpretation(
        intent="skip_question",
        confidence=0.7,
        alternatives=[Reading(intent="navigate", confidence=0.3, slots=Slots(area="MITTARIT"))],
    )
    assert (
        to_named_place("hypätään mittareihin", reading).intent == "navigate"
        and to_named_place("hypätään mittareihin", reading).slots.area == "MITTARIT"
    )
    plain = Interpretation(
        intent="skip_question", confidence=0.9, alternatives=[Reading(intent="answer", confidence=0.1)]
    )
    assert to_named_place("hypätään tämä", plain) == plain


def test_back_and_leaving_store_nothing(engine: DraftingEngine, store: PlanStore) -> None:
    pid = start(engine)
    engine.handle(pid, "Koskiseudun hyvinvointialue", author="t")
    turn = engine.handle(pid, "mennään takaisin edelliseen", author="t")
    assert turn.step == "field:kuvaus.sote_maakunta"
    turn = engine.handle(pid, "tallenna tää ja lopetetaan tältä päivältä", author="t")
    assert plan_of(store, pid).kuvaus.sote_maakunta == "Koskiseudun hyvinvointialue"
    assert turn.step == "field:kuvaus.sote_maakunta" and "tallentuu heti" in turn.reply


def test_moving_on_to_a_section_by_its_number_is_navigation() -> None:
    said = Interpretation(intent="add_action", confidence=0.8)
    moved = to_named_place("Tämä riittää tältä osin, jatketaan sitten lukuun 3.5.", said)
    assert (moved.intent, moved.slots.section) == ("navigate", "3.5")
    content = to_named_place(
        "Toimenpiteiden hyödyt kuvataan luvussa 3.5", Interpretation(intent="answer", confidence=0.8)
    )
    assert content.intent == "answer"  # a section number without a navigation verb is content


def test_rows_of_results_and_words_that_start_like_a_verb_are_no_navigation() -> None:
    rows = "Vision and strategy: 3.1 / 2.8; Governance and organisation 2.7 2.5; metrics 2.1 1.9"
    assert to_named_place(rows, Interpretation(intent="answer", confidence=0.8)).intent == "answer"
    said = "Governance section 3.1 is what we describe here"  # "go" only as the start of a word
    assert to_named_place(said, Interpretation(intent="answer", confidence=0.8)).intent == "answer"
