"""The storage layer's errors; each has `message(lang)`, the user-facing text from the `storage.*` catalog.
`DatabaseError` (and `DatabaseUnavailableError`) never show a password: only the masked URL."""

from __future__ import annotations

from typing import Any, ClassVar

from sqlalchemy.engine import URL

from assistant.i18n import load_catalog
from assistant.storage.urls import redact_url, safe_url


class DatabaseError(Exception):
    """The plans database cannot be opened; the text shows the URL with its password masked.

    A `StorageError` subclass with `.message(lang)` is raised by `assistant.storage`
    (`DatabaseUnavailableError`).
    """

    key: ClassVar[str] = "unavailable"

    def __init__(self, url: str | URL, detail: str) -> None:
        self.url = safe_url(url)
        self.detail = " ".join(redact_url(detail, url).split())[:400]
        super().__init__(f"cannot open the plans database {self.url}: {self.detail}")


class StorageError(Exception):
    """Base class; `message(lang)` is the user-facing text from the `storage.*` catalog keys."""

    key: ClassVar[str] = ""

    def params(self) -> dict[str, Any]:
        return {}

    def message(self, lang: str = "fi") -> str:
        return load_catalog(lang).t(f"storage.{self.key}", **self.params())


class PlanNotFoundError(StorageError, LookupError):
    key = "not_found"

    def __init__(self, plan_id: str) -> None:
        super().__init__(f"plan {plan_id!r} not found")
        self.plan_id = plan_id

    def params(self) -> dict[str, Any]:
        return {"plan_id": self.plan_id}


class ConflictError(StorageError):
    """The plan was changed by someone else since the caller loaded it."""

    key = "conflict"

    def __init__(self, plan_id: str, expected_version: int, current_version: int) -> None:
        super().__init__(
            f"plan {plan_id!r} was changed by someone else: expected version {expected_version}, "
            f"stored version {current_version}"
        )
        self.plan_id = plan_id
        self.expected_version = expected_version
        self.current_version = current_version

    def params(self) -> dict[str, Any]:
        return {"plan_id": self.plan_id, "expected": self.expected_version, "current": self.current_version}


class CorruptPlanError(StorageError):
    """A stored row cannot be read back as a plan (invalid JSON, or it fails the template schema)."""

    key = "corrupt"

    def __init__(self, plan_id: str, detail: str) -> None:
        super().__init__(f"stored plan {plan_id!r} is corrupt: {detail}")
        self.plan_id = plan_id
        self.detail = detail

    def params(self) -> dict[str, Any]:
        return {"plan_id": self.plan_id, "detail": self.detail}


class DatabaseUnavailableError(DatabaseError, StorageError):
    """The plans database cannot be opened (bad URL, unknown driver, server down, login refused).

    Its text and `message(lang)` show the URL with the password masked, never the password."""

    key = "unavailable"

    def params(self) -> dict[str, Any]:
        return {"url": self.url, "detail": self.detail}
