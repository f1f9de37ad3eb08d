"""Computed facts for reviewer questions: one `Fact` per plan intent, taken from the coverage report (or,
for a named area/target or a topic, from the plan itself). Labels are the template's exact names; paths
are JSON Pointers into the plan."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from assistant.i18n import load_catalog
from assistant.i18n.catalog import Catalog
from assistant.retrieval.analyzer import Analyzer
from assistant.retrieval.quote import snippet
from assistant.review.dataprotection import plan_texts
from assistant.review.models import ActionRef, CoverageReport, Fact, FactItem, action_path
from assistant.review.router import Route, words
from assistant.template.spec import TemplateSpec


def number(value: float | None, language: str) -> str:
    """A figure as the report language writes it (decimal comma in Finnish and Swedish)."""
    if value is None:
        return "–"
    text = f"{value:g}"
    return text.replace(".", ",") if language in ("fi", "sv") else text


def _action_item(ref: ActionRef, detail: str = "") -> FactItem:
    return FactItem(label=ref.text or ref.id, path=ref.path, id=ref.id, detail=detail or ref.target)


class FactBuilder:
    def __init__(
        self,
        report: CoverageReport,
        plan: Any,
        spec: TemplateSpec,
        analyzer: Analyzer,
        language: str,
        snippet_chars: int = 160,
    ) -> None:
        self.report = report
        self.plan = plan
        self.spec = spec
        self.analyzer = analyzer
        self.language = language
        self.catalog: Catalog = load_catalog(language)
        self.snippet_chars = snippet_chars
        self.refs = {
            a.id: ActionRef(
                id=a.id,
                index=i,
                path=action_path(a.id),
                target=a.kehittamiskohde,
                area_key=(area.key if (area := spec.area_of_target(a.kehittamiskohde)) else None),
                text=a.toimenpide,
            )
            for i, a in enumerate(plan.toimenpiteet)
        }

    def _fact(self, intent: str, items: list[FactItem], **values: Any) -> Fact:
        return Fact(
            intent=intent,
            title=self.catalog.t(f"review.fact.{intent}.title"),
            count=len(items),
            items=items,
            values=values,
        )

    def build(self, route: Route, question: str) -> list[Fact]:
        builders: dict[str, Callable[[], list[Fact]]] = {
            "areas_without_actions": self.areas_without_actions,
            "targets_without_actions": self.targets_without_actions,
            "missing_responsible": lambda: self.missing("missing_responsible"),
            "missing_schedule": lambda: self.missing("missing_schedule"),
            "missing_prerequisites": lambda: self.missing("missing_prerequisites"),
            "empty_required": self.empty_required,
            "data_protection": self.data_protection,
            "balance": self.balance,
            "priorities": self.priorities,
            "roadmap_alignment": self.roadmap,
            "action_counts": lambda: self.action_counts(route),
            "area_actions": lambda: self.area_actions(route),
            "topic": lambda: self.topic(route, question),
        }
        facts: list[Fact] = []
        for intent in route.intents:
            facts.extend(builders[intent]())
        return facts

    # --- coverage facts ------------------------------------------------------------------------------
    def areas_without_actions(self) -> list[Fact]:
        items = [FactItem(label=a.label, id=a.key) for a in self.report.areas if not a.actions]
        return [self._fact("areas_without_actions", items, total=len(self.report.areas))]

    def targets_without_actions(self) -> list[Fact]:
        areas = {a.key: a.label for a in self.report.areas}
        items = []
        for t in self.report.targets_without_actions:
            translated = f"{t.label}; " if t.label != t.name else ""
            items.append(FactItem(label=t.name, id=t.key, detail=f"{translated}{areas[t.area_key]}"))
        total = sum(len(a.targets) for a in self.report.areas)
        return [self._fact("targets_without_actions", items, total=total)]

    def missing(self, intent: str) -> list[Fact]:
        refs: list[ActionRef] = getattr(self.report, intent)
        items = [_action_item(r) for r in refs]
        return [self._fact(intent, items, total=self.report.total_actions)]

    def empty_required(self) -> list[Fact]:
        items = [
            FactItem(label=f"{e.section_id} {e.label}", path=e.path, id=e.field_key or e.section_key)
            for e in self.report.empty_required
        ]
        return [self._fact("empty_required", items)]

    def data_protection(self) -> list[Fact]:
        dp = self.report.data_protection
        items = [
            FactItem(label=m.label, path=m.path, id=m.action_id or m.path, detail=m.snippet)
            for m in dp.mentions
        ]
        return [self._fact("data_protection", items, addressed=dp.addressed, terms=", ".join(dp.terms))]

    def balance(self) -> list[Fact]:
        b = self.report.balance
        items: list[FactItem] = []
        for key, ids in (
            ("short_only", b.short_only),
            ("long_only", b.long_only),
            ("unscheduled", b.unscheduled),
        ):
            label = self.catalog.t(f"review.fact.balance.{key}")
            items += [_action_item(self.refs[i], f"{label}; {self.refs[i].target}") for i in ids]
        return [
            self._fact(
                "balance",
                items,
                total=self.report.total_actions,
                short_term=b.short_term,
                long_term=b.long_term,
                both=b.both,
                short_period=b.short_period,
                long_period=b.long_period,
            )
        ]

    def priorities(self) -> list[Fact]:
        a = self.report.assessment
        if not a.available:
            fact = self._fact("priorities", [], available=False)
            fact.count = None
            return [fact]
        items = [
            FactItem(
                label=p.label,
                id=p.area_key,
                detail=self.catalog.t(
                    "review.fact.priorities.detail",
                    maturity=number(p.maturity, self.language),
                    satisfaction=number(p.satisfaction, self.language),
                    actions=p.actions,
                ),
            )
            for p in a.priorities
        ]
        return [
            self._fact(
                "priorities",
                items,
                available=True,
                without=len(a.priorities_without_actions),
                without_actions=list(a.priorities_without_actions),
                scale=f"{number(a.scale_min, self.language)}–{number(a.scale_max, self.language)}",
            )
        ]

    def roadmap(self) -> list[Fact]:
        r = self.report.roadmap
        if not r.available:
            fact = self._fact("roadmap_alignment", [], available=False, reason=r.reason or "")
            fact.count = None
            return [fact]
        matched: list[FactItem] = []
        for row in r.matched:
            best = row.matches[0]
            matched.append(
                FactItem(
                    label=row.task.heading,
                    path=best.action_path,
                    id=row.task.chunk_id,
                    detail=self.catalog.t(
                        "review.fact.roadmap_alignment.detail",
                        action_id=best.action_id,
                        action_text=best.action_text,
                        score=number(round(best.score, 3), self.language),
                    ),
                )
            )
        unmatched = [
            FactItem(label=row.task.heading, id=row.task.chunk_id, detail=row.task.group)
            for row in r.unmatched
        ]
        common = {
            "available": True,
            "total": len(r.tasks),
            "threshold": number(r.threshold, self.language),
            "lost": "; ".join(r.groups_without_tasks),
        }
        return [
            self._fact("roadmap_alignment", matched, **common),
            self._fact("roadmap_unmatched", unmatched, **common),
        ]

    def action_counts(self, route: Route) -> list[Fact]:
        wanted = set(route.areas) | {
            area.key for t in route.targets if (area := self._area_of_target_key(t)) is not None
        }
        areas = [a for a in self.report.areas if not wanted or a.key in wanted]
        items = [FactItem(label=a.label, id=a.key, detail=str(a.actions)) for a in areas]
        total = sum(a.actions for a in areas)
        fact = self._fact("action_counts", items, total=total)
        if not total:
            fact.count = 0
        return [fact]

    def _area_of_target_key(self, key: str):
        for area in self.spec.areas:
            if any(t.key == key for t in area.targets):
                return area
        return None

    def area_actions(self, route: Route) -> list[Fact]:
        names: list[str] = []
        items: list[FactItem] = []
        targets = {t.key: t for t in self.spec.targets}
        wanted: set[str] = set()
        for key in route.targets:
            names.append(targets[key].display(self.language))
            wanted.add(key)
        for key in route.areas:
            area = self.spec.area(key)
            names.append(area.label.get(self.language))
            wanted |= {t.key for t in area.targets}
        for ref in self.refs.values():
            target = self.spec.target_by_name(ref.target) or self.spec.closest_target(ref.target)
            if target is not None and target.key in wanted:
                items.append(_action_item(ref))
        return [self._fact("area_actions", items, names=", ".join(names))]

    def topic(self, route: Route, question: str) -> list[Fact]:
        stems = set(route.topic)
        shown = [w for w in words(question) if stems & set(self.analyzer.query_tokens(w))]
        needed = max(1, math.ceil(len(stems) / 2))
        found: list[tuple[int, int, FactItem]] = []
        for order, (path, label, text, _action_id) in enumerate(
            plan_texts(self.plan, self.spec, self.language)
        ):
            if not text:
                continue
            present = stems & set(self.analyzer.tokens(text))
            if len(present) < needed:
                continue
            lowered = text.lower()
            positions = [lowered.find(w) for w in shown if w in lowered]
            start = min(positions) if positions else 0
            item = FactItem(label=label, path=path, detail=snippet(text, start, start, self.snippet_chars))
            found.append((-len(present), order, item))
        items = [item for _, _, item in sorted(found, key=lambda f: (f[0], f[1]))]
        return [self._fact("topic", items, words=", ".join(dict.fromkeys(shown)) or ", ".join(sorted(stems)))]
