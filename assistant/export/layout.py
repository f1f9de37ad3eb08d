"""What every document export shares: labels in the chosen language, the plan's order, source numbering.

`ExportContext` gathers the template spec, the message catalog, the checked plan and its report; the
writers (DOCX, Markdown, XLSX) ask it for labels and for the actions grouped the way the template lays
them out, so that no writer retypes a label or decides an order of its own. The blocks themselves and
`clean_text`/`paragraphs`: `layout_blocks` (re-exported here).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic import BaseModel

from assistant.export.layout_blocks import (
    AreaTable,
    AssessmentBlock,
    FieldBlock,
    GroupBlock,
    SectionBlock,
    SourceEntry,
    SourceIndex,
    TargetRows,
    clean_text,
    paragraphs,
)
from assistant.i18n import Catalog
from assistant.template.models import Action
from assistant.template.places import place
from assistant.template.spec import (
    AreaSpec,
    AssessmentModelSpec,
    SectionSpec,
    TemplateSpec,
)
from assistant.template.validator import ValidationReport
from assistant.textutil import decimal_places, format_number, period_text

__all__ = [
    "ASSESSMENT_SECTION",
    "AreaTable",
    "AssessmentBlock",
    "ExportContext",
    "FieldBlock",
    "GroupBlock",
    "SectionBlock",
    "SourceEntry",
    "SourceIndex",
    "TargetRows",
    "clean_text",
    "paragraphs",
]

# The section whose last group is followed by the per-area assessment results (as in the plan model,
# where `arviointitulokset` follows 3.2: they summarise 3.2.2).
ASSESSMENT_SECTION = "3.2"


@dataclass
class ExportContext:
    """Everything a writer needs: spec, catalog, the checked plan and its report, labels, order."""

    spec: TemplateSpec
    catalog: Catalog
    plan: BaseModel
    report: ValidationReport
    language: str = "fi"
    draft: bool = False
    assessment_model: AssessmentModelSpec | None = None
    today: date = field(default_factory=date.today)
    sources: SourceIndex = field(default_factory=SourceIndex)
    version: int | None = None  # the stored plan's version, for the document header
    _sections: list[SectionBlock] | None = None

    # --- labels ----------------------------------------------------------------------------------
    def t(self, key: str, **params: Any) -> str:
        return self.catalog.t(f"export.{key}", **params)

    @property
    def periods(self) -> Any:
        return self.plan.meta.periods  # type: ignore[attr-defined]

    def period_range(self, which: str) -> str:
        period = getattr(self.periods, which)
        return period_text(period.start, period.end)

    def period_label(self, which: str) -> str:
        return getattr(self.spec.periods, which).label.get(self.language)

    def column_label(self, key: str) -> str:
        return next(c.label.get(self.language) for c in self.spec.table.columns if c.key == key)

    @property
    def column_labels(self) -> list[str]:
        return [c.label.get(self.language) for c in self.spec.table.columns]

    @property
    def responsible_label(self) -> str:
        return self.spec.table.responsible_label.get(self.language)

    def schedule_lines(self, action: Action) -> list[tuple[str, str]]:
        """The schedule cell as in the template: (label, value) for short, long and responsible."""
        return [
            (self.period_range("short"), clean_text(action.lyhyt_aikavali)),
            (self.period_range("long"), clean_text(action.pitka_aikavali)),
            (self.responsible_label, clean_text(action.vastuuhenkilo)),
        ]

    def status_label(self, status: str) -> str:
        return self.t(f"status.{status}")

    def area_name(self, area: AreaSpec) -> str:
        """The area's name as the template writes it (upper case), translated for sv/en."""
        return area.name if self.language == "fi" else (area.label.get(self.language) or area.name).upper()

    def area_heading(self, area: AreaSpec) -> str:
        return self.t("area_heading", area=self.area_name(area))

    @property
    def title(self) -> str:
        return clean_text(self.plan.meta.title).strip() or self.spec.template.title.get(self.language)  # type: ignore[attr-defined]

    @property
    def region(self) -> str:
        return clean_text(self.plan.meta.region).strip()  # type: ignore[attr-defined]

    @property
    def date_text(self) -> str:
        d = self.today
        return self.t("date_format", day=d.day, month=d.month, year=d.year, iso=d.isoformat())

    @property
    def chapter(self) -> tuple[str, str]:
        """Number and title of the plan chapter of the template outline ("3", template title)."""
        title_fi = self.spec.template.title.fi or ""
        number = next((o.number for o in self.spec.outline if o.title == title_fi), "3")
        return number, self.spec.template.title.get(self.language)

    def numbered(self, number: str, title: str) -> str:
        return self.t("numbered", number=number, title=title)

    # --- structure -------------------------------------------------------------------------------
    def area_table(self, area: AreaSpec) -> AreaTable:
        actions: list[Action] = list(self.plan.toimenpiteet)  # type: ignore[attr-defined]
        rows = [
            TargetRows(
                name=t.name,
                translation="" if self.language == "fi" else t.display(self.language),
                actions=[a for a in actions if a.kehittamiskohde == t.name],
                spec=t,
            )
            for t in area.targets
        ]
        return AreaTable(key=area.key, heading=self.area_heading(area), targets=rows)

    def orphan_table(self) -> AreaTable | None:
        """Actions whose target is not in the template (only a draft can have them), by given name."""
        known = {t.name for t in self.spec.targets}
        orphans = [a for a in self.plan.toimenpiteet if a.kehittamiskohde not in known]  # type: ignore[attr-defined]
        if not orphans:
            return None
        names = list(dict.fromkeys(clean_text(a.kehittamiskohde) for a in orphans))
        rows = [
            TargetRows(
                name=n, translation="", actions=[a for a in orphans if clean_text(a.kehittamiskohde) == n]
            )
            for n in names
        ]
        return AreaTable(key="", heading=self.t("orphans"), targets=rows)

    def sections(self) -> list[SectionBlock]:
        """Chapter 3 in document order: 3.1, 3.2, 3.3, 3.4 (tables), 3.5; sources are numbered here."""
        if self._sections is None:
            blocks = [self._text_section(s) for s in self.spec.sections]
            table = self.spec.table
            tables = [self.area_table(a) for a in self.spec.areas if a.section == table.id]
            orphans = self.orphan_table()
            if orphans is not None:
                tables.append(orphans)
            blocks.append(
                SectionBlock(
                    number=table.id,
                    heading=self.numbered(table.id, table.title.get(self.language)),
                    tables=tables,
                )
            )
            blocks.sort(key=lambda b: [int(p) for p in b.number.split(".")])
            for action in self.document_actions(blocks):
                for ref in action.lahteet:
                    self.sources.add(ref)
            self._sections = blocks
        return self._sections

    @staticmethod
    def document_actions(blocks: list[SectionBlock]) -> Iterator[Action]:
        for block in blocks:
            for tbl in block.tables:
                yield from tbl.actions
            for group in block.groups:
                if group.table is not None:
                    yield from group.table.actions

    def _text_section(self, section: SectionSpec) -> SectionBlock:
        data = getattr(self.plan, section.key)
        title = section.title.get(self.language)
        groups: list[GroupBlock] = []
        for group in section.groups:
            group_title = group.title.get(self.language)
            if group.id != section.id:
                heading: str | None = self.numbered(group.id, group_title)
            elif len(section.groups) > 1:
                heading = group_title  # 3.5: "Kehittämisen osa-alue: HYÖDYT", "Seuranta ja arviointi"
            else:
                heading = None  # 3.3: the section's only group is the section itself
            fields = [
                FieldBlock(
                    spec=f,
                    heading=self.t("field", letter=f.letter, label=f.label.get(self.language))
                    if f.letter
                    else f.label.get(self.language),
                    paragraphs=paragraphs(getattr(data, f.key)),
                )
                for f in group.fields
            ]
            table = target_lines = None
            if group.area is not None:
                area = self.spec.area(group.area)
                table = self.area_table(area)
                if not self.spec.has_action_table(area) and not table.actions:
                    table = None  # HYÖDYT (3.5): no action table in the template, none unless given one
                label = self.column_label("kehittamiskohde")
                target_lines = [self.t("labelled", label=label, value=t.name) for t in area.targets]
            groups.append(
                GroupBlock(
                    spec=group, heading=heading, fields=fields, table=table, target_lines=target_lines or []
                )
            )
        if section.id == ASSESSMENT_SECTION and groups:
            last = groups[-1]
            groups[-1] = GroupBlock(
                spec=last.spec,
                heading=last.heading,
                fields=last.fields,
                table=last.table,
                target_lines=last.target_lines,
                assessment=self.assessment(),
            )
        return SectionBlock(
            number=section.id, heading=self.numbered(section.id, title), groups=groups, spec=section
        )

    def number(self, value: float | None, places: int | None = None) -> str:
        return format_number(value, self.language, places)

    def assessment(self) -> AssessmentBlock | None:
        results = self.plan.arviointitulokset  # type: ignore[attr-defined]
        if results is None or not results.alueet:
            return None
        labels = {}
        if self.assessment_model is not None:
            labels = {f.key: f.label.get(self.language) for f in self.assessment_model.result_fields}
        headers = [
            self.t("assessment.area"),
            labels.get("maturity") or self.t("assessment.maturity"),
            labels.get("satisfaction") or self.t("assessment.satisfaction"),
            self.t("assessment.note"),
        ]
        # each column with the decimals its values need ("2,0" beside "2,5", as the county gave them)
        maturity = decimal_places(row.kypsyys for row in results.alueet)
        satisfaction = decimal_places(row.tyytyvaisyys for row in results.alueet)
        rows = [
            [
                self.spec.area(row.alue).label.get(self.language),
                self.number(row.kypsyys, maturity),
                self.number(row.tyytyvaisyys, satisfaction),
                clean_text(row.huomio),
            ]
            for row in results.alueet
        ]
        note = [
            self.t(
                "assessment.scale",
                min=self.number(results.asteikko_min),
                max=self.number(results.asteikko_max),
            )
        ]
        if results.profiili:
            profile = results.profiili
            if self.assessment_model is not None:
                profile = next(
                    (
                        p.label.get(self.language)
                        for p in self.assessment_model.maturity_profiles
                        if p.key == profile
                    ),
                    profile,
                )
            note.append(self.t("assessment.profile", profile=profile))
        return AssessmentBlock(
            title=self.t("assessment.title"), note=" · ".join(note), headers=headers, rows=rows
        )

    # --- findings --------------------------------------------------------------------------------
    def severity_label(self, severity: str) -> str:
        return self.t(f"findings.{severity}")

    def finding_rows(self) -> list[tuple[str, str, str]]:
        """(severity, place in words, message) of every finding, errors first."""
        order = {"error": 0, "warning": 1, "info": 2}
        findings = sorted(self.report.findings, key=lambda f: order.get(f.severity, 3))
        return [
            (
                self.severity_label(f.severity),
                place(f.path, self.plan, self.spec, self.language),
                clean_text(f.message),
            )
            for f in findings
        ]
