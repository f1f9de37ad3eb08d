"""PlanStore on SQLite and on a real PostgreSQL: round trips, the plan list, revisions, optimistic
concurrency (a stale save is a conflict and overwrites nothing), conversation state and deleting a plan."""

from __future__ import annotations

import time
from typing import Any

import pytest
from pydantic import BaseModel
from sqlalchemy import func, select

from assistant.i18n import LANGUAGES
from assistant.storage import ConflictError, PlanNotFoundError, PlanStore, StoredPlan
from assistant.storage.tables import MessageRow, PlanRow, RevisionRow
from assistant.template.models import new_plan
from tests.fixtures.plans import example_plan
from tests.storage.backends import url_of


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


def test_stored_plan_serialises_the_whole_plan(store: PlanStore) -> None:
    plan = example_plan()
    stored = store.create(plan, author="a")
    dumped = stored.model_dump(mode="json")
    assert dumped["plan"] == plan.model_dump(mode="json")
    assert StoredPlan.model_validate_json(stored.model_dump_json()).id == stored.id
