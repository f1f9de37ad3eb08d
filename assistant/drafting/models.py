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


class TargetState(BaseModel):
    """Where the conversation is inside one development target."""

    name: str
    proposals: list[Proposal] = Field(default_factory=list)
    asked: bool = False  # proposals have been shown
    detail: dict[str, str] | None = None  # {"action_id": ..., "field": ...} being asked


class ConversationState(BaseModel):
    language: Literal["fi", "sv", "en"] = "fi"
    step: str = ""
    visited: list[str] = Field(default_factory=list)
    target: TargetState | None = None
    default_responsible_ok: bool | None = None  # the user's answer to "use the 3.1 preparer?"
    finished: bool = False
    # Assessment results given but not yet confirmed: {"rows": [...], "scale": [min, max] | None}.
    pending_assessment: dict[str, Any] | None = None
    # The shorter version offered for the last long answer: {"path", "text", "full" (key of the full text)}.
    shorter: dict[str, str] | None = None


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
        description="What the engine expects next: field | assessment | proposals | schedule | vastuuhenkilo"
        " | edellytykset | done.",
    )
    notice: str | None = Field(default=None, description="E.g. an LLM fallback or a save conflict.")
    conflict: bool = False
