"""Plan and comment stores as one principal sees them: their organisation only, within their roles.

`ScopedPlanStore` and `ScopedCommentStore` have the method names and signatures of `PlanStore` and
`CommentStore`, so the drafting engine, the edit service and the pages work on them unchanged. Every
call is checked here, in the service layer, not only hidden in the UI:

- a plan (or a comment on a plan) of another organisation is reported exactly like a plan that does not
  exist (`PlanNotFoundError`, `CommentNotFoundError`): its existence is not revealed;
- a call the principal's roles do not allow raises `AccessDenied` before anything is written;
- `create` always stores the plan in the principal's organisation, and the author recorded with a
  revision, a message or a comment is always the principal's name (nobody writes in another's name).

The wrappers are cheap (no connection of their own): build one per session or request.
"""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from assistant.access.errors import AccessDenied
from assistant.access.principal import Permission, Principal
from assistant.storage.repository import (
    Change,
    Message,
    PlanNotFoundError,
    PlanSummary,
    RevisionInfo,
    StoredPlan,
    plan_organisation,
)

if TYPE_CHECKING:  # the SQL stores: the scoped views query their engine for the organisation
    from assistant.storage.comments import Comment, CommentStore
    from assistant.storage.repository import PlanStore


class ScopedPlanStore:
    """`PlanStore` for one principal (see the module docstring)."""

    def __init__(self, store: PlanStore, principal: Principal) -> None:
        self._store = store
        self._principal = principal

    @property
    def principal(self) -> Principal:
        return self._principal

    @property
    def organisation(self) -> str:
        return self._principal.organisation

    @property
    def plan_type(self) -> type[BaseModel]:
        return self._store.plan_type

    def close(self) -> None:
        """Nothing to release: the underlying store belongs to whoever created it."""

    def __enter__(self) -> ScopedPlanStore:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # --- checks ----------------------------------------------------------------------------------------

    def _require(self, permission: Permission) -> None:
        if not self._principal.can(permission):
            raise AccessDenied(self._principal, permission)

    def _check(self, plan_id: str, permission: Permission) -> None:
        """The plan must be the principal's organisation's (else: not found), then the role must allow."""
        if plan_organisation(self._store.engine, plan_id) != self._principal.organisation:
            raise PlanNotFoundError(plan_id)
        self._require(permission)

    # --- plans -----------------------------------------------------------------------------------------

    def create(
        self,
        plan: BaseModel,
        *,
        author: str,
        organisation: str | None = None,
        state: dict[str, Any] | None = None,
    ) -> StoredPlan:
        """A new plan in the principal's organisation (`organisation` is ignored: callers such as the
        drafting engine pass the local default)."""
        self._require(Permission.CREATE)
        return self._store.create(
            plan, author=self._principal.name, organisation=self._principal.organisation, state=state
        )

    def get(self, plan_id: str) -> StoredPlan:
        self._check(plan_id, Permission.READ)
        stored = self._store.get(plan_id)
        if stored.organisation != self._principal.organisation:  # cannot change, but never show it
            raise PlanNotFoundError(plan_id)
        return stored

    def list(self, organisation: str | None = None) -> builtins.list[PlanSummary]:
        """The organisation's plans; asking for another organisation gives none."""
        self._require(Permission.READ)
        if organisation is not None and organisation != self._principal.organisation:
            return []
        return self._store.list(self._principal.organisation)

    def organisation_of(self, plan_id: str) -> str:
        self._check(plan_id, Permission.READ)
        return self._principal.organisation

    def save(
        self,
        plan_id: str,
        plan: BaseModel,
        *,
        expected_version: int,
        author: str,
        summary: str,
        changes: Sequence[dict[str, Any] | Change],
        state: dict[str, Any] | None = None,
    ) -> StoredPlan:
        self._check(plan_id, Permission.EDIT)
        return self._store.save(
            plan_id,
            plan,
            expected_version=expected_version,
            author=self._principal.name,
            summary=summary,
            changes=changes,
            state=state,
        )

    def save_state(self, plan_id: str, state: dict[str, Any], *, expected_version: int) -> int:
        self._check(plan_id, Permission.EDIT)
        return self._store.save_state(plan_id, state, expected_version=expected_version)

    def delete(self, plan_id: str) -> None:
        self._check(plan_id, Permission.DELETE)
        self._store.delete(plan_id)

    def revisions(self, plan_id: str) -> builtins.list[RevisionInfo]:
        self._check(plan_id, Permission.READ)
        return self._store.revisions(plan_id)

    # --- transcript ------------------------------------------------------------------------------------

    def append_messages(
        self, plan_id: str, messages: Sequence[tuple[str, str, dict[str, Any]]]
    ) -> builtins.list[Message]:
        """Messages of the drafting chat (an edit: reviewers comment instead). A message's `author` meta is
        the principal's name."""
        self._check(plan_id, Permission.EDIT)
        named = [
            (role, content, {**meta, "author": self._principal.name} if "author" in meta else meta)
            for role, content, meta in messages
        ]
        return self._store.append_messages(plan_id, named)

    def transcript(self, plan_id: str, limit: int | None = None) -> builtins.list[Message]:
        self._check(plan_id, Permission.READ)
        return self._store.transcript(plan_id, limit)


class ScopedCommentStore:
    """`CommentStore` for one principal: comments on their organisation's plans only; adding needs the
    comment permission (every role), resolving the resolve permission (drafter, admin)."""

    def __init__(self, comments: CommentStore, principal: Principal) -> None:
        self._comments = comments
        self._principal = principal

    @property
    def principal(self) -> Principal:
        return self._principal

    @property
    def max_chars(self) -> int:
        return self._comments.max_chars

    def _require(self, permission: Permission) -> None:
        if not self._principal.can(permission):
            raise AccessDenied(self._principal, permission)

    def _check_plan(self, plan_id: str, permission: Permission) -> None:
        if plan_organisation(self._comments.engine, plan_id) != self._principal.organisation:
            raise PlanNotFoundError(plan_id)
        self._require(permission)

    def _visible(self, comment_id: int) -> Comment:
        """The comment if it is on a plan of the principal's organisation; else: not found."""
        from assistant.storage.comments import CommentNotFoundError

        comment = self._comments.get(comment_id)
        try:
            organisation = plan_organisation(self._comments.engine, comment.plan_id)
        except PlanNotFoundError:
            raise CommentNotFoundError(comment_id) from None
        if organisation != self._principal.organisation:
            raise CommentNotFoundError(comment_id)
        return comment

    def add(self, plan_id: str, *, target: str, author: str, text: str, plan_version: int) -> Comment:
        self._check_plan(plan_id, Permission.COMMENT)
        return self._comments.add(
            plan_id, target=target, author=self._principal.name, text=text, plan_version=plan_version
        )

    def get(self, comment_id: int) -> Comment:
        self._require(Permission.READ)
        return self._visible(comment_id)

    def list(self, plan_id: str, *, include_resolved: bool = True) -> builtins.list[Comment]:
        self._check_plan(plan_id, Permission.READ)
        return self._comments.list(plan_id, include_resolved=include_resolved)

    def resolve(self, comment_id: int, *, by: str) -> Comment:
        self._visible(comment_id)
        self._require(Permission.RESOLVE)
        return self._comments.resolve(comment_id, by=self._principal.name)
