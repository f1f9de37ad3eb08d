"""Validator tests of what it is given: a dict, JSON text, bytes or a Plan model; text that is not a JSON
object, duplicate keys, oversized numbers and deep nesting (each named as such); the report's JSON shape; and
a template YAML of another knowledge directory driving the checks."""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from assistant.paths import KNOWLEDGE_DIR
from assistant.template.models import build_plan_model, plan_model
from assistant.template.spec import load_template
from assistant.template.validator import validate_plan
from tests.template.validator_helpers import EXAMPLE_PLAN, Plan, assert_placeholders_formatted, codes


def test_invalid_json_text() -> None:
    report = validate_plan('{"meta": {"region": "X",}')
    assert not report.valid
    assert [(f.code, f.severity, f.path) for f in report.findings] == [("invalid_json", "error", "")]
    assert report.plan is None
    assert_placeholders_formatted(report)


def test_duplicate_keys_are_an_error_not_a_silent_choice(example_plan: Plan) -> None:
    text = json.dumps(example_plan, ensure_ascii=False)
    first = example_plan["toimenpiteet"][0]
    doubled = text.replace('"vastuuhenkilo": ', '"vastuuhenkilo": "Hyökkääjä", "vastuuhenkilo": ', 1)
    assert doubled != text and first["vastuuhenkilo"]
    report = validate_plan(doubled.encode("utf-8"))
    assert [(f.code, f.severity) for f in report.findings] == [("duplicate_key", "error")]
    assert "vastuuhenkilo" in report.findings[0].message and report.plan is None
    assert_placeholders_formatted(report)


def test_accepts_dict_json_text_bytes_and_model(example_plan: Plan) -> None:
    text = json.dumps(example_plan, ensure_ascii=False)
    model = plan_model().model_validate(example_plan)
    other_class = build_plan_model(load_template()).model_validate(example_plan)
    inputs = {
        "dict": example_plan,
        "str": text,
        "bytes": text.encode("utf-8"),
        "bytes with BOM": "\ufeff".encode() + text.encode("utf-8"),
        "model": model,
        "model of another Plan class": other_class,
    }
    expected = [(f.code, f.path) for f in validate_plan(example_plan).findings]
    for name, value in inputs.items():
        report = validate_plan(value)
        assert report.valid, name
        assert [(f.code, f.path) for f in report.findings] == expected, name
        assert report.plan is not None


def test_model_input_is_checked_by_rules(example_plan: Plan) -> None:
    example_plan["toimenpiteet"][0]["vastuuhenkilo"] = ""
    model = plan_model().model_validate(example_plan)
    assert codes(validate_plan(model), "error") == ["action_missing_responsible"]


@pytest.mark.parametrize(
    "data",
    [
        "[]",
        "[1, 2, 3]",
        '"a string"',
        "null",
        "42",
        b"\xff\xfe\x00 not utf-8",
        b'{"meta": \xe4}',
        "",
        [],
        None,
        42,
    ],
    ids=repr,
)
def test_non_object_input_gives_invalid_json(data: Any) -> None:
    report = validate_plan(data)
    assert [(f.code, f.severity, f.path) for f in report.findings] == [("invalid_json", "error", "")]
    assert not report.valid
    assert report.plan is None


def test_report_json_shape(example_plan: Plan) -> None:
    example_plan["toimenpiteet"][0]["vastuuhenkilo"] = ""
    report = validate_plan(example_plan)
    data = report.to_json_dict()
    assert set(data) == {"valid", "findings"}
    assert data["valid"] is False
    assert isinstance(data["findings"], list) and len(data["findings"]) == 2
    for item in data["findings"]:
        assert set(item) == {"severity", "code", "path", "message", "params"}
        assert item["severity"] in {"error", "warning", "info"}
        assert isinstance(item["message"], str) and isinstance(item["params"], dict)
    assert data["findings"][0]["code"] == "action_missing_responsible"
    assert data["findings"][0]["path"] == "/toimenpiteet/0/vastuuhenkilo"
    # serialisable as JSON, and the plan itself is not part of the report
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data
    assert "plan" not in report.model_dump()

    ok = validate_plan(copy.deepcopy(json.loads(EXAMPLE_PLAN.read_text(encoding="utf-8")))).to_json_dict()
    assert ok["valid"] is True


def test_validator_follows_the_template_yaml(tmp_path: Path, example_plan: Plan) -> None:
    raw = yaml.safe_load((KNOWLEDGE_DIR / "template.yaml").read_text(encoding="utf-8"))
    section = next(s for s in raw["sections"] if s["id"] == "3.3")
    section["groups"][0]["fields"].append(
        {
            "key": "valitavoitteet",
            "required": True,
            "label": {"fi": "Välitavoitteet", "sv": "Delmål", "en": "Goals"},
        }
    )
    (tmp_path / "template.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    shutil.copy(KNOWLEDGE_DIR / "assessment_model.yaml", tmp_path / "assessment_model.yaml")

    report = validate_plan(example_plan, knowledge_dir=tmp_path)
    assert [(f.code, f.path) for f in report.by_severity("error")] == [
        ("required_field_empty", "/tavoitteet/valitavoitteet")
    ]
    assert "Välitavoitteet" in report.by_severity("error")[0].message

    example_plan["tavoitteet"]["valitavoitteet"] = "Tietovarasto käytössä 2023."
    assert validate_plan(example_plan, knowledge_dir=tmp_path).valid
    # ... while the real template does not know the field
    assert codes(validate_plan(example_plan), "error") == ["unknown_field"]


def test_oversized_number_gives_invalid_json() -> None:
    report = validate_plan('{"schema_version": ' + "1" * 5000 + "}")
    assert [f.code for f in report.findings] == ["invalid_json"]


@pytest.mark.parametrize("data", ["[" * 100_000, b'{"a": ' + b"[" * 100_000], ids=["str", "bytes"])
def test_deeply_nested_json_is_named_as_such(data: str | bytes) -> None:
    report = validate_plan(data)
    assert [f.code for f in report.findings] == ["nested_too_deeply"]
    message = report.findings[0].message
    assert "liian syvälle" in message and "RecursionError" not in message
