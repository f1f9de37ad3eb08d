"""The plan page's header: title, region, version and periods, the validation counts and findings, and
the assessment results per area (numbers in the user's language's format)."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from assistant.i18n import Catalog
from assistant.storage import StoredPlan
from assistant.template.spec import TemplateSpec, load_assessment_model
from assistant.template.validator import ValidationReport
from assistant.textutil import decimal_places, format_number
from ui.components import escape_md
from ui.plan_feedback import bullets
from ui.state import get_settings


def numbered(number: str, title: str, messages: Catalog) -> str:
    return escape_md(messages.t("ui.template.numbered", number=number, title=title))


def plan_header(
    stored: StoredPlan, report: ValidationReport, spec: TemplateSpec, messages: Catalog, lang: str
) -> None:
    plan: Any = stored.plan
    periods = plan.meta.periods
    st.subheader(escape_md(plan.meta.title or messages.t("ui.plan.untitled", plan_id=stored.id[:8])))
    st.caption(
        escape_md(
            messages.t(
                "ui.plan.meta",
                region=plan.meta.region or "–",
                version=stored.version,
                short_label=spec.periods.short.label.get(lang),
                short=messages.t("ui.plan.range", start=periods.short.start, end=periods.short.end),
                long_label=spec.periods.long.label.get(lang),
                long=messages.t("ui.plan.range", start=periods.long.start, end=periods.long.end),
            )
        )
    )
    counts = report.counts()
    labels = {
        "error": "ui.plan.counts.errors",
        "warning": "ui.plan.counts.warnings",
        "info": "ui.plan.counts.infos",
    }
    for column, (severity, key) in zip(st.columns(len(labels)), labels.items(), strict=True):
        column.metric(escape_md(messages.t(key)), counts[severity])
    if report.valid:
        st.success(escape_md(messages.t("ui.plan.valid")))
    else:
        st.error(escape_md(messages.t("ui.plan.invalid", count=counts["error"])))
    if report.findings:
        with st.expander(messages.t("ui.plan.findings")):
            for severity in ("error", "warning", "info"):
                found = report.by_severity(severity)
                if found:
                    st.markdown(f"**{escape_md(messages.t(labels[severity]))}**\n\n{bullets(found)}")


def assessment_results(plan: Any, spec: TemplateSpec, messages: Catalog, lang: str) -> None:
    results = plan.arviointitulokset
    if results is None or not results.alueet:
        return
    model = load_assessment_model(get_settings().knowledge_dir)
    field_labels = {f.key: f.label.get(lang) for f in model.result_fields}
    st.subheader(escape_md(messages.t("ui.plan.assessment.title")))
    maturity = decimal_places(row.kypsyys for row in results.alueet)
    satisfaction = decimal_places(row.tyytyvaisyys for row in results.alueet)
    frame = pd.DataFrame(
        [
            {
                messages.t("ui.plan.assessment.area"): spec.area(row.alue).label.get(lang),
                field_labels.get("maturity", "kypsyys"): format_number(row.kypsyys, lang, maturity),
                field_labels.get("satisfaction", "tyytyvaisyys"): format_number(
                    row.tyytyvaisyys, lang, satisfaction
                ),
                messages.t("ui.plan.assessment.note"): row.huomio,
            }
            for row in results.alueet
        ]
    )
    st.dataframe(frame, hide_index=True)
    notes = [
        messages.t(
            "ui.plan.assessment.scale",
            min=format_number(results.asteikko_min, lang),
            max=format_number(results.asteikko_max, lang),
        )
    ]
    if results.profiili:
        profiles = {p.key: p.label.get(lang) for p in model.maturity_profiles}
        notes.append(
            messages.t("ui.plan.assessment.profile", profile=profiles.get(results.profiili, results.profiili))
        )
    st.caption(escape_md(" · ".join(notes)))
