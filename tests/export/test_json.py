"""The JSON export is the plan exactly as the schema: nothing added, nothing lost, a draft too."""

from __future__ import annotations

import json

import jsonschema

from assistant.template.models import plan_json_schema, plan_model
from assistant.template.validator import validate_plan
from tests.export.conftest import export
from tests.fixtures.plans import example_plan, full_plan


def test_json_is_the_schema_dump_and_validates() -> None:
    plan = full_plan()
    result = export(plan, "json")
    assert result.mime == "application/json" and result.filename.endswith(".json")
    assert result.data.decode() == plan.model_dump_json(indent=2) + "\n"
    data = json.loads(result.data)
    jsonschema.validate(data, plan_json_schema())
    assert plan_model().model_validate(data) == plan
    assert validate_plan(result.data).valid


def test_language_does_not_change_the_json() -> None:
    plan = full_plan(1)
    assert export(plan, "json", language="sv").data == export(plan, "json", language="fi").data


def test_draft_json_is_the_plan_unchanged() -> None:
    plan = example_plan()
    plan.toimenpiteet[0].vastuuhenkilo = ""
    result = export(plan, "json", draft=True)
    assert result.draft
    assert json.loads(result.data) == plan.model_dump(mode="json")  # no draft flag in the schema
    assert "draft" not in json.loads(result.data)
