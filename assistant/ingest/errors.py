"""Ingestion errors that name the file and the reason, in the user's language."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from assistant.i18n import load_catalog

IngestErrorCode = Literal[
    "not_found",
    "too_large",
    "empty",
    "unsupported_type",
    "encrypted",
    "corrupt",
    "encoding",
    "no_text",
    "too_many_pages",
    "zip_bomb",
    "unsafe_archive",
]


class IngestError(Exception):
    """A file could not be ingested. `code` is stable; `message(lang)` is for people."""

    def __init__(self, code: IngestErrorCode, path: Path | str, detail: str = "") -> None:
        self.code = code
        self.path = Path(path)
        self.detail = detail
        super().__init__(self.message("en"))

    def message(self, language: str = "fi") -> str:
        catalog = load_catalog(language)
        text = catalog.t(f"ingest.error.{self.code}", file=self.path.name, detail=self.detail)
        return text
