"""Access errors. All are `StorageError`s (the pages and the CLI already show those with `.message(lang)`),
with their texts in the `access.*` catalog keys (`assistant/i18n/locales/<lang>.access.yaml`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from assistant.access.principal import Permission, Principal
from assistant.i18n import load_catalog
from assistant.storage.errors import StorageError


class AccessError(StorageError):
    """Base class: `message(lang)` reads `access.<key>`."""

    key: ClassVar[str] = ""

    def message(self, lang: str = "fi") -> str:
        return load_catalog(lang).t(f"access.{self.key}", **self.params())


class AccessDenied(AccessError, PermissionError):
    """The principal's roles do not allow this (in their own organisation; other organisations' plans are
    reported as not found instead, so that their existence is not revealed)."""

    key = "denied"

    def __init__(self, principal: Principal, permission: Permission) -> None:
        roles = ", ".join(principal.sorted_roles())
        super().__init__(
            f"user {principal.user_id!r} ({roles}) of {principal.organisation!r} may not {permission.value}"
        )
        self.principal = principal
        self.permission = permission

    def message(self, lang: str = "fi") -> str:
        messages = load_catalog(lang)
        roles = ", ".join(messages.t(f"access.roles.{role}") for role in self.principal.sorted_roles())
        return messages.t(f"access.denied.{self.permission.value}", roles=roles)


class LoginRequired(AccessError):
    """Login is required and nobody is logged in."""

    key = "login_required"

    def __init__(self) -> None:
        super().__init__("login required")


class NoAccess(AccessError):
    """Logged in, but neither the identity claims nor the access file give an organisation and a role."""

    key = "no_access"

    def __init__(self, who: str) -> None:
        super().__init__(f"{who!r} has no organisation or role")
        self.who = who

    def params(self) -> dict[str, Any]:
        return {"who": self.who}


class AccessConfigError(AccessError, ValueError):
    """The access file cannot be read or is invalid."""

    key = "config_error"

    def __init__(self, path: Path, detail: str) -> None:
        super().__init__(f"access file {path}: {detail}")
        self.path = path
        self.detail = detail

    def params(self) -> dict[str, Any]:
        return {"path": str(self.path), "detail": self.detail}
