"""SQLAlchemy 2 ORM tables of the plans database: plans, their revisions, conversation transcripts and
review comments.

Timestamps are stored as timezone-aware UTC (`UTCDateTime` also normalises SQLite, which keeps no zone).
JSON columns are JSONB on PostgreSQL and JSON text on SQLite.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

ROLES: tuple[str, ...] = ("user", "assistant", "system")

JSONType = JSON().with_variant(JSONB(), "postgresql")


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime on every backend (SQLite returns naive values: they are UTC)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored: use timezone-aware UTC")
        value = value.astimezone(UTC)
        # SQLite keeps no zone: store the UTC wall time.
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    pass


class SchemaVersion(Base):
    """One row: the schema version of this database, for future migrations."""

    __tablename__ = "schema_version"
    __table_args__ = (CheckConstraint("id = 1", name="ck_schema_version_single_row"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    applied_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)


class PlanRow(Base):
    __tablename__ = "plans"
    __table_args__ = (
        CheckConstraint("version >= 1", name="ck_plans_version_positive"),
        Index("ix_plans_organisation_updated_at", "organisation", "updated_at"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    organisation: Mapped[str] = mapped_column(String(200), nullable=False, default="default")
    title: Mapped[str] = mapped_column(Text, nullable=False, default="")
    region: Mapped[str] = mapped_column(Text, nullable=False, default="")
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    # The plan as schema JSON (the pydantic Plan model's `model_dump(mode="json")`).
    data: Mapped[dict[str, Any]] = mapped_column(JSONType, nullable=False)
    # The conversation state: an opaque dict owned by the drafting engine.
    state: Mapped[dict[str, Any]] = mapped_column(JSONType, nullable=False, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    created_by: Mapped[str] = mapped_column(Text, nullable=False, default="")


class RevisionRow(Base):
    """An accepted change of a plan: who, when, what (a list of {path, old, new})."""

    __tablename__ = "revisions"
    __table_args__ = (UniqueConstraint("plan_id", "version", name="uq_revisions_plan_version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    # Indexed by the unique constraint, whose first column it is.
    plan_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("plans.id", ondelete="CASCADE"), nullable=False
    )
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    author: Mapped[str] = mapped_column(Text, nullable=False)
    at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    summary: Mapped[str] = mapped_column(Text, nullable=False, default="")
    changes: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, nullable=False, default=list)


class MessageRow(Base):
    """One message of a plan's conversation transcript; `seq` orders them within the plan."""

    __tablename__ = "messages"
    __table_args__ = (
        UniqueConstraint("plan_id", "seq", name="uq_messages_plan_seq"),
        CheckConstraint("role IN ('user', 'assistant', 'system')", name="ck_messages_role"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    # Indexed by the unique constraint, whose first column it is.
    plan_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("plans.id", ondelete="CASCADE"), nullable=False
    )
    seq: Mapped[int] = mapped_column(Integer, nullable=False)
    role: Mapped[str] = mapped_column(String(16), nullable=False)
    content: Mapped[str] = mapped_column(Text, nullable=False)
    meta: Mapped[dict[str, Any]] = mapped_column(JSONType, nullable=False, default=dict)
    at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)


class CommentRow(Base):
    """A reviewer's comment on a plan: attached to a section (JSON Pointer such as `/kuvaus`) or an action
    (`/toimenpiteet/<action id>`), with author and time; `resolved_*` record who closed it and when."""

    __tablename__ = "comments"
    __table_args__ = (Index("ix_comments_plan_at", "plan_id", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    plan_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("plans.id", ondelete="CASCADE"), nullable=False
    )
    # What the comment is about: a JSON Pointer into the plan ("" = the plan as a whole).
    target: Mapped[str] = mapped_column(Text, nullable=False, default="")
    author: Mapped[str] = mapped_column(Text, nullable=False)
    text: Mapped[str] = mapped_column(Text, nullable=False)
    at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    # The plan version the reviewer was looking at.
    plan_version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    resolved_by: Mapped[str | None] = mapped_column(Text, nullable=True, default=None)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True, default=None)
