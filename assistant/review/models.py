"""Typed results of the review engine: the computed coverage report and answers to reviewer questions.

Everything here is JSON-serialisable (`model_dump(mode="json")`). Paths are JSON Pointers into the plan;
an action is addressed by its id (`/toimenpiteet/<action id>`, the same form review comments use) and a
field of an action by `/toimenpiteet/<action id>/<field>`.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from assistant.review.query import ReviewQuery, ReviewResult

AnswerKind = Literal["plan", "knowledge", "mixed", "unanswerable", "clarify"]
MissingField = Literal["schedule", "responsible", "prerequisites"]
PriorityReason = Literal["lowest_maturity", "lowest_satisfaction"]


def action_path(action_id: str, field: str | None = None) -> str:
    """JSON Pointer of an action (by id, as review comments address actions) or of one of its fields."""
    escaped = action_id.replace("~", "~0").replace("/", "~1")
    return f"/toimenpiteet/{escaped}" + (f"/{field}" if field else "")


class ActionRef(BaseModel):
    """An action named in the report."""

    id: str
    index: int = Field(description="Position in plan.toimenpiteet.")
    path: str = Field(description="JSON Pointer `/toimenpiteet/<action id>`.")
    target: str = Field(description="kehittamiskohde exactly as written in the plan.")
    area_key: str | None = Field(default=None, description="Area of the target (None: unknown name).")
    text: str = Field(description="The action text (toimenpide).")


class TargetRef(BaseModel):
    """A development target of the template."""

    key: str
    name: str = Field(description="Exact template name (Finnish).")
    label: str = Field(description="Name shown in the report language.")
    area_key: str
    area_name: str


class TargetCoverage(BaseModel):
    key: str
    name: str
    label: str
    actions: int
    action_ids: list[str] = Field(default_factory=list)
    missing_schedule: list[str] = Field(default_factory=list, description="Action ids.")
    missing_long_term: list[str] = Field(
        default_factory=list, description="Action ids with a short-term but no long-term schedule."
    )
    missing_responsible: list[str] = Field(default_factory=list, description="Action ids.")
    missing_prerequisites: list[str] = Field(default_factory=list, description="Action ids.")
    short_term: int = Field(default=0, description="Actions with a short-term schedule.")
    long_term: int = Field(default=0, description="Actions with a long-term schedule.")


class AreaCoverage(BaseModel):
    key: str
    name: str = Field(description="Area name as in the template (e.g. VISIO JA STRATEGIA).")
    label: str = Field(description="Area label in the report language.")
    section: str = Field(description="Template section of the area's table (3.4 or 3.5).")
    actions: int
    targets: list[TargetCoverage]
    targets_without_actions: list[str] = Field(default_factory=list, description="Exact target names.")
    missing_schedule: int = 0
    missing_long_term: int = 0
    missing_responsible: int = 0
    missing_prerequisites: int = 0
    short_term: int = 0
    long_term: int = 0
    maturity: float | None = Field(default=None, description="The plan's own assessment result, if any.")
    satisfaction: float | None = None


class EmptyField(BaseModel):
    """A required field (or a required one-of group, or a whole required section) left empty."""

    section_id: str = Field(description="Template number, e.g. 3.1.1.")
    section_key: str
    field_key: str | None = Field(default=None, description="None when the whole section is empty.")
    label: str = Field(description="Field label (or section title) in the report language.")
    path: str
    kind: Literal["section", "field", "one_of"] = "field"


class AssessmentPriority(BaseModel):
    """An area the plan's own assessment results rank lowest (maturity or satisfaction)."""

    area_key: str
    area_name: str
    label: str
    maturity: float | None = None
    satisfaction: float | None = None
    reasons: list[PriorityReason]
    actions: int
    action_ids: list[str] = Field(default_factory=list)


class AssessmentCoverage(BaseModel):
    available: bool = Field(description="False when the plan has no per-area assessment results.")
    scale_min: float | None = None
    scale_max: float | None = None
    priorities: list[AssessmentPriority] = Field(default_factory=list)
    priorities_without_actions: list[str] = Field(default_factory=list, description="Area keys.")


class DataProtectionMention(BaseModel):
    path: str = Field(description="JSON Pointer of the text that mentions data protection.")
    label: str = Field(description="Where it is, in the report language (section/field or action).")
    term: str = Field(description="The configured term that matched.")
    word: str = Field(description="The word as written in the plan.")
    snippet: str
    action_id: str | None = None


class DataProtectionCoverage(BaseModel):
    addressed: bool
    terms: list[str] = Field(description="Terms searched for (knowledge/template.yaml rules).")
    mentions: list[DataProtectionMention] = Field(default_factory=list)
    sections: list[str] = Field(default_factory=list, description="Section keys that mention it.")
    action_ids: list[str] = Field(default_factory=list, description="Actions that mention it.")


class Balance(BaseModel):
    """Short-term versus long-term scheduling of the actions."""

    short_period: str = Field(description="The plan's short period, e.g. 2020–2021.")
    long_period: str
    short_term: int = Field(description="Actions with a short-term schedule.")
    long_term: int = Field(description="Actions with a long-term schedule.")
    both: int
    short_only: list[str] = Field(default_factory=list, description="Action ids scheduled only short term.")
    long_only: list[str] = Field(default_factory=list, description="Action ids scheduled only long term.")
    unscheduled: list[str] = Field(default_factory=list, description="Action ids with no schedule.")


class RoadmapTask(BaseModel):
    """A task passage of the national roadmap (an indexed chunk)."""

    chunk_id: str
    doc_id: str
    title: str
    section: str
    page: int | None = None
    heading: str = Field(description="The task's own heading (last part of the section path).")
    snippet: str
    citation: str
    number: str = Field(default="", description="The task's number in the roadmap, e.g. 2.3.")
    group: str = Field(default="", description="Task group (tehtäväkokonaisuus), e.g. H. Tietohallinnon ...")
    parent: str = Field(default="", description="The parent task's heading, e.g. 2. Tietohallinnon ...")


class RoadmapMatch(BaseModel):
    action_id: str
    action_path: str
    action_text: str
    score: float = Field(description="Cosine similarity of the action text and the task passage.")


class RoadmapTaskAlignment(BaseModel):
    task: RoadmapTask
    matched: bool
    best: RoadmapMatch | None = Field(default=None, description="Closest action (even below threshold).")
    matches: list[RoadmapMatch] = Field(default_factory=list, description="Actions at or above threshold.")


class RoadmapAlignment(BaseModel):
    available: bool
    reason: str | None = Field(default=None, description="Why the alignment is unavailable.")
    doc_id: str | None = None
    title: str | None = None
    threshold: float | None = None
    tasks: list[RoadmapTaskAlignment] = Field(default_factory=list)
    groups_without_tasks: list[str] = Field(
        default_factory=list,
        description="Knowledge-management/ICT task groups whose task list is not in the text (images).",
    )
    actions_compared: int = 0

    @property
    def matched(self) -> list[RoadmapTaskAlignment]:
        return [t for t in self.tasks if t.matched]

    @property
    def unmatched(self) -> list[RoadmapTaskAlignment]:
        return [t for t in self.tasks if not t.matched]


class CoverageReport(BaseModel):
    """The computed (not generated) coverage of one plan."""

    language: str
    title: str = ""
    region: str = ""
    schema_version: str = ""
    total_actions: int
    areas: list[AreaCoverage]
    targets_without_actions: list[TargetRef] = Field(default_factory=list)
    areas_without_actions: list[str] = Field(default_factory=list, description="Area keys.")
    missing_schedule: list[ActionRef] = Field(default_factory=list)
    missing_long_term: list[ActionRef] = Field(
        default_factory=list, description="Scheduled in the short term only: no long-term schedule."
    )
    missing_responsible: list[ActionRef] = Field(default_factory=list)
    missing_prerequisites: list[ActionRef] = Field(default_factory=list)
    unknown_targets: list[ActionRef] = Field(
        default_factory=list, description="Actions whose kehittamiskohde is not a template target name."
    )
    empty_required: list[EmptyField] = Field(default_factory=list)
    assessment: AssessmentCoverage
    data_protection: DataProtectionCoverage
    balance: Balance
    roadmap: RoadmapAlignment

    def incomplete_action_ids(self) -> set[str]:
        """Ids of the actions missing a field: a schedule (either period), a responsible person or
        prerequisites."""
        refs = (
            *self.missing_schedule,
            *self.missing_long_term,
            *self.missing_responsible,
            *self.missing_prerequisites,
        )
        return {ref.id for ref in refs}

    def area(self, key: str) -> AreaCoverage:
        for area in self.areas:
            if area.key == key:
                return area
        raise KeyError(key)


class FactItem(BaseModel):
    """One element of a computed fact: a target, an action, an area, a field, a passage."""

    label: str
    path: str = Field(default="", description="JSON Pointer into the plan ('' when not a plan item).")
    id: str | None = Field(default=None, description="Action id, area key or chunk id.")
    detail: str = ""


class Fact(BaseModel):
    """A computed fact used in an answer (what an LLM-written answer may rely on)."""

    intent: str
    title: str
    count: int | None = None
    items: list[FactItem] = Field(default_factory=list)
    values: dict[str, Any] = Field(default_factory=dict, description="Further figures of the fact.")


class Citation(BaseModel):
    chunk_id: str
    doc_id: str
    title: str
    section: str = ""
    page: int | None = None
    citation: str
    quote: str = Field(description="The quoted part of the passage.")
    score: float | None = None


class Answer(BaseModel):
    question: str
    language: str
    kind: AnswerKind
    intents: list[str] = Field(default_factory=list)
    text: str
    facts: list[Fact] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)
    generated: bool = Field(default=False, description="True when the text was written by an LLM.")
    query: ReviewQuery | None = Field(default=None, description="How the question was understood.")
    result: ReviewResult | None = Field(default=None, description="The computed plan answer, typed.")
    notice: str | None = Field(default=None, description="E.g. why an LLM answer was replaced.")
