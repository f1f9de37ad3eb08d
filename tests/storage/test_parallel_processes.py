"""PlanStore's optimistic concurrency between real parallel processes, on SQLite and on a real PostgreSQL:
of two saves on the same version exactly one wins, and parallel appends keep every message in order."""

from __future__ import annotations

from typing import Any

from assistant.storage import ConflictError, PlanStore
from assistant.template.models import new_plan
from tests.storage.backends import url_of
from tests.storage.processes import run_processes

ROUNDS = 4


def _save_worker(url: str, plan_id: str, name: str, barrier: Any, results: Any) -> None:
    """Each round: load the plan, wait for the other process, then save a change on the loaded version."""
    with PlanStore(url) as store:
        for round_ in range(ROUNDS):
            loaded = store.get(plan_id)
            plan = loaded.plan.model_copy(deep=True)
            plan.meta.title = f"{name} {round_}"  # type: ignore[attr-defined]
            barrier.wait(timeout=30)
            try:
                saved = store.save(
                    plan_id,
                    plan,
                    expected_version=loaded.version,
                    author=name,
                    summary=f"round {round_}",
                    changes=[{"path": "/meta/title", "old": loaded.title, "new": plan.meta.title}],  # type: ignore[attr-defined]
                )
                results.put((round_, name, "saved", saved.version))
            except ConflictError as exc:
                results.put((round_, name, "conflict", exc.current_version))
            barrier.wait(timeout=30)


def _append_worker(url: str, plan_id: str, name: str, barrier: Any, results: Any) -> None:
    with PlanStore(url) as store:
        barrier.wait(timeout=30)
        for i in range(20):
            store.append_messages(plan_id, [("user", f"{name} {i}", {"by": name})])
        results.put(name)


def test_parallel_processes_exactly_one_save_wins(store: PlanStore) -> None:
    created = store.create(new_plan(title="alku"), author="setup")
    results = run_processes(_save_worker, url_of(store), created.id, 2 * ROUNDS)

    winners: list[str] = []
    for round_ in range(ROUNDS):
        outcomes = sorted((r[2], r[3], r[1]) for r in results if r[0] == round_)
        assert [o[0] for o in outcomes] == ["conflict", "saved"], outcomes
        (_, conflict_current, _), (_, saved_version, winner) = outcomes
        # Both loaded version round+1; the winner made it round+2 and the loser was told so.
        assert saved_version == conflict_current == round_ + 2
        winners.append(winner)

    stored = store.get(created.id)
    assert stored.version == ROUNDS + 1
    assert stored.title == f"{winners[-1]} {ROUNDS - 1}"
    revisions = store.revisions(created.id)
    assert [r.version for r in revisions] == list(range(1, ROUNDS + 2))
    assert [r.author for r in revisions[1:]] == winners


def test_parallel_appends_keep_every_message_in_order(store: PlanStore) -> None:
    created = store.create(new_plan(), author="setup")
    assert sorted(run_processes(_append_worker, url_of(store), created.id, 2)) == ["anna", "bertta"]

    transcript = store.transcript(created.id)
    assert [m.seq for m in transcript] == list(range(1, 41))
    for name in ("anna", "bertta"):
        assert [m.content for m in transcript if m.meta["by"] == name] == [f"{name} {i}" for i in range(20)]
