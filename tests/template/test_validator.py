"""Tests of the plan validator (assistant.template.validator): the example plan, then one rule at a time.

Each rule test starts from a deep copy of the example plan (which has no errors and no warnings), makes ONE
change and checks that exactly the expected finding appears, with its severity and JSON Pointer. Each job's
details have a module of their own beside this one: test_validator_input.py (input forms, bad JSON, the
report's shape), test_validator_fields.py (schema and required fields), test_validator_actions.py (targets,
action ids, areas), test_validator_schedules.py (periods and schedules), test_validator_data_protection.py
and test_validator_messages.py (languages and message texts).
"""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from assistant.template.validator import Finding, validate_plan
from tests.template.validator_helpers import (
    Plan,
    assert_placeholders_formatted,
    codes,
    empty_section,
    set_at,
)


def _key(finding: Finding) -> str:
    return json.dumps(
        [finding.severity, finding.code, finding.path, finding.params], sort_keys=True, default=str
    )


def test_example_plan_is_valid(example_plan: Plan) -> None:
    report = validate_plan(example_plan)
    assert report.valid
    assert report.by_severity("error") == []
    assert report.by_severity("warning") == []
    infos = report.by_severity("info")
    assert [(f.code, f.params.get("area_key"), f.path) for f in infos] == [
        ("area_empty", "tiedon_kaytto", "")
    ]
    assert "Tiedon käyttö" in infos[0].message
    assert report.counts() == {"error": 0, "warning": 0, "info": 1}
    assert report.plan is not None


def _both(*mutations: Callable[[Plan], None]) -> Callable[[Plan], None]:
    """Several edits that together make ONE logical change (e.g. both halves of a one-of rule)."""

    def mutate(plan: Plan) -> None:
        for m in mutations:
            m(plan)

    return mutate


# (test id, mutation, code, severity, JSON Pointer)
RULE_CASES: list[tuple[str, Callable[[Plan], None], str, str, str]] = [
    ("unknown_field-top", set_at("liitteet", value=[]), "unknown_field", "error", "/liitteet"),
    (
        "unknown_field-section",
        set_at("kuvaus", "lisatieto", value="x"),
        "unknown_field",
        "error",
        "/kuvaus/lisatieto",
    ),
    (
        "unknown_field-action",
        set_at("toimenpiteet", 0, "kustannukset", value="1000 €"),
        "unknown_field",
        "error",
        "/toimenpiteet/0/kustannukset",
    ),
    (
        "invalid_value-number-for-text",
        set_at("kuvaus", "sote_maakunta", value=42),
        "invalid_value",
        "error",
        "/kuvaus/sote_maakunta",
    ),
    (
        "invalid_value-string-for-year",
        set_at("meta", "periods", "short", "start", value="vuosi 2020"),
        "invalid_value",
        "error",
        "/meta/periods/short/start",
    ),
    (
        "invalid_value-status",
        set_at("toimenpiteet", 2, "tila", value="valmis"),
        "invalid_value",
        "error",
        "/toimenpiteet/2/tila",
    ),
    (
        "invalid_value-unknown-area-key",
        set_at("arviointitulokset", "alueet", 0, "alue", value="tekoaly"),
        "invalid_value",
        "error",
        "/arviointitulokset/alueet/0/alue",
    ),
    (
        "missing_field-target",
        lambda p: p["toimenpiteet"][1].pop("kehittamiskohde"),
        "missing_field",
        "error",
        "/toimenpiteet/1/kehittamiskohde",
    ),
    (
        "invalid_periods-overlap",
        set_at("meta", "periods", "short", "end", value=2022),
        "invalid_periods",
        "error",
        "/meta/periods",
    ),
    (
        "invalid_periods-reversed",
        set_at("meta", "periods", "long", value={"start": 2025, "end": 2022}),
        "invalid_periods",
        "error",
        "/meta/periods",
    ),
    (
        "required_section_empty",
        empty_section("tavoitteet"),
        "required_section_empty",
        "error",
        "/tavoitteet",
    ),
    (
        "required_field_empty",
        set_at("kuvaus", "sote_maakunta", value=""),
        "required_field_empty",
        "error",
        "/kuvaus/sote_maakunta",
    ),
    (
        "required_field_empty-whitespace",
        set_at("arviointi", "seuranta_ja_arviointi", value="   \n "),
        "required_field_empty",
        "error",
        "/arviointi/seuranta_ja_arviointi",
    ),
    (
        "required_one_of",
        set_at("nykytila", "arvioinnin_tulokset", value=""),
        "required_one_of",
        "error",
        "/nykytila/arvioinnin_tulokset",
    ),
    (
        "unknown_target",
        set_at("toimenpiteet", 0, "kehittamiskohde", value="Tekoälyn hyödyntäminen"),
        "unknown_target",
        "error",
        "/toimenpiteet/0/kehittamiskohde",
    ),
    (
        "target_name_not_exact-hyphen",
        set_at("toimenpiteet", 0, "kehittamiskohde", value="Tieto-johtamisen strategia ja tavoitteet"),
        "target_name_not_exact",
        "error",
        "/toimenpiteet/0/kehittamiskohde",
    ),
    (
        "target_name_not_exact-case",
        set_at("toimenpiteet", 0, "kehittamiskohde", value="tietojohtamisen strategia ja tavoitteet"),
        "target_name_not_exact",
        "error",
        "/toimenpiteet/0/kehittamiskohde",
    ),
    (
        "action_missing_text",
        set_at("toimenpiteet", 4, "toimenpide", value=""),
        "action_missing_text",
        "error",
        "/toimenpiteet/4/toimenpide",
    ),
    (
        "action_missing_schedule",
        _both(
            set_at("toimenpiteet", 0, "lyhyt_aikavali", value=""),
            set_at("toimenpiteet", 0, "pitka_aikavali", value=""),
        ),
        "action_missing_schedule",
        "error",
        "/toimenpiteet/0/lyhyt_aikavali",
    ),
    (
        "action_missing_responsible",
        set_at("toimenpiteet", 5, "vastuuhenkilo", value=""),
        "action_missing_responsible",
        "error",
        "/toimenpiteet/5/vastuuhenkilo",
    ),
    (
        "action_missing_prerequisites",
        set_at("toimenpiteet", 7, "edellytykset", value=""),
        "action_missing_prerequisites",
        "error",
        "/toimenpiteet/7/edellytykset",
    ),
    (
        "schedule_outside_period-short",
        set_at("toimenpiteet", 1, "lyhyt_aikavali", value="2023"),
        "schedule_outside_period",
        "warning",
        "/toimenpiteet/1/lyhyt_aikavali",
    ),
    (
        "schedule_outside_period-long",
        set_at("toimenpiteet", 2, "pitka_aikavali", value="2026–2027"),
        "schedule_outside_period",
        "warning",
        "/toimenpiteet/2/pitka_aikavali",
    ),
    (
        "duplicate_action_id",
        set_at("toimenpiteet", 3, "id", value="esim-01"),
        "duplicate_action_id",
        "error",
        "/toimenpiteet/3/id",
    ),
    (
        "assessment_scale_invalid",
        _both(
            set_at("arviointitulokset", "asteikko_min", value=5),
            set_at("arviointitulokset", "asteikko_max", value=1),
        ),
        "assessment_scale_invalid",
        "error",
        "/arviointitulokset",
    ),
    (
        "assessment_scale_invalid-equal",
        set_at("arviointitulokset", "asteikko_max", value=1),
        "assessment_scale_invalid",
        "error",
        "/arviointitulokset",
    ),
    (
        "assessment_duplicate_area",
        set_at("arviointitulokset", "alueet", 1, "alue", value="visio_ja_strategia"),
        "assessment_duplicate_area",
        "error",
        "/arviointitulokset/alueet/1/alue",
    ),
    (
        "assessment_value_out_of_scale-maturity",
        set_at("arviointitulokset", "alueet", 0, "kypsyys", value=7),
        "assessment_value_out_of_scale",
        "error",
        "/arviointitulokset/alueet/0/kypsyys",
    ),
    (
        "assessment_value_out_of_scale-satisfaction",
        set_at("arviointitulokset", "alueet", 8, "tyytyvaisyys", value=0.5),
        "assessment_value_out_of_scale",
        "error",
        "/arviointitulokset/alueet/8/tyytyvaisyys",
    ),
    (
        "area_empty",
        lambda p: p.__setitem__("toimenpiteet", [a for a in p["toimenpiteet"] if a["id"] != "esim-11"]),
        "area_empty",
        "info",
        "",
    ),
]


@pytest.mark.parametrize(
    ("mutate", "code", "severity", "path"),
    [case[1:] for case in RULE_CASES],
    ids=[case[0] for case in RULE_CASES],
)
def test_rule(
    example_plan: Plan, mutate: Callable[[Plan], None], code: str, severity: str, path: str
) -> None:
    baseline = {_key(f) for f in validate_plan(example_plan).findings}
    mutate(example_plan)
    report = validate_plan(example_plan)
    new = [f for f in report.findings if _key(f) not in baseline]
    assert [(f.code, f.severity, f.path) for f in new] == [(code, severity, path)], report.findings
    if severity == "error":
        assert not report.valid
        assert codes(report, "error") == [code]
    else:
        assert report.valid
        assert codes(report, "error") == []
    assert codes(report, "warning") == ([code] if severity == "warning" else [])
    assert_placeholders_formatted(report)
