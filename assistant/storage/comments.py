"""`CommentStore`: reviewers' comments on stored plans, attached to the plan, a section or an action.

A comment's `target` is a JSON Pointer into the plan: "" for the plan as a whole, a section such as
`/kuvaus` or `/nykytila/tietojohtaminen`, or an action as `/toimenpiteet/<action id>` (by the action's
id, not its list index, so that the comment stays attached when actions are reordered). `add` checks
that the pointer resolves in the plan's current version; a comment on an unknown plan, an unknown
section or an unknown action is rejected with nothing stored.

Comments are independent of the plan version (adding one does not bump it); `plan_version` records the
version the reviewer was looking at. Resolving records who closed the comment and when; a resolved
comment stays listed (for the review report) unless `include_resolved=False`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from pydantic import BaseModel
from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from assistant.i18n import load_catalog
from assistant.storage.db import init_schema
from assistant.storage.errors import PlanNotFoundError, StorageError
from assistant.storage.tables import CommentRow, PlanRow, utcnow

MAX_COMMENT_CHARS = 5000
MAX_AUTHOR_CHARS = 200
ACTIONS_POINTER = "/toimenpiteet"


# --- errors --------------------------------------------------------------------------------------------


class CommentError(StorageError):
    """A rejected comment operation; `message(lang)` uses the `comments.errors.*` catalog keys."""

    key: ClassVar[str] = ""

    def message(self, lang: str = "fi") -> str:
        return load_catalog(lang).t(f"comments.errors.{self.key}", **self.params())


class EmptyCommentError(CommentError, ValueError):
    key = "empty"

    def __init__(self) -> None:
        super().__init__("comment text is empty")


class CommentTooLongError(CommentError, ValueError):
    key = "too_long"

    def __init__(self, length: int, limit: int = MAX_COMMENT_CHARS) -> None:
        super().__init__(f"comment text has {length} characters, at most {limit} are allowed")
        self.length = length
        self.limit = limit

    def params(self) -> dict[str, Any]:
        return {"length": self.length, "limit": self.limit}


class InvalidAuthorError(CommentError, ValueError):
    key = "author"

    def __init__(self, detail: str) -> None:
        super().__init__(f"comment author is invalid: {detail}")
        self.detail = detail

    def params(self) -> dict[str, Any]:
        return {"limit": MAX_AUTHOR_CHARS}


class UnknownTargetError(CommentError, LookupError):
    """The JSON Pointer does not name the plan, one of its sections or one of its actions."""

    key = "unknown_target"

    def __init__(self, plan_id: str, target: str) -> None:
        super().__init__(f"plan {plan_id!r} has nothing at {target!r} to comment on")
        self.plan_id = plan_id
        self.target = target

    def params(self) -> dict[str, Any]:
        return {"target": self.target}


class CommentNotFoundError(CommentError, LookupError):
    key = "not_found"

    def __init__(self, comment_id: int) -> None:
        super().__init__(f"comment {comment_id!r} not found")
        self.comment_id = comment_id

    def params(self) -> dict[str, Any]:
        return {"comment_id": self.comment_id}


class AlreadyResolvedError(CommentError):
    key = "already_resolved"

    def __init__(self, comment_id: int, resolved_by: str) -> None:
        super().__init__(f"comment {comment_id} was already resolved by {resolved_by!r}")
        self.comment_id = comment_id
        self.resolved_by = resolved_by

    def params(self) -> dict[str, Any]:
        return {"comment_id": self.comment_id, "by": self.resolved_by}


# --- model ---------------------------------------------------------------------------------------------


class Comment(BaseModel):
    id: int
    plan_id: str
    target: str
    author: str
    text: str
    at: datetime
    plan_version: int
    resolved_by: str | None = None
    resolved_at: datetime | None = None

    @property
    def resolved(self) -> bool:
        return self.resolved_at is not None

    @property
    def action_id(self) -> str | None:
        """The action id when the comment is on an action (`/toimenpiteet/<id>`), else None."""
        prefix = ACTIONS_POINTER + "/"
        if self.target.startswith(prefix):
            return unescape_token(self.target[len(prefix) :])
        return None


def _comment(row: CommentRow) -> Comment:
    return Comment(
        id=row.id,
        plan_id=row.plan_id,
        target=row.target,
        author=row.author,
        text=row.text,
        at=row.at,
        plan_version=row.plan_version,
        resolved_by=row.resolved_by,
        resolved_at=row.resolved_at,
    )


# --- JSON Pointer --------------------------------------------------------------------------------------


def escape_token(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def unescape_token(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def action_pointer(action_id: str) -> str:
    """The comment target of an action: `/toimenpiteet/<id>`."""
    return f"{ACTIONS_POINTER}/{escape_token(action_id)}"


def target_exists(data: dict[str, Any], target: str) -> bool:
    """Whether `target` names the plan (""), a member of the plan's JSON, or an action by its id.

    Actions are addressed by id: `/toimenpiteet/<id>[/<field>]`; other arrays by index.
    """
    if target == "":
        return True
    if not target.startswith("/"):
        return False
    tokens = [unescape_token(t) for t in target[1:].split("/")]
    node: Any = data
    for depth, token in enumerate(tokens):
        if depth == 1 and tokens[0] == ACTIONS_POINTER[1:] and isinstance(node, list):
            matches = [a for a in node if isinstance(a, dict) and a.get("id") == token]
            if not matches:
                return False
            node = matches[0]
        elif isinstance(node, dict):
            if token not in node:
                return False
            node = node[token]
        elif isinstance(node, list):
            if not token.isdigit() or int(token) >= len(node) or (len(token) > 1 and token[0] == "0"):
                return False
            node = node[int(token)]
        else:
            return False
    return True


# --- the store -----------------------------------------------------------------------------------------


class CommentStore:
    """Review comments in the plans database (the same engine as `PlanStore`; the caller owns it)."""

    def __init__(self, engine: Engine, *, max_chars: int = MAX_COMMENT_CHARS) -> None:
        self.engine = engine
        self.max_chars = max_chars
        init_schema(engine)

    def _session(self) -> Session:
        return Session(self.engine, expire_on_commit=False)

    def _check_text(self, text: str) -> str:
        if not isinstance(text, str):
            raise TypeError(f"comment text must be a string, not {type(text).__name__}")
        from assistant.sanitize import repair_text  # lone surrogates and control characters, as everywhere

        cleaned = repair_text(text).strip()
        if not cleaned:
            raise EmptyCommentError()
        if len(cleaned) > self.max_chars:
            raise CommentTooLongError(len(cleaned), self.max_chars)
        return cleaned

    @staticmethod
    def _check_author(author: str) -> str:
        if not isinstance(author, str):
            raise TypeError(f"author must be a string, not {type(author).__name__}")
        cleaned = " ".join(author.replace("\x00", "").split())
        if not cleaned:
            raise InvalidAuthorError("empty")
        if len(cleaned) > MAX_AUTHOR_CHARS:
            raise InvalidAuthorError(f"longer than {MAX_AUTHOR_CHARS} characters")
        return cleaned

    def add(self, plan_id: str, *, target: str, author: str, text: str, plan_version: int) -> Comment:
        """Store a comment on `target` ("" = the whole plan) of the plan; returns it with its id.

        Raises `EmptyCommentError` / `CommentTooLongError` / `InvalidAuthorError` for bad input,
        `PlanNotFoundError` for an unknown plan and `UnknownTargetError` when the pointer does not
        resolve in the stored plan (nothing is stored in any of these cases).
        """
        body = self._check_text(text)
        who = self._check_author(author)
        if not isinstance(target, str):
            raise TypeError(f"target must be a string, not {type(target).__name__}")
        if not isinstance(plan_version, int) or plan_version < 1:
            raise ValueError(f"plan_version must be a positive integer, not {plan_version!r}")
        with self._session() as session, session.begin():
            try:
                data = session.scalar(select(PlanRow.data).where(PlanRow.id == plan_id))
            except ValueError:  # unreadable JSON: nothing can be resolved in it
                data = {}
            if data is None:
                raise PlanNotFoundError(plan_id)
            if not target_exists(data if isinstance(data, dict) else {}, target):
                raise UnknownTargetError(plan_id, target)
            row = CommentRow(
                plan_id=plan_id,
                target=target,
                author=who,
                text=body,
                at=utcnow(),
                plan_version=plan_version,
            )
            session.add(row)
            session.flush()
            return _comment(row)

    def get(self, comment_id: int) -> Comment:
        with self._session() as session, session.begin():
            row = session.get(CommentRow, comment_id)
            if row is None:
                raise CommentNotFoundError(comment_id)
            return _comment(row)

    def list(self, plan_id: str, *, include_resolved: bool = True) -> list[Comment]:
        """The plan's comments, oldest first; `PlanNotFoundError` for an unknown plan."""
        with self._session() as session, session.begin():
            if session.scalar(select(PlanRow.id).where(PlanRow.id == plan_id)) is None:
                raise PlanNotFoundError(plan_id)
            query = select(CommentRow).where(CommentRow.plan_id == plan_id)
            if not include_resolved:
                query = query.where(CommentRow.resolved_at.is_(None))
            rows = session.scalars(query.order_by(CommentRow.at, CommentRow.id)).all()
            return [_comment(r) for r in rows]

    def resolve(self, comment_id: int, *, by: str) -> Comment:
        """Mark the comment resolved by `by` now; `AlreadyResolvedError` if someone already did."""
        who = self._check_author(by)
        with self._session() as session, session.begin():
            result = session.execute(
                update(CommentRow)
                .where(CommentRow.id == comment_id, CommentRow.resolved_at.is_(None))
                .values(resolved_by=who, resolved_at=utcnow())
                .execution_options(synchronize_session=False)
            )
            row = session.get(CommentRow, comment_id, populate_existing=True)
            if row is None:
                raise CommentNotFoundError(comment_id)
            if result.rowcount != 1:  # type: ignore[attr-defined]
                raise AlreadyResolvedError(comment_id, row.resolved_by or "")
            return _comment(row)
