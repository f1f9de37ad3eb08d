"""The plan validator never raises: any JSON value, any text or bytes, and random edits of valid plans
all give structured findings (a known severity, a code with a catalog message, a JSON Pointer into the
input)."""

from __future__ import annotations

import contextlib
import json
import math
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from assistant.i18n import load_catalog
from assistant.template.spec import load_template
from assistant.template.validator import ValidationReport, validate_plan
from tests.fixtures.plans import example_plan, full_plan
from tests.property.strategies import PROPERTY, SEVERITIES, json_values, mutated, points_into, text

SPEC = load_template()
TARGETS = [t.name for t in SPEC.targets]
EXAMPLE = example_plan().model_dump(mode="json")
FULL = full_plan(actions_per_target=1).model_dump(mode="json")
LANGUAGES = st.sampled_from(["fi", "sv", "en"])


def check_report(report: ValidationReport, data: Any, language: str) -> None:
    catalog = load_catalog(language)
    assert isinstance(report, ValidationReport)
    for finding in report.findings:
        assert finding.severity in SEVERITIES
        assert catalog.has(f"validation.{finding.code}"), finding.code
        assert isinstance(finding.message, str) and finding.message.strip()
        assert finding.message != f"validation.{finding.code}"
        if isinstance(data, dict):
            assert points_into(data, finding.path), (finding.code, finding.path)
        else:  # text, bytes or a non-object value: nothing to point into
            assert finding.path == "", (finding.code, finding.path)
    assert report.valid == (not report.by_severity("error"))
    assert sum(report.counts().values()) == len(report.findings)
    json.dumps(report.to_json_dict())  # serialisable as it is (the CLI prints it)


@PROPERTY
@given(data=json_values, language=LANGUAGES)
def test_any_json_value(data: Any, language: str) -> None:
    report = validate_plan(data, language=language)
    check_report(report, data, language)
    if not isinstance(data, dict):
        assert [f.code for f in report.findings] == ["invalid_json"]


@PROPERTY
@given(data=json_values)
def test_any_json_value_as_text(data: Any) -> None:
    text_form = json.dumps(data)
    check_report(validate_plan(text_form), json.loads(text_form), "fi")


@PROPERTY
@given(raw=st.binary(max_size=300) | text)
def test_any_bytes_or_text(raw: bytes | str) -> None:
    report = validate_plan(raw)
    parsed: Any = None
    with contextlib.suppress(ValueError, RecursionError):
        parsed = json.loads(raw)
    check_report(report, parsed, "fi")
    assert not report.valid  # (no random text is a complete plan)


@PROPERTY
@given(data=mutated(EXAMPLE, TARGETS), language=LANGUAGES)
def test_random_edits_of_the_example_plan(data: dict[str, Any], language: str) -> None:
    check_report(validate_plan(data, language=language), data, language)


@PROPERTY
@given(data=mutated(FULL, TARGETS))
def test_random_edits_of_a_full_plan(data: dict[str, Any]) -> None:
    report = validate_plan(data)
    check_report(report, data, "fi")
    if report.plan is not None:  # it parsed: every target name that is not exact is reported
        for i, action in enumerate(data.get("toimenpiteet", [])):
            name = action["kehittamiskohde"].strip()
            if SPEC.target_by_name(name) is None:
                codes = {f.code for f in report.findings if f.path == f"/toimenpiteet/{i}/kehittamiskohde"}
                assert codes & {"target_name_not_exact", "unknown_target"}, (name, codes)


@PROPERTY
@given(
    value=st.floats(allow_nan=True, allow_infinity=True) | st.integers(min_value=-(10**30), max_value=10**30)
)
def test_assessment_numbers(value: float) -> None:
    data = json.loads(json.dumps(EXAMPLE))
    data["arviointitulokset"]["alueet"][0]["kypsyys"] = value
    report = validate_plan(data)
    check_report(report, data, "fi")
    if isinstance(value, float) and not math.isfinite(value):
        assert any(f.path == "/arviointitulokset/alueet/0/kypsyys" for f in report.by_severity("error"))


def test_valid_plans_have_no_errors() -> None:
    """The mutations above start from plans the validator accepts (so the properties are not vacuous)."""
    assert validate_plan(EXAMPLE).valid and validate_plan(FULL).valid
