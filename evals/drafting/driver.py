"""Play a scripted persona through the drafting engine (used by evals/drafting/run.py and the tests)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

PERSONAS = Path(__file__).with_name("personas.yaml")


def load_personas() -> list[dict[str, Any]]:
    return yaml.safe_load(PERSONAS.read_text(encoding="utf-8"))["personas"]


@dataclass
class Run:
    plan_id: str = ""
    turns: int = 0
    latencies_ms: list[float] = field(default_factory=list)
    proposals: list[Any] = field(default_factory=list)
    last: Any = None


def play(engine: Any, persona: dict[str, Any], max_turns: int = 400) -> Run:
    """Answer whatever the engine asks until it reports `done` (or the turn budget runs out)."""
    run = Run()
    turn = engine.start(author=persona["author"], language=persona["language"], title="")
    run.plan_id = turn.plan_id
    fields: dict[str, str] = persona["fields"]
    target = persona["target"]
    decided: set[str] = set()
    while turn.awaiting != "done" and run.turns < max_turns:
        run.proposals += turn.proposals
        if turn.awaiting == "field":
            key = turn.step.split(".", 1)[1]
            message = fields.get(key) or "ohita"
        elif turn.awaiting == "assessment":
            # The rows are echoed for confirmation: the second time the step asks, confirm them.
            given = "assessment" in decided
            message = (
                ("ja" if persona["language"] == "sv" else "kyllä")
                if given
                else persona.get("assessment") or "ohita"
            )
            decided.add("assessment")
        elif turn.awaiting == "proposals":
            # Decide once per target; when the engine shows the remaining proposals again, move on.
            message = target["decision"] if turn.proposals and turn.step not in decided else "valmis"
            decided.add(turn.step)
        else:  # an accepted action's detail: schedule | pitka_aikavali | vastuuhenkilo | edellytykset
            # a detail the persona does not give (the long term after a short-only schedule): "no"
            no = "nej" if persona["language"] == "sv" else "no" if persona["language"] == "en" else "ei"
            message = target.get(turn.awaiting) or no
        started = time.perf_counter()
        turn = engine.handle(run.plan_id, message, author=persona["author"])
        run.latencies_ms.append((time.perf_counter() - started) * 1000)
        run.turns += 1
    run.last = turn
    return run
