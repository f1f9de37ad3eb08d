"""Validator tests of the plan's fields: an unknown field is named, a schema error stops the rule checks, an
empty required section is one finding, either field of a one-of rule is enough, a non-finite number is an
invalid value."""

from __future__ import annotations

from assistant.template.validator import validate_plan
from tests.template.validator_helpers import Plan, codes, empty_section


def test_unknown_field_message_names_the_field(example_plan: Plan) -> None:
    example_plan["toimenpiteet"][0]["kustannukset"] = "1000 €"
    (finding,) = validate_plan(example_plan).findings
    assert "kustannukset" in finding.message
    assert finding.params["field"] == "kustannukset"


def test_rule_checks_are_skipped_when_the_schema_fails(example_plan: Plan) -> None:
    # A schema error means no plan object: only the schema finding is reported, no rule findings.
    example_plan["liitteet"] = []
    example_plan["kuvaus"]["sote_maakunta"] = ""
    report = validate_plan(example_plan)
    assert [f.code for f in report.findings] == ["unknown_field"]
    assert report.plan is None


def test_required_section_empty_replaces_field_findings(example_plan: Plan) -> None:
    empty_section("kuvaus")(example_plan)
    report = validate_plan(example_plan)
    assert [(f.code, f.path) for f in report.by_severity("error")] == [("required_section_empty", "/kuvaus")]
    assert "3.1" in report.by_severity("error")[0].message


def test_required_one_of_is_satisfied_by_either_field(example_plan: Plan) -> None:
    example_plan["nykytila"]["arvioinnin_tulokset"] = ""
    example_plan["nykytila"]["arvioinnin_suunnitelma"] = "Arviointi tehdään keväällä 2021 verkkokyselynä."
    report = validate_plan(example_plan)
    assert report.valid
    assert "required_one_of" not in codes(report, "error")


def test_nan_scale_bound_is_an_invalid_scale(example_plan: Plan) -> None:
    example_plan["arviointitulokset"]["asteikko_min"] = float("nan")
    report = validate_plan(example_plan)
    # Non-finite numbers are rejected by the schema: one finding at the bound, nothing per area.
    assert [(f.code, f.path) for f in report.findings] == [
        ("invalid_value", "/arviointitulokset/asteikko_min")
    ]
