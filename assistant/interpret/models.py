"""The typed result of understanding one message, and what the interpreter is told about the moment.

Intents and slots follow the drafting eval set's definitions (evals/understanding/drafting/README.md):
field ids are the template's field keys plus the action fields `action_text`, `schedule_short`,
`schedule_long`, `responsible`, `prerequisites`; areas and targets carry the template's exact names."""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

Intent = Literal[
    "answer",
    "question",
    "answer_elsewhere",
    "correction",
    "navigate",
    "skip_question",
    "skip_target",
    "accept_proposals",
    "reject_proposals",
    "edit_proposal",
    "request_proposals",
    "add_action",
    "edit_action",
    "move_action",
    "delete_action",
    "undecided",
    "set_periods",
    "assessment_results",
    "instruction",
    "help",
    "status",
    "missing",
    "smalltalk",
]
INTENTS: tuple[str, ...] = get_args(Intent)
ACTION_FIELDS: tuple[str, ...] = (
    "action_text",
    "schedule_short",
    "schedule_long",
    "responsible",
    "prerequisites",
)
Language = Literal["fi", "sv", "en"]


class AssessmentRow(BaseModel):
    model_config = ConfigDict(extra="forbid")

    area: str = Field(description="The area's exact template name, e.g. MITTARIT.")
    maturity: float | None = None
    satisfaction: float | None = None


class Slots(BaseModel):
    """What the message names. Only the slots its intent uses are set."""

    model_config = ConfigDict(extra="forbid")

    field: str | None = Field(default=None, description="A field id (text field key or action field).")
    section: str | None = Field(default=None, description="A section number such as 3.4.")
    area: str | None = Field(default=None, description="An area's exact template name.")
    target: str | None = Field(default=None, description="A development target's exact template name.")
    numbers: list[int] | None = Field(default=None, description="Proposal numbers as shown.")
    all: bool | None = Field(default=None, description="All shown proposals.")
    number: int | None = Field(default=None, description="One proposal number (edit_proposal).")
    action: int | None = Field(default=None, description="An accepted action's number under the target.")
    short: list[int] | None = Field(default=None, description="Short-term period [start, end].")
    long: list[int] | None = Field(default=None, description="Long-term period [start, end].")
    rows: list[AssessmentRow] | None = None
    text: str | None = Field(
        default=None, description="New text carried by the message (an edit, an action)."
    )
    persons: list[str] | None = None
    years: list[int] | None = None

    def compact(self) -> dict[str, object]:
        """The set slots as plain data (the eval's form; `text`, `persons`, `years` left out)."""
        data = self.model_dump(exclude={"text", "persons", "years"})
        return {k: v for k, v in data.items() if v is not None}


class Reading(BaseModel):
    """An alternative reading of the message."""

    intent: Intent
    confidence: float = Field(ge=0.0, le=1.0)
    slots: Slots = Field(default_factory=Slots)


class Interpretation(BaseModel):
    """One message understood: the intent, its slots, how sure, the language, and the next readings."""

    intent: Intent
    slots: Slots = Field(default_factory=Slots)
    confidence: float = Field(ge=0.0, le=1.0)
    language: Language = "fi"
    alternatives: list[Reading] = Field(default_factory=list)
    source: Literal["offline", "llm"] = "offline"
    notice: str | None = Field(default=None, description="Why the LLM path fell back to offline, if it did.")
    flagged_instruction: bool = Field(
        default=False, description="The message (also an answer) contains an instruction to the assistant."
    )


class InterpretContext(BaseModel):
    """The moment the message was typed at: the question asked and what is shown."""

    field: str = Field(description="The field being asked (text field key or action field).")
    target: str | None = None
    area: str | None = None
    proposals: list[int] = Field(default_factory=list)
    actions: int = 0
    assistant_question: str = ""
    language: Language = "fi"
