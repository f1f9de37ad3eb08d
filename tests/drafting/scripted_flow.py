"""The drafting flow with each reading given directly: a scripted interpreter and the steps the flow
tests share (`conftest.py` gives the fixtures `store`, `script` and `engine`)."""

from __future__ import annotations

from typing import Any

from assistant.drafting.engine import DraftingEngine
from assistant.interpret.models import Interpretation, InterpretContext, Reading, Slots
from assistant.storage import PlanStore

PERIODS = ((2026, 2027), (2028, 2030))


class Scripted:
    """Reads each message as the test says (default: an answer)."""

    def __init__(self) -> None:
        self.readings: dict[str, Interpretation] = {}
        self.contexts: list[InterpretContext] = []

    def says(self, message: str, intent: str, **slots: Any) -> str:
        self.readings[message] = Interpretation(intent=intent, slots=Slots(**slots), confidence=0.95)
        return message

    def unsure(self, message: str, intent: str, other: str, *, confidence: float = 0.6, **slots: Any) -> str:
        """`message` read as `intent` (with `slots`) below the clarification threshold, `other` second."""
        self.readings[message] = Interpretation(
            intent=intent,
            slots=Slots(**slots),
            confidence=confidence,
            alternatives=[Reading(intent=other, confidence=round(1 - confidence, 2))],
        )
        return message

    def interpret(self, text: str, context: InterpretContext) -> Interpretation:
        self.contexts.append(context)
        return self.readings.get(text) or Interpretation(intent="answer", slots=Slots(), confidence=0.95)


def start(engine: DraftingEngine, language: str = "fi") -> str:
    return engine.start(author="t", language=language, periods=PERIODS).plan_id


def own(engine: DraftingEngine, script: Scripted, pid: str, text: str) -> Any:
    return engine.handle(pid, script.says(f"oma: {text}", "add_action", text=text), author="t")


def plan_of(store: PlanStore, pid: str) -> Any:
    return store.get(pid).plan


def complete(engine: DraftingEngine, script: Scripted, pid: str, text: str) -> None:
    own(engine, script, pid, text)
    engine.handle(pid, "2026–2027: työpajat keväällä 2026", author="t")
    engine.handle(pid, "ei", author="t")  # the long term: not continued
    engine.handle(pid, "controller Sari Mäkelä", author="t")
    engine.handle(pid, "tietoallas", author="t")
