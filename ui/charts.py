"""Charts of the reviewer page, built by pure functions from a `CoverageReport` (and the plan's periods).

Each `*_data` function returns the chart's rows as a DataFrame and each `*_chart` function an Altair
chart over those rows, so both the figures and the encodings can be checked without a browser. Labels
come from the message catalogs (`ui.review.chart.*`), area names from the report (already in the report
language), period names from the template spec and the maturity/satisfaction names from the assessment
model's `result_fields`.
"""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd

from assistant.i18n import Catalog
from assistant.review.models import CoverageReport
from assistant.template.spec import TemplateSpec

__all__ = [
    "HEATMAP_MEASURES",
    "assessment_chart",
    "assessment_data",
    "coverage_heatmap",
    "heatmap_data",
    "timeline_chart",
    "timeline_data",
]

# Heatmap columns: (measure key, AreaCoverage attribute or callable).
HEATMAP_MEASURES: tuple[str, ...] = (
    "actions",
    "targets_without_actions",
    "missing_schedule",
    "missing_responsible",
    "missing_prerequisites",
)
PERIOD_KEYS: tuple[str, ...] = ("short", "long")
ASSESSMENT_MEASURES: tuple[str, ...] = ("maturity", "satisfaction")
CHART_WIDTH = "container"
ROW_HEIGHT = 26  # pixels per area row
# Fit the container's width only: the height stays rows x ROW_HEIGHT however large the legends are.
FIT_WIDTH = alt.AutoSizeParams(type="fit-x", contains="padding")
AREA_AXIS = alt.Axis(labelLimit=260)


def _area_order(report: CoverageReport) -> list[str]:
    return [area.label for area in report.areas]


def _measure_label(key: str, messages: Catalog) -> str:
    return messages.t(f"ui.review.chart.measure.{key}")


# --- heatmap: areas x (actions, gaps) ---------------------------------------------------------------------


def heatmap_data(report: CoverageReport, messages: Catalog) -> pd.DataFrame:
    """One row per area and measure: the number of actions, of targets without actions and of actions
    missing a schedule, a responsible person or prerequisites."""
    rows: list[dict[str, Any]] = []
    for area in report.areas:
        values = {
            "actions": area.actions,
            "targets_without_actions": len(area.targets_without_actions),
            "missing_schedule": area.missing_schedule,
            "missing_responsible": area.missing_responsible,
            "missing_prerequisites": area.missing_prerequisites,
        }
        for measure in HEATMAP_MEASURES:
            rows.append(
                {
                    "area_key": area.key,
                    "area": area.label,
                    "section": area.section,
                    "measure_key": measure,
                    "measure": _measure_label(measure, messages),
                    "value": int(values[measure]),
                    # Gaps are coloured apart from the action count: many actions is good, many gaps not.
                    "kind": "actions" if measure == "actions" else "gaps",
                }
            )
    return pd.DataFrame(
        rows, columns=["area_key", "area", "section", "measure_key", "measure", "value", "kind"]
    )


def coverage_heatmap(report: CoverageReport, messages: Catalog) -> alt.LayerChart:
    """Heatmap of areas (rows, template order) x measures (columns), the value written in each cell."""
    data = heatmap_data(report, messages)
    measures = [_measure_label(m, messages) for m in HEATMAP_MEASURES]
    x = alt.X(
        "measure:N",
        sort=measures,
        title=None,
        # One word per line: the column labels are long compounds side by side.
        axis=alt.Axis(labelAngle=0, labelOverlap=False, labelExpr="split(datum.label, ' ')"),
    )
    y = alt.Y("area:N", sort=_area_order(report), title=None, axis=AREA_AXIS)
    tooltip = [
        alt.Tooltip("area:N", title=messages.t("ui.review.chart.area")),
        alt.Tooltip("measure:N", title=messages.t("ui.review.chart.measure_title")),
        alt.Tooltip("value:Q", title=messages.t("ui.review.chart.count")),
    ]
    base = alt.Chart(data).encode(x=x, y=y)
    actions = (
        base.transform_filter(alt.datum.kind == "actions")
        .mark_rect()
        .encode(
            color=alt.Color(
                "value:Q", scale=alt.Scale(scheme="greens"), title=_measure_label("actions", messages)
            ),
            tooltip=tooltip,
        )
    )
    gaps = (
        base.transform_filter(alt.datum.kind == "gaps")
        .mark_rect()
        .encode(
            color=alt.Color(
                "value:Q",
                scale=alt.Scale(scheme="oranges"),
                title=messages.t("ui.review.chart.gaps"),
                legend=alt.Legend(orient="bottom", direction="horizontal"),
            ),
            tooltip=tooltip,
        )
    )
    text = base.mark_text(baseline="middle").encode(text=alt.Text("value:Q"))
    return (
        alt.layer(actions, gaps, text)
        .resolve_scale(color="independent")
        .properties(
            title=messages.t("ui.review.chart.heatmap_title"),
            width=CHART_WIDTH,
            height=ROW_HEIGHT * len(report.areas),
            autosize=FIT_WIDTH,
        )
    )


# --- timeline: actions across the short and long periods per area ---------------------------------------


def timeline_data(
    report: CoverageReport, periods: Any, spec: TemplateSpec, messages: Catalog
) -> pd.DataFrame:
    """One row per area and period: the period's years (`start`, `end` = the year after the last one,
    so that a bar covers its whole last year) and the number of the area's actions scheduled in it."""
    language = messages.language
    rows: list[dict[str, Any]] = []
    for area in report.areas:
        counts = {"short": area.short_term, "long": area.long_term}
        for key in PERIOD_KEYS:
            period = getattr(periods, key)
            label = getattr(spec.periods, key).label.get(language)
            rows.append(
                {
                    "area_key": area.key,
                    "area": area.label,
                    "period_key": key,
                    "period": messages.t(
                        "ui.review.chart.period", label=label, start=period.start, end=period.end
                    ),
                    "start": int(period.start),
                    "end": int(period.end) + 1,
                    "actions": int(counts[key]),
                }
            )
    return pd.DataFrame(rows, columns=["area_key", "area", "period_key", "period", "start", "end", "actions"])


def timeline_chart(
    report: CoverageReport, periods: Any, spec: TemplateSpec, messages: Catalog
) -> alt.LayerChart:
    """Per area, a bar over each period's years, as dark as the number of actions scheduled in it."""
    data = timeline_data(report, periods, spec, messages)
    year = messages.t("ui.review.chart.year")
    count = messages.t("ui.review.chart.actions_in_period")
    y = alt.Y("area:N", sort=_area_order(report), title=None, axis=AREA_AXIS)
    base = alt.Chart(data).encode(y=y)
    bars = base.mark_bar(stroke="white", strokeWidth=2).encode(
        x=alt.X("start:Q", title=year, axis=alt.Axis(format="d", tickMinStep=1), scale=alt.Scale(zero=False)),
        x2="end:Q",
        color=alt.Color("actions:Q", scale=alt.Scale(scheme="blues"), title=count),
        tooltip=[
            alt.Tooltip("area:N", title=messages.t("ui.review.chart.area")),
            alt.Tooltip("period:N", title=messages.t("ui.review.chart.period_title")),
            alt.Tooltip("actions:Q", title=count),
        ],
    )
    labels = base.mark_text(baseline="middle").encode(
        x=alt.X("middle:Q"),
        text=alt.Text("actions:Q"),
    )
    labels = labels.transform_calculate(middle="(datum.start + datum.end) / 2")
    return alt.layer(bars, labels).properties(
        title=messages.t("ui.review.chart.timeline_title"),
        width=CHART_WIDTH,
        height=ROW_HEIGHT * len(report.areas),
        autosize=FIT_WIDTH,
    )


# --- assessment results against planned actions ----------------------------------------------------------


def assessment_data(
    report: CoverageReport, messages: Catalog, field_labels: dict[str, str] | None = None
) -> pd.DataFrame:
    """One row per area and measure (maturity, satisfaction) that has a result, with the area's number
    of planned actions; empty when the plan has no assessment results."""
    labels = field_labels or {}
    rows: list[dict[str, Any]] = []
    if not report.assessment.available:
        return pd.DataFrame(columns=["area_key", "area", "measure_key", "measure", "value", "actions"])
    for area in report.areas:
        for key in ASSESSMENT_MEASURES:
            value = getattr(area, key)
            if value is None:
                continue
            rows.append(
                {
                    "area_key": area.key,
                    "area": area.label,
                    "measure_key": key,
                    "measure": labels.get(key) or _measure_label(key, messages),
                    "value": float(value),
                    "actions": int(area.actions),
                }
            )
    return pd.DataFrame(rows, columns=["area_key", "area", "measure_key", "measure", "value", "actions"])


def assessment_chart(
    report: CoverageReport, messages: Catalog, field_labels: dict[str, str] | None = None
) -> alt.HConcatChart | None:
    """Maturity and satisfaction per area (grouped bars on the plan's own scale) beside the number of
    planned actions per area; None when the plan has no assessment results."""
    data = assessment_data(report, messages, field_labels)
    if data.empty:
        return None
    order = [area.label for area in report.areas if area.key in set(data["area_key"])]
    y = alt.Y("area:N", sort=order, title=None, axis=AREA_AXIS)
    scale_min = report.assessment.scale_min
    scale_max = report.assessment.scale_max
    domain = [scale_min, scale_max] if scale_min is not None and scale_max is not None else alt.Undefined
    scores = (
        alt.Chart(data.assign(baseline=scale_min if scale_min is not None else 0.0))
        .mark_bar(clip=True)
        .encode(
            y=y,
            yOffset=alt.YOffset("measure:N"),
            x=alt.X("value:Q", scale=alt.Scale(domain=domain), title=messages.t("ui.review.chart.score")),
            x2="baseline:Q",  # bars start at the scale's minimum, not at zero
            color=alt.Color("measure:N", title=None, legend=alt.Legend(orient="bottom")),
            tooltip=[
                alt.Tooltip("area:N", title=messages.t("ui.review.chart.area")),
                alt.Tooltip("measure:N", title=messages.t("ui.review.chart.measure_title")),
                alt.Tooltip("value:Q", title=messages.t("ui.review.chart.score")),
            ],
        )
        .properties(
            title=messages.t("ui.review.chart.assessment_title"),
            width=420,
            height=2 * ROW_HEIGHT * len(order),
        )
    )
    per_area = data.drop_duplicates("area_key")[["area_key", "area", "actions"]]
    actions = (
        alt.Chart(per_area)
        .mark_bar(color="#2e7d32")
        .encode(
            y=alt.Y("area:N", sort=order, title=None, axis=alt.Axis(labels=False)),
            x=alt.X("actions:Q", title=_measure_label("actions", messages), axis=alt.Axis(tickMinStep=1)),
            tooltip=[
                alt.Tooltip("area:N", title=messages.t("ui.review.chart.area")),
                alt.Tooltip("actions:Q", title=_measure_label("actions", messages)),
            ],
        )
        .properties(
            title=messages.t("ui.review.chart.planned_actions"), width=160, height=2 * ROW_HEIGHT * len(order)
        )
    )
    return alt.hconcat(scores, actions).resolve_scale(y="shared")
