"""The computed answer (`ReviewResult`) to a typed reviewer question, from the plan and its coverage report.

Every list is complete (a filter narrows it; nothing is cut). HYÖDYT (3.5) has no action table, so it is
never an area or target "without actions". A topic is "not mentioned" only when the search of every text of
the plan (sections and every field of every action) found none of its terms.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any, Literal

from assistant.retrieval.analyzer import Analyzer
from assistant.review.cues import FacetVocabulary
from assistant.review.models import CoverageReport, action_path
from assistant.review.query import ResultItem, ReviewQuery, ReviewResult
from assistant.review.topic_search import TopicSearch
from assistant.template.spec import TemplateSpec


def _missing(action: Any, field: str) -> bool:
    short, long = bool(action.lyhyt_aikavali.strip()), bool(action.pitka_aikavali.strip())
    return {
        "responsible": not action.vastuuhenkilo.strip(),
        "prerequisites": not action.edellytykset.strip(),
        "schedule_short": not short,
        "schedule_long": not long,
        "schedule_any": not (short or long),
        "schedule": not (short and long),
    }[field]


class Calculator(TopicSearch):
    def __init__(
        self,
        plan: Any,
        report: CoverageReport,
        spec: TemplateSpec,
        vocabulary: FacetVocabulary,
        analyzer: Analyzer,
        language: str,
    ) -> None:
        self.plan = plan
        self.report = report
        self.spec = spec
        self.vocabulary = vocabulary
        self.analyzer = analyzer
        self.language = language
        self.table_areas = [a.key for a in spec.action_areas]

    # --- helpers --------------------------------------------------------------------------------------
    def area_key(self, action: Any) -> str | None:
        area = self.spec.area_of_target(action.kehittamiskohde)
        return area.key if area else None

    def target_key(self, action: Any) -> str | None:
        target = self.spec.target_by_name(action.kehittamiskohde) or self.spec.closest_target(
            action.kehittamiskohde
        )
        return target.key if target else None

    def action_item(self, action: Any, detail: str = "") -> ResultItem:
        return ResultItem(
            label=action.toimenpide or action.kehittamiskohde,
            value=action.toimenpide,
            key=action.id,
            link=action_path(action.id),
            detail=detail or action.kehittamiskohde,
        )

    def actions(self, query: ReviewQuery) -> list[Any]:
        f = query.filters
        out = list(self.plan.toimenpiteet)
        if f.target:
            out = [a for a in out if self.target_key(a) == f.target]
        elif f.area:
            out = [a for a in out if self.area_key(a) == f.area]
        if f.person:
            out = [a for a in out if f.person.lower() in a.vastuuhenkilo.lower()]
        # a period narrows a count and a named person's actions ("X:n toimenpiteet pitkällä aikavälillä")
        dated = query.facet == "count_actions" or (query.facet == "actions_by_person" and f.person)
        if dated and f.period == "short":
            out = [a for a in out if a.lyhyt_aikavali.strip()]
        if dated and f.period == "long":
            out = [a for a in out if a.pitka_aikavali.strip()]
        return out

    @staticmethod
    def _all_reading(query: ReviewQuery, all_default: bool) -> bool:
        return query.all_polarity or (all_default and not query.yes_no)

    def _polar(self, query: ReviewQuery, any_found: bool, *, all_default: bool) -> Literal["yes", "no"]:
        """yes/no as the question asks it: 'do all have …' (yes = nothing found) or 'are there …'."""
        all_reading = self._all_reading(query, all_default)
        return ("no" if any_found else "yes") if all_reading else ("yes" if any_found else "no")

    # --- facets ---------------------------------------------------------------------------------------
    def compute(self, query: ReviewQuery) -> ReviewResult:
        return getattr(self, query.facet)(query)

    def targets_without_actions(self, q: ReviewQuery) -> ReviewResult:
        areas = {a.key: a for a in self.report.areas}
        items = [
            ResultItem(label=t.label, value=t.name, key=t.key, detail=areas[t.area_key].label)
            for t in self.report.targets_without_actions
            if not q.filters.area or t.area_key == q.filters.area
        ]
        total = sum(
            len(a.targets) for a in self.spec.action_areas if not q.filters.area or a.key == q.filters.area
        )
        return ReviewResult(
            facet=q.facet,
            count=len(items),
            items=items,
            yes_no=self._polar(q, bool(items), all_default=False),
            values={"total": total},
        )

    def areas_without_actions(self, q: ReviewQuery) -> ReviewResult:
        """The areas without actions; with an area named ("Puuttuuko mittareilta toimenpiteet?"), that area
        alone (its label and its number of actions in `values`)."""
        named = q.filters.area if q.filters.area in self.table_areas else None
        areas = [a for a in self.report.areas if not named or a.key == named]
        items = [
            ResultItem(label=a.label, value=a.name, key=a.key)
            for a in areas
            if a.key in self.report.areas_without_actions
        ]
        values: dict[str, Any] = {"total": 1 if named else len(self.table_areas)}
        if named:
            values.update(area=areas[0].label, actions=areas[0].actions)
        return ReviewResult(
            facet=q.facet,
            count=len(items),
            items=items,
            yes_no=self._polar(q, bool(items), all_default=False),
            values=values,
        )

    def actions_missing_field(self, q: ReviewQuery) -> ReviewResult:
        """A schedule asked without naming a period ("which actions have no schedule?"): the count and the
        list are the actions with no schedule at all; those lacking only one period are listed apart
        (`values["partial"]`), and "all have a schedule" (yes) only when both periods are filled."""
        field = q.filters.field or "responsible"
        scope = [a for a in self.actions(q.model_copy(update={"facet": "area_actions"}))]
        items, partial = [], []
        for a in scope:
            if not _missing(a, field):
                continue
            item = self.action_item(a)
            if field != "schedule":
                items.append(item)
            elif _missing(a, "schedule_any"):
                item.tag = "both"
                items.append(item)
            else:
                item.tag = "short" if _missing(a, "schedule_short") else "long"
                partial.append(item)
        return ReviewResult(
            facet=q.facet,
            count=len(items),
            items=items,
            yes_no=self._polar(q, bool(items or (partial and self._all_reading(q, True))), all_default=True),
            values={"total": len(scope), "field": field, "partial": [i.model_dump() for i in partial]},
        )

    @staticmethod
    def _count_polar(q: ReviewQuery, count: int) -> Literal["yes", "no"] | None:
        """A count asked as yes/no: "are there actions for …?" (any), "does X have more than five?" (the
        figure compared)."""
        if not q.yes_no:
            return None
        f = q.filters
        if f.threshold is not None and f.metric is None:
            over = count > f.threshold if f.comparison != "below" else count < f.threshold
            return "yes" if over else "no"
        return "yes" if count else "no"

    def count_actions(self, q: ReviewQuery) -> ReviewResult:
        acts = self.actions(q)
        return ReviewResult(
            facet=q.facet,
            count=len(acts),
            items=[self.action_item(a) for a in acts],
            yes_no=self._count_polar(q, len(acts)),
        )

    def count_areas_with_actions(self, q: ReviewQuery) -> ReviewResult:
        items = [
            ResultItem(label=a.label, value=a.name, key=a.key, detail=str(a.actions))
            for a in self.report.areas
            if a.actions and a.key in self.table_areas
        ]
        return ReviewResult(
            facet=q.facet, count=len(items), items=items, values={"total": len(self.table_areas)}
        )

    def actions_by_person(self, q: ReviewQuery) -> ReviewResult:
        if q.filters.person:
            acts = self.actions(q)
            return ReviewResult(
                facet=q.facet,
                count=len(acts),
                items=[self.action_item(a) for a in acts],
                yes_no=self._count_polar(q, len(acts)),
            )
        counts = Counter(a.vastuuhenkilo.strip() for a in self.plan.toimenpiteet if a.vastuuhenkilo.strip())
        if not counts:
            return ReviewResult(facet=q.facet, count=0, items=[], values={"ranking": []})
        top = max(counts.values())
        items = [ResultItem(label=p, value=p, detail=str(n)) for p, n in counts.items() if n == top]
        ranking = [ResultItem(label=p, value=p, detail=str(n)) for p, n in counts.most_common()]
        return ReviewResult(
            facet=q.facet,
            count=top,
            items=items,
            values={"ranking": [r.model_dump() for r in ranking], "total": len(self.plan.toimenpiteet)},
        )

    def area_actions(self, q: ReviewQuery) -> ReviewResult:
        acts = self.actions(q)
        return ReviewResult(facet=q.facet, count=len(acts), items=[self.action_item(a) for a in acts])

    def assessment(self, q: ReviewQuery) -> ReviewResult:
        f = q.filters
        results = self.plan.arviointitulokset
        metric = f.metric or "maturity"
        attr = "kypsyys" if metric == "maturity" else "tyytyvaisyys"
        rows = [r for r in (results.alueet if results else []) if getattr(r, attr) is not None]
        if not rows:
            return ReviewResult(facet=q.facet, available=False, values={"no_assessment": True})
        used = {a.key for a in self.report.areas if a.actions}
        if f.with_actions is not None:
            rows = [r for r in rows if r.alue in self.table_areas and (r.alue in used) == f.with_actions]
        by_key = {a.key: a for a in self.report.areas}
        if f.area and f.threshold is None and f.order is None:  # "what maturity did X get?": X's result
            chosen = [r for r in rows if r.alue == f.area]
            if not chosen and f.area in by_key:
                return ReviewResult(
                    facet=q.facet, available=False, values={"not_assessed": by_key[f.area].label}
                )
        elif f.threshold is not None:
            cmp = (lambda v: v < f.threshold) if f.comparison != "above" else (lambda v: v > f.threshold)
            chosen = [r for r in rows if cmp(getattr(r, attr))]
        elif rows:
            values = [getattr(r, attr) for r in rows]
            extreme = max(values) if f.order == "highest" else min(values)
            chosen = [r for r in rows if getattr(r, attr) == extreme]
        else:
            chosen = []
        items = [
            ResultItem(
                label=by_key[r.alue].label,
                value=by_key[r.alue].name,
                key=r.alue,
                figure=getattr(r, attr),
                tag=str(by_key[r.alue].actions),
            )
            for r in sorted(chosen, key=lambda r: getattr(r, attr))
        ]
        return ReviewResult(
            facet=q.facet,
            count=len(items),
            items=items,
            values={"metric": metric, "scale": [results.asteikko_min, results.asteikko_max]},
        )

    def _text_fields(self) -> Iterator[tuple[Any, Any, Any, str]]:
        """(section, group, field, its text in the plan) for every text field, in template order."""
        for section in sorted(self.spec.sections, key=lambda s: s.id):
            data = getattr(self.plan, section.key)
            for group in section.groups:
                for field in group.fields:
                    yield section, group, field, str(getattr(data, field.key) or "")

    def _field_item(self, section: Any, group: Any, field: Any, detail: str = "") -> ResultItem:
        """A text field as a result item, named as the template numbers it (e.g. "3.1.1 a) …")."""
        letter = f" {field.letter})" if field.letter else ""
        return ResultItem(
            label=f"{group.id}{letter} {field.label.get(self.language)}",
            value=field.key,
            key=field.key,
            link=f"/{section.key}/{field.key}",
            detail=detail,
        )

    def empty_sections(self, q: ReviewQuery) -> ReviewResult:
        items = []
        total = 0
        named = ""  # the one text field the question names, as the template numbers it
        for section, group, field, text in self._text_fields():
            if q.filters.section and section.key != q.filters.section:
                continue
            if q.filters.text_field and field.key != q.filters.text_field:
                continue
            total += 1
            named = self._field_item(section, group, field).label if q.filters.text_field else ""
            if not text.strip():
                items.append(self._field_item(section, group, field))
        return ReviewResult(
            facet=q.facet,
            count=len(items),
            items=items,
            yes_no=("no" if items else "yes") if q.all_polarity else ("yes" if items else "no"),
            values={"total": total, "named": named},
        )

    def period_balance(self, q: ReviewQuery) -> ReviewResult:
        b = self.report.balance
        acts = {a.id: a for a in self.plan.toimenpiteet}
        items = []
        for tag, ids in (("short", b.short_only), ("long", b.long_only), ("none", b.unscheduled)):
            for i in ids:
                item = self.action_item(acts[i])
                item.tag = tag
                items.append(item)
        lean = "even"
        if b.short_term and b.short_term >= 1.5 * b.long_term:
            lean = "short"
        elif b.long_term and b.long_term >= 1.5 * b.short_term:
            lean = "long"
        # "is the plan weighted towards the short term?" / "is it balanced?": yes when it leans as asked
        asked = q.filters.period or "even"
        return ReviewResult(
            facet=q.facet,
            count=len(items),
            items=items,
            yes_no=("yes" if lean == asked else "no") if q.yes_no else None,
            values={
                "lean": lean,
                "short": b.short_term,
                "long": b.long_term,
                "both": b.both,
                "total": len(self.plan.toimenpiteet),
                "short_period": b.short_period,
                "long_period": b.long_period,
            },
        )

    def roadmap_alignment(self, q: ReviewQuery) -> ReviewResult:
        r = self.report.roadmap
        if not r.available:
            return ReviewResult(facet=q.facet, available=False, values={"reason": r.reason or ""})
        items = [
            ResultItem(
                label=row.task.heading,
                value=row.task.heading,
                key=row.task.chunk_id,
                link=row.matches[0].action_path,
                detail=row.matches[0].action_text,
            )
            for row in r.matched
        ]
        unmatched = [row.task.heading for row in r.unmatched]
        return ReviewResult(
            facet=q.facet,
            count=len(items),
            items=items,
            values={"total": len(r.tasks), "unmatched": unmatched, "lost": r.groups_without_tasks},
        )

    def guidance(self, q: ReviewQuery) -> ReviewResult:
        return ReviewResult(facet=q.facet)

    def unanswerable(self, q: ReviewQuery) -> ReviewResult:
        return ReviewResult(facet=q.facet, available=False)
