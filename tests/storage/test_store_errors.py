"""PlanStore's errors on SQLite and on a real PostgreSQL: a corrupt or unparseable data row is a
CorruptPlanError, an unknown id a PlanNotFoundError, each with a message naming the plan."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text, update

from assistant.storage import CorruptPlanError, PlanNotFoundError, PlanStore
from assistant.storage.tables import PlanRow
from assistant.template.models import new_plan


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
