"""Data safety: a process killed with SIGKILL in the middle of a burst of writes loses nothing it
acknowledged, and leaves a consistent database (SQLite file and PostgreSQL).

A child process (tests/reliability/crash_worker.py) writes through `PlanStore` (or drives the drafting
engine) and acknowledges each change on a pipe only after the call returned. The parent kills it at a
reproducible pseudo-random point, reopens the database the way a restarted app would, and checks:

- the database opens and passes its integrity checks (SQLite: `PRAGMA integrity_check`, foreign keys);
- every acknowledged change is present: the plan's version is at least the last acknowledged one (and at
  most one further, unacknowledged write committed just before the kill), every acknowledged revision row
  exists with its content, every acknowledged message is in the transcript;
- the plan row is internally consistent (its data, its conversation state and its version were written
  together), it reads back with the template's model and validates;
- the revisions form an unbroken chain of changes and the transcript's seqs are contiguous;
- after the restart, writing continues from where the database is (the next child starts there).
"""

from __future__ import annotations

import os
import queue
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import make_url

from assistant.drafting.engine import DraftingEngine
from assistant.storage import PlanStore
from assistant.template.validator import validate_plan
from tests.fixtures.plans import full_plan
from tests.reliability.crash_worker import FIELD, PATH, SECTION, text_for

ROOT = Path(__file__).resolve().parents[2]
ACK_TIMEOUT_S = 60.0
SEED = 20240607
ROUNDS = 4  # kill points per backend, on the same database (kill, restart, continue, kill, ...)


@dataclass
class Killed:
    """What a killed child acknowledged (including acks still in the pipe when it died)."""

    acks: list[dict[str, Any]] = field(default_factory=list)
    stderr: str = ""


def _reader(stream: Any, lines: queue.Queue[str | None]) -> None:
    for line in iter(stream.readline, ""):
        lines.put(line)
    lines.put(None)


def run_and_kill(args: list[str], kill_after: int, delay_s: float) -> Killed:
    """Start the worker, wait for `kill_after` acknowledgements, wait `delay_s`, SIGKILL it."""
    import json

    command = [sys.executable, "-m", "tests.reliability.crash_worker", *args]
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "LLM_MODEL": ""}
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )
    lines: queue.Queue[str | None] = queue.Queue()
    threading.Thread(target=_reader, args=(process.stdout, lines), daemon=True).start()
    result = Killed()
    try:
        while len(result.acks) < kill_after:
            try:
                line = lines.get(timeout=ACK_TIMEOUT_S)
            except queue.Empty:
                pytest.fail(f"no acknowledgement from the worker in {ACK_TIMEOUT_S:.0f} s")
            if line is None:
                process.wait(timeout=30)
                stderr = process.stderr.read() if process.stderr else ""
                pytest.fail(f"the worker exited ({process.returncode}) before the kill:\n{stderr[-3000:]}")
            if line.startswith("ACK "):
                result.acks.append(json.loads(line[4:]))
        if delay_s:
            time.sleep(delay_s)
        os.kill(process.pid, signal.SIGKILL)
        assert process.wait(timeout=30) == -signal.SIGKILL
        # Acknowledgements written before the kill but not yet read count too.
        while (line := lines.get(timeout=30)) is not None:
            if line.startswith("ACK "):
                result.acks.append(json.loads(line[4:]))
        result.stderr = process.stderr.read() if process.stderr else ""
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=30)
        for stream in (process.stdin, process.stdout, process.stderr):
            if stream is not None:
                stream.close()
    return result


def check_integrity(url: str) -> None:
    """The database file itself is sound (SQLite); PostgreSQL's own crash safety is not ours to test,
    but its data is checked like SQLite's by the callers."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return
    # A plain sqlite3 connection, like any other tool opening the file after the crash (WAL recovery).
    connection = sqlite3.connect(parsed.database or "")
    try:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        connection.close()


@pytest.fixture
def crash_plan(db_url: str) -> Iterator[tuple[str, str]]:
    with PlanStore(db_url) as store:
        plan = full_plan(actions_per_target=3)  # about 70 kB of JSON per save: kills land inside writes
        created = store.create(plan, author="setup", state={"v": 1})
    yield db_url, created.id


def _check_store_round(url: str, plan_id: str, all_acks: list[dict[str, Any]], initial_text: str) -> int:
    """Reopen after the kill and check every invariant; returns the stored version."""
    check_integrity(url)
    with PlanStore(url) as store:  # the restart
        stored = store.get(plan_id)  # reads back with the template's Plan model
        report = validate_plan(stored.plan)
        assert report.valid, [f.to_json_dict() for f in report.findings if f.severity == "error"][:3]

        versions = [a["version"] for a in all_acks if a["op"] in ("save", "state")]
        last_acked = max(versions, default=1)
        # Every acknowledged write is there; at most one more write (committed, killed before its ack).
        assert last_acked <= stored.version <= last_acked + 1, (last_acked, stored.version)
        # Data, state and version of the plan row were written together.
        assert stored.state["v"] == stored.version

        revisions = store.revisions(plan_id)
        assert [r.version for r in revisions] == sorted({r.version for r in revisions})
        assert revisions[0].summary == "created"
        previous = initial_text
        for revision in revisions[1:]:
            # An unbroken chain: each change starts from what the previous one wrote.
            assert revision.summary == f"write {revision.version}"
            assert [c.model_dump() for c in revision.changes] == [
                {"path": PATH, "old": previous, "new": text_for(revision.version)}
            ]
            previous = text_for(revision.version)
        assert getattr(getattr(stored.plan, SECTION), FIELD) == previous
        acked_saves = {a["version"] for a in all_acks if a["op"] == "save"}
        assert acked_saves <= {r.version for r in revisions}
        for ack in all_acks:
            if ack["op"] == "save":
                assert text_for(ack["version"]) == ack["text"]

        transcript = store.transcript(plan_id)
        assert [m.seq for m in transcript] == list(range(1, len(transcript) + 1))
        assert len(transcript) % 2 == 0  # a batch of two messages is written whole or not at all
        for seq0 in range(0, len(transcript), 2):
            batch = seq0 // 2
            pair = transcript[seq0 : seq0 + 2]
            assert [(m.role, m.content, m.meta) for m in pair] == [
                ("user", f"viesti {batch} a", {"batch": batch}),
                ("assistant", f"viesti {batch} b", {"batch": batch}),
            ]
        acked_batches = [a["batch"] for a in all_acks if a["op"] == "messages"]
        for ack in all_acks:
            if ack["op"] == "messages":
                assert ack["seqs"] == [2 * ack["batch"] + 1, 2 * ack["batch"] + 2]
        stored_batches = len(transcript) // 2
        assert max(acked_batches, default=-1) < stored_batches <= max(acked_batches, default=-1) + 2
        return stored.version


def test_sigkill_in_a_burst_of_plan_writes_loses_no_acknowledged_change(
    crash_plan: tuple[str, str],
) -> None:
    url, plan_id = crash_plan
    with PlanStore(url) as store:
        initial_text = getattr(getattr(store.get(plan_id).plan, SECTION), FIELD)
    rng = random.Random(SEED)
    all_acks: list[dict[str, Any]] = []
    version = 1
    for _round in range(ROUNDS):
        kill_after = rng.randint(3, 45)
        delay_s = rng.choice([0.0, rng.uniform(0.0, 0.004)])
        killed = run_and_kill(["store", url, plan_id], kill_after, delay_s)
        assert len(killed.acks) >= kill_after
        assert "Traceback" not in killed.stderr, killed.stderr[-3000:]
        all_acks += killed.acks
        new_version = _check_store_round(url, plan_id, all_acks, initial_text)
        assert new_version > version  # the restarted worker continued from the stored state
        version = new_version


def _pointer(data: Any, path: str) -> Any:
    for part in path.strip("/").split("/"):
        data = data[int(part)] if isinstance(data, list) else data[part]
    return data


def test_sigkill_right_after_an_engine_turn_keeps_the_recorded_answer(db_url: str) -> None:
    with PlanStore(db_url) as store:
        start = DraftingEngine(store, None).start(author="setup", language="fi")
        plan_id = start.plan_id
        transcript_start = [m.content for m in store.transcript(plan_id)]
    assert transcript_start == [start.reply]

    turns: list[dict[str, Any]] = []
    for pause_after in (4, 9):
        # The worker answers, acknowledges the returned turn and waits; the kill comes right after.
        args = ["engine", db_url, plan_id, "--pause-after", str(pause_after)]
        killed = run_and_kill(args, pause_after, 0.0)
        assert [a["n"] for a in killed.acks] == list(range(1, pause_after + 1))
        turns += killed.acks
        check_integrity(db_url)
        with PlanStore(db_url) as store:
            stored = store.get(plan_id)
            assert stored.version == turns[-1]["version"]
            assert not any(t["conflict"] for t in turns)
            # Every returned turn is in the transcript: the user's message and the reply, in order.
            transcript = store.transcript(plan_id)
            assert [m.seq for m in transcript] == list(range(1, len(transcript) + 1))
            expected = [("assistant", start.reply)]
            for turn in turns:
                expected += [("user", turn["message"]), ("assistant", turn["reply"])]
            assert [(m.role, m.content) for m in transcript] == expected
            # Every answer the engine said it recorded is in the plan.
            data = stored.plan.model_dump(mode="json")
            recorded = [t["recorded"] for t in turns if t["recorded"]]
            assert len(recorded) >= min(pause_after, 3)
            for item in recorded:
                assert _pointer(data, item["path"]) == item["value"]
            revisions = store.revisions(plan_id)
            assert {c.path for r in revisions for c in r.changes} >= {item["path"] for item in recorded}
