"""A name field's answer without the words that only open it, and the region's name for the plan's title."""

from __future__ import annotations

import pytest

from assistant.drafting.action_details import person_of
from assistant.drafting.answer_value import (
    correction_value,
    name_value,
    region_name,
    without_lead_in,
    without_own_label,
)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("meillä se on Pohjois-Savon hyvinvointialue", "Pohjois-Savon hyvinvointialue"),
        ("Kyseessä on Kainuun hyvinvointialue", "Kainuun hyvinvointialue"),
        ("ollaan itä-uudenmaan hyvinvointialue", "Itä-uudenmaan hyvinvointialue"),
        ("vi är Västra Nylands välfärdsområde", "Västra Nylands välfärdsområde"),
        ("it is the Lapland wellbeing services county", "Lapland wellbeing services county"),
        (
            "its the Lakeside wellbeing services county, 9 municipalities",
            "Lakeside wellbeing services county, 9 municipalities",
        ),
        ("Vantaan ja Keravan hyvinvointialue", "Vantaan ja Keravan hyvinvointialue"),  # nothing to leave out
        ("Se on", "Se on"),  # nothing would be left: kept as typed
    ],
)
def test_a_name_field_loses_its_lead_in(text: str, value: str) -> None:
    assert name_value(text, "sote_maakunta") == value


def test_other_fields_are_kept_as_typed() -> None:
    text = "Se on hyvinvointialueen muutosjohtaja"
    assert name_value(text, "alueellisen_yhteistyon_malli") == text
    assert without_lead_in(text) == "hyvinvointialueen muutosjohtaja"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("mä oon kehitysjohtaja Pirjo Niemi ja vastaan valmistelusta", "kehitysjohtaja Pirjo Niemi"),
        ("our CDO Maria Lind is responsible for the preparation", "CDO Maria Lind"),
        (
            "Jag är utvecklingsdirektör Anna Berg och ansvarar för beredningen",
            "utvecklingsdirektör Anna Berg",
        ),
        ("Tietojohtamisen ohjausryhmä vastaa valmistelusta", "Tietojohtamisen ohjausryhmä"),
        (
            "kehittämisjohtaja Mari Lehtonen, tietojohtamisen yksikkö",
            "kehittämisjohtaja Mari Lehtonen, tietojohtamisen yksikkö",
        ),
        # a description of more than one sentence is kept as written
        (
            "Valmistelusta vastaa väliaikainen valmistelutoimielin. Sen tukena on valmisteluryhmä.",
            "Valmistelusta vastaa väliaikainen valmistelutoimielin. Sen tukena on valmisteluryhmä.",
        ),
        ("olen", "olen"),  # nothing would be left
    ],
)
def test_the_preparers_answer_loses_the_words_that_only_frame_it(text: str, value: str) -> None:
    assert name_value(text, "valmisteluajan_vastuullinen_toimija") == value


@pytest.mark.parametrize(
    ("value", "name"),
    [
        ("Pohjois-Savon hyvinvointialue, johon kuuluu 19 kuntaa", "Pohjois-Savon hyvinvointialue"),
        ("Kainuun hyvinvointialue eli entinen Kainuun sote", "Kainuun hyvinvointialue"),
        ("Vantaan ja Keravan hyvinvointialue", "Vantaan ja Keravan hyvinvointialue"),
        ("Österbottens välfärdsområde som omfattar 14 kommuner", "Österbottens välfärdsområde"),
        ("Keski-Suomen hyvinvointialue (Jyväskylä)\nja 22 kuntaa", "Keski-Suomen hyvinvointialue"),
        ("Ab, joka", "Ab, joka"),  # too short a name: the first line
    ],
)
def test_the_region_name_ends_where_the_description_starts(value: str, name: str) -> None:
    assert region_name(value) == name


@pytest.mark.parametrize(
    ("preparer", "person"),
    [
        ("muutosjohtaja Liisa Korhonen", "muutosjohtaja Liisa Korhonen"),  # short: as it is
        ("Valmistelusta vastaa kehitysjohtaja Anna Virtanen", "kehitysjohtaja Anna Virtanen"),
        ("Beredningen leds av utvecklingsdirektör Lena Berg", "utvecklingsdirektör Lena Berg"),
        ("Development director Jane Smith leads the preparation", "Development director Jane Smith"),
        ("haluaisin tietää mitä tähän pitäis kirjottaa?", ""),  # a question names nobody
        (
            "Kainuun sote-kuntayhtymän johtoryhmä vastaa valmistelusta",
            "Kainuun sote-kuntayhtymän johtoryhmä vastaa valmistelusta",
        ),
        # a long sentence about the preparation whose first clause names nobody: no person offered
        (
            "Aluksi valmistelua johti väliaikainen toimielin (VATE), mutta vuodesta 2023 vastuu on siirtynyt "
            "aluehallitukselle ja hyvinvointialuejohtajalle.",
            "",
        ),
    ],
)
def test_the_preparer_offered_as_the_responsible_person_is_the_person(preparer: str, person: str) -> None:
    assert person_of(preparer) == person


def test_an_opening_that_names_the_field_asked_is_left_out() -> None:
    labels = [
        "Tietojohtamisen nykytila",
        "Kunskapsledningens nuläge",
        "Current state of knowledge management",
    ]
    assert without_own_label("Nykytila: raportointi on hajallaan", labels) == "raportointi on hajallaan"
    assert without_own_label("nykytla: raportointi on hajallaan", labels) == "raportointi on hajallaan"
    assert without_own_label("Nuläge: rapporteringen görs för hand", labels) == "rapporteringen görs för hand"
    for text in (
        "Raportointi: käsin Excelillä",  # another word before ':' is content
        "Tavoite: yhteinen tietoallas",
        "Nykytila:",  # nothing after the label: kept as typed (the length check refuses it)
        "Nykytila on se, että raportointi: käsin",
    ):
        assert without_own_label(text, labels) == text


def test_a_schedule_cell_is_said_back_with_its_period_once() -> None:
    from assistant.drafting.action_details import _labelled

    assert _labelled(2028, 2030, "laajennetaan kaikille") == "2028–2030: laajennetaan kaikille"
    assert _labelled(2028, 2030, "2028–2030 rolled out") == "2028–2030 rolled out"
    assert _labelled(2028, 2030, "2028-2030: vakiinnutetaan") == "2028-2030: vakiinnutetaan"


@pytest.mark.parametrize(
    ("message", "value"),
    [
        ("eiku koko nimi: Pohjanrannan hyvinvointialue", "Pohjanrannan hyvinvointialue"),
        ("oho, nimen pitäisi olla Pohjanrannan hyvinvointialue.", "Pohjanrannan hyvinvointialue"),
        ("namnet ska vara Kustlandets välfärdsområde", "Kustlandets välfärdsområde"),
        ("the region should read Lakeside wellbeing services county", "Lakeside wellbeing services county"),
        ("korjataan alueen nimi", ""),  # says what is wrong, not the new value: the field is opened instead
        ("tässä oli virhe: ", ""),  # nothing after the colon
    ],
)
def test_a_correction_gives_its_new_value_after_a_colon_or_a_should_be(message: str, value: str) -> None:
    assert correction_value(message) == value
