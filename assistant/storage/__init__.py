"""Persistence of plans: revisions (who, when, what), conversation transcripts and optimistic concurrency.

A SQLite file in the data directory by default; PostgreSQL through `DATABASE_URL`
(`Settings.effective_database_url`). Migrations (Alembic) are in `assistant.storage.migrate`, imported
only when a database is not at this release's revision.
"""

from assistant.storage.db import SCHEMA_VERSION, SchemaVersionError, create_db_engine, open_engine
from assistant.storage.repository import (
    Change,
    ConflictError,
    CorruptPlanError,
    Message,
    PlanNotFoundError,
    PlanStore,
    PlanSummary,
    RevisionInfo,
    StorageError,
    StoredPlan,
)

__all__ = [
    "SCHEMA_VERSION",
    "Change",
    "ConflictError",
    "CorruptPlanError",
    "Message",
    "PlanNotFoundError",
    "PlanStore",
    "PlanSummary",
    "RevisionInfo",
    "SchemaVersionError",
    "StorageError",
    "StoredPlan",
    "create_db_engine",
    "open_engine",
]
