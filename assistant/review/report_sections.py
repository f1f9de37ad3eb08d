"""The coverage part of the review report: totals per area, incomplete actions, empty required fields,
data protection, assessment priorities and the balance of the periods."""

from __future__ import annotations

from typing import Any

from assistant.review.report_common import (
    MISSING_FIELDS,
    SNIPPET_CHARS,
    BuilderBase,
    _bullets,
    _heading,
    _number,
    _paragraph,
    _short,
    _table,
)


class CoverageSections(BuilderBase):
    # --- coverage ------------------------------------------------------------------------------------

    def coverage(self) -> None:
        report = self.report
        self.blocks.append(_heading(self.t("coverage.title")))
        targets_total = sum(len(area.targets) for area in report.areas)
        assessment = report.assessment
        roadmap = report.roadmap
        if assessment.available:
            priorities = self.t(
                "coverage.of",
                count=len(assessment.priorities_without_actions),
                total=len(assessment.priorities),
            )
        else:
            priorities = self.t("coverage.no_assessment")
        if roadmap.available:
            alignment = self.t("coverage.of", count=len(roadmap.matched), total=len(roadmap.tasks))
        else:
            alignment = self.t("roadmap.unavailable_short")
        figures = [
            (self.t("coverage.actions"), report.total_actions),
            (
                self.t("coverage.targets_without_actions"),
                self.t("coverage.of", count=len(report.targets_without_actions), total=targets_total),
            ),
            (self.t("coverage.missing_schedule"), len(report.missing_schedule)),
            (self.t("coverage.missing_responsible"), len(report.missing_responsible)),
            (self.t("coverage.missing_prerequisites"), len(report.missing_prerequisites)),
            (self.t("coverage.empty_required"), len(report.empty_required)),
            (self.t("coverage.data_protection"), self.yes_no(report.data_protection.addressed)),
            (self.t("coverage.short_term", period=self.period("short")), report.balance.short_term),
            (self.t("coverage.long_term", period=self.period("long")), report.balance.long_term),
            (self.t("coverage.unscheduled"), len(report.balance.unscheduled)),
            (self.t("coverage.priorities_without_actions"), priorities),
            (self.t("coverage.roadmap_matched"), alignment),
        ]
        self.blocks.append(
            _table([self.t("coverage.figure"), self.t("coverage.value")], figures, widths=(3, 1))
        )

        self.blocks.append(_heading(self.t("areas.title"), 2))
        columns = [
            self.t("areas.area"),
            self.t("areas.section"),
            self.t("areas.actions"),
            self.t("areas.targets_without_actions"),
            self.t("areas.missing_schedule"),
            self.t("areas.missing_responsible"),
            self.t("areas.missing_prerequisites"),
            self.t("areas.short_term"),
            self.t("areas.long_term"),
        ]
        rows = [
            [
                area.label,
                area.section,
                area.actions,
                len(area.targets_without_actions),
                area.missing_schedule,
                area.missing_responsible,
                area.missing_prerequisites,
                area.short_term,
                area.long_term,
            ]
            for area in report.areas
        ]
        self.blocks.append(_table(columns, rows, widths=(3.2, 1.4, *(1.9,) * 7)))

        self.blocks.append(_heading(self.t("targets_without_actions.title"), 2))
        if report.targets_without_actions:
            self.blocks.append(
                _bullets(
                    self.t("targets_without_actions.item", area=t.area_name, target=t.label)
                    for t in report.targets_without_actions
                )
            )
        else:
            self.none_paragraph()

        self.incomplete_actions()
        self.empty_required()
        self.data_protection()
        self.priorities()
        self.balance()

    def incomplete_actions(self) -> None:
        report = self.report
        self.blocks.append(_heading(self.t("incomplete.title"), 2))
        missing: dict[str, list[str]] = {}
        refs: dict[str, Any] = {}
        for field, found in zip(
            MISSING_FIELDS,
            (
                report.missing_schedule,
                report.missing_long_term,
                report.missing_responsible,
                report.missing_prerequisites,
            ),
            strict=True,
        ):
            for ref in found:
                refs.setdefault(ref.id, ref)
                missing.setdefault(ref.id, []).append(self.t(f"incomplete.field.{field}"))
        if not refs:
            self.none_paragraph()
        else:
            ordered = sorted(refs.values(), key=lambda r: r.index)
            self.blocks.append(
                _table(
                    [self.t("incomplete.action"), self.t("incomplete.target"), self.t("incomplete.missing")],
                    [
                        [_short(r.text, 200) or self.t("empty_action"), r.target, ", ".join(missing[r.id])]
                        for r in ordered
                    ],
                    widths=(5, 3, 2),
                )
            )
        if report.unknown_targets:
            self.blocks.append(_paragraph(self.t("incomplete.unknown_targets")))
            self.blocks.append(
                _bullets(
                    self.t("incomplete.unknown_item", target=r.target, text=_short(r.text, 200))
                    for r in report.unknown_targets
                )
            )

    def empty_required(self) -> None:
        self.blocks.append(_heading(self.t("empty_required.title"), 2))
        if not self.report.empty_required:
            self.none_paragraph()
            return
        self.blocks.append(
            _bullets(
                self.t("empty_required.item", section=e.section_id, label=e.label)
                for e in self.report.empty_required
            )
        )

    def data_protection(self) -> None:
        coverage = self.report.data_protection
        self.blocks.append(_heading(self.t("data_protection.title"), 2))
        self.blocks.append(
            _paragraph(
                self.t("data_protection.addressed" if coverage.addressed else "data_protection.missing")
            )
        )
        if coverage.mentions:
            self.blocks.append(
                _table(
                    [
                        self.t("data_protection.where"),
                        self.t("data_protection.word"),
                        self.t("data_protection.snippet"),
                    ],
                    [[m.label, m.word, _short(m.snippet, SNIPPET_CHARS)] for m in coverage.mentions],
                    widths=(3, 1.5, 5.5),
                )
            )

    def priorities(self) -> None:
        assessment = self.report.assessment
        self.blocks.append(_heading(self.t("priorities.title"), 2))
        if not assessment.available:
            self.blocks.append(_paragraph(self.t("coverage.no_assessment")))
            return
        if not assessment.priorities:
            self.none_paragraph()
            return
        self.blocks.append(
            _paragraph(
                self.t(
                    "priorities.scale",
                    min=_number(assessment.scale_min, self.language),
                    max=_number(assessment.scale_max, self.language),
                )
            )
        )
        rows = [
            [
                p.label,
                _number(p.maturity, self.language),
                _number(p.satisfaction, self.language),
                ", ".join(self.t(f"priorities.reason.{r}") for r in p.reasons),
                p.actions,
            ]
            for p in assessment.priorities
        ]
        self.blocks.append(
            _table(
                [
                    self.t("priorities.area"),
                    self.t("priorities.maturity"),
                    self.t("priorities.satisfaction"),
                    self.t("priorities.reason_title"),
                    self.t("priorities.actions"),
                ],
                rows,
                widths=(3, 1.5, 1.5, 3, 1.5),
            )
        )
        if assessment.priorities_without_actions:
            names = [
                p.label for p in assessment.priorities if p.area_key in assessment.priorities_without_actions
            ]
            self.blocks.append(_paragraph(self.t("priorities.without_actions", areas="; ".join(names))))

    def balance(self) -> None:
        balance = self.report.balance
        self.blocks.append(_heading(self.t("balance.title"), 2))
        self.blocks.append(
            _bullets(
                [
                    self.t("balance.short", period=self.period("short"), count=balance.short_term),
                    self.t("balance.long", period=self.period("long"), count=balance.long_term),
                    self.t("balance.both", count=balance.both),
                    self.t("balance.short_only", count=len(balance.short_only)),
                    self.t("balance.long_only", count=len(balance.long_only)),
                    self.t("balance.unscheduled", count=len(balance.unscheduled)),
                ]
            )
        )

    # --- roadmap -------------------------------------------------------------------------------------
