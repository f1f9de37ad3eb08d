"""The reviewer page's overview and charts tabs: a stored plan's computed coverage laid out as figures,
lists, tables and charts (the figures come from `assistant.review.analyse`; nothing is computed here)."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from assistant.i18n import Catalog
from assistant.review.models import CoverageReport
from assistant.review.report import task_label
from assistant.storage import StoredPlan
from assistant.template.spec import TemplateSpec, load_assessment_model
from ui.charts import assessment_chart, coverage_heatmap, timeline_chart
from ui.components import escape_md
from ui.state import get_settings


def _bullets(lines: list[str]) -> str:
    return "\n".join(f"- {escape_md(line)}" for line in lines)


def _details(title: str, lines: list[str], messages: Catalog) -> None:
    with st.expander(f"{title} ({len(lines)})"):
        if lines:
            st.markdown(_bullets(lines))
        else:
            st.caption(escape_md(messages.t("ui.review.details.none")))


def _action_line(ref: Any, messages: Catalog) -> str:
    text = " ".join(ref.text.split()) or messages.t("ui.review.details.empty_action")
    return messages.t("ui.review.details.action", target=ref.target, text=text)


def _metrics(report: CoverageReport, messages: Catalog) -> None:
    targets_total = sum(len(area.targets) for area in report.areas)
    assessment, roadmap, balance = report.assessment, report.roadmap, report.balance
    first = st.columns(4)
    first[0].metric(messages.t("ui.review.metrics.actions"), report.total_actions)
    first[1].metric(
        messages.t("ui.review.metrics.targets_without_actions"),
        len(report.targets_without_actions),
        help=messages.t("ui.review.metrics.of_targets", total=targets_total),
    )
    first[2].metric(messages.t("ui.review.metrics.missing_fields"), len(report.incomplete_action_ids()))
    first[3].metric(
        messages.t("ui.review.metrics.data_protection"),
        messages.t("ui.review.yes" if report.data_protection.addressed else "ui.review.no"),
    )
    second = st.columns(4)
    second[0].metric(
        messages.t("ui.review.metrics.short_term", period=balance.short_period), balance.short_term
    )
    second[1].metric(messages.t("ui.review.metrics.long_term", period=balance.long_period), balance.long_term)
    second[2].metric(
        messages.t("ui.review.metrics.priorities_without_actions"),
        len(assessment.priorities_without_actions) if assessment.available else "–",
        help=None if assessment.available else messages.t("ui.review.no_assessment"),
    )
    second[3].metric(
        messages.t("ui.review.metrics.roadmap"),
        messages.t("ui.review.metrics.of", count=len(roadmap.matched), total=len(roadmap.tasks))
        if roadmap.available
        else "–",
        help=None if roadmap.available else (roadmap.reason or messages.t("ui.review.roadmap_unavailable")),
    )


def overview(report: CoverageReport, messages: Catalog) -> None:
    _metrics(report, messages)
    t = messages.t
    _details(
        t("ui.review.details.targets_without_actions"),
        [
            t("ui.review.details.target", area=r.area_name, target=r.label)
            for r in report.targets_without_actions
        ],
        messages,
    )
    for key, refs in (
        ("missing_schedule", report.missing_schedule),
        ("missing_long_term", report.missing_long_term),
        ("missing_responsible", report.missing_responsible),
        ("missing_prerequisites", report.missing_prerequisites),
    ):
        _details(t(f"ui.review.details.{key}"), [_action_line(r, messages) for r in refs], messages)
    if report.unknown_targets:
        _details(
            t("ui.review.details.unknown_targets"),
            [_action_line(r, messages) for r in report.unknown_targets],
            messages,
        )
    _details(
        t("ui.review.details.empty_required"),
        [
            t("ui.review.details.section_field", section=e.section_id, label=e.label)
            for e in report.empty_required
        ],
        messages,
    )
    protection = report.data_protection
    _details(
        t("ui.review.details.data_protection"),
        [
            t("ui.review.details.mention", where=m.label, word=m.word, snippet=m.snippet)
            for m in protection.mentions
        ],
        messages,
    )
    _balance(report, messages)
    _priorities(report, messages)
    _roadmap(report, messages)


def _balance(report: CoverageReport, messages: Catalog) -> None:
    balance = report.balance
    lines = [
        messages.t("ui.review.balance.both", count=balance.both),
        messages.t(
            "ui.review.balance.short_only", count=len(balance.short_only), period=balance.short_period
        ),
        messages.t("ui.review.balance.long_only", count=len(balance.long_only), period=balance.long_period),
        messages.t("ui.review.balance.unscheduled", count=len(balance.unscheduled)),
    ]
    with st.expander(messages.t("ui.review.balance.title")):
        st.markdown(_bullets(lines))


def _priorities(report: CoverageReport, messages: Catalog) -> None:
    assessment = report.assessment
    with st.expander(messages.t("ui.review.priorities.title")):
        if not assessment.available:
            st.caption(escape_md(messages.t("ui.review.no_assessment")))
            return
        frame = pd.DataFrame(
            [
                {
                    messages.t("ui.review.priorities.area"): p.label,
                    messages.t("ui.review.chart.measure.maturity"): p.maturity,
                    messages.t("ui.review.chart.measure.satisfaction"): p.satisfaction,
                    messages.t("ui.review.priorities.reasons"): ", ".join(
                        messages.t(f"ui.review.priorities.reason.{r}") for r in p.reasons
                    ),
                    messages.t("ui.review.priorities.actions"): p.actions,
                }
                for p in assessment.priorities
            ]
        )
        st.dataframe(frame, hide_index=True)
        without = [
            p.label for p in assessment.priorities if p.area_key in assessment.priorities_without_actions
        ]
        if without:
            st.warning(
                escape_md(messages.t("ui.review.priorities.without_actions", areas="; ".join(without)))
            )


def _roadmap(report: CoverageReport, messages: Catalog) -> None:
    roadmap = report.roadmap
    t = messages.t
    with st.expander(t("ui.review.roadmap.title")):
        if not roadmap.available:
            st.caption(escape_md(roadmap.reason or t("ui.review.roadmap_unavailable")))
            return
        st.caption(
            escape_md(
                t(
                    "ui.review.roadmap.summary",
                    title=roadmap.title or "",
                    matched=len(roadmap.matched),
                    total=len(roadmap.tasks),
                )
            )
        )
        pairs = [
            {
                t("ui.review.roadmap.task"): task_label(task.task),
                t("ui.review.roadmap.source"): task.task.citation,
                t("ui.review.roadmap.action"): match.action_text,
            }
            for task in roadmap.matched
            for match in task.matches
        ]
        st.markdown(f"**{escape_md(t('ui.review.roadmap.matched', count=len(roadmap.matched)))}**")
        st.dataframe(pd.DataFrame(pairs), hide_index=True)
        st.markdown(f"**{escape_md(t('ui.review.roadmap.unmatched', count=len(roadmap.unmatched)))}**")
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        t("ui.review.roadmap.task"): task_label(task.task),
                        t("ui.review.roadmap.source"): task.task.citation,
                        t("ui.review.roadmap.closest"): task.best.action_text if task.best else "",
                    }
                    for task in roadmap.unmatched
                ]
            ),
            hide_index=True,
        )


# --- charts -------------------------------------------------------------------------------------------


def charts(report: CoverageReport, stored: StoredPlan, spec: TemplateSpec, messages: Catalog) -> None:
    st.altair_chart(coverage_heatmap(report, messages), width="stretch")
    periods = stored.plan.meta.periods  # type: ignore[attr-defined]
    st.altair_chart(timeline_chart(report, periods, spec, messages), width="stretch")
    language = messages.language
    labels = {
        f.key: f.label.get(language)
        for f in load_assessment_model(get_settings().knowledge_dir).result_fields
    }
    chart = assessment_chart(report, messages, labels)
    if chart is None:
        st.caption(escape_md(messages.t("ui.review.chart.no_assessment")))
    else:
        st.altair_chart(chart, width="stretch")
