"""Alembic migrations of the plans database (SQLite and PostgreSQL). `assistant.storage.db.init_schema`
runs `upgrade head` at start-up; revision 0001 is the schema as it was before migrations existed.

A new schema change: `alembic -c assistant/storage/migrations/alembic.ini revision -m "..."`, then edit
the new file in versions/ (autogenerate compares against `assistant.storage.tables.Base.metadata`).
"""
