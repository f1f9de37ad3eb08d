"""`PlanStore`: plans with optimistic concurrency, their revision history and conversation transcripts.

Every write is one short transaction. A plan carries a `version`; `save` and `save_state` only succeed
when the caller's `expected_version` is still the stored one (a conditional `UPDATE ... WHERE version =
:expected`), and then increase it by one. A stale editor gets a `ConflictError` instead of overwriting
someone else's change; it can `get` the plan again and re-apply its change on top.

Versions count every write of the plan row: `save` (a plan change, recorded as a revision) and
`save_state` (the conversation state only, no revision). Both bump the version, so a stale session can
overwrite neither the plan nor the state; revision versions may therefore have gaps.

Messages are independent of the plan version: `append_messages` succeeds even right after a conflicting
save, so nothing a user typed is lost.
"""

from __future__ import annotations

import builtins
import uuid
from collections.abc import Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self

from pydantic import BaseModel, ValidationError
from sqlalchemy import Engine, delete, func, select, update
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from assistant.storage.checks import only_kept_long_texts, summarise
from assistant.storage.db import init_schema, open_engine

# The errors live in storage.errors; importing them from here keeps working.
from assistant.storage.errors import ConflictError as ConflictError
from assistant.storage.errors import CorruptPlanError as CorruptPlanError
from assistant.storage.errors import DatabaseUnavailableError as DatabaseUnavailableError
from assistant.storage.errors import PlanNotFoundError as PlanNotFoundError
from assistant.storage.errors import StorageError as StorageError
from assistant.storage.models import Change as Change  # re-exported
from assistant.storage.models import Message as Message  # re-exported
from assistant.storage.models import PlanSummary as PlanSummary  # re-exported
from assistant.storage.models import RevisionInfo as RevisionInfo  # re-exported
from assistant.storage.models import Role as Role  # re-exported
from assistant.storage.models import StoredPlan as StoredPlan  # re-exported
from assistant.storage.tables import ROLES, MessageRow, PlanRow, RevisionRow, utcnow
from assistant.template.models import plan_model, stored_context

if TYPE_CHECKING:  # the settings module must not be imported by storage (settings -> storage.db)
    from assistant.settings import Settings

CREATED_SUMMARY = "created"


# --- the store -----------------------------------------------------------------------------------------


class PlanStore:
    """Plans, revisions and transcripts in a SQLAlchemy database (SQLite file or PostgreSQL).

    Pass an `Engine` (the caller owns it) or a URL (the store creates the engine; `close()` disposes of
    it). Tables are created on open. `plan_type` defaults to the template's Plan model.
    """

    def __init__(
        self, engine_or_url: Engine | str | URL, *, plan_type: type[BaseModel] | None = None
    ) -> None:
        if isinstance(engine_or_url, Engine):
            self.engine = engine_or_url
            self._owns_engine = False
            try:
                init_schema(self.engine)
            except (DBAPIError, OSError) as exc:
                raise DatabaseUnavailableError(
                    self.engine.url, str(getattr(exc, "orig", None) or exc)
                ) from None
        else:
            self.engine = open_engine(engine_or_url)
            self._owns_engine = True
        self.plan_type: type[BaseModel] = plan_type or plan_model()

    @classmethod
    def from_settings(cls, settings: Settings) -> PlanStore:
        """The store at `settings.effective_database_url`, for the template in `settings.knowledge_dir`."""
        return cls(settings.effective_database_url, plan_type=plan_model(settings.knowledge_dir))

    def close(self) -> None:
        if self._owns_engine:
            self.engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def _session(self) -> Session:
        return Session(self.engine, expire_on_commit=False)

    # --- helpers ---------------------------------------------------------------------------------------

    def _validated(self, plan: BaseModel, plan_id: str | None = None) -> tuple[BaseModel, dict[str, Any]]:
        """The plan as schema JSON, checked to read back (never store what `get` could not load).

        A text over its limit is refused, unless the stored plan `plan_id` (read only then) already holds
        it unchanged: a plan saved before a limit existed keeps its text and stays editable; the
        validator reports that text until it is shortened (see template.models.STORED)."""
        data = plan.model_dump(mode="json")
        try:
            return self.plan_type.model_validate(data), data
        except ValidationError as exc:
            stored = self._stored_data(plan_id) if plan_id is not None else None
            if stored is None or not only_kept_long_texts(exc, data, stored):
                raise
            return self.plan_type.model_validate(data, context=stored_context()), data

    def _to_stored(self, row: PlanRow) -> StoredPlan:
        try:
            plan = self.plan_type.model_validate(row.data, context=stored_context())
        except ValidationError as exc:
            raise CorruptPlanError(row.id, summarise(exc)) from exc
        if not isinstance(row.state, dict):
            raise CorruptPlanError(row.id, f"state is {type(row.state).__name__}, not an object")
        return StoredPlan(
            id=row.id,
            organisation=row.organisation,
            title=row.title,
            region=row.region,
            version=row.version,
            plan=plan,
            state=row.state,
            created_at=row.created_at,
            updated_at=row.updated_at,
            created_by=row.created_by,
        )

    @staticmethod
    def _require_plan(session: Session, plan_id: str, *, lock: bool = False) -> None:
        query = select(PlanRow.id).where(PlanRow.id == plan_id)
        if lock:
            query = query.with_for_update()
        if session.scalar(query) is None:
            raise PlanNotFoundError(plan_id)

    @staticmethod
    def _check_state(state: dict[str, Any] | None) -> None:
        if state is not None and not isinstance(state, dict):
            raise TypeError(f"state must be a dict, not {type(state).__name__}")

    # --- plans -----------------------------------------------------------------------------------------

    def create(
        self,
        plan: BaseModel,
        *,
        author: str,
        organisation: str = "default",
        state: dict[str, Any] | None = None,
    ) -> StoredPlan:
        """Store a new plan at version 1 with a first revision "created"."""
        self._check_state(state)
        validated, data = self._validated(plan)
        now = utcnow()
        meta = validated.meta  # type: ignore[attr-defined]
        row = PlanRow(
            id=uuid.uuid4().hex,
            organisation=organisation,
            title=meta.title,
            region=meta.region,
            version=1,
            data=data,
            state=dict(state or {}),
            created_at=now,
            updated_at=now,
            created_by=author,
        )
        with self._session() as session, session.begin():
            session.add(row)
            session.flush()
            session.add(
                RevisionRow(
                    plan_id=row.id, version=1, author=author, at=now, summary=CREATED_SUMMARY, changes=[]
                )
            )
        return self._to_stored(row)

    def get(self, plan_id: str) -> StoredPlan:
        """The stored plan; `PlanNotFoundError` if there is none, `CorruptPlanError` if unreadable."""
        with self._session() as session, session.begin():
            try:
                row = session.get(PlanRow, plan_id)
            except ValueError as exc:  # JSON that does not parse (SQLite stores JSON as text)
                raise CorruptPlanError(plan_id, f"invalid JSON: {exc}") from exc
            if row is None:
                raise PlanNotFoundError(plan_id)
            return self._to_stored(row)

    def _stored_data(self, plan_id: str) -> dict[str, Any] | None:
        with self._session() as session, session.begin():
            data = session.execute(select(PlanRow.data).where(PlanRow.id == plan_id)).scalar_one_or_none()
        return data if isinstance(data, dict) else None

    def organisation_of(self, plan_id: str) -> str:
        """The organisation the plan belongs to; `PlanNotFoundError` if there is no such plan."""
        return plan_organisation(self.engine, plan_id)

    def list(self, organisation: str | None = None) -> builtins.list[PlanSummary]:
        """Summaries of all plans (or one organisation's), most recently updated first."""
        query = select(
            PlanRow.id,
            PlanRow.organisation,
            PlanRow.title,
            PlanRow.region,
            PlanRow.version,
            PlanRow.updated_at,
        )
        if organisation is not None:
            query = query.where(PlanRow.organisation == organisation)
        query = query.order_by(PlanRow.updated_at.desc(), PlanRow.id)
        with self._session() as session, session.begin():
            return [
                PlanSummary(
                    id=r.id,
                    organisation=r.organisation,
                    title=r.title,
                    region=r.region,
                    version=r.version,
                    updated_at=r.updated_at,
                )
                for r in session.execute(query)
            ]

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
        """Store a changed plan if it is still at `expected_version`, recording a revision.

        Raises `ConflictError` when someone else saved first (nothing is written), `PlanNotFoundError`
        when the plan does not exist. `state`, when given, replaces the conversation state too.
        """
        self._check_state(state)
        validated, data = self._validated(plan, plan_id)
        checked = [Change.model_validate(c).model_dump(mode="json") for c in changes]
        meta = validated.meta  # type: ignore[attr-defined]
        now = utcnow()
        values: dict[str, Any] = {
            "data": data,
            "title": meta.title,
            "region": meta.region,
            "version": PlanRow.version + 1,
            "updated_at": now,
        }
        if state is not None:
            values["state"] = dict(state)
        with self._session() as session, session.begin():
            self._conditional_update(session, plan_id, expected_version, values)
            session.add(
                RevisionRow(
                    plan_id=plan_id,
                    version=expected_version + 1,
                    author=author,
                    at=now,
                    summary=summary,
                    changes=checked,
                )
            )
            session.flush()
            row = session.get(PlanRow, plan_id, populate_existing=True)
            assert row is not None  # the row is locked by our UPDATE
            stored = self._to_stored(row)
        return stored

    def save_state(self, plan_id: str, state: dict[str, Any], *, expected_version: int) -> int:
        """Replace the conversation state (no revision) if the plan is still at `expected_version`.

        The version is increased like for `save`, so a stale session cannot overwrite the state either;
        returns the new version. Raises `ConflictError` / `PlanNotFoundError` like `save`.
        """
        self._check_state(state)
        values = {"state": dict(state), "version": PlanRow.version + 1, "updated_at": utcnow()}
        with self._session() as session, session.begin():
            self._conditional_update(session, plan_id, expected_version, values)
        return expected_version + 1

    @staticmethod
    def _conditional_update(
        session: Session, plan_id: str, expected_version: int, values: dict[str, Any]
    ) -> None:
        """`UPDATE plans SET ... WHERE id = :id AND version = :expected`, or the matching error."""
        result = session.execute(
            update(PlanRow)
            .where(PlanRow.id == plan_id, PlanRow.version == expected_version)
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount == 1:  # type: ignore[attr-defined]
            return
        current = session.scalar(select(PlanRow.version).where(PlanRow.id == plan_id))
        if current is None:
            raise PlanNotFoundError(plan_id)
        raise ConflictError(plan_id, expected_version, current)

    def delete(self, plan_id: str) -> None:
        """Delete a plan with its revisions and transcript; `PlanNotFoundError` if there is none."""
        with self._session() as session, session.begin():
            self._require_plan(session, plan_id, lock=True)
            for table in (MessageRow, RevisionRow):
                session.execute(
                    delete(table).where(table.plan_id == plan_id).execution_options(synchronize_session=False)
                )
            session.execute(
                delete(PlanRow).where(PlanRow.id == plan_id).execution_options(synchronize_session=False)
            )

    def revisions(self, plan_id: str) -> builtins.list[RevisionInfo]:
        """The plan's revisions, oldest first."""
        with self._session() as session, session.begin():
            self._require_plan(session, plan_id)
            rows = session.scalars(
                select(RevisionRow).where(RevisionRow.plan_id == plan_id).order_by(RevisionRow.version)
            ).all()
            return [
                RevisionInfo(
                    version=r.version,
                    author=r.author,
                    at=r.at,
                    summary=r.summary,
                    changes=[Change.model_validate(c) for c in r.changes],
                )
                for r in rows
            ]

    # --- transcript ------------------------------------------------------------------------------------

    def append_messages(
        self, plan_id: str, messages: Sequence[tuple[str, str, dict[str, Any]]]
    ) -> builtins.list[Message]:
        """Append (role, content, meta) messages to the plan's transcript, independent of its version."""
        for role, content, meta in messages:
            if role not in ROLES:
                raise ValueError(f"unknown message role {role!r}: expected one of {', '.join(ROLES)}")
            if not isinstance(content, str) or not isinstance(meta, dict):
                raise TypeError("a message is (role: str, content: str, meta: dict)")
        if not messages:
            return []
        now = utcnow()
        with self._session() as session, session.begin():
            # The plan row lock serialises concurrent appenders, so `seq` stays unique and gap-free.
            self._require_plan(session, plan_id, lock=True)
            last = session.scalar(select(func.max(MessageRow.seq)).where(MessageRow.plan_id == plan_id)) or 0
            rows = [
                MessageRow(plan_id=plan_id, seq=last + i, role=role, content=content, meta=dict(meta), at=now)
                for i, (role, content, meta) in enumerate(messages, start=1)
            ]
            session.add_all(rows)
        return [_message(r) for r in rows]

    def transcript(self, plan_id: str, limit: int | None = None) -> builtins.list[Message]:
        """The conversation in order; with `limit`, only the last `limit` messages (still oldest first)."""
        if limit is not None and limit < 0:
            raise ValueError("limit must be >= 0")
        with self._session() as session, session.begin():
            self._require_plan(session, plan_id)
            if limit == 0:
                return []
            query = select(MessageRow).where(MessageRow.plan_id == plan_id)
            if limit is None:
                rows = list(session.scalars(query.order_by(MessageRow.seq)))
            else:
                rows = list(session.scalars(query.order_by(MessageRow.seq.desc()).limit(limit)))[::-1]
            return [_message(r) for r in rows]


def plan_organisation(engine: Engine, plan_id: str) -> str:
    """The organisation of a stored plan (in any store on `engine`); `PlanNotFoundError` if none."""
    with Session(engine) as session, session.begin():
        organisation = session.scalar(select(PlanRow.organisation).where(PlanRow.id == plan_id))
    if organisation is None:
        raise PlanNotFoundError(plan_id)
    return str(organisation)


def _message(row: MessageRow) -> Message:
    return Message(seq=row.seq, role=row.role, content=row.content, meta=row.meta, at=row.at)
