"""PlanStore on SQLite and on a real PostgreSQL: round trips, revisions, optimistic concurrency (also
between real parallel processes), conversation state and transcripts, corrupt rows and unknown ids."""

from __future__ import annotations

import multiprocessing
import queue
import time
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel
from sqlalchemy import func, select, text, update

from assistant.i18n import LANGUAGES
from assistant.settings import Settings
from assistant.storage import (
    ConflictError,
    CorruptPlanError,
    PlanNotFoundError,
    PlanStore,
    StoredPlan,
)
from assistant.storage.db import SCHEMA_VERSION
from assistant.storage.tables import MessageRow, PlanRow, RevisionRow, SchemaVersion
from assistant.template.models import new_plan
from tests.fixtures.plans import example_plan


def url_of(store: PlanStore) -> str:
    return store.engine.url.render_as_string(hide_password=False)


def count(store: PlanStore, table: type[Any], plan_id: str) -> int:
    with store.engine.connect() as conn:
        column = table.id if table is PlanRow else table.plan_id
        return int(
            conn.execute(select(func.count()).select_from(table).where(column == plan_id)).scalar_one()
        )


# --- plans ---------------------------------------------------------------------------------------------


def test_create_and_get_round_trip(store: PlanStore) -> None:
    plan = example_plan()
    state = {"section": "3.4", "pending": [{"target": "Tietoarkkitehtuuri", "n": 2}], "done": False}
    created = store.create(plan, author="anna", organisation="pirkanmaa", state=state)

    assert created.version == 1
    assert len(created.id) == 32 and int(created.id, 16) >= 0
    assert (created.title, created.region) == (plan.meta.title, plan.meta.region)  # type: ignore[attr-defined]
    assert created.organisation == "pirkanmaa" and created.created_by == "anna"
    assert created.created_at == created.updated_at and created.created_at.tzinfo is not None

    loaded = store.get(created.id)
    assert loaded.plan == plan
    assert loaded.plan.model_dump(mode="json") == plan.model_dump(mode="json")
    assert loaded.state == state
    assert loaded.model_dump() == created.model_dump()

    # Resume from another store (another app instance) on the same database.
    with PlanStore(url_of(store)) as other:
        assert other.get(created.id).plan == plan

    (revision,) = store.revisions(created.id)
    assert (revision.version, revision.author, revision.summary, revision.changes) == (
        1,
        "anna",
        "created",
        [],
    )


def test_stored_plan_is_a_copy_not_the_callers_object(store: PlanStore) -> None:
    plan = new_plan(title="Alkuperäinen")
    created = store.create(plan, author="a")
    plan.meta.title = "Muutettu paikallisesti"  # type: ignore[attr-defined]
    assert created.plan.meta.title == "Alkuperäinen"  # type: ignore[attr-defined]
    assert store.get(created.id).title == "Alkuperäinen"


def test_list_is_newest_first_and_filters_by_organisation(store: PlanStore) -> None:
    a = store.create(new_plan(title="A", region="Pirkanmaa"), author="x", organisation="pirkanmaa")
    time.sleep(0.002)
    b = store.create(new_plan(title="B", region="Lappi"), author="x", organisation="lappi")
    time.sleep(0.002)
    c = store.create(new_plan(title="C", region="Pirkanmaa"), author="x", organisation="pirkanmaa")
    assert [s.id for s in store.list()] == [c.id, b.id, a.id]

    time.sleep(0.002)
    store.save(
        a.id,
        new_plan(title="A2", region="Pirkanmaa"),
        expected_version=1,
        author="y",
        summary="s",
        changes=[],
    )
    summaries = store.list()
    assert [s.id for s in summaries] == [a.id, c.id, b.id]
    assert (summaries[0].title, summaries[0].region, summaries[0].version) == ("A2", "Pirkanmaa", 2)
    assert [s.id for s in store.list("pirkanmaa")] == [a.id, c.id]
    assert [s.id for s in store.list("lappi")] == [b.id]
    assert store.list("kainuu") == []


def test_save_increments_version_and_records_the_revision(store: PlanStore) -> None:
    created = store.create(new_plan(title="Suunnitelma", region="Kainuu"), author="anna")
    plan = created.plan.model_copy(deep=True)
    plan.meta.title = "Kainuun tietojohtamisen kehittämissuunnitelma"  # type: ignore[attr-defined]
    plan.kuvaus.sote_maakunta = "Tausta kirjoitettu."  # type: ignore[attr-defined]
    changes = [
        {"path": "/meta/title", "old": "Suunnitelma", "new": plan.meta.title},  # type: ignore[attr-defined]
        {"path": "/kuvaus/sote_maakunta", "old": "", "new": "Tausta kirjoitettu."},
    ]
    saved = store.save(
        created.id, plan, expected_version=1, author="bertta", summary="Otsikko ja tausta", changes=changes
    )

    assert saved.version == 2
    assert saved.title == "Kainuun tietojohtamisen kehittämissuunnitelma"
    assert saved.updated_at > created.updated_at and saved.created_at == created.created_at
    assert saved.state == {}  # state untouched when not given
    loaded = store.get(created.id)
    assert loaded.version == 2 and loaded.plan == plan and loaded.title == saved.title

    revisions = store.revisions(created.id)
    assert [r.version for r in revisions] == [1, 2]
    latest = revisions[-1]
    assert (latest.author, latest.summary) == ("bertta", "Otsikko ja tausta")
    assert [c.model_dump() for c in latest.changes] == changes
    assert latest.at == saved.updated_at


def test_save_validates_before_writing(store: PlanStore) -> None:
    created = store.create(new_plan(title="T"), author="a")

    class NotAPlan(BaseModel):
        title: str = "x"

    with pytest.raises(ValueError):
        store.save(created.id, NotAPlan(), expected_version=1, author="a", summary="s", changes=[])
    with pytest.raises(ValueError):
        store.save(
            created.id, created.plan, expected_version=1, author="a", summary="s", changes=[{"pth": "/x"}]
        )
    assert store.get(created.id).version == 1
    assert len(store.revisions(created.id)) == 1


def test_stale_save_is_a_conflict_and_overwrites_nothing(store: PlanStore) -> None:
    created = store.create(new_plan(title="Alku"), author="anna")
    # Two editors open the same version.
    first = store.get(created.id)
    second = store.get(created.id)

    mine = first.plan.model_copy(deep=True)
    mine.meta.title = "Annan otsikko"  # type: ignore[attr-defined]
    store.save(
        created.id,
        mine,
        expected_version=first.version,
        author="anna",
        summary="otsikko",
        changes=[{"path": "/meta/title", "old": "Alku", "new": "Annan otsikko"}],
        state={"by": "anna"},
    )

    theirs = second.plan.model_copy(deep=True)
    theirs.meta.title = "Bertan otsikko"  # type: ignore[attr-defined]
    with pytest.raises(ConflictError) as info:
        store.save(
            created.id,
            theirs,
            expected_version=second.version,
            author="bertta",
            summary="otsikko",
            changes=[{"path": "/meta/title", "old": "Alku", "new": "Bertan otsikko"}],
            state={"by": "bertta"},
        )
    error = info.value
    assert (error.plan_id, error.expected_version, error.current_version) == (created.id, 1, 2)
    messages = {lang: error.message(lang) for lang in LANGUAGES}
    assert len(set(messages.values())) == 3
    for message in messages.values():
        assert "1" in message and "2" in message and "{" not in message
    assert "Lataa suunnitelma uudelleen" in messages["fi"]
    assert "Ladda om planen" in messages["sv"]
    assert "Reload the plan" in messages["en"]

    # Nothing was overwritten: the first writer's plan, state and revision stand.
    stored = store.get(created.id)
    assert stored.plan == mine and stored.title == "Annan otsikko" and stored.state == {"by": "anna"}
    assert stored.version == 2
    assert [r.author for r in store.revisions(created.id)] == ["anna", "anna"]

    # The loser reloads and saves on top of the winner's change.
    reloaded = store.get(created.id)
    theirs = reloaded.plan.model_copy(deep=True)
    theirs.kuvaus.sote_maakunta = "Bertan tausta"  # type: ignore[attr-defined]
    saved = store.save(
        created.id, theirs, expected_version=reloaded.version, author="bertta", summary="tausta", changes=[]
    )
    assert saved.version == 3
    assert saved.plan.meta.title == "Annan otsikko"  # type: ignore[attr-defined]
    assert saved.plan.kuvaus.sote_maakunta == "Bertan tausta"  # type: ignore[attr-defined]
    assert [(r.version, r.author) for r in store.revisions(created.id)] == [
        (1, "anna"),
        (2, "anna"),
        (3, "bertta"),
    ]


def test_version_from_the_future_is_a_conflict_too(store: PlanStore) -> None:
    created = store.create(new_plan(), author="a")
    with pytest.raises(ConflictError) as info:
        store.save(created.id, created.plan, expected_version=5, author="a", summary="s", changes=[])
    assert info.value.current_version == 1
    assert store.get(created.id).version == 1


def test_state_round_trip_and_its_version_check(store: PlanStore) -> None:
    created = store.create(new_plan(), author="a", state={"step": 1})
    version = store.save_state(created.id, {"step": 2, "answers": {"3.1": "kyllä"}}, expected_version=1)
    assert version == 2
    loaded = store.get(created.id)
    assert loaded.state == {"step": 2, "answers": {"3.1": "kyllä"}}
    assert loaded.version == 2
    # A state write is no plan change: no revision.
    assert [r.version for r in store.revisions(created.id)] == [1]

    # A stale session can overwrite neither the state nor the plan.
    with pytest.raises(ConflictError) as info:
        store.save_state(created.id, {"step": 99}, expected_version=1)
    assert info.value.current_version == 2
    with pytest.raises(ConflictError):
        store.save(created.id, created.plan, expected_version=1, author="b", summary="s", changes=[])
    assert store.get(created.id).state == {"step": 2, "answers": {"3.1": "kyllä"}}

    # The current version saves, and `save` may replace the state at the same time.
    saved = store.save(
        created.id, loaded.plan, expected_version=2, author="a", summary="s", changes=[], state={}
    )
    assert saved.version == 3 and saved.state == {} and store.get(created.id).state == {}
    assert [r.version for r in store.revisions(created.id)] == [1, 3]


def test_transcript_is_ordered_and_survives_a_failed_save(store: PlanStore) -> None:
    created = store.create(new_plan(), author="anna")
    first = store.append_messages(
        created.id,
        [("system", "Tervetuloa", {}), ("user", "Aloitetaan kohdasta 3.1", {"section": "3.1"})],
    )
    assert [m.seq for m in first] == [1, 2]
    store.save(created.id, created.plan, expected_version=1, author="bertta", summary="s", changes=[])

    # Anna's save fails, but what she typed is kept.
    store.append_messages(created.id, [("user", "Tavoitteena on yhtenäinen tietopohja.", {"draft": True})])
    with pytest.raises(ConflictError):
        store.save(created.id, created.plan, expected_version=1, author="anna", summary="s", changes=[])
    store.append_messages(created.id, [("assistant", "Suunnitelmaa on muutettu, lataa se uudelleen.", {})])

    transcript = store.transcript(created.id)
    assert [(m.seq, m.role, m.content) for m in transcript] == [
        (1, "system", "Tervetuloa"),
        (2, "user", "Aloitetaan kohdasta 3.1"),
        (3, "user", "Tavoitteena on yhtenäinen tietopohja."),
        (4, "assistant", "Suunnitelmaa on muutettu, lataa se uudelleen."),
    ]
    assert transcript[1].meta == {"section": "3.1"} and transcript[2].meta == {"draft": True}
    assert all(m.at.tzinfo is not None for m in transcript)
    assert [m.seq for m in store.transcript(created.id, limit=2)] == [3, 4]
    assert store.transcript(created.id, limit=0) == []
    assert len(store.transcript(created.id, limit=100)) == 4
    # Messages do not touch the plan's version.
    assert store.get(created.id).version == 2

    with pytest.raises(ValueError, match="role"):
        store.append_messages(created.id, [("robot", "x", {})])
    assert len(store.transcript(created.id)) == 4


def test_transcripts_are_per_plan(store: PlanStore) -> None:
    a = store.create(new_plan(), author="x")
    b = store.create(new_plan(), author="x")
    store.append_messages(a.id, [("user", "a1", {})])
    store.append_messages(b.id, [("user", "b1", {}), ("user", "b2", {})])
    store.append_messages(a.id, [("user", "a2", {})])
    assert [(m.seq, m.content) for m in store.transcript(a.id)] == [(1, "a1"), (2, "a2")]
    assert [(m.seq, m.content) for m in store.transcript(b.id)] == [(1, "b1"), (2, "b2")]


def test_corrupt_data_row_gives_corrupt_plan_error(store: PlanStore) -> None:
    created = store.create(new_plan(title="T"), author="a")
    with store.engine.begin() as conn:
        conn.execute(
            update(PlanRow)
            .where(PlanRow.id == created.id)
            .values(data={"meta": {"title": 5}, "tuntematon": 1})
        )
    with pytest.raises(CorruptPlanError) as info:
        store.get(created.id)
    assert info.value.plan_id == created.id
    assert created.id in info.value.message("fi") and "mallipohjaa" in info.value.message("fi")
    assert "meta" in info.value.detail
    # The summary list and the transcript still work; the row can be deleted.
    assert [s.id for s in store.list()] == [created.id]
    store.delete(created.id)


def test_unparseable_json_gives_corrupt_plan_error_on_sqlite(tmp_path: Path) -> None:
    with PlanStore(f"sqlite:///{tmp_path / 'plans.sqlite3'}") as store:
        created = store.create(new_plan(), author="a")
        with store.engine.begin() as conn:
            conn.execute(text("UPDATE plans SET data = '{not json' WHERE id = :id"), {"id": created.id})
        with pytest.raises(CorruptPlanError, match="invalid JSON"):
            store.get(created.id)


def test_unknown_id_is_plan_not_found(store: PlanStore) -> None:
    plan = new_plan()
    missing = "0" * 32
    calls = [
        lambda: store.get(missing),
        lambda: store.save(missing, plan, expected_version=1, author="a", summary="s", changes=[]),
        lambda: store.save_state(missing, {}, expected_version=1),
        lambda: store.append_messages(missing, [("user", "x", {})]),
        lambda: store.transcript(missing),
        lambda: store.revisions(missing),
        lambda: store.delete(missing),
    ]
    for call in calls:
        with pytest.raises(PlanNotFoundError) as info:
            call()
        assert info.value.plan_id == missing
    assert missing in info.value.message("sv")


def test_delete_removes_plan_revisions_and_transcript(store: PlanStore) -> None:
    keep = store.create(new_plan(title="keep"), author="a")
    gone = store.create(new_plan(title="gone"), author="a")
    store.save(gone.id, gone.plan, expected_version=1, author="a", summary="s", changes=[])
    store.append_messages(gone.id, [("user", "x", {})])
    store.append_messages(keep.id, [("user", "y", {})])

    store.delete(gone.id)
    with pytest.raises(PlanNotFoundError):
        store.get(gone.id)
    assert [count(store, t, gone.id) for t in (PlanRow, RevisionRow, MessageRow)] == [0, 0, 0]
    assert [count(store, t, keep.id) for t in (PlanRow, RevisionRow, MessageRow)] == [1, 1, 1]
    assert [s.id for s in store.list()] == [keep.id]


def test_schema_version_is_recorded_once(store: PlanStore) -> None:
    PlanStore(store.engine)  # opening again is harmless
    with store.engine.connect() as conn:
        assert conn.execute(select(SchemaVersion.id, SchemaVersion.version)).all() == [(1, SCHEMA_VERSION)]


def test_sqlite_pragmas(tmp_path: Path) -> None:
    with PlanStore(f"sqlite:///{tmp_path / 'plans.sqlite3'}") as store, store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert int(conn.exec_driver_sql("PRAGMA busy_timeout").scalar() or 0) > 0


def test_settings_choose_the_database(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", _env_file=None)  # type: ignore[call-arg]
    assert settings.effective_database_url == f"sqlite:///{(tmp_path / 'data' / 'plans.sqlite3').resolve()}"
    with PlanStore.from_settings(settings) as store:
        plan_id = store.create(new_plan(title="x"), author="a").id
    assert (tmp_path / "data" / "plans.sqlite3").is_file()
    with PlanStore.from_settings(settings) as store:
        assert store.get(plan_id).title == "x"

    url = "postgresql+psycopg://assistant@db.example.fi:5432/plans"
    other = Settings(data_dir=tmp_path, database_url=url, _env_file=None)  # type: ignore[call-arg]
    assert other.effective_database_url == url


# --- real parallel processes ---------------------------------------------------------------------------

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


def _run_processes(target: Any, url: str, plan_id: str, expected_results: int) -> list[Any]:
    """Run `target` in two spawned processes; their results, failing fast if one of them dies."""
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(2)
    results = context.Queue()
    processes = [
        context.Process(target=target, args=(url, plan_id, name, barrier, results))
        for name in ("anna", "bertta")
    ]
    for process in processes:
        process.start()
    collected: list[Any] = []
    deadline = time.monotonic() + 180
    try:
        while len(collected) < expected_results and time.monotonic() < deadline:
            try:
                collected.append(results.get(timeout=0.5))
            except queue.Empty:
                failed = [p.exitcode for p in processes if p.exitcode not in (None, 0)]
                assert not failed, f"a worker process failed (exit codes {failed})"
        for process in processes:
            process.join(timeout=60)
            assert process.exitcode == 0
    finally:
        for process in processes:
            if process.is_alive():
                process.kill()
    assert len(collected) == expected_results, collected
    return collected


def test_parallel_processes_exactly_one_save_wins(store: PlanStore) -> None:
    created = store.create(new_plan(title="alku"), author="setup")
    results = _run_processes(_save_worker, url_of(store), created.id, 2 * ROUNDS)

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
    assert sorted(_run_processes(_append_worker, url_of(store), created.id, 2)) == ["anna", "bertta"]

    transcript = store.transcript(created.id)
    assert [m.seq for m in transcript] == list(range(1, 41))
    for name in ("anna", "bertta"):
        assert [m.content for m in transcript if m.meta["by"] == name] == [f"{name} {i}" for i in range(20)]


def test_stored_plan_serialises_the_whole_plan(store: PlanStore) -> None:
    plan = example_plan()
    stored = store.create(plan, author="a")
    dumped = stored.model_dump(mode="json")
    assert dumped["plan"] == plan.model_dump(mode="json")
    assert StoredPlan.model_validate_json(stored.model_dump_json()).id == stored.id
