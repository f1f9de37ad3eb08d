"""Validator tests of the plan's periods and the actions' schedules: one schedule field is enough, years
outside a period are warnings that name it, the plan's own periods move the horizon, invalid periods stop the
schedule checks, a missing long-term schedule is a warning."""

from __future__ import annotations

import pytest

from assistant.template.validator import validate_plan
from tests.template.validator_helpers import Plan, codes, only


@pytest.mark.parametrize("emptied", ["lyhyt_aikavali", "pitka_aikavali"])
def test_one_schedule_field_is_enough(example_plan: Plan, emptied: str) -> None:
    example_plan["toimenpiteet"][0][emptied] = ""
    report = validate_plan(example_plan)
    assert "action_missing_schedule" not in codes(report, "error")
    assert report.valid


def test_schedule_outside_period_reports_years_and_period(example_plan: Plan) -> None:
    example_plan["toimenpiteet"][1]["lyhyt_aikavali"] = "2019 ja 2023"
    (finding,) = only(validate_plan(example_plan), "schedule_outside_period")
    assert finding.params["years"] == "2019, 2023"
    assert finding.params["period"] == "2020–2021"
    assert "2020–2021" in finding.message
    assert finding.severity == "warning"  # a year is checked, never a reason to refuse the plan
    assert "Lyhyt aikaväli" in finding.message  # the period is named in words


def test_a_year_merely_mentioned_is_no_finding(example_plan: Plan) -> None:
    example_plan["toimenpiteet"][1]["lyhyt_aikavali"] = "Vuoden 2022 talousarvio valmistellaan syksyllä 2021"
    assert "schedule_outside_period" not in {f.code for f in validate_plan(example_plan).findings}


def test_custom_periods_make_an_outside_year_valid(example_plan: Plan) -> None:
    example_plan["toimenpiteet"][1]["lyhyt_aikavali"] = "2019"
    assert codes(validate_plan(example_plan), "warning") == ["schedule_outside_period"]
    example_plan["meta"]["periods"]["short"]["start"] = 2019
    report = validate_plan(example_plan)
    assert report.valid
    assert report.by_severity("error") == []


def test_custom_periods_move_the_whole_horizon(example_plan: Plan) -> None:
    example_plan["meta"]["periods"] = {
        "short": {"start": 2025, "end": 2026},
        "long": {"start": 2027, "end": 2030},
    }
    report = validate_plan(example_plan)
    outside = only(report, "schedule_outside_period")
    assert outside  # the example's 2020s schedules are outside the new horizon
    assert {f.params["period"] for f in outside} <= {"2025–2026", "2027–2030"}
    # esim-01 "Strategialuonnos 2021" is now outside the short period
    assert "/toimenpiteet/0/lyhyt_aikavali" in {f.path for f in outside}


def test_invalid_periods_suppress_schedule_checks(example_plan: Plan) -> None:
    example_plan["meta"]["periods"]["short"]["end"] = 2023
    example_plan["toimenpiteet"][1]["lyhyt_aikavali"] = "2030"
    assert codes(validate_plan(example_plan), "error") == ["invalid_periods"]
    assert "schedule_outside_period" not in codes(validate_plan(example_plan), "warning")


@pytest.mark.parametrize(
    ("language", "words"),
    [("fi", "pitkän aikavälin aikataulu"), ("sv", "lång sikt"), ("en", "long-term schedule")],
)
def test_action_without_long_term_schedule_is_a_warning(
    example_plan: Plan, language: str, words: str
) -> None:
    example_plan["toimenpiteet"][2]["pitka_aikavali"] = ""
    report = validate_plan(example_plan, language=language)
    (finding,) = only(report, "action_missing_long_term")
    assert finding.severity == "warning"
    assert finding.path == "/toimenpiteet/2/pitka_aikavali"
    assert words in finding.message
    assert "action_missing_schedule" not in codes(report, "error")
