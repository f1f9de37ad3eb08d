"""Assessment rows in the forms people type them (assistant/interpret/assessment.py)."""

from __future__ import annotations

import pytest

from assistant.interpret.assessment import assessment_rows
from assistant.interpret.names import NameResolver
from assistant.template.spec import load_template


@pytest.fixture(scope="module")
def names() -> NameResolver:
    return NameResolver(load_template())


def _rows(text: str, names: NameResolver) -> list[tuple[str, float | None, float | None]]:
    return [(r.area, r.maturity, r.satisfaction) for r in assessment_rows(text, names)]


@pytest.mark.parametrize(
    "text",
    [
        "Mittarit sai 2,2 kypsyydessä ja 1,8 tyytyväisyydessä",
        "Mätarna fick 2,2 i mognad men bara 1,8 i nöjdhet",
        "Metrics scored 2.2 on maturity and 1.8 on satisfaction",
    ],
)
def test_labels_after_the_numbers(names: NameResolver, text: str) -> None:
    assert _rows(text, names) == [("MITTARIT", 2.2, 1.8)]


def test_one_block_per_label_makes_one_row_per_area(names: NameResolver) -> None:
    text = "Kypsyys: mittarit 2.1, tiedon käyttö 2.4; tyytyväisyys: mittarit 1.7, tiedon käyttö 2.0"
    assert _rows(text, names) == [("MITTARIT", 2.1, 1.7), ("TIEDON KÄYTTÖ", 2.4, 2.0)]


def test_english_names_with_information_for_data(names: NameResolver) -> None:
    text = "Scores:\nOrganising and storing information 2.1 / 1.6\nInformation acquisition 2.4/2"
    expected = [("TIEDON ORGANISOINTI JA VARASTOINTI", 2.1, 1.6), ("TIEDON HANKINTA", 2.4, 2.0)]
    assert _rows(text, names) == expected


def test_labels_before_the_numbers_still_read(names: NameResolver) -> None:
    text = "TIEDON KÄYTTÖ: kypsyys 2.4 tyytyväisyys 2.0; MITTARIT kypsyys 1.1 tyytyväisyys 1.3"
    assert _rows(text, names) == [("TIEDON KÄYTTÖ", 2.4, 2.0), ("MITTARIT", 1.1, 1.3)]
