"""Play a county through the drafting chat, reacting to each reply as its staff would, and record the
conversation like `assistant chat` prints it (issue 12's closing conversations).

The county's words are data (`counties.yaml`): the answers to the text fields, the assessment results as
it types them, and per development target what it does there (accept, rewrite, write its own, give a
detail in the wrong place, correct or remove an action later). What to send next is decided from the
reply (`Turn.awaiting`), so the recorded messages also replay through `assistant chat < messages`.

    DATA_DIR=/tmp/x python -m evals.drafting.county_play <county> <out dir> [counties file]

(the counties file defaults to `counties.yaml`; another one, e.g. counties written blind, has the same form)
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml

from assistant.cli.cmd_plans import _plain
from assistant.container import Container
from assistant.drafting.periods import parse_periods
from assistant.settings import Settings

COUNTIES = Path(__file__).with_name("counties.yaml")
MAX_TURNS = 600


class County:
    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec
        self.sent: list[str] = []
        self.log: list[str] = []
        self.target_order: list[str] = []
        self.after_done: dict[str, bool] = {}
        self.detail_counts: dict[str, int] = {}
        self.assessment_sent = False
        self.queue: list[str] = list(spec.get("opening", []))
        self.finished = False

    def _cycle(self, key: str) -> str:
        values = self.spec[key]
        n = self.detail_counts.get(key, 0)
        self.detail_counts[key] = n + 1
        return str(values[n % len(values)])

    def _event(self, kind: str) -> list[str]:
        k = len(self.target_order) - 1
        events = (self.spec.get("targets") or {}).get(k) or {}
        return [str(m) for m in events.get(kind, [])]

    def next_message(self, turn: Any) -> str | None:
        if self.queue:
            return self.queue.pop(0)
        words = self.spec["words"]
        if turn.awaiting == "field":
            key = turn.step.split(".", 1)[1]
            value = self.spec["fields"].get(key, words["skip"])
            if isinstance(value, list):  # several messages: e.g. a question first, then the answer
                if self.after_done.get(turn.step):
                    return str(words["skip"])  # asked again after all of them: the county moves on
                self.after_done[turn.step] = True
                self.queue = [str(m) for m in value[1:]]
                return str(value[0])
            return str(value)
        if turn.awaiting == "assessment":
            if self.assessment_sent:
                return str(words["yes"])
            self.assessment_sent = True
            return str(self.spec["assessment"])
        if turn.step.startswith("target:"):
            if turn.step not in self.target_order:
                if len(self.target_order) >= self.spec.get("targets_covered", 10**6):
                    return str(self.spec["after_targets"])  # the county's priorities are covered
                self.target_order.append(turn.step)
                first = self._event("start") or [str(words["accept_first"]) if turn.proposals else ""]
                first = [m for m in first if m] or [str(self.spec["own_default"])]
                self.queue = first[1:]
                return first[0]
            if turn.awaiting == "pitka_aikavali":  # the long term after a short-only schedule
                return self._cycle("long_terms") if self.spec.get("long_terms") else str(words["no"])
            if turn.awaiting in ("schedule", "vastuuhenkilo", "edellytykset"):
                special = self._event(f"at_{turn.awaiting}")
                key = f"{turn.step}:{turn.awaiting}"
                if special and not self.after_done.get(key):
                    self.after_done[key] = True
                    self.queue = special[1:]
                    return special[0]
                return self._cycle(
                    {"schedule": "schedules", "vastuuhenkilo": "persons", "edellytykset": "prerequisites"}[
                        turn.awaiting
                    ]
                )
            if not self.after_done.get(turn.step):  # the target's actions are complete: later changes
                self.after_done[turn.step] = True
                later = self._event("after")
                if later:
                    self.queue = later[1:]
                    return later[0]
            return str(words["done"])
        if turn.awaiting == "done" and not self.finished:
            self.finished = True
            finish = [str(m) for m in self.spec.get("finish", [])]
            if finish:
                self.queue = finish[1:]
                return finish[0]
        return None


def _start(spec: dict[str, Any], services: Container) -> tuple[Any, list[str]]:
    """The conversation opened as `assistant chat` opens it, and its first recorded lines."""
    periods = parse_periods(spec["periods"]) if spec.get("periods") else None
    turn = services.engine.start(
        author=spec["author"],
        language=spec["language"],
        title=spec["title"],
        organisation="default",
        periods=periods,
    )
    option = f' --periods "{spec["periods"]}"' if spec.get("periods") else ""
    command = f'$ assistant chat{option} --title "{spec["title"]}" --lang {spec["language"]}'
    return turn, [f"{command} < messages/{spec['name']}.txt", _plain(turn.reply)]


def _send(services: Container, spec: dict[str, Any], turn: Any, message: str, lines: list[str]) -> Any:
    turn = services.engine.handle(turn.plan_id, message, author=spec["author"], language=spec["language"])
    lines += ["", f"> {message}", _plain(turn.reply)]
    return turn


def county(name: str, counties: Path = COUNTIES) -> dict[str, Any]:
    spec = yaml.safe_load(counties.read_text(encoding="utf-8"))["counties"][name]
    return {**spec, "name": name}


def replay(name: str, messages: list[str], services: Container, counties: Path = COUNTIES) -> str:
    """The recorded messages sent again, as they were sent (no reacting): the transcript the chat
    prints now, without the plan id line (compare it with the recorded one)."""
    spec = county(name, counties)
    turn, lines = _start(spec, services)
    for message in messages:
        turn = _send(services, spec, turn, message, lines)
    return "\n".join(lines) + "\n"


def play(name: str, out_dir: Path, counties: Path = COUNTIES) -> str:
    spec = county(name, counties)
    services = Container(Settings(), "offline")
    turn, lines = _start(spec, services)
    player = County(spec)
    sent: list[str] = []
    for _ in range(MAX_TURNS):
        message = player.next_message(turn)
        if message is None or sent[-3:] == [message] * 3:  # a loop: the county gives up (and it shows)
            break
        sent.append(message)
        turn = _send(services, spec, turn, message, lines)
    lines += ["", f"plan id: {turn.plan_id}"]
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / f"{name}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (out_dir / "messages").mkdir(exist_ok=True)
    (out_dir / "messages" / f"{name}.txt").write_text("\n".join(sent) + "\n", encoding="utf-8")
    return str(turn.plan_id)


if __name__ == "__main__":
    print(play(sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]) if len(sys.argv) > 3 else COUNTIES))
