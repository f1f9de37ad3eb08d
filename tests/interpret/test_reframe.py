"""What a reading means where the message's own words settle it (assistant/interpret/reframe.py):
a polite or indirect question is a question, a command without its object is the county's own content, a
plain action at a target's question is its answer, a skip at an action's detail skips only that question."""

from __future__ import annotations

import pytest

from assistant.interpret import rules
from assistant.interpret.models import InterpretContext
from assistant.interpret.offline import OfflineInterpreter
from assistant.interpret.reframe import names_an_object, reframe, topic_field, value_then_open
from assistant.interpret.spelling import repair

TARGET = InterpretContext(field="action_text", target="Tiedon integraatio", actions=2)


@pytest.fixture(scope="module")
def interpreter() -> OfflineInterpreter:
    return OfflineInterpreter(None)


def _best(
    interpreter: OfflineInterpreter, probabilities: dict[str, float], message: str, context: InterpretContext
) -> str:
    out = reframe(probabilities, interpreter, message, repair(message), context)
    assert sum(out.values()) == pytest.approx(sum(probabilities.values()))
    return max(out, key=out.__getitem__)


@pytest.mark.parametrize(
    "message",
    [
        "haluaisin tietää kuuluvatko ostopalvelut tähän",
        "En ihan ymmärrä mitä tällä kohdalla tarkoitetaan, selittäisitkö",
        "Jag undrar vad som avses med samarbetsmodellen",
        "Could you explain what goes here",
    ],
)
def test_a_question_in_polite_words_is_never_stored_as_the_answer(
    interpreter: OfflineInterpreter, message: str
) -> None:
    context = InterpretContext(field="alueellisen_yhteistyon_malli")
    probabilities = {"answer": 0.7, "instruction": 0.2, "question": 0.1}
    assert _best(interpreter, probabilities, message, context) == "question"


def test_a_frame_after_content_leaves_the_reading_to_the_model(interpreter: OfflineInterpreter) -> None:
    message = "Seuraamme toteutumista johtoryhmässä. Haluaisin tietää myös riittääkö tämä."
    context = InterpretContext(field="seuranta_ja_arviointi")
    assert _best(interpreter, {"answer": 0.7, "question": 0.3}, message, context) == "answer"


@pytest.mark.parametrize(
    ("message", "intent"),
    [
        ("poistetaan päällekkäiset raportit ja karsitaan vanhat mittarit", "delete_action"),
        ("Siirretään kuntien rekisterit yhteiseen tietovarastoon", "move_action"),
        ("hylätään nykyinen paperilomake ja siirrytään sähköiseen", "skip_target"),
    ],
)
def test_a_command_without_its_object_is_the_countys_own_work(
    interpreter: OfflineInterpreter, message: str, intent: str
) -> None:
    assert not names_an_object(repair(message))
    assert _best(interpreter, {intent: 0.6, "answer": 0.1, "add_action": 0.3}, message, TARGET) == "answer"


@pytest.mark.parametrize(
    ("message", "intent"),
    [
        ("poista toimenpide 2", "delete_action"),
        ("kakkonen pois", "delete_action"),
        ("poista se", "delete_action"),
    ],
)
def test_a_command_naming_its_object_stays(
    interpreter: OfflineInterpreter, message: str, intent: str
) -> None:
    assert _best(interpreter, {intent: 0.6, "answer": 0.4}, message, TARGET) == intent


def test_an_action_added_in_so_many_words_stays_an_added_action(interpreter: OfflineInterpreter) -> None:
    plain = "Rakennamme yhteisen tietovaraston kaikille kunnille"
    assert _best(interpreter, {"add_action": 0.9, "answer": 0.1}, plain, TARGET) == "answer"
    added = "lisää toimenpide: rakennamme yhteisen tietovaraston"
    assert _best(interpreter, {"add_action": 0.9, "answer": 0.1}, added, TARGET) == "add_action"
    shown = TARGET.model_copy(update={"proposals": [1, 2]})
    assert _best(interpreter, {"add_action": 0.9, "answer": 0.1}, plain, shown) == "add_action"
    assert _best(interpreter, {"answer": 0.9, "add_action": 0.1}, plain, shown) == "add_action"


def test_a_skip_at_an_actions_detail_skips_the_question_unless_the_target_is_named(
    interpreter: OfflineInterpreter,
) -> None:
    detail = InterpretContext(field="prerequisites", target="Tiedon integraatio", actions=1)
    probabilities = {"skip_target": 0.6, "skip_question": 0.4}
    assert _best(interpreter, probabilities, "ohitetaan tää kohta toistaseksi", detail) == "skip_question"
    assert _best(interpreter, probabilities, "ohitetaan koko kohde", detail) == "skip_target"


def test_a_value_before_a_contrast_is_the_answer() -> None:
    assert value_then_open(repair("kehitysjohtaja, mutta varahenkilöä ei ole vielä nimetty"))
    assert not value_then_open(repair("ei vielä, mutta päätetään keväällä"))
    assert not value_then_open(repair("en tiedä vielä"))


def test_a_correction_names_its_field_or_says_what_was_wrong(interpreter: OfflineInterpreter) -> None:
    context = InterpretContext(field="seuranta_ja_arviointi")
    probabilities = {"correction": 0.6, "answer": 0.4}
    content = "käydään läpi kerran vuodessa johtoryhmässä ja verrataan lukuja edelliseen kierrokseen"
    assert _best(interpreter, probabilities, content, context) == "answer"
    named = "korjaus nykytilan kuvaukseen: tietovarasto otettiin käyttöön 2019"
    assert _best(interpreter, probabilities, named, context) == "correction"


def test_content_about_another_text_field_is_offered_there() -> None:
    assert topic_field(repair("arvioimme toteutumista ja raportoimme hallitukselle"), "hyodyt") is None
    follow_up = repair("Johtoryhmä seuraa mittareita kuukausittain ja raportoi valtuustolle")
    assert topic_field(follow_up, "hyodyt") == "seuranta_ja_arviointi"
    assert topic_field(follow_up, "seuranta_ja_arviointi") is None
    now = repair("Currently every municipality keeps its own registers and reports by hand.")
    assert topic_field(now, "tavoiteltavat_tulokset") == "nykytilan_kuvaus"
    aim = repair("Currently reports are made by hand; our aim is one shared warehouse.")
    assert topic_field(aim, "tavoiteltavat_tulokset") is None


@pytest.mark.parametrize(
    ("message", "undecided"),
    [
        ("vastuuhenkilö nimetään vasta ensi vuonna", True),
        ("emme ole vielä päättäneet milloin se tehdään", True),  # a participle read as its verb
        ("We haven't agreed on the cooperation model yet", True),
        ("Tietoa ei hyödynnetä suunnittelussa, tavoitteena on että jokainen päätös perustuu tietoon", False),
    ],
)
def test_not_decided_needs_the_negation_near_the_decision(message: str, undecided: bool) -> None:
    assert rules.undecided_by_structure(repair(message)) is undecided


def test_asking_what_is_missing_is_no_request_for_proposals(interpreter: OfflineInterpreter) -> None:
    shown = TARGET.model_copy(update={"proposals": [1, 2]})
    probabilities = {"request_proposals": 0.5, "missing": 0.4, "question": 0.1}
    assert _best(interpreter, probabilities, "mitkä toimenpiteet vielä puuttuvat?", shown) == "missing"
    asked = "onko muita vaihtoehtoja, näistä puuttuu koulutus"
    assert _best(interpreter, probabilities, asked, shown) == "request_proposals"


def test_another_fields_label_and_a_colon_offer_the_text_there(interpreter: OfflineInterpreter) -> None:
    at_benefits = InterpretContext(field="hyodyt")
    probabilities = {"answer": 0.6, "answer_elsewhere": 0.4}
    labelled = "Uppföljning: ledningsgruppen går igenom mätarna varje kvartal"
    assert _best(interpreter, probabilities, labelled, at_benefits) == "answer_elsewhere"
    assert _best(interpreter, probabilities, "Huom: tiedot ovat hajallaan", at_benefits) == "answer"


def test_an_action_in_our_words_at_a_target_is_its_answer_even_naming_a_detail(
    interpreter: OfflineInterpreter,
) -> None:
    message = "Nimeämme joka yksikköön tiedon vastuuhenkilön ja kirjaamme roolit"
    leaning = {"answer_elsewhere": 0.6, "answer": 0.4}
    assert _best(interpreter, leaning, message, TARGET) == "answer"
    shown = TARGET.model_copy(update={"proposals": [1, 2]})
    assert _best(interpreter, leaning, message, shown) == "add_action"
    # a person's part typed at the target is still offered to the person's question
    assert _best(interpreter, leaning, "Tästä vastaa Pia Laine", TARGET) == "answer_elsewhere"
