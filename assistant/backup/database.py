"""The plans database in a backend-neutral form: one JSON-lines member per table of `Base.metadata`.

Every table of the metadata is exported, so a table added later is covered without changes here. Values
are encoded by column type (timestamps as ISO 8601 with their UTC offset, binary as base64, decimals as
strings; JSON columns as they are), so a dump of SQLite loads into PostgreSQL and back unchanged.

`dump` reads every table in ONE read transaction (a consistent snapshot: SQLite's write lock, PostgreSQL's
REPEATABLE READ). `load` inserts into the target inside the caller's transaction, parents before children,
and moves PostgreSQL's id sequences past the restored ids.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Connection,
    Date,
    DateTime,
    Engine,
    LargeBinary,
    Numeric,
    Table,
    delete,
    func,
    inspect,
    select,
    text,
)
from sqlalchemy.types import TypeEngine

from assistant.backup.errors import BackupError
from assistant.storage.tables import Base

SCHEMA_TABLE = "schema_version"  # written by `init_schema` of the target, checked, never copied
INSERT_BATCH = 500


def tables() -> list[Table]:
    """Every table of the plans database, parents before children."""
    return list(Base.metadata.sorted_tables)


def _base_type(type_: TypeEngine[Any]) -> TypeEngine[Any]:
    impl = getattr(type_, "impl", None)  # a TypeDecorator such as UTCDateTime
    if impl is not None and not isinstance(type_, JSON):
        return impl if isinstance(impl, TypeEngine) else impl()
    return type_


def _encode(value: Any, type_: TypeEngine[Any], where: str) -> Any:
    if value is None:
        return None
    base = _base_type(type_)
    if isinstance(base, JSON) or isinstance(type_, JSON):
        return value
    if isinstance(base, DateTime):
        return value.isoformat()
    if isinstance(base, Date):
        return value.isoformat()
    if isinstance(base, LargeBinary):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, str | int | float | bool):
        return value
    raise BackupError("unsupported_value", column=where, type=type(value).__name__)


def _decode(value: Any, type_: TypeEngine[Any]) -> Any:
    if value is None:
        return None
    base = _base_type(type_)
    if isinstance(base, JSON) or isinstance(type_, JSON):
        return value
    if isinstance(base, DateTime):
        return datetime.fromisoformat(value)
    if isinstance(base, Date):
        return date.fromisoformat(value)
    if isinstance(base, LargeBinary):
        return base64.b64decode(value)
    if isinstance(base, Numeric) and isinstance(value, str):
        return Decimal(value)
    return value


def _order(table: Table) -> list[Any]:
    return list(table.primary_key.columns) or list(table.columns)


def dump(engine: Engine) -> dict[str, list[dict[str, Any]]]:
    """Every row of every table, read in one transaction, JSON-ready (see the module docstring)."""
    out: dict[str, list[dict[str, Any]]] = {}
    connection = engine.connect()
    if engine.dialect.name == "postgresql":
        connection = connection.execution_options(isolation_level="REPEATABLE READ")
    with connection, connection.begin():
        if engine.dialect.name == "postgresql":
            connection.execute(text("SET TRANSACTION READ ONLY"))
        for table in tables():
            rows = connection.execute(select(table).order_by(*_order(table))).mappings()
            out[table.name] = [
                {c.name: _encode(row[c.name], c.type, f"{table.name}.{c.name}") for c in table.columns}
                for row in rows
            ]
    return out


def to_jsonl(rows: list[dict[str, Any]]) -> bytes:
    return "".join(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n" for row in rows).encode()


def from_jsonl(data: bytes, member: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    try:
        for number, line in enumerate(data.decode("utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            row = json.loads(line)
            if not isinstance(row, dict):
                raise ValueError(f"line {number} is not an object")
            rows.append(row)
    except (UnicodeDecodeError, ValueError) as exc:
        raise BackupError("corrupt_member", member=member, detail=str(exc)[:200]) from exc
    return rows


def check_rows(table: Table, rows: list[dict[str, Any]], member: str) -> list[dict[str, Any]]:
    """The rows decoded for insertion; columns this release does not have are refused."""
    known = {c.name: c for c in table.columns}
    decoded: list[dict[str, Any]] = []
    for row in rows:
        unknown = sorted(set(row) - set(known))
        if unknown:
            raise BackupError("unknown_columns", table=table.name, columns=", ".join(unknown))
        try:
            decoded.append({name: _decode(value, known[name].type) for name, value in row.items()})
        except (ValueError, TypeError) as exc:
            raise BackupError("corrupt_member", member=member, detail=str(exc)[:200]) from exc
    return decoded


def existing_rows(connection: Connection) -> dict[str, int]:
    """Row counts of the data tables that exist in the target (the schema-version table excluded)."""
    present = set(inspect(connection).get_table_names())
    counts: dict[str, int] = {}
    for table in tables():
        if table.name == SCHEMA_TABLE or table.name not in present:
            continue
        counts[table.name] = int(connection.execute(select(func.count()).select_from(table)).scalar_one())
    return counts


def clear(connection: Connection) -> None:
    """Delete every row of the data tables (children first); used by `restore --force`."""
    for table in reversed(tables()):
        if table.name != SCHEMA_TABLE:
            connection.execute(delete(table))


def load(connection: Connection, data: dict[str, list[dict[str, Any]]]) -> None:
    """Insert decoded rows (from `check_rows`) table by table, parents first."""
    for table in tables():
        rows = data.get(table.name) or []
        if table.name == SCHEMA_TABLE or not rows:
            continue
        for start in range(0, len(rows), INSERT_BATCH):
            connection.execute(table.insert(), rows[start : start + INSERT_BATCH])
    if connection.dialect.name == "postgresql":
        _reset_sequences(connection)


def _reset_sequences(connection: Connection) -> None:
    """Explicit ids were inserted: move each serial sequence past the largest one."""
    for table in tables():
        column = table.autoincrement_column
        if column is None:
            continue
        connection.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence(:table, :column), "
                f'COALESCE((SELECT MAX("{column.name}") FROM "{table.name}"), 0) + 1, false)'
            ),
            {"table": table.name, "column": column.name},
        )


def iter_members(data: dict[str, list[dict[str, Any]]]) -> Iterator[tuple[str, bytes]]:
    for name, rows in data.items():
        yield f"db/{name}.jsonl", to_jsonl(rows)
