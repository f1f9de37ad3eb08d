"""Validator tests of the findings' messages: Finnish by default, Swedish and English on request, every code
with a catalog message, labels translated, no placeholder left unformatted."""

from __future__ import annotations

import copy

import pytest

from assistant.i18n import load_catalog
from assistant.template.validator import validate_plan
from tests.template.validator_helpers import (
    Plan,
    assert_placeholders_formatted,
    empty_section,
    only,
)


def _broken_plan(plan: Plan) -> Plan:
    """Many rule violations at once, to check the messages of several codes."""
    plan["kuvaus"]["sote_maakunta"] = ""
    plan["nykytila"]["arvioinnin_tulokset"] = ""
    plan["toimenpiteet"][0]["kehittamiskohde"] = "tietojohtamisen strategia ja tavoitteet"
    plan["toimenpiteet"][1]["kehittamiskohde"] = "Tekoälyn hyödyntäminen"
    plan["toimenpiteet"][2]["toimenpide"] = ""
    plan["toimenpiteet"][3]["lyhyt_aikavali"] = ""
    plan["toimenpiteet"][3]["pitka_aikavali"] = ""
    plan["toimenpiteet"][4]["vastuuhenkilo"] = ""
    plan["toimenpiteet"][5]["edellytykset"] = ""
    plan["toimenpiteet"][7]["lyhyt_aikavali"] = "2024"
    plan["toimenpiteet"][8]["id"] = "esim-01"
    plan["arviointitulokset"]["alueet"][1]["alue"] = "visio_ja_strategia"
    plan["arviointitulokset"]["alueet"][2]["kypsyys"] = 9
    empty_section("tavoitteet")(plan)
    return plan


EXPECTED_BROKEN_CODES = {
    "required_field_empty",
    "required_one_of",
    "required_section_empty",
    "target_name_not_exact",
    "unknown_target",
    "action_missing_text",
    "action_missing_schedule",
    "action_missing_responsible",
    "action_missing_prerequisites",
    "schedule_outside_period",
    "duplicate_action_id",
    "assessment_duplicate_area",
    "assessment_value_out_of_scale",
    "area_empty",
}


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_no_unformatted_placeholders(example_plan: Plan, language: str) -> None:
    report = validate_plan(_broken_plan(example_plan), language=language)
    assert {f.code for f in report.findings} == EXPECTED_BROKEN_CODES
    assert_placeholders_formatted(report)
    catalog = load_catalog(language)
    for finding in report.findings:
        assert catalog.has(f"validation.{finding.code}")
    for bad in ("[1, 2", b"\xff\xfe{}", "[]", '{"meta": {"periods": {"short": {"start": "x"}}}}'):
        assert_placeholders_formatted(validate_plan(bad, language=language))


@pytest.mark.parametrize(
    ("language", "code", "word"),
    [
        ("fi", "required_field_empty", "täyttämättä"),
        ("sv", "required_field_empty", "inte ifylld"),
        ("en", "required_field_empty", "not filled in"),
        ("fi", "unknown_target", "Kehittämiskohdetta"),
        ("sv", "unknown_target", "Utvecklingsobjektet"),
        ("en", "unknown_target", "Development target"),
        ("fi", "area_empty", "Osa-alueelle"),
        ("sv", "area_empty", "Inga åtgärder"),
        ("en", "area_empty", "No actions"),
    ],
)
def test_messages_follow_the_language(example_plan: Plan, language: str, code: str, word: str) -> None:
    report = validate_plan(_broken_plan(example_plan), language=language)
    messages = [f.message for f in only(report, code)]
    assert messages
    assert all(word in m for m in messages), messages


def test_finnish_is_the_default_language(example_plan: Plan) -> None:
    broken = _broken_plan(example_plan)
    default = validate_plan(copy.deepcopy(broken))
    finnish = validate_plan(copy.deepcopy(broken), language="fi")
    english = validate_plan(copy.deepcopy(broken), language="en")
    assert [f.message for f in default.findings] == [f.message for f in finnish.findings]
    assert [f.message for f in default.findings] != [f.message for f in english.findings]
    # the codes and paths do not depend on the language
    assert [(f.code, f.path) for f in default.findings] == [(f.code, f.path) for f in english.findings]


def test_field_and_area_labels_are_translated(example_plan: Plan) -> None:
    example_plan["kuvaus"]["sote_maakunta"] = ""
    (sv,) = only(validate_plan(example_plan, language="sv"), "required_field_empty")
    (en,) = only(validate_plan(example_plan, language="en"), "required_field_empty")
    assert '"Landskap"' in sv.message
    assert '"Region"' in en.message
    (area_sv,) = only(validate_plan(example_plan, language="sv"), "area_empty")
    assert "Användning av information" in area_sv.message


def test_json_text_messages(example_plan: Plan) -> None:
    sv = validate_plan("{oops", language="sv")
    en = validate_plan("{oops", language="en")
    fi = validate_plan("{oops")
    assert "inte giltig JSON" in sv.findings[0].message
    assert "not valid JSON" in en.findings[0].message
    assert "kelvollista JSONia" in fi.findings[0].message
