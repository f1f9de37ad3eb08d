"""Details a question asks for (a person's name, money, a day, a product by name, a law's article, a
percentage) and whether a passage holds one; questions about how things turned out after the documents.
Sentences here are written for the tests."""

from __future__ import annotations

import pytest

from assistant.retrieval.answer_details import asked_details, asks_outcome, held, unmet_details


@pytest.mark.parametrize(
    ("question", "details"),
    [
        ("Mikä on hankkeen projektipäällikön nimi?", ["person"]),
        ("Vad heter ordföranden för styrgruppen?", ["person"]),
        ("Paljonko uusi raportointijärjestelmä maksaa vuodessa?", ["money"]),
        ("How much did the data warehouse cost?", ["money"]),
        ("Mihin päivään mennessä hakemus on jätettävä?", ["day"]),
        ("Minkä ohjelmiston maakunta on valinnut raportointiin?", ["product"]),
        ("Which article of the data protection regulation applies?", ["article"]),
        ("Mikä oli henkilöstökyselyn vastausprosentti?", ["percent"]),
        ("How many percent of the staff use the dashboard?", ["percent"]),
        ("Mitä tavoitteita suunnitelmaan kirjataan?", []),
        ("Miten nimeämme vastuuhenkilöt?", []),  # a verb that begins like the noun "nimi"
    ],
)
def test_asked_details(question: str, details: list[str]) -> None:
    assert asked_details(question) == details


@pytest.mark.parametrize(
    ("kind", "text", "expected"),
    [
        ("money", "Osahankkeen kustannusarvio on 240 000 euroa.", True),
        ("money", "Kustannukset jaetaan kuntien kesken asukasluvun mukaan.", False),
        ("person", "Työtä johtaa kehittämispäällikkö Maija Mallikas yhdessä ryhmän kanssa.", True),
        ("person", "Työtä johtaa kehittämispäällikkö yhdessä ryhmän kanssa.", False),
        ("day", "Hakemukset jätetään viimeistään 15.3.2021.", True),
        ("day", "Hakemukset jätetään keväällä 2021.", False),
        ("day", "Kuvaa taulukkoon 3.4. kehittämistoimenpiteet.", False),  # a section number
        ("day", "Toteutusaika on 1.6.2020-31.12.2021.", True),
        ("article", "Arvio tehdään asetuksen 35 artiklan mukaisesti.", True),
        ("percent", "Kyselyyn vastasi 62 % henkilöstöstä.", True),
        ("percent", "Säästö kohdistuu 44 prosentin osuuteen kustannuksista.", True),
        ("percent", "Kyselyyn vastasi suuri osa henkilöstöstä.", False),
        ("product", "Raportit tehdään jatkossa Qlik-ympäristössä.", True),
        ("product", "Raportit tehdään jatkossa uudessa ympäristössä.", False),
        ("product", "Qlik on käytössä.", False),  # a capital opening the sentence is no name
    ],
)
def test_evidence_of_a_detail(kind: str, text: str, expected: bool) -> None:
    assert held(kind, [text]) is expected


def test_a_detail_is_unmet_only_when_no_text_holds_it() -> None:
    question = "Paljonko koulutusohjelma maksaa kunnille?"
    assert unmet_details(question, ["Koulutusohjelma järjestetään kunnissa syksyllä."]) == ["money"]
    assert unmet_details(question, ["Koulutusohjelman hinta on 12 000 euroa."]) == []


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Toteutuiko alueen tietoallashanke suunnitellusti?", True),
        ("Blev den nya modellen till slut godkänd?", True),
        ("How did the pilot turn out in the end?", True),
        ("Mitä alueen tietoallashankkeessa suunnitellaan?", False),
        ("Mitä ohjausryhmän syyskuun kokouksessa päätettiin?", True),  # a meeting's record
        ("What was decided at the steering group's meeting?", True),
        ("Which reporting tool did the county decide to use?", False),  # a choice the plan may state
    ],
)
def test_questions_about_how_things_turned_out(question: str, expected: bool) -> None:
    assert asks_outcome(question) is expected
