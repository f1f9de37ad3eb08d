"""Import errors: the file could not be read as a plan at all (nothing is stored)."""

from __future__ import annotations

from typing import Literal

from assistant.i18n import load_catalog
from assistant.sanitize import display_name

ImportErrorCode = Literal[
    "not_found",
    "too_large",
    "empty",
    "unsupported_type",
    "legacy_office",
    "encrypted",
    "corrupt",
    "encoding",
    "zip_bomb",
    "unsafe_archive",
    "not_docx",
    "not_a_plan",
    "directory",
    "special_file",
    "symlink_loop",
    "too_much_text",
]


class PlanImportError(Exception):
    """A file could not be read as a plan. `code` is stable; `message(lang)` is for people."""

    def __init__(self, code: ImportErrorCode, name: str = "", detail: str = "") -> None:
        self.code = code
        self.name = name
        self.detail = detail
        super().__init__(self.message("en"))

    def message(self, language: str = "fi") -> str:
        return load_catalog(language).t(
            f"importer.error.{self.code}",
            file=display_name(self.name or "-"),
            detail=display_name(self.detail, 300),
        )
