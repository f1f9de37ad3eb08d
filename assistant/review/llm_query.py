"""Reviewer question → `ReviewQuery` with a chat model (prompt `review_query.v1`, structured output).

The model's reading is checked: area and target names must be the template's (matched by the same name
resolver as offline), the person must be one of the plan's responsible persons; an unknown name is dropped.
Any failure (no answer, garbage, timeout) gives the offline reading, with a notice saying so.
"""

from __future__ import annotations

from typing import Any

from langchain_core.language_models import BaseChatModel
from pydantic import BaseModel, Field

from assistant.i18n import load_catalog
from assistant.llm import invoke_structured, load_prompt
from assistant.review.interpret import OfflineInterpreter
from assistant.review.query import ActionField, Facet, Filters, Metric, Period, ReviewQuery
from assistant.review.slots import PersonFinder

PROMPT = "review_query.v1"


class LLMReading(BaseModel):
    """What the `review_query` prompt returns."""

    facet: Facet
    knowledge: bool = Field(default=False, description="A statement about a source next to a plan question.")
    yes_no: bool = Field(default=False, description="The question expects yes or no.")
    all_actions: bool = Field(default=False, description="Asked as 'do ALL actions/targets have …'.")
    area: str | None = Field(default=None, description="Area name from the list, or null.")
    target: str | None = Field(default=None, description="Development target name from the list, or null.")
    field: ActionField | None = None
    person: str | None = Field(default=None, description="A person from the list, or null.")
    metric: Metric | None = None
    order: str | None = Field(default=None, description="lowest or highest")
    threshold: float | None = None
    comparison: str | None = Field(default=None, description="below or above")
    with_actions: bool | None = None
    period: Period | None = None
    topic: list[str] = Field(default_factory=list, description="Topic words as written in the question.")


class LLMInterpreter:
    """The same typed query as `OfflineInterpreter`, read by a chat model; offline on any failure."""

    def __init__(
        self,
        model: BaseChatModel,
        offline: OfflineInterpreter,
        *,
        method: str = "auto",
        timeout_s: float | None = 30.0,
    ) -> None:
        self.model = model
        self.offline = offline
        self.method = method
        self.timeout_s = timeout_s

    def interpret(self, question: str, plan: Any, *, ui_language: str = "fi") -> ReviewQuery:
        fallback = self.offline.interpret(question, plan, ui_language=ui_language)
        spec = self.offline.spec
        persons = sorted({a.vastuuhenkilo for a in getattr(plan, "toimenpiteet", []) if a.vastuuhenkilo})
        result = invoke_structured(
            self.model,
            load_prompt(PROMPT),
            {
                "question": question,
                "facets": ", ".join(Facet.__args__),  # type: ignore[attr-defined]
                "areas": "; ".join(a.name for a in spec.areas),
                "targets": "; ".join(t.name for t in spec.targets),
                "persons": "; ".join(persons) or "-",
            },
            LLMReading,
            method=self.method,
            timeout_s=self.timeout_s,
        )
        catalog = load_catalog(fallback.language)
        if not result.ok or result.value is None:
            notice = catalog.t("review.reply.llm_failed", reason=result.failure or "error")
            return fallback.model_copy(update={"notice": notice})
        return self._grounded(result.value, fallback, persons)

    def _grounded(self, reading: LLMReading, fallback: ReviewQuery, persons: list[str]) -> ReviewQuery:
        """The model's reading with every name checked against the template and the plan."""
        areas, _ = self.offline.names.resolve(reading.area or "")
        _, targets = self.offline.names.resolve(reading.target or "")
        person = PersonFinder(persons, self.offline.analyzer).find(reading.person) if reading.person else None
        filters = Filters(
            area=areas[0] if len(areas) == 1 else None,
            target=targets[0] if len(targets) == 1 else None,
            field=reading.field,
            person=person,
            metric=reading.metric,
            order=reading.order if reading.order in ("lowest", "highest") else None,
            threshold=reading.threshold,
            comparison=reading.comparison if reading.comparison in ("below", "above") else None,
            with_actions=reading.with_actions,
            period=reading.period,
            topic=[w for w in reading.topic if w.strip()][:8],
            concept=fallback.filters.concept,
        )
        if reading.facet == "assessment" and filters.order is None and filters.threshold is None:
            filters.order = "lowest"
        return ReviewQuery(
            facet=reading.facet,
            filters=filters,
            knowledge=reading.knowledge,
            yes_no=reading.yes_no,
            all_polarity=reading.all_actions,
            language=fallback.language,
            confidence=1.0,
            alternatives=[reading.facet, fallback.facet],
            source="llm",
            knowledge_query=fallback.knowledge_query or "",
        )
