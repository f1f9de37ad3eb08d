"""The reviewer page's charts (`ui/charts.py`): the rows each chart is drawn from and its encodings, for a
plan with known gaps, with and without assessment results, in Finnish and Swedish."""

from __future__ import annotations

from typing import Any

import altair as alt
import pytest

from assistant.i18n import load_catalog
from assistant.review import analyse
from assistant.review.models import CoverageReport
from assistant.template.spec import load_template
from tests.ui.review_fixtures import EMPTY_AREA, gap_plan
from ui.charts import (
    HEATMAP_MEASURES,
    assessment_chart,
    assessment_data,
    coverage_heatmap,
    heatmap_data,
    timeline_chart,
    timeline_data,
)

SPEC = load_template()
FI, SV = load_catalog("fi"), load_catalog("sv")


def report_of(plan: Any, language: str = "fi") -> CoverageReport:
    return analyse(plan, spec=SPEC, retriever=None, language=language)


def encoding(chart: dict[str, Any], channel: str) -> dict[str, Any]:
    return chart["encoding"][channel]


def dataset(spec: dict[str, Any]) -> list[dict[str, Any]]:
    (values,) = spec["datasets"].values()
    return values


# --- heatmap -------------------------------------------------------------------------------------------


def test_heatmap_rows_are_areas_by_measures_with_the_plans_gaps() -> None:
    plan, gaps = gap_plan()
    data = heatmap_data(report_of(plan), FI)
    assert len(data) == len(SPEC.areas) * len(HEATMAP_MEASURES)
    assert list(dict.fromkeys(data["area_key"])) == [a.key for a in SPEC.areas]
    value = data.set_index(["area_key", "measure_key"])["value"]
    empty_area = SPEC.area(EMPTY_AREA)
    assert value[(EMPTY_AREA, "actions")] == 0
    assert value[(EMPTY_AREA, "targets_without_actions")] == len(empty_area.targets)
    for area in SPEC.areas:
        names = {t.name for t in area.targets}
        in_area = [a for a in plan.toimenpiteet if a.kehittamiskohde in names]
        assert value[(area.key, "actions")] == len(in_area)
        assert value[(area.key, "missing_responsible")] == sum(a.id in gaps.no_responsible for a in in_area)
        assert value[(area.key, "missing_schedule")] == sum(a.id in gaps.no_schedule for a in in_area)
        assert value[(area.key, "missing_prerequisites")] == sum(
            a.id in gaps.no_prerequisites for a in in_area
        )
    assert data.groupby("measure_key")["value"].sum()["missing_prerequisites"] == len(gaps.no_prerequisites)
    assert set(data[data.measure_key == "actions"]["kind"]) == {"actions"}
    assert set(data[data.measure_key != "actions"]["kind"]) == {"gaps"}


def test_heatmap_encodings_follow_the_template_order_and_catalog_labels() -> None:
    plan, _ = gap_plan()
    report = report_of(plan, "sv")
    chart = coverage_heatmap(report, SV)
    assert isinstance(chart, alt.LayerChart)
    spec = chart.to_dict()
    actions_layer, gaps_layer, text_layer = spec["layer"]
    x, y = encoding(actions_layer, "x"), encoding(actions_layer, "y")
    assert x["field"] == "measure" and x["type"] == "nominal"
    assert x["sort"] == [SV.t(f"ui.review.chart.measure.{m}") for m in HEATMAP_MEASURES]
    assert y["field"] == "area" and y["sort"] == [a.label.get("sv") for a in SPEC.areas]
    assert actions_layer["mark"]["type"] == "rect" and gaps_layer["mark"]["type"] == "rect"
    assert encoding(actions_layer, "color")["scale"]["scheme"] == "greens"
    assert encoding(gaps_layer, "color")["scale"]["scheme"] == "oranges"
    assert encoding(text_layer, "text")["field"] == "value"
    assert spec["title"] == SV.t("ui.review.chart.heatmap_title")
    rows = dataset(spec)
    assert {r["measure"] for r in rows} == {SV.t(f"ui.review.chart.measure.{m}") for m in HEATMAP_MEASURES}
    assert sum(r["value"] for r in rows if r["measure_key"] == "actions") == len(plan.toimenpiteet)


# --- timeline ------------------------------------------------------------------------------------------


def test_timeline_rows_cover_each_period_per_area() -> None:
    plan, gaps = gap_plan()
    report = report_of(plan)
    periods = plan.meta.periods
    data = timeline_data(report, periods, SPEC, FI)
    assert len(data) == 2 * len(SPEC.areas)
    short = data[data.period_key == "short"]
    long = data[data.period_key == "long"]
    assert set(short["start"]) == {periods.short.start} and set(short["end"]) == {periods.short.end + 1}
    assert set(long["start"]) == {periods.long.start} and set(long["end"]) == {periods.long.end + 1}
    label = SPEC.periods.short.label.get("fi")
    assert set(short["period"]) == {f"{label} {periods.short.start}–{periods.short.end}"}
    # The counts are the plan's actions with text in that period's column.
    for area in SPEC.areas:
        names = {t.name for t in area.targets}
        in_area = [a for a in plan.toimenpiteet if a.kehittamiskohde in names]
        row = data.set_index(["area_key", "period_key"])["actions"]
        assert row[(area.key, "short")] == sum(bool(a.lyhyt_aikavali) for a in in_area)
        assert row[(area.key, "long")] == sum(bool(a.pitka_aikavali) for a in in_area)
    assert short["actions"].sum() == report.balance.short_term
    assert row[(EMPTY_AREA, "short")] == row[(EMPTY_AREA, "long")] == 0
    assert gaps.no_schedule  # the unscheduled action appears in neither period


def test_timeline_chart_spans_the_years() -> None:
    plan, _ = gap_plan()
    spec = timeline_chart(report_of(plan), plan.meta.periods, SPEC, FI).to_dict()
    bars, labels = spec["layer"]
    assert bars["mark"]["type"] == "bar"
    assert encoding(bars, "x")["field"] == "start" and encoding(bars, "x2")["field"] == "end"
    assert encoding(bars, "x")["axis"]["format"] == "d"
    assert encoding(bars, "color")["field"] == "actions"
    assert encoding(bars, "y")["sort"] == [a.label.get("fi") for a in SPEC.areas]
    assert encoding(labels, "text")["field"] == "actions"
    assert spec["title"] == FI.t("ui.review.chart.timeline_title")


# --- assessment ----------------------------------------------------------------------------------------


def test_assessment_rows_are_the_plans_results_with_action_counts() -> None:
    plan, _ = gap_plan()
    report = report_of(plan)
    labels = {"maturity": "Kypsyys X", "satisfaction": "Tyytyväisyys Y"}
    data = assessment_data(report, FI, labels)
    results = {r.alue: r for r in plan.arviointitulokset.alueet}
    assert len(data) == 2 * len(results)
    for row in data.itertuples():
        expected = (
            results[row.area_key].kypsyys
            if row.measure_key == "maturity"
            else results[row.area_key].tyytyvaisyys
        )
        assert row.value == pytest.approx(expected)
        assert row.actions == report.area(row.area_key).actions
    assert set(data["measure"]) == set(labels.values())
    assert data.set_index(["area_key", "measure_key"])["actions"][(EMPTY_AREA, "maturity")] == 0


def test_assessment_chart_scores_on_the_plans_scale_beside_actions() -> None:
    plan, _ = gap_plan()
    chart = assessment_chart(report_of(plan), FI)
    assert isinstance(chart, alt.HConcatChart)
    spec = chart.to_dict()
    scores, actions = spec["hconcat"]
    assert encoding(scores, "x")["field"] == "value"
    assert encoding(scores, "x")["scale"]["domain"] == [1.0, 5.0]
    assert encoding(scores, "yOffset")["field"] == "measure"
    assert encoding(scores, "color")["field"] == "measure"
    assert encoding(actions, "x")["field"] == "actions"
    assert encoding(scores, "y")["sort"] == encoding(actions, "y")["sort"]
    assert spec["resolve"]["scale"]["y"] == "shared"


def test_no_assessment_chart_without_results() -> None:
    plan, _ = gap_plan(assessment=False)
    report = report_of(plan)
    assert assessment_data(report, FI).empty
    assert assessment_chart(report, FI) is None
