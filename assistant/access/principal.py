"""Who is acting: a `Principal` (user, organisation, roles) and what each role may do.

Roles, within the principal's own organisation:

- reviewer: reads plans, their revisions and transcripts, and comments on them;
- drafter: everything a reviewer does, creates and edits plans (also through the drafting chat) and
  resolves comments;
- admin: everything, also deleting plans.

Nobody acts outside their organisation: plans of another organisation do not exist for them.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

Role = Literal["drafter", "reviewer", "admin"]
ROLES: tuple[Role, ...] = ("drafter", "reviewer", "admin")

LOCAL_ORGANISATION = "default"
LOCAL_USER_ID = "local"
# The author recorded for the local user (as before logins existed; stored data, not a UI label).
LOCAL_USER_NAME = "paikallinen käyttäjä"

MAX_NAME_CHARS = 200  # the comments' author limit
MAX_ORGANISATION_CHARS = 200  # plans.organisation is String(200)


class Permission(StrEnum):
    READ = "read"  # get, list, revisions, transcript; list and get comments
    CREATE = "create"  # create a plan
    EDIT = "edit"  # save, save_state, append_messages (the drafting chat)
    DELETE = "delete"  # delete a plan
    COMMENT = "comment"  # add a comment
    RESOLVE = "resolve"  # resolve a comment
    KNOWLEDGE = "knowledge"  # upload documents to the shared knowledge base and remove uploads


GRANTS: Mapping[Role, frozenset[Permission]] = {
    "reviewer": frozenset({Permission.READ, Permission.COMMENT}),
    "drafter": frozenset(
        {
            Permission.READ,
            Permission.CREATE,
            Permission.EDIT,
            Permission.COMMENT,
            Permission.RESOLVE,
            Permission.KNOWLEDGE,
        }
    ),
    "admin": frozenset(Permission),
}

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Principal(BaseModel):
    """A user acting in one organisation with one or more roles (immutable)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    user_id: Text
    name: Annotated[str, StringConstraints(min_length=1, max_length=MAX_NAME_CHARS)]
    organisation: Annotated[Text, StringConstraints(max_length=MAX_ORGANISATION_CHARS)]
    roles: frozenset[Role] = Field(min_length=1)

    @field_validator("name", mode="before")
    @classmethod
    def _one_line(cls, value: object) -> object:
        """Names are recorded as authors: one line, single spaces, no NUL characters."""
        if isinstance(value, str):
            return " ".join(value.replace("\x00", "").split())[:MAX_NAME_CHARS]
        return value

    @property
    def permissions(self) -> frozenset[Permission]:
        granted: set[Permission] = set()
        for role in self.roles:
            granted |= GRANTS[role]
        return frozenset(granted)

    def can(self, permission: Permission) -> bool:
        return permission in self.permissions

    def sorted_roles(self) -> list[Role]:
        """The roles in the fixed order drafter, reviewer, admin."""
        return [role for role in ROLES if role in self.roles]


def local_principal() -> Principal:
    """The single local user when login is off: an admin of the organisation "default"."""
    return Principal(
        user_id=LOCAL_USER_ID,
        name=LOCAL_USER_NAME,
        organisation=LOCAL_ORGANISATION,
        roles=frozenset({"admin"}),
    )
