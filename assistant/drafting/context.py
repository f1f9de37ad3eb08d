"""What one drafting turn builds up: the plan being edited, the conversation state, the reply lines, the
recorded changes and the proposals shown. Every part of the engine works on this one object."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from assistant.drafting.models import ConversationState, Proposal
from assistant.drafting.steps import FieldStep, TargetStep
from assistant.i18n import load_catalog

Step = FieldStep | TargetStep | str


@dataclass
class TurnContext:
    """What one turn builds up."""

    plan: Any
    state: ConversationState
    language: str
    plan_id: str = ""
    lines: list[str] = field(default_factory=list)
    changes: list[dict[str, Any]] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)  # where findings are shown for
    proposals: list[Proposal] = field(default_factory=list)
    recorded: dict[str, Any] | None = None
    notice: str | None = None

    def t(self, key: str, **params: Any) -> str:
        return load_catalog(self.language).t(f"drafting.{key}", **params)

    def say(self, key: str, **params: Any) -> None:
        self.lines.append(self.t(key, **params))

    def change(self, path: str, old: Any, new: Any) -> None:
        self.changes.append({"path": path, "old": old, "new": new})
        self.paths.append(path)
