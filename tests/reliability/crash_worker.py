"""The child process of the SIGKILL tests (tests/reliability/test_crash.py).

    python -m tests.reliability.crash_worker store URL PLAN_ID
    python -m tests.reliability.crash_worker engine URL PLAN_ID [--pause-after N]

`store`: an endless burst of writes through `PlanStore`, cycling `save` (with `expected_version`),
`append_messages` and `save_state`. `engine`: drafting turns through `DraftingEngine.handle`.

Every write is acknowledged on stdout as one JSON line ("ACK {...}"), printed and flushed only AFTER the
call returned: an acknowledged change is one the caller was told is saved. The parent kills this process
with SIGKILL at a point of its choosing and checks that every acknowledged change survived.

The content of each write is a function of the version it creates, so the parent can check the stored
plan against the version it finds: the text field `FIELD` of the plan is "kirjoitus <v>" where <v> is the
version of the last `save`, and the conversation state is {"v": <version>, ...} after every write.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from assistant.storage import PlanStore

SECTION, FIELD = "nykytila", "nykytilan_kuvaus"
PATH = f"/{SECTION}/{FIELD}"
# Padding makes every state write a few kilobytes, so the kill often lands inside a write.
STATE_PAD = "x" * 4000
MAX_WRITES = 100_000  # a runaway bound: the parent kills the process long before


def text_for(version: int) -> str:
    return f"kirjoitus {version}"


def state_for(version: int) -> dict[str, Any]:
    return {"v": version, "pad": STATE_PAD}


def ack(**fields: Any) -> None:
    sys.stdout.write("ACK " + json.dumps(fields) + "\n")
    sys.stdout.flush()


def store_burst(url: str, plan_id: str) -> None:
    with PlanStore(url) as store:
        stored = store.get(plan_id)
        version = stored.version
        plan = stored.plan.model_copy(deep=True)
        batch = len(store.transcript(plan_id)) // 2
        for i in range(MAX_WRITES):
            op = i % 3
            if op == 0:
                section = getattr(plan, SECTION)
                old = getattr(section, FIELD)
                setattr(section, FIELD, text_for(version + 1))
                saved = store.save(
                    plan_id,
                    plan,
                    expected_version=version,
                    author="crash-worker",
                    summary=f"write {version + 1}",
                    changes=[{"path": PATH, "old": old, "new": text_for(version + 1)}],
                    state=state_for(version + 1),
                )
                version = saved.version
                ack(op="save", version=version, text=text_for(version))
            elif op == 1:
                messages = store.append_messages(
                    plan_id,
                    [
                        ("user", f"viesti {batch} a", {"batch": batch}),
                        ("assistant", f"viesti {batch} b", {"batch": batch}),
                    ],
                )
                ack(op="messages", batch=batch, seqs=[m.seq for m in messages])
                batch += 1
            else:
                version = store.save_state(plan_id, state_for(version + 1), expected_version=version)
                ack(op="state", version=version)


def engine_turns(url: str, plan_id: str, pause_after: int | None) -> None:
    from assistant.drafting.engine import DraftingEngine

    with PlanStore(url) as store:
        engine = DraftingEngine(store, None)
        turn = engine.resume(plan_id)
        n = 0
        while turn.awaiting != "done" and n < MAX_WRITES:
            if turn.awaiting == "field":
                message = f"Pohjanrannan alueen tietojohtaminen (vastaus {n})"  # fits any field, a name too
            elif turn.awaiting == "assessment":
                message = "ohita"
            else:  # no knowledge base, so no proposals: move on to the next target
                message = "valmis"
            turn = engine.handle(plan_id, message, author="crash-worker")
            n += 1
            ack(
                op="turn",
                n=n,
                message=message,
                version=turn.version,
                reply=turn.reply,
                recorded=turn.recorded,
                conflict=turn.conflict,
            )
            if pause_after is not None and n >= pause_after:
                sys.stdin.readline()  # wait here until the parent kills us
        ack(op="done", n=n)
        sys.stdin.readline()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["store", "engine"])
    parser.add_argument("url")
    parser.add_argument("plan_id")
    parser.add_argument("--pause-after", type=int, default=None)
    args = parser.parse_args()
    if args.mode == "store":
        store_burst(args.url, args.plan_id)
    else:
        engine_turns(args.url, args.plan_id, args.pause_after)


if __name__ == "__main__":
    main()
