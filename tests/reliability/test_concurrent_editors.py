"""Concurrent editors through the services the app uses, in real parallel processes, on SQLite and
PostgreSQL: two sessions editing the same plan never silently overwrite each other.

tests/storage/test_parallel_processes.py proves this for the raw `PlanStore` (`save` with `expected_version`
between two processes). Here the editors are the drafting chat (`DraftingEngine.handle`) and the plan
page's editing service (`assistant.drafting.edits`), which load the plan, work on it and save it with the
version they loaded. To make every round a real race, each process's store waits for the other process
right after loading the plan (a barrier inside `get`), so both work on the same version; the code under
test (engine, editing service, store) is unchanged.

After the rounds, the revision history is replayed from the initial plan: every change must start from
the value the previous revision left (no change was made on top of stale data), and the replay must give
the stored plan. Every message typed in the chat, the losing ones included, is in the transcript.
"""

from __future__ import annotations

from typing import Any

from assistant.drafting.edits import apply_field_edit
from assistant.drafting.engine import DraftingEngine
from assistant.storage import PlanStore, StoredPlan
from tests.fixtures.plans import full_plan
from tests.storage.processes import run_processes

ROUNDS = 4
EDIT_SECTION, EDIT_FIELD = "nykytila", "nykytilan_kuvaus"


class _RacingStore(PlanStore):
    """A PlanStore whose next `get` waits for the other process after loading (see the module doc)."""

    def __init__(self, url: str, barrier: Any) -> None:
        super().__init__(url)
        self.barrier = barrier
        self.armed = False

    def get(self, plan_id: str) -> StoredPlan:
        stored = super().get(plan_id)
        if self.armed:
            self.armed = False
            self.barrier.wait(timeout=60)
        return stored


def _edit(store: _RacingStore, plan_id: str, name: str, round_: int) -> tuple[str, int, str]:
    """A plan-page edit of one field, on the version the page showed."""
    shown = PlanStore.get(store, plan_id)  # what the page rendered (no barrier)
    store.armed = True
    result = apply_field_edit(
        store,
        plan_id,
        expected_version=shown.version,
        section_key=EDIT_SECTION,
        field_key=EDIT_FIELD,
        value=f"{name} muokkasi kierroksella {round_}",
        author=name,
    )
    assert result.saved != result.conflict, result
    return ("saved" if result.saved else "conflict", result.version, f"edit {round_}")


def _chat(engine: DraftingEngine, plan_id: str, name: str, round_: int) -> tuple[str, int, str]:
    """A chat answer to whatever field the conversation is at."""
    message = f"Pohjanrannan alueen tietojohtaminen ({name}, kierros {round_})"  # fits any field, a name too
    engine.store.armed = True  # type: ignore[attr-defined]
    turn = engine.handle(plan_id, message, author=name)
    if not turn.conflict:
        assert turn.recorded is not None and turn.recorded["value"] == message, turn.reply
    return ("conflict" if turn.conflict else "saved", turn.version, message)


def _chat_worker(url: str, plan_id: str, name: str, barrier: Any, results: Any) -> None:
    with _RacingStore(url, barrier) as store:
        engine = DraftingEngine(store, None)
        for round_ in range(ROUNDS):
            outcome, version, message = _chat(engine, plan_id, name, round_)
            results.put((round_, name, outcome, version, message))
            barrier.wait(timeout=60)


def _mixed_worker(url: str, plan_id: str, name: str, barrier: Any, results: Any) -> None:
    """anna edits on the plan page while bertta answers in the chat."""
    with _RacingStore(url, barrier) as store:
        engine = DraftingEngine(store, None)
        for round_ in range(ROUNDS):
            if name == "anna":
                outcome, version, message = _edit(store, plan_id, name, round_)
            else:
                outcome, version, message = _chat(engine, plan_id, name, round_)
            results.put((round_, name, outcome, version, message))
            barrier.wait(timeout=60)


def _get(data: Any, path: str) -> Any:
    for part in path.strip("/").split("/"):
        data = data[int(part)] if isinstance(data, list) else data[part]
    return data


def _set(data: Any, path: str, value: Any) -> None:
    *parents, last = path.strip("/").split("/")
    for part in parents:
        data = data[int(part)] if isinstance(data, list) else data[part]
    data[int(last) if isinstance(data, list) else last] = value


def _check_exactly_one_wins(results: list[Any]) -> list[str]:
    winners = []
    for round_ in range(ROUNDS):
        outcomes = sorted((r[2], r[3], r[1]) for r in results if r[0] == round_)
        assert [o[0] for o in outcomes] == ["conflict", "saved"], outcomes
        (_, told_version, _), (_, saved_version, winner) = outcomes
        assert told_version == saved_version  # the loser is told the version the winner made
        winners.append(winner)
    return winners


def _check_history(store: PlanStore, plan_id: str, initial: dict[str, Any]) -> None:
    """Replay the revisions: each change starts from the previous revision's value (nothing overwritten
    unseen), and the replay ends at the stored plan."""
    replay = initial
    touched: set[str] = set()
    for revision in store.revisions(plan_id)[1:]:
        for change in revision.changes:
            assert _get(replay, change.path) == change.old, (revision.version, change.path)
            _set(replay, change.path, change.new)
            touched.add(change.path)
    stored = store.get(plan_id).plan.model_dump(mode="json")
    for path in touched:
        assert _get(stored, path) == _get(replay, path), path


def test_two_chat_sessions_on_one_plan_never_overwrite_each_other(db_url: str) -> None:
    with PlanStore(db_url) as store:
        plan_id = DraftingEngine(store, None).start(author="setup").plan_id
        initial = store.get(plan_id)

    results = run_processes(_chat_worker, db_url, plan_id, 2 * ROUNDS)
    winners = _check_exactly_one_wins(results)

    with PlanStore(db_url) as store:
        stored = store.get(plan_id)
        # One revision (and two versions: the engine saves plan and state in one write) per round.
        assert stored.version == initial.version + ROUNDS
        revisions = store.revisions(plan_id)
        assert [r.author for r in revisions[1:]] == winners
        _check_history(store, plan_id, initial.plan.model_dump(mode="json"))
        # The winners' answers are in the plan, each in the field the chat was at.
        values = {c.new for r in revisions[1:] for c in r.changes}
        won = {r[4] for r in results if r[2] == "saved"}
        assert values == won
        # Nothing typed is lost: both sessions' messages, the losing ones too, are in the transcript.
        typed = [m.content for m in store.transcript(plan_id) if m.role == "user"]
        assert sorted(typed) == sorted(r[4] for r in results)
        conflicts = [m for m in store.transcript(plan_id) if m.meta.get("conflict")]
        assert len(conflicts) == ROUNDS


def test_plan_page_edit_and_chat_on_one_plan_never_overwrite_each_other(db_url: str) -> None:
    with PlanStore(db_url) as store:
        plan_id = DraftingEngine(store, None).start(author="setup").plan_id
        # A complete plan under the conversation, so both editors change a valid plan.
        stored = store.get(plan_id)
        plan = full_plan(actions_per_target=1)
        saved = store.save(
            plan_id, plan, expected_version=stored.version, author="setup", summary="tuonti", changes=[]
        )
        initial = saved.plan.model_dump(mode="json")

    results = run_processes(_mixed_worker, db_url, plan_id, 2 * ROUNDS)
    winners = _check_exactly_one_wins(results)

    with PlanStore(db_url) as store:
        revisions = store.revisions(plan_id)
        assert [r.author for r in revisions[2:]] == winners
        _check_history(store, plan_id, initial)
        stored = store.get(plan_id)
        last_edit = [r for r in results if r[1] == "anna" and r[2] == "saved"]
        if last_edit:
            expected = f"anna muokkasi kierroksella {last_edit[-1][0]}"
            assert getattr(getattr(stored.plan, EDIT_SECTION), EDIT_FIELD) == expected
