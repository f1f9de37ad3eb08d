"""Data exchanged by the drafting engine: proposals, the conversation state and a turn's result."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from assistant.template.models import SourceRef
from assistant.template.validator import Finding

ProposalOrigin = Literal["template_example", "roadmap", "plan", "upload", "guidance", "llm"]


class Proposal(BaseModel):
    """A candidate action for a development target. Never without a source."""

    id: str
    kehittamiskohde: str
    toimenpide: str
    origin: ProposalOrigin
    lahteet: list[SourceRef] = Field(min_length=1)
    score: float = 0.0
    number: int = Field(default=0, description="Its number as shown; never changes while the target is open.")
    kieli: Literal["fi", "sv", "en"] = Field(
        default="fi", description="The language of `toimenpide` (a quote keeps its source's language)."
    )
    county_words: list[str] = Field(
        default_factory=list, description="The county's own words the proposal shares (why it ranks here)."
    )


class TargetState(BaseModel):
    """Where the conversation is inside one development target."""

    name: str
    proposals: list[Proposal] = Field(default_factory=list)
    asked: bool = False  # proposals have been shown
    detail: dict[str, str] | None = None  # {"action_id": ..., "field": ...} being asked
    skipped: list[str] = Field(default_factory=list)  # "<action id>:<detail>" skipped or left open for now
    next_number: int = 1  # the number the next new proposal gets

    def shown_numbers(self) -> list[int]:
        """The numbers of the proposals on offer, as shown (they never shift)."""
        return [p.number for p in self.proposals]

    def number_all(self) -> None:
        """Give numbers to proposals that have none (numbers are never reused while the target is open)."""
        for proposal in self.proposals:
            if not proposal.number:
                proposal.number = self.next_number
                self.next_number += 1
        self.next_number = max([self.next_number, *(p.number + 1 for p in self.proposals)])

    def by_number(self, number: int) -> Proposal | None:
        return next((p for p in self.proposals if p.number == number), None)


class OpenItem(BaseModel):
    """A field the user said is not decided yet: kept open, shown with what is missing, never looped on."""

    path: str = Field(description="Where it belongs in the plan (JSON Pointer; an action's field by id).")
    label: str
    action_id: str | None = None


class Pending(BaseModel):
    """An offer waiting for the user's answer: put content into another field, or which reading was meant."""

    kind: Literal["move_content", "clarify", "copy_answer"]
    text: str
    field: str | None = None  # move_content: the field id the content belongs to
    # copy_answer: `text` is an earlier answer offered as the answer to the question asked
    readings: list[dict[str, Any]] = Field(default_factory=list)  # clarify: the two likeliest readings
    step: str = ""
    action_id: str | None = None  # move_content into an action's detail: which action


class ConversationState(BaseModel):
    language: Literal["fi", "sv", "en"] = "fi"
    step: str = ""
    visited: list[str] = Field(default_factory=list)
    target: TargetState | None = None
    default_responsible_ok: bool | None = None  # the user's answer to "use the 3.1 preparer?"
    long_declined: list[str] = Field(default_factory=list)  # action ids whose long term was answered "no"
    finished: bool = False
    # Assessment results given but not yet confirmed: {"rows": [...], "scale": [min, max] | None}.
    pending_assessment: dict[str, Any] | None = None
    # The shorter version offered for the last long answer: {"path", "text", "full" (key of the full text)}.
    shorter: dict[str, str] | None = None
    open_items: list[OpenItem] = Field(default_factory=list)
    pending: Pending | None = None
    return_to: str | None = None  # after a correction, the step to come back to


class Progress(BaseModel):
    fields_filled: int
    fields_total: int
    targets_with_actions: int
    targets_total: int
    errors: int
    warnings: int


class Turn(BaseModel):
    """One assistant reply: its text (Markdown, user text escaped) and the parts a UI can render."""

    plan_id: str
    version: int
    step: str
    reply: str
    proposals: list[Proposal] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    recorded: dict[str, Any] | None = None
    progress: Progress
    awaiting: str = Field(
        default="",
        description="What the engine expects next: field | assessment | proposals | schedule | pitka_aikavali"
        " | vastuuhenkilo | edellytykset | done.",
    )
    notice: str | None = Field(default=None, description="E.g. an LLM fallback or a save conflict.")
    conflict: bool = False
