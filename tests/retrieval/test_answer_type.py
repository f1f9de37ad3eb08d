"""Quantity questions: answered only by a passage with a number next to the question's own specific words."""

from __future__ import annotations

import pytest

from assistant.retrieval.analyzer import Analyzer
from assistant.retrieval.answer_type import asks_quantity, has_number, quantity_answered


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer(morphology="snowball")


def test_quantity_cues_in_three_languages() -> None:
    assert asks_quantity("Paljonko hanke maksaa?") == ["paljonko"]
    assert asks_quantity("Kuinka monta jäsentä ryhmässä on?") == ["kuinka", "monta"]
    assert asks_quantity("Hur många arbetar i projektet?") == ["hur", "många"]
    assert asks_quantity("How much does the pilot cost?") == ["how", "much"]
    assert asks_quantity("Kuinka usein ryhmä kokoontuu?") == []  # a frequency, not a quantity
    assert asks_quantity("Mitä suunnitelmaan kirjataan?") == []


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Ryhmään kuuluu noin 30-35 jäsentä.", True),
        ("Alueella on 68\u00a0437 asukasta.", True),
        ("Kysely tarkastelee kymmentä osa-aluetta.", True),  # a number word, inflected
        ("Hanke alkoi syksyllä 2019.", False),  # a year
        ("Katso luku 2.1 ja raportti VN TEAS 2019:42.", False),  # section and report numbers
        ("Aluevaltuustot 1.3.2022 lähtien.", False),  # a date
        ("Yksityiset palvelut ja yhteistyö.", False),  # words that merely begin like number words
    ],
)
def test_numbers_are_amounts_not_years_dates_or_section_numbers(
    analyzer: Analyzer, sentence: str, expected: bool
) -> None:
    assert has_number(sentence, analyzer) is expected


def test_a_quantity_is_answered_only_next_to_the_questions_specific_words(analyzer: Analyzer) -> None:
    idf = {analyzer.stem("ohjausryhmä"): 4.0, analyzer.stem("kokous"): 3.5, analyzer.stem("hanke"): 1.0}

    def answered(query: str, texts: list[str]) -> bool:
        return quantity_answered(query, asks_quantity(query), texts, analyzer, lambda t: idf.get(t, 0.0))

    query = "Montako jäsentä ohjausryhmässä on?"
    assert answered(query, ["Hankkeella on ohjausryhmä. Ohjausryhmään kuuluu noin 30 jäsentä."])
    # A number elsewhere, or a generic word next to a number, does not answer it.
    assert not answered(query, ["Ohjausryhmä kokoontuu säännöllisesti. Hanke kestää 24 kuukautta."])
