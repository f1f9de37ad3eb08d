"""Ingestion errors that name the file and the reason, in the user's language."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from assistant.i18n import load_catalog
from assistant.sanitize import display_name

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
    "legacy_office",
    "directory",
    "special_file",
    "symlink_loop",
    "too_much_text",
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
        # The file name as shown (no control or bidi characters, bounded): a name must not forge output.
        name = display_name(self.path.name or str(self.path))
        detail = display_name(self.detail, 300)
        text = catalog.t(f"ingest.error.{self.code}", file=name, detail=detail, **self.params)
        return text
