"""Offline extraction rules and command parsing."""

from __future__ import annotations

import pytest

from assistant.drafting import extract
from assistant.drafting.assessment_input import parse_assessment_text
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


def test_assessment_lines_json_and_csv() -> None:
    """(The layouts in full: tests/drafting/test_assessment_input.py.)"""
    spec = load_template()
    parsed = parse_assessment_text(
        "Mittarit 2,0 2,4\nVisio ja strategia: 3 2.5\nInformationsdelning 2,1", spec
    )
    assert [(r.area, r.maturity, r.satisfaction) for r in parsed.rows] == [
        ("mittarit", 2.0, 2.4),
        ("visio_ja_strategia", 3.0, 2.5),
        ("tiedon_jakaminen", 2.1, None),
    ]
    parsed = parse_assessment_text('[{"alue": "Mittarit", "kypsyys": "paljon"}]', spec)
    assert [(p.row, p.column, p.code) for p in parsed.problems] == [(2, "maturity", "not_a_number")]
    parsed = parse_assessment_text("alue;kypsyys;tyytyväisyys\nmittarit;2,0;2,2\nHYÖDYT;3;3", spec)
    assert [(r.area, r.maturity) for r in parsed.rows] == [("mittarit", 2.0), ("hyodyt", 3.0)]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("alue;kypsyys\nfoo;2", (2, "area", "unknown_area")),
        ("alue;kypsyys\nmittarit;kaksi", (2, "maturity", "not_a_number")),
        ("alue;muu\nmittarit;2", (1, "area", "unknown_area")),
    ],
)
def test_corrupt_assessment_csv_names_the_row_and_column(text: str, problem: tuple) -> None:
    parsed = parse_assessment_text(text, load_template())
    assert (parsed.problems[0].row, parsed.problems[0].column, parsed.problems[0].code) == problem


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
