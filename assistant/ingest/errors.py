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
    "too_many_chunks",
]


class IngestError(Exception):
    """A file could not be ingested. `code` is stable; `message(lang)` is for people."""

    def __init__(self, code: IngestErrorCode, path: Path | str, detail: str = "", **params: object) -> None:
        """`params`: further figures the message names (e.g. the chunk count and the limit)."""
        self.code = code
        self.path = Path(path)
        self.detail = detail
        self.params = params
        super().__init__(self.message("en"))

    def message(self, language: str = "fi") -> str:
        catalog = load_catalog(language)
        text = catalog.t(f"ingest.error.{self.code}", file=self.path.name, detail=self.detail, **self.params)
        return text
