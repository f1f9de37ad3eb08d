"""Errors of backup and restore: a catalog key (`backup.error.<key>`) with parameters, so every message
reaches the user in their language; `str(error)` is the English text for logs and developers."""

from __future__ import annotations

from typing import Any

from assistant.i18n import load_catalog


class BackupError(Exception):
    """Backup or restore cannot go on; nothing in the target was changed."""

    def __init__(self, key: str, **params: Any) -> None:
        self.key = key
        self.params = {name: str(value) for name, value in params.items()}
        super().__init__(self.message("en"))

    def message(self, lang: str = "fi") -> str:
        return load_catalog(lang).t(f"backup.error.{self.key}", **self.params)
