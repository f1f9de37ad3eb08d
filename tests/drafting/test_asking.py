"""A message shaped as a question is never stored as an answer on a guess: every sentence asks -> a
question; it asks and also says something -> the assistant asks which was meant; a rhetorical question
answered in the same message stays an answer."""

from __future__ import annotations

import pytest

from assistant.drafting.asking import asked_back
from assistant.drafting.engine import DraftingEngine
from assistant.interpret.models import Interpretation, Reading
from assistant.storage import PlanStore
from tests.drafting.scripted_flow import Scripted, plan_of, start

ANSWER = Interpretation(intent="answer", confidence=0.9)


@pytest.mark.parametrize(
    "text",
    [
        "Mitä tähän kohtaan yleensä kirjoitetaan",  # a question word, no question mark
        "riittääkö pelkkä luettelo",  # a -ko/-kö verb first
        "onks tää pakko täyttää",  # the same in speech
        "måste vi nämna alla kommuner här",  # Swedish verb first
        "should we list every municipality here",
        "Pitääkö tähän kirjata myös kunnat? Entä yksityiset tuottajat?",
    ],
)
def test_a_message_that_only_asks_is_a_question(text: str) -> None:
    assert asked_back(text, ANSWER).intent == "question"


def test_asking_and_telling_is_asked_back_and_a_rhetorical_question_is_content() -> None:
    with_context = "Kuinka tarkasti tulokset pitäisi tähän kirjata? Meillä on keskiarvot osa-alueittain."
    assert asked_back(with_context, ANSWER).intent == "question"  # a question, then a few words of context
    mixed = asked_back(
        "Tiedot ovat hajallaan ja raportointi on käsityötä, eikä vastuita ole sovittu kenellekään. "
        "Riittääkö tällainen kuvaus tähän kohtaan?",
        ANSWER,
    )
    assert mixed.intent == "answer" and [r.intent for r in mixed.alternatives] == ["question"]
    assert mixed.confidence < 0.65  # below the threshold: which was meant is asked
    rhetorical = "Mitä puuttuu? Yhteinen tietovarasto ja mittareiden määritelmät."
    assert asked_back(rhetorical, ANSWER) == ANSWER
    for answer in (
        "Koskiseudun hyvinvointialue",
        "Kehitämme mittaristoa, jotta tiedämme mitä palvelut maksavat",
    ):
        assert asked_back(answer, ANSWER) == ANSWER


def test_a_question_at_a_field_is_not_stored(
    engine: DraftingEngine, store: PlanStore, script: Scripted
) -> None:
    pid = start(engine)
    turn = engine.handle(pid, "kenet tähän yleensä kirjataan", author="t")  # read as an answer by the script
    assert plan_of(store, pid).kuvaus.sote_maakunta == "" and turn.step == "field:kuvaus.sote_maakunta"


def test_a_long_pasted_answer_read_as_a_question_is_an_answer() -> None:
    pasted = (
        "Nykyään tieto on hajallaan monessa järjestelmässä ja raportit kootaan käsin, eikä kukaan omista "
        "mittareiden määritelmiä. Tavoitteena on, että ensin nimetään vastuut ja kootaan analytiikka yhteen, "
        "ja myöhemmin kaikki keskeinen tieto on yhdessä paikassa yhteisin määritelmin."
    )
    as_question = Interpretation(
        intent="question", confidence=0.55, alternatives=[Reading(intent="answer", confidence=0.45)]
    )
    assert asked_back(pasted, as_question).intent == "answer"
    polite = "Haluaisin tietää " + pasted[0].lower() + pasted[1:]  # asks in polite words: stays a question
    assert asked_back(polite, as_question).intent == "question"


def test_a_long_pasted_answer_unsure_against_a_question_is_an_answer() -> None:
    pasted = (
        "Raportit kootaan nyt käsin useasta järjestelmästä eikä mittareiden omistajia ole nimetty. "
        "Tavoitteena on, että vastuut nimetään ensin ja analytiikka kootaan yhteen, ja myöhemmin "
        "kaikki keskeinen tieto löytyy yhdestä paikasta yhteisin määritelmin ja avoimesti kuvattuna."
    )
    unsure = Interpretation(
        intent="answer", confidence=0.52, alternatives=[Reading(intent="question", confidence=0.48)]
    )
    found = asked_back(pasted, unsure)
    assert found.intent == "answer" and found.confidence >= 0.9 and not found.alternatives


def test_a_request_in_the_imperative_is_never_stored() -> None:
    request = "Näyttäkää vielä, miltä tämän kohteen toimenpiteet nyt kokonaisuudessaan näyttävät."
    assert asked_back(request, ANSWER).intent == "question"
    assert asked_back("Järjestämme esihenkilöille koulutuksen", ANSWER) == ANSWER  # "we arrange": content
