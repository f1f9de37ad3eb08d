"""Offline extraction rules and command parsing."""

from __future__ import annotations

import pytest

from assistant.drafting import extract
from assistant.drafting.commands import parse_command
from assistant.drafting.extract import ExtractionError, Periods
from assistant.template.spec import load_template

P = Periods((2020, 2021), (2022, 2025))


def test_lists_and_values() -> None:
    assert extract.split_list("Alfa-alue, Beetan kaupunki ja Gamman kunta") == [
        "Alfa-alue",
        "Beetan kaupunki",
        "Gamman kunta",
    ]
    assert extract.field_value("A; B\nC", kind="list") == "- A\n- B\n- C"
    assert extract.field_value("  yksi   rivi  ") == "yksi rivi"
    with pytest.raises(ExtractionError) as err:
        extract.field_value("   ")
    assert err.value.code == "empty_answer"
    with pytest.raises(ExtractionError) as err:
        extract.field_value("x" * 50_000)
    assert err.value.code == "too_long" and err.value.params["length"] == 50_000


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Kyllä, tehtiin 2020", True),
        ("Ei vielä", False),
        ("Ja, i fjol", True),
        ("No", False),
        ("Joskus", None),
    ],
)
def test_yes_no(text: str, value: bool | None) -> None:
    assert extract.yes_no(text) is value


def test_assessment_lines_and_csv() -> None:
    spec = load_template()
    scores = extract.parse_assessment(
        "Mittarit 2,0 2,4\nVisio ja strategia: 3 2.5\nInformationsdelning 2,1", spec
    )
    assert [(s.area, s.maturity, s.satisfaction) for s in scores] == [
        ("mittarit", 2.0, 2.4),
        ("visio_ja_strategia", 3.0, 2.5),
        ("tiedon_jakaminen", 2.1, None),
    ]
    json_scores = extract.parse_assessment('[{"alue": "Mittarit", "kypsyys": 2, "tyytyvaisyys": 2.5}]', spec)
    assert [(s.area, s.maturity, s.satisfaction) for s in json_scores] == [("mittarit", 2.0, 2.5)]
    with pytest.raises(ExtractionError):
        extract.parse_assessment('[{"alue": "Mittarit", "kypsyys": "paljon"}]', spec)
    csv_scores = extract.parse_assessment("alue;kypsyys;tyytyväisyys\nmittarit;2,0;2,2\nHYÖDYT;3;3", spec)
    assert [(s.area, s.maturity) for s in csv_scores] == [("mittarit", 2.0), ("hyodyt", 3.0)]


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        ("alue;kypsyys\nfoo;2", "unknown area"),
        ("alue;kypsyys\nmittarit;kaksi", "not a number"),
        ("alue;muu\nmittarit;2", "header"),
    ],
)
def test_corrupt_assessment_csv_names_the_problem(text: str, detail: str) -> None:
    with pytest.raises(ExtractionError) as err:
        extract.parse_assessment(text, load_template())
    assert err.value.code == "assessment_csv" and detail in str(err.value.params["detail"])


def test_commands_in_three_languages() -> None:
    assert parse_command("hyväksy 1 3").numbers == (1, 3)  # type: ignore[union-attr]
    assert parse_command("godkänn 2").name == "accept"  # type: ignore[union-attr]
    assert parse_command("accept all").name == "accept"  # type: ignore[union-attr]
    edit = parse_command("muokkaa 2: Laadimme strategian")
    assert edit is not None and edit.name == "edit" and edit.numbers == (2,)
    assert parse_command("oma: Perustamme tietotiimin").argument == "Perustamme tietotiimin"  # type: ignore[union-attr]
    assert parse_command("mene 3.3").argument == "3.3"  # type: ignore[union-attr]
    assert parse_command("gå till mätare").name == "goto"  # type: ignore[union-attr]
    assert parse_command("mitä puuttuu").name == "missing"  # type: ignore[union-attr]
    # An answer that merely starts with a command word is an answer.
    assert parse_command("Ei ole tehty, mutta kysely tehdään keväällä 2021 verkkokyselynä") is None
    assert parse_command("Pohjanrannikon hyvinvointialue") is None


def test_template_wording_is_adapted_to_the_region() -> None:
    from assistant.drafting.propose import adapt_to_region

    text = "Laadimme strategian huomioiden sote-maakunnan strategiset tavoitteet sote-maakunnassa."
    assert adapt_to_region(text, "Järvilaakson hyvinvointialue") == (
        "Laadimme strategian huomioiden Järvilaakson hyvinvointialueen strategiset tavoitteet "
        "Järvilaakson hyvinvointialueella."
    )
    assert adapt_to_region(text, "Soite") == text  # a name we cannot inflect reliably: quoted as is
