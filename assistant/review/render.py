"""The coverage report as plain text lines (CLI `assistant review ID`), from the catalog's templates."""

from __future__ import annotations

from typing import Any

from assistant.i18n import load_catalog
from assistant.retrieval.analyzer import Analyzer
from assistant.review.answer import Composer
from assistant.review.facts import FactBuilder
from assistant.review.models import CoverageReport
from assistant.review.router import Route, load_vocabulary
from assistant.template.spec import TemplateSpec, load_template

REPORT_INTENTS = (
    "targets_without_actions",
    "missing_schedule",
    "missing_responsible",
    "missing_prerequisites",
    "empty_required",
    "priorities",
    "data_protection",
    "balance",
    "roadmap_alignment",
)


def report_lines(
    report: CoverageReport, plan: Any, *, spec: TemplateSpec | None = None, analyzer: Analyzer | None = None
) -> list[str]:
    """Totals, one line per area, then every coverage fact (the same texts as answers to questions)."""
    spec = spec or load_template()
    language = report.language
    catalog = load_catalog(language)
    lines = [catalog.t("review.cli.title", title=report.title or "-")]
    if report.region:
        lines.append(catalog.t("review.cli.region", region=report.region))
    lines.append(
        catalog.t(
            "review.cli.totals",
            actions=report.total_actions,
            targets=len(report.targets_without_actions),
            targets_total=sum(len(a.targets) for a in report.areas),
            areas=len(report.areas_without_actions),
            areas_total=len(report.areas),
        )
    )
    lines.append(catalog.t("review.cli.areas_header"))
    for area in report.areas:
        line = catalog.t(
            "review.cli.area_line",
            label=area.label,
            actions=area.actions,
            schedule=area.missing_schedule,
            responsible=area.missing_responsible,
            prerequisites=area.missing_prerequisites,
        )
        lines.append(f"- {line}")
    composer = Composer(catalog, load_vocabulary(), max_items=None)
    builder = FactBuilder(report, plan, spec, analyzer or Analyzer(), language)
    for fact in builder.build(Route(kind="plan", language=language, intents=list(REPORT_INTENTS)), ""):
        lines.append("")
        lines += composer.fact_lines(fact)
    return lines
