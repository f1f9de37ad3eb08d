"""What the plan store returns: stored plans, summaries, revisions and transcript messages."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SerializeAsAny

Role = Literal["user", "assistant", "system"]


class Change(BaseModel):
    """One accepted change: a JSON Pointer into the plan and the value before and after."""

    model_config = ConfigDict(extra="forbid")

    path: str
    old: Any = None
    new: Any = None


class StoredPlan(BaseModel):
    id: str
    organisation: str
    title: str
    region: str
    version: int
    plan: SerializeAsAny[BaseModel] = Field(description="Validated with the template's Plan model.")
    state: dict[str, Any]
    created_at: datetime
    updated_at: datetime
    created_by: str = ""


class PlanSummary(BaseModel):
    id: str
    organisation: str = "default"
    title: str
    region: str
    version: int
    updated_at: datetime


class RevisionInfo(BaseModel):
    version: int
    author: str
    at: datetime
    summary: str
    changes: list[Change]


class Message(BaseModel):
    seq: int
    role: Role
    content: str
    meta: dict[str, Any] = Field(default_factory=dict)
    at: datetime
