"""Answer types: quantity and frequency questions answered only by a passage with a number or a frequency
next to the question's own specific words; who-questions about a role only by passages naming the role."""

from __future__ import annotations

import pytest

from assistant.retrieval.analyzer import Analyzer
from assistant.retrieval.answer_type import (
    asked_items,
    asked_months,
    asked_roles,
    asks_frequency,
    asks_quantity,
    frequency_answered,
    has_frequency,
    has_number,
    items_answered,
    month_mentioned,
    quantity_answered,
    quantity_first,
    unanswered_type,
)


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


def test_frequency_cues_and_frequencies() -> None:
    assert asks_frequency("Kuinka usein ohjausryhmä kokoontuu?") == ["kuinka", "usein"]
    assert asks_frequency("Hur ofta uppdateras planen?") == ["hur", "ofta"]
    assert asks_frequency("How often is the plan reviewed?") == ["how", "often"]
    assert asks_frequency("Mitä suunnitelmaan kirjataan?") == []
    assert has_frequency("Raportit toimitetaan kuukausittain.")
    assert has_frequency("Neuvottelut pidetään vähintään valtuustokausittain.")  # a derived period adverb
    assert has_frequency("Tuloksia seurataan vuosittaisilla kyselyillä.")
    assert has_frequency("Ryhmä kokoontuu kerran kuukaudessa.")
    assert has_frequency("Planen ses över årligen.") and has_frequency("Reports are delivered monthly.")
    assert not has_frequency("Ohjausryhmä seuraa hankkeen etenemistä.")


def test_a_frequency_is_answered_only_next_to_the_questions_specific_words(analyzer: Analyzer) -> None:
    idf = {analyzer.stem("ohjausryhmä"): 4.0, analyzer.stem("tilannekuva"): 4.0}

    def answered(query: str, texts: list[str]) -> bool:
        cue = asks_frequency(query)
        return frequency_answered(query, cue, texts, analyzer, lambda t: idf.get(t, 0.0))

    query = "Kuinka usein ohjausryhmä kokoontuu?"
    assert answered(query, ["Ohjausryhmä kokoontuu kerran kuukaudessa."])
    assert not answered(query, ["Ohjausryhmä seuraa hanketta. Tilannekuva päivitetään viikoittain."])


def test_who_questions_name_their_roles() -> None:
    assert asked_roles("Kuka on hankkeen projektipäällikkö?") == ["projektipäällikkö"]
    assert asked_roles("Kuka toimii ohjausryhmän puheenjohtajana?") == ["puheenjohtajana"]
    assert asked_roles("Vem är ordförande för nätverket?") == ["ordförande"]
    assert asked_roles("Who is the programme director?") == ["director"]
    assert asked_roles("Kuka kirjoitti blogin?") == []  # a who-question naming no role
    assert asked_roles("Mikä on projektipäällikön tehtävä?") == []  # a role, but not a who-question


def test_an_unnamed_role_or_a_missing_frequency_leaves_the_question_unanswered(analyzer: Analyzer) -> None:
    texts = ["Hankkeen projektipäällikkö on Maija Meikäläinen.", "Ohjausryhmä kokoontuu kerran kuukaudessa."]
    idf = {analyzer.stem("ohjausryhmä"): 4.0}

    def grounded(word: str) -> bool:
        return any(analyzer.stem(word) in analyzer.tokens(t) for t in texts)

    def check(query: str) -> str | None:
        return unanswered_type(query, texts, analyzer, lambda t: idf.get(t, 0.0), grounded)

    assert check("Kuka on hankkeen projektipäällikkö?") is None
    assert check("Kuka on hankkeen tietohallintojohtaja?") == "role"
    assert check("Kuinka usein ohjausryhmä kokoontuu?") is None
    assert check("Montako jäsentä ohjausryhmässä on?") == "quantity"


def test_statements_and_scales_are_answered_only_by_passages_that_present_them(analyzer: Analyzer) -> None:
    says_it_has = ["Kysely koostuu väittämistä, jotka on ryhmitelty teemoittain osa-alueisiin."]
    presents = ["Väittämä 1: Organisaatiossamme tieto on helposti saatavilla."]
    scale = ["Riskit on arvioitu vakavuusasteikolla 1-5."]
    assert asked_items("Mitkä väittämät kyselyssä on?") == ["statements"]
    assert asked_items("Vilka påståenden ingår i enkäten?") == ["statements"]
    assert asked_items("What answer scale does the survey use?") == ["scale"]
    assert asked_items("Miten kyselyn tulokset raportoidaan?") == []
    assert not items_answered("statements", says_it_has, analyzer)
    assert items_answered("statements", presents, analyzer)
    assert items_answered("scale", scale, analyzer)
    assert not items_answered("scale", ["Kyselyssä käytetään asteikkoa."], analyzer)


def test_a_frequency_is_of_the_thing_asked_about_not_of_the_verb() -> None:
    from tests.retrieval.test_analyzer import _voikko_or_skip

    _voikko_or_skip()
    a = Analyzer(morphology="voikko")
    idf = {
        t: 3.0 for w in ("tiekartta", "tilannekuva", "päivittää", "päivitetään") for t in a.index_tokens(w)
    }
    texts = ["Tiekarttaa päivitetään tarpeen mukaan toimeenpanon edetessä."]

    def answered(query: str) -> bool:
        return frequency_answered(query, asks_frequency(query), texts, a, lambda t: idf.get(t, 0.0))

    assert a.is_verb("päivitetään") and not a.is_verb("tiekarttaa")
    assert answered("Kuinka usein tiekarttaa päivitetään?")  # "as needed" is a frequency
    assert not answered("Kuinka usein tilannekuvaa päivitetään?")  # only the verb is shared


def test_a_month_and_year_must_be_in_a_shown_sentence() -> None:
    assert asked_months("Vad beslutades på mötet i augusti 2020?") == [(8, "2020")]
    assert asked_months("Mitä ohjausryhmä päätti elokuussa?") == [(8, None)]
    assert asked_months("Mitä suunnitelmaan kirjataan?") == []
    assert month_mentioned(8, ["Verkosto kokoontuu ensimmäisen kerran elokuussa 2020."], "2020")
    assert not month_mentioned(8, ["Kysely tehtiin elokuussa 2019. Hanke alkoi 2020."], "2020")
    assert month_mentioned(8, ["Tiekartta päivitettiin 30.8.2022."], "2022")  # a date
    assert month_mentioned(6, ["Toteutusaika on 01/06/2020 – 31/12/2021."], "2020")
    assert not month_mentioned(8, ["Aluevaltuustot 1.3.2022 lähtien."])


def test_month_names_of_other_languages_are_whole_words() -> None:
    assert asked_months("Mitä majoituksesta sanotaan?") == []  # not "maj"
    assert asked_months("Vad hände i maj 2021?") == [(5, "2021")]
    assert asked_months("Mitä toukokuussa tehdään?") == [(5, None)]


def test_a_scale_of_something_else_does_not_answer_the_surveys_scale(analyzer: Analyzer) -> None:
    idf = {t: 3.0 for w in ("kysely", "riski", "vakavuus") for t in analyzer.index_tokens(w)}
    texts = ["Riskit on arvioitu vakavuusasteikolla 1-5."]

    def answered(query: str) -> bool:
        return items_answered("scale", texts, analyzer, query, lambda t: idf.get(t, 0.0))

    assert answered("Millä asteikolla riskin vakavuus arvioidaan?")
    assert not answered("Mikä on kyselyn asteikko?")


def test_a_count_counts_the_questions_noun() -> None:
    from tests.retrieval.test_analyzer import _voikko_or_skip

    _voikko_or_skip()
    a = Analyzer(morphology="voikko")
    idf = {t: 3.0 for w in ("väittämä", "kysely", "osa-alue", "arviointimalli") for t in a.index_tokens(w)}
    texts = ["Arviointimalli on kysely, jonka väittämät on ryhmitelty kymmeneen osa-alueeseen."]

    def answered(query: str) -> bool:
        return quantity_answered(query, asks_quantity(query), texts, a, lambda t: idf.get(t, 0.0))

    assert answered("Kuinka monta osa-aluetta kyselyssä on?")  # "kymmeneen osa-alueeseen"
    assert not answered("Montako väittämää kyselyssä on?")  # a number, but of the areas


def test_quantity_first_puts_passages_with_the_number_first(analyzer: Analyzer) -> None:
    """A "how many" question: a passage with a number by the question's terms goes before closer ones
    without it; the others keep their order; any other question is left alone."""
    texts = [
        "Valmentajat tukevat muutosta koko organisaatiossa.",
        "Hankkeessa koulutetaan 20 sisäistä valmentajaa.",
        "Valmentajien rooli kuvataan myöhemmin.",
    ]
    idf = lambda t: 3.0  # noqa: E731 - every term specific
    assert quantity_first("Montako valmentajaa koulutetaan?", texts, analyzer, idf) == [1, 0, 2]
    assert quantity_first("Mitä valmentajat tekevät?", texts, analyzer, idf) is None


def test_an_assessments_profiles_and_scores_need_passages_that_present_them(analyzer: Analyzer) -> None:
    """Asking which profiles a region falls into, or what it scored, needs a sentence that lists the
    profiles or holds the score's number; a passage that only says an assessment was made does not do."""
    assert asked_items("Mikä profiili alueellamme on arvioinnin perusteella?") == ["profiles"]
    assert asked_items("Which profile does our county have in the assessment?") == ["profiles"]
    assert asked_items("Vilket poängtal fick regionen i enkäten?") == ["scores"]
    assert asked_items("What score did the county reach?") == ["scores"]
    # whole words: a scorecard, a focus point ("painopisteet") and a comparison are not scores
    assert asked_items("What measures does the balanced scorecard hold?") == []
    assert asked_items("Mitkä ovat suunnitelman painopisteet?") == []
    assert asked_items("Which services cost more than the average?") == []
    only_made = ["Alueet tekivät arvion tietojohtamisen kypsyydestä."]
    assert not items_answered("profiles", only_made, analyzer)
    assert not items_answered("scores", only_made, analyzer)
    assert items_answered("profiles", ["Profiilit ovat: aloittelija, kehittyjä ja edelläkävijä."], analyzer)
    assert items_answered("scores", ["Alueen pisteet olivat 3,4 asteikolla yhdestä viiteen."], analyzer)
