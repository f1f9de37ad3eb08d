"""A plan stored before a text limit existed: read, kept, editable, reported until shortened."""

from __future__ import annotations

import pytest
from pydantic import ValidationError
from sqlalchemy import update

from assistant.export.gate import ExportRefused, check_plan
from assistant.storage import PlanStore
from assistant.storage.tables import PlanRow
from assistant.template.models import LIMITS, new_plan
from assistant.template.validator import validate_plan

LONG = ("pitkä teksti " * (LIMITS.field_chars // 10)).strip()  # over the field limit


@pytest.fixture
def store(tmp_path):
    with PlanStore(f"sqlite:///{tmp_path / 'plans.sqlite3'}") as s:
        yield s


def _old_plan(store: PlanStore) -> str:
    """A plan whose 3.3 text was written before the field limit (straight into the row, as an old
    version of the app could)."""
    stored = store.create(new_plan(title="Vanha"), author="t")
    data = stored.plan.model_dump(mode="json")
    section = next(k for k, v in data.items() if isinstance(v, dict) and "kuvaus_suhteessa_nykytilaan" in v)
    data[section]["kuvaus_suhteessa_nykytilaan"] = LONG
    with store._session() as session, session.begin():
        session.execute(update(PlanRow).where(PlanRow.id == stored.id).values(data=data))
    return stored.id


def test_an_over_limit_text_stored_before_the_limit_is_read_whole(store):
    plan_id = _old_plan(store)
    stored = store.get(plan_id)
    assert len(stored.plan.model_dump_json()) > len(LONG)
    texts = [v for part in stored.plan.model_dump().values() if isinstance(part, dict) for v in part.values()]
    assert LONG in texts


def test_the_validator_names_it_and_blocks_export(store):
    stored = store.get(_old_plan(store))
    report = validate_plan(stored.plan, language="fi")
    too_long = [f for f in report.findings if f.code == "too_long"]
    assert len(too_long) == 1 and too_long[0].severity == "error"
    assert too_long[0].params["limit"] == LIMITS.field_chars
    assert too_long[0].params["length"] == len(LONG)
    assert "3.3" in too_long[0].message and "/" not in too_long[0].message  # named in words, no JSON path
    with pytest.raises(ExportRefused):
        check_plan(stored.plan, language="fi")


def test_other_edits_save_and_keep_the_long_text(store):
    stored = store.get(_old_plan(store))
    stored.plan.meta.title = "Uusi nimi"
    saved = store.save(
        stored.id, stored.plan, expected_version=stored.version, author="t", summary="title", changes=[]
    )
    assert saved.plan.meta.title == "Uusi nimi"
    assert LONG in saved.plan.model_dump_json()


def test_a_new_over_limit_text_is_still_refused(store):
    stored = store.get(_old_plan(store))
    with pytest.raises(ValidationError):
        stored.plan.meta.region = "x" * (LIMITS.region_chars + 1)
    data = stored.plan.model_dump(mode="json")
    data["meta"]["region"] = "x" * (LIMITS.region_chars + 1)
    changed = type(stored.plan).model_validate(data, context={"stored_plan": True})
    with pytest.raises(ValidationError):
        store.save(stored.id, changed, expected_version=stored.version, author="t", summary="x", changes=[])
    assert store.get(stored.id).plan.meta.region == ""
