"""The plan's size limits (knowledge/template.yaml `limits`): the same numbers in the JSON Schema, the model
and the validator; each just under and just over; text repaired before it is validated."""

from __future__ import annotations

import json
from typing import Any

import pytest
import yaml

from assistant.paths import KNOWLEDGE_DIR
from assistant.template.models import LIMITS, plan_json_schema, plan_model
from assistant.template.spec import load_template
from assistant.template.validator import MAX_JSON_DEPTH, validate_plan

EXAMPLE = KNOWLEDGE_DIR / "examples" / "esimerkkisuunnitelma.json"


def example() -> dict[str, Any]:
    return json.loads(EXAMPLE.read_text(encoding="utf-8"))


def test_limits_are_data_in_the_template_and_in_the_published_schema() -> None:
    raw = yaml.safe_load((KNOWLEDGE_DIR / "template.yaml").read_text(encoding="utf-8"))["limits"]
    assert load_template().limits.model_dump() == raw
    schema = plan_json_schema()
    defs = schema["$defs"]
    section = defs["Section_3_1"]["properties"]
    assert {p["maxLength"] for p in section.values()} == {raw["field_chars"]}
    assert schema["properties"]["toimenpiteet"]["maxItems"] == raw["actions"]
    assert defs["Action"]["properties"]["toimenpide"]["maxLength"] == raw["action_text_chars"]
    assert defs["PlanMeta"]["properties"]["region"]["maxLength"] == raw["region_chars"]


def test_field_just_under_and_over_the_limit() -> None:
    data = example()
    data["kuvaus"]["alueellisen_yhteistyon_malli"] = "x" * LIMITS.field_chars
    assert "too_long" not in {f.code for f in validate_plan(data).findings}
    data["kuvaus"]["alueellisen_yhteistyon_malli"] = "x" * (LIMITS.field_chars + 1)
    report = validate_plan(data)
    (finding,) = [f for f in report.findings if f.code == "too_long"]
    assert report.plan is None and finding.path == "/kuvaus/alueellisen_yhteistyon_malli"
    assert f"{LIMITS.field_chars + 1} merkkiä, enintään {LIMITS.field_chars}" in finding.message
    assert (
        finding.message.startswith('Kohdan "3.1.') and "alueellisen_yhteistyon_malli" not in finding.message
    )


def test_actions_just_under_and_over_the_limit() -> None:
    data = example()
    first = data["toimenpiteet"][0]
    data["toimenpiteet"] = [dict(first, id=f"a{n}") for n in range(LIMITS.actions)]
    assert "too_many_items" not in {f.code for f in validate_plan(data).findings}
    data["toimenpiteet"].append(dict(first, id="yli"))
    codes = [f.code for f in validate_plan(data).findings]
    assert codes == ["too_many_items"]


@pytest.mark.parametrize(
    ("path", "limit"),
    [(("meta", "region"), LIMITS.region_chars), (("meta", "title"), LIMITS.title_chars)],
)
def test_metadata_limits(path: tuple[str, str], limit: int) -> None:
    data = example()
    data[path[0]][path[1]] = "a" * limit
    assert validate_plan(data).plan is not None
    data[path[0]][path[1]] = "a" * (limit + 1)
    assert [f.code for f in validate_plan(data).findings] == ["too_long"]


def test_text_is_repaired_before_validation() -> None:
    plan = plan_model()()
    plan.kuvaus.alueellisen_yhteistyon_malli = "Hyv\udce4 \x00yhteisty\udcf6"
    assert plan.kuvaus.alueellisen_yhteistyon_malli == "Hyvä yhteistyö"
    data = example()
    data["kuvaus"]["alueellisen_yhteistyon_malli"] = "a\ud800b"
    report = validate_plan(json.dumps(data))
    assert report.plan.kuvaus.alueellisen_yhteistyon_malli == "a\ufffdb"


def test_json_depth_just_under_and_over() -> None:
    def nested(depth: int) -> str:  # the plan object itself is level 1
        return '{"kuvaus": ' + "[" * (depth - 1) + "]" * (depth - 1) + "}"

    assert "nested_too_deeply" not in {f.code for f in validate_plan(nested(MAX_JSON_DEPTH)).findings}
    assert [f.code for f in validate_plan(nested(MAX_JSON_DEPTH + 1)).findings] == ["nested_too_deeply"]
