"""`assistant schema` and `assistant validate` (assistant.cli) through typer's CliRunner: the plan's JSON
schema, validation of the example plan and of broken ones (exit codes, text and --json reports, the
messages' language).

Settings are read from the environment (pydantic-settings), so every test clears the settings' variables
(`clean_env` in conftest.py), sets DATA_DIR / KNOWLEDGE_DIR with monkeypatch and runs in a temporary
working directory (no stray `.env`).
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from assistant.paths import KNOWLEDGE_DIR
from tests.cli.commands.helpers import invoke, json_stdout

EXAMPLE_PLAN = KNOWLEDGE_DIR / "examples" / "esimerkkisuunnitelma.json"
FINDING_KEYS = {"severity", "code", "path", "message", "params"}


def example_plan() -> dict[str, Any]:
    return json.loads(EXAMPLE_PLAN.read_text(encoding="utf-8"))


# --- schema -------------------------------------------------------------------------------------


def test_schema_prints_the_plan_json_schema() -> None:
    result = invoke("schema")
    assert result.exit_code == 0, result.output
    schema = json_stdout(result)
    assert schema["type"] == "object"
    assert {"kuvaus", "nykytila", "tavoitteet", "toimenpiteet", "arviointi", "meta"} <= set(
        schema["properties"]
    )


# --- validate -----------------------------------------------------------------------------------


@pytest.fixture
def plan_without_responsible(tmp_path: Path) -> Path:
    plan = copy.deepcopy(example_plan())
    assert plan["toimenpiteet"][0]["vastuuhenkilo"]
    plan["toimenpiteet"][0]["vastuuhenkilo"] = ""
    path = tmp_path / "no_responsible.json"
    path.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    return path


def test_validate_example_plan_exits_0() -> None:
    result = invoke("validate", str(EXAMPLE_PLAN))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1].startswith("OK: 0 errors")


def test_validate_json_output_has_exactly_valid_and_findings() -> None:
    result = invoke("validate", str(EXAMPLE_PLAN), "--json")
    assert result.exit_code == 0, result.output
    report = json_stdout(result)
    assert set(report) == {"valid", "findings"}
    assert report["valid"] is True
    assert isinstance(report["findings"], list)
    for finding in report["findings"]:
        assert set(finding) == FINDING_KEYS
        assert finding["severity"] != "error"


def test_validate_missing_responsible_exits_1(plan_without_responsible: Path) -> None:
    text = invoke("validate", str(plan_without_responsible))
    assert text.exit_code == 1, text.output
    assert "action_missing_responsible" in text.stdout
    assert text.stdout.splitlines()[-1].startswith("INVALID: 1 errors")

    as_json = invoke("validate", str(plan_without_responsible), "--json")
    assert as_json.exit_code == 1, as_json.output
    report = json_stdout(as_json)
    assert report["valid"] is False
    errors = [f for f in report["findings"] if f["severity"] == "error"]
    assert [(f["code"], f["path"]) for f in errors] == [
        ("action_missing_responsible", "/toimenpiteet/0/vastuuhenkilo")
    ]


def test_validate_malformed_json_exits_1(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"meta": {', encoding="utf-8")
    result = invoke("validate", str(path), "--json")
    assert result.exit_code == 1, result.output
    report = json_stdout(result)
    assert report["valid"] is False
    assert [f["code"] for f in report["findings"]] == ["invalid_json"]


def test_validate_missing_file_names_it(tmp_path: Path) -> None:
    missing = tmp_path / "ei_ole.json"
    result = invoke("validate", str(missing))
    assert result.exit_code != 0
    assert isinstance(result.exception, SystemExit)  # a clean exit, not a traceback
    assert str(missing) in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("lang", "expected", "not_expected"),
    [
        ("sv", "saknar ansvarsperson", "puuttuu vastuuhenkilö"),
        ("en", "has no responsible person", "puuttuu vastuuhenkilö"),
        ("fi", "puuttuu vastuuhenkilö", "saknar ansvarsperson"),
    ],
)
def test_validate_lang_switches_messages(
    plan_without_responsible: Path, lang: str, expected: str, not_expected: str
) -> None:
    result = invoke("validate", str(plan_without_responsible), "--json", "--lang", lang)
    assert result.exit_code == 1, result.output
    finding = next(f for f in json_stdout(result)["findings"] if f["code"] == "action_missing_responsible")
    assert expected in finding["message"]
    assert not_expected not in finding["message"]

    text = invoke("validate", str(plan_without_responsible), "--lang", lang)
    assert expected in text.stdout


def test_validate_language_from_env(monkeypatch: pytest.MonkeyPatch, plan_without_responsible: Path) -> None:
    monkeypatch.setenv("APP_LANGUAGE", "sv")
    result = invoke("validate", str(plan_without_responsible))
    assert result.exit_code == 1, result.output
    assert "saknar ansvarsperson" in result.stdout


def test_validate_survives_gettext_language_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANGUAGE", "en_US:en")
    result = invoke("validate", str(EXAMPLE_PLAN))
    assert result.exit_code == 0, result.output
