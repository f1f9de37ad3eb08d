"""The offline text of a reviewer answer: the first sentence answers exactly what was asked (yes/no, the
number, the list), then every item of the list. Sentences come from the catalogs (`review.reply.*`); the text
never shows ids, JSON paths or raw scores."""

from __future__ import annotations

from assistant.i18n.catalog import Catalog
from assistant.review.query import ResultItem, ReviewQuery, ReviewResult
from assistant.template.spec import TemplateSpec


def number(value: float | None, language: str) -> str:
    if value is None:
        return "–"
    text = f"{value:g}"
    return text.replace(".", ",") if language in ("fi", "sv") else text


class Writer:
    def __init__(self, catalog: Catalog, spec: TemplateSpec, language: str) -> None:
        self.catalog = catalog
        self.spec = spec
        self.language = language

    def t(self, key: str, **params: object) -> str:
        return self.catalog.t(f"review.reply.{key}", **params)

    def join(self, names: list[str]) -> str:
        if len(names) <= 1:
            return "".join(names)
        return f"{', '.join(names[:-1])} {self.t('and')} {names[-1]}"

    @staticmethod
    def bullets(items: list[ResultItem], detail: bool = True) -> list[str]:
        return [f"- {i.label}" + (f" ({i.detail})" if detail and i.detail else "") for i in items]

    def scope(self, query: ReviewQuery, periods: tuple[str, str] = ("", "")) -> str:
        f = query.filters
        parts = []
        if f.target:
            target = next(t for t in self.spec.targets if t.key == f.target)
            parts.append(self.t("scope_target", name=target.display(self.language)))
        elif f.area:
            parts.append(self.t("scope_area", name=self.spec.area(f.area).label.get(self.language)))
        if f.person:
            parts.append(self.t("scope_person", name=f.person))
        if query.facet == "count_actions" and f.period:
            period = periods[0] if f.period == "short" else periods[1]
            parts.append(self.t(f"scope_{f.period}", period=period))
        return ", ".join(parts)

    def area_scope(self, query: ReviewQuery) -> str:
        area = query.filters.area
        return self.t("in_area", area=self.spec.area(area).label.get(self.language)) if area else ""

    # --- per facet ------------------------------------------------------------------------------------
    def lines(self, query: ReviewQuery, result: ReviewResult, periods: tuple[str, str]) -> list[str]:
        head, body = getattr(self, query.facet)(query, result, periods)
        if query.yes_no and result.yes_no and result.available:
            head = f"{self.t(result.yes_no)} {head}"
        return [head, *body]

    def targets_without_actions(self, q: ReviewQuery, r: ReviewResult, _: tuple[str, str]):
        scope, total = self.area_scope(q), r.values["total"]
        if not r.count:
            return self.t("targets_none", total=total, scope=scope), []
        names = self.join([i.label for i in r.items])
        return self.t("targets_some", count=r.count, total=total, scope=scope, names=names), self.bullets(
            r.items
        )

    def areas_without_actions(self, q: ReviewQuery, r: ReviewResult, _: tuple[str, str]):
        if "area" in r.values:  # one area named: whether it has actions
            if r.count:
                return self.t("area_named_without", area=r.values["area"]), []
            return self.t("area_named_with", area=r.values["area"], count=r.values["actions"]), []
        if not r.count:
            return self.t("areas_none", total=r.values["total"]), []
        names = self.join([i.label for i in r.items])
        return self.t("areas_some", count=r.count, total=r.values["total"], names=names), []

    def actions_missing_field(self, q: ReviewQuery, r: ReviewResult, _: tuple[str, str]):
        field = self.t(f"fields.{r.values['field']}")
        scope, total = self.area_scope(q), r.values["total"]
        partial = [ResultItem(**i) for i in r.values.get("partial", [])]
        rest = self.bullets(self.worded(partial, "schedule_parts"))
        if not r.count:  # "a schedule" is had only when both periods are filled
            if partial:  # none without any schedule, but some lack one period: said in the same sentence
                head = self.t("missing_partial_only", total=total, scope=scope, count=len(partial))
                return head, rest
            if r.values["field"] == "schedule":
                field = self.t("fields.schedule_both")
            return self.t("missing_none", total=total, scope=scope, field=field), []
        key = "missing_any_some" if r.values["field"] in ("schedule", "schedule_any") else "missing_some"
        head = self.t(key, count=r.count, total=total, scope=scope, field=field)
        head = head[:1].upper() + head[1:]
        body = self.bullets(self.worded(r.items, "schedule_parts"))
        if partial:
            body += [self.t("missing_partial", count=len(partial)), *rest]
        return head, body

    def worded(self, items: list[ResultItem], key: str) -> list[ResultItem]:
        """Items whose tag is worded in front of the detail ("no long-term schedule; <target>")."""
        return [
            i.model_copy(update={"detail": f"{self.t(f'{key}.{i.tag}')}; {i.detail}" if i.tag else i.detail})
            for i in items
        ]

    def count_actions(self, q: ReviewQuery, r: ReviewResult, periods: tuple[str, str]):
        scope = self.scope(q, periods)
        return self.t("count_actions", count=r.count, scope=f" ({scope})" if scope else ""), self.bullets(
            r.items
        )

    def count_areas_with_actions(self, q: ReviewQuery, r: ReviewResult, _: tuple[str, str]):
        return self.t("count_areas", count=r.count, total=r.values["total"]), self.bullets(r.items)

    def actions_by_person(self, q: ReviewQuery, r: ReviewResult, periods: tuple[str, str]):
        f = q.filters
        if f.person:
            head = self.t("person_of" if r.count else "person_nobody", person=f.person, count=r.count)
            if f.period:  # the period that narrowed the list, named in the same sentence
                period = periods[0] if f.period == "short" else periods[1]
                head = f"{head.rstrip('.')} ({self.t(f'scope_{f.period}', period=period)})."
            return head, self.bullets(r.items)
        if not r.items:
            return self.t("person_none"), []
        names = self.join([i.label for i in r.items])
        ranking = [ResultItem(**row) for row in r.values["ranking"]]
        head = self.t("person_top", names=names, count=r.count, total=r.values["total"])
        return head, [self.t("person_ranking"), *[f"- {i.label}: {i.detail}" for i in ranking]]

    def area_actions(self, q: ReviewQuery, r: ReviewResult, periods: tuple[str, str]):
        return self.t("area_actions", count=r.count, scope=self.scope(q, periods)), self.bullets(r.items)

    def assessment(self, q: ReviewQuery, r: ReviewResult, _: tuple[str, str]):
        if not r.available:
            return self.t("no_assessment"), []
        f = q.filters
        metric = self.t(f"metrics.{r.values['metric']}")
        scope = (
            "" if f.with_actions is None else self.t("assess_with" if f.with_actions else "assess_without")
        )
        names = self.join([i.label for i in r.items])
        details = []
        for i in r.items:
            value = number(i.figure, self.language)
            details.append(
                f"- {i.label}: " + self.t("assess_detail", metric=metric, value=value, actions=i.tag)
            )
        if f.threshold is not None:
            threshold = number(f.threshold, self.language)
            comparison = f.comparison or "below"
            if not r.items:
                return self.t(
                    f"assess_none_{comparison}", metric=metric, threshold=threshold, scope=scope
                ), []
            head = self.t(
                f"assess_{comparison}",
                metric=metric,
                threshold=threshold,
                scope=scope,
                count=r.count,
                names=names,
            )
            return head, details
        if not r.items:
            return self.t("assess_none_scope", scope=scope), []
        value = number(r.items[0].figure, self.language)
        if f.order is None and f.area:  # one area's result asked
            return self.t("assess_area", metric=metric, names=names, value=value), details
        head = self.t(f"assess_{f.order or 'lowest'}", metric=metric, scope=scope, names=names, value=value)
        return head, details

    def empty_sections(self, q: ReviewQuery, r: ReviewResult, _: tuple[str, str]):
        if r.values.get("named"):  # one field asked about: said of it by its name
            return self.t("field_empty" if r.count else "field_filled", name=r.values["named"]), []
        if not r.count:
            return self.t("empty_none", total=r.values["total"]), []
        return self.t("empty_some", count=r.count, total=r.values["total"]), self.bullets(r.items)

    def topic_mentioned(self, q: ReviewQuery, r: ReviewResult, _: tuple[str, str]):
        if not r.available and r.values.get("other_language"):
            words = self.join([f"”{w}”" for w in r.values["searched"]])
            language = self.t(f"languages.{r.values['other_language']}")
            return self.t("topic_other_language", words=words, language=language), []
        if not r.available:
            return self.t("topic_unclear"), []
        # a known topic by its name; the question's own topic words as the phrase they were asked in
        topic = self.join(r.values["searched"]) if q.filters.concept else " ".join(r.values["searched"])
        if "scope" in r.values:  # one part of the plan named: found there or not, and elsewhere
            scope = r.values["scope"]
            if r.count:
                head = self.t("topic_found_in", topic=topic[:1].upper() + topic[1:], scope=scope)
                return head, self.bullets(r.items)
            words = self.join([f"”{w}”" for w in r.values["words"]])
            head = self.t("topic_missing_in", topic=topic, scope=scope, words=words)
            if r.values["elsewhere"]:
                head = f"{head} {self.t('topic_elsewhere', count=r.values['elsewhere'])}"
            return head, []
        if not r.count:
            words = self.join([f"”{w}”" for w in r.values["words"]])
            return self.t("topic_missing", topic=topic, words=words), []
        head = self.t("topic_found", topic=topic[:1].upper() + topic[1:], count=r.count)
        return head, self.bullets(r.items)

    def period_balance(self, q: ReviewQuery, r: ReviewResult, _: tuple[str, str]):
        v = r.values
        head = self.t(
            "balance", **{k: v[k] for k in ("short", "long", "both", "total", "short_period", "long_period")}
        )
        lean = f"balance_{v['lean']}"
        return f"{head} {self.t(lean)}", self.bullets(self.worded(r.items, "balance_parts"))

    def roadmap_alignment(self, q: ReviewQuery, r: ReviewResult, _: tuple[str, str]):
        if not r.available:
            return self.t("roadmap_unavailable", reason=r.values.get("reason", "")), []
        body = self.bullets(r.items)
        if r.values.get("unmatched"):
            body += [self.t("roadmap_unmatched"), *[f"- {u}" for u in r.values["unmatched"]]]
        return self.t("roadmap", count=r.count, total=r.values["total"]), body

    def guidance(self, q: ReviewQuery, r: ReviewResult, _: tuple[str, str]):
        return self.t("guidance"), []

    def unanswerable(self, q: ReviewQuery, r: ReviewResult, _: tuple[str, str]):
        return self.t("unanswerable"), []

    def clarify(self, query: ReviewQuery) -> str:
        first, second = (query.alternatives + query.alternatives)[:2]
        asked = self.t("clarify", first=self.t(f"readings.{first}"), second=self.t(f"readings.{second}"))
        understood = [p for p in (self.scope(query), " ".join(query.filters.topic)) if p]
        return f"{asked} {self.t('clarify_understood', what=', '.join(understood))}" if understood else asked
