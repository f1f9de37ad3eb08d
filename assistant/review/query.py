"""The typed interpretation of a reviewer's question (`ReviewQuery`) and its computed answer (`ReviewResult`).

    query = interpreter.interpret("Vilka utvecklingsobjekt inom MITTARIT saknar åtgärder?", context)
    # ReviewQuery(facet="targets_without_actions", filters=Filters(area="mittarit"), language="sv", ...)
    result = compute(query, plan, report, spec)            # ReviewResult(count=1, items=[...])

Filter values are template keys (areas, targets, fields), never labels; persons are the name as written in the
plan. Both interpreters (offline and LLM) return this same model.
"""

from __future__ import annotations

from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

Facet = Literal[
    "targets_without_actions",
    "areas_without_actions",
    "actions_missing_field",
    "count_actions",
    "count_areas_with_actions",
    "actions_by_person",
    "area_actions",
    "assessment",
    "empty_sections",
    "topic_mentioned",
    "period_balance",
    "roadmap_alignment",
    "guidance",
    "unanswerable",
]
# Every facet computed from the plan itself (guidance and unanswerable questions are not).
PLAN_FACETS: tuple[str, ...] = tuple(f for f in get_args(Facet) if f not in ("guidance", "unanswerable"))
ActionField = Literal[
    "responsible", "prerequisites", "schedule", "schedule_short", "schedule_long", "schedule_any"
]
Metric = Literal["maturity", "satisfaction"]
Period = Literal["short", "long"]
Source = Literal["offline", "llm"]


class Filters(BaseModel):
    model_config = ConfigDict(extra="forbid")

    area: str | None = Field(default=None, description="Area key of the template (e.g. mittarit).")
    target: str | None = Field(default=None, description="Development target key of the template.")
    field: ActionField | None = Field(default=None, description="The action field asked about.")
    person: str | None = Field(default=None, description="A responsible person's name as in the plan.")
    metric: Metric | None = Field(default=None, description="Assessment measure.")
    order: Literal["lowest", "highest"] | None = None
    threshold: float | None = Field(default=None, description="Assessment threshold (strict comparison).")
    comparison: Literal["below", "above"] | None = None
    with_actions: bool | None = Field(default=None, description="Only areas with (True) / without actions.")
    period: Period | None = None
    section: str | None = Field(default=None, description="Section key of the template (e.g. kuvaus).")
    text_field: str | None = Field(
        default=None, description="A text field of chapter 3 named in the question (e.g. nykytilan_kuvaus)."
    )
    topic: list[str] = Field(default_factory=list, description="Topic words as written in the question.")
    concept: str | None = Field(default=None, description="Known topic concept (e.g. data_protection).")


class ReviewQuery(BaseModel):
    """What a reviewer asked, typed."""

    facet: Facet
    filters: Filters = Field(default_factory=Filters)
    knowledge: bool = Field(
        default=False, description="Also answer from the knowledge base (a mixed question)."
    )
    yes_no: bool = Field(default=False, description="The question expects a yes or a no.")
    all_polarity: bool = Field(
        default=False, description="A yes/no question asked as 'do ALL actions have …' (yes = none missing)."
    )
    topic_asked: bool = Field(
        default=True,
        description="The question itself asks whether a topic is mentioned (a mention word or a known "
        "topic): only then may a search that finds nothing answer 'not mentioned'; otherwise it asks back.",
    )
    language: str = "fi"
    confidence: float = Field(default=1.0, ge=0.0, le=1.0)
    clarify: bool = Field(default=False, description="Unsure: ask which of `alternatives` was meant.")
    alternatives: list[Facet] = Field(default_factory=list, description="The two most likely readings.")
    source: Source = "offline"
    notice: str | None = Field(default=None, description="E.g. why the LLM reading was replaced.")
    knowledge_query: str = Field(
        default="", description="The part of the question to search the sources with."
    )
    unanswered: str = Field(
        default="", description="A part of the question that neither source answers (said so first)."
    )

    @property
    def is_plan(self) -> bool:
        return self.facet in PLAN_FACETS


class ResultItem(BaseModel):
    """One listed element of a computed answer."""

    label: str = Field(description="What the reader sees.")
    value: str = Field(description="Canonical value: exact template name, action text, field key, person.")
    key: str | None = Field(default=None, description="Action id, area/target/field key (for links).")
    link: str = Field(default="", description="JSON Pointer into the plan (for links; never shown as text).")
    detail: str = ""
    tag: str = Field(default="", description="A code the writer words (e.g. which schedule is missing).")
    figure: float | None = Field(default=None, description="A figure the writer formats (assessment value).")


class ReviewResult(BaseModel):
    """The computed answer to a `ReviewQuery` (plan facets), before it is written as text."""

    facet: Facet
    yes_no: Literal["yes", "no"] | None = None
    count: int | None = None
    items: list[ResultItem] = Field(default_factory=list)
    values: dict[str, Any] = Field(default_factory=dict)
    available: bool = Field(default=True, description="False: the plan lacks what the facet needs.")
