"""Data passed between loaders, the chunker and the indexer."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

from assistant.citations import format_citation

BlockKind = Literal["heading", "paragraph", "table_row", "list_item"]
DocKind = Literal["template", "guidance", "roadmap", "assessment", "plan", "upload"]
DOC_KINDS: tuple[str, ...] = ("template", "guidance", "roadmap", "assessment", "plan", "upload")


class Block(BaseModel):
    """One structural unit of a document, in reading order."""

    kind: BlockKind
    text: str
    level: int = Field(default=0, ge=0, description="Heading level (1 = top); 0 for non-headings.")
    page: int | None = Field(default=None, ge=1, description="1-based page number (PDF only).")
    cells: list[str] | None = Field(default=None, description="Cell texts of a table row.")
    table_header: list[str] | None = Field(default=None, description="Header cells of the row's table.")


class LoadedDocument(BaseModel):
    """A parsed file: its blocks plus what is needed to identify it."""

    path: Path
    format: Literal["txt", "md", "pdf", "docx"]
    sha256: str
    title: str | None = None
    blocks: list[Block]


class Passage(BaseModel):
    """A piece of a document and what is needed to cite it (shared by chunks and search hits)."""

    id: str
    text: str
    doc_id: str
    title: str
    kind: str
    section: str = ""
    page: int | None = None
    target: str | None = None
    area: str | None = None

    @property
    def citation(self) -> str:
        return format_citation(self.title, self.section, self.page)


class Chunk(Passage):
    """A retrievable piece of a document with its citation metadata, as stored in the index."""

    kind: DocKind
    source: str = ""
    file_hash: str = ""
    origin: str = ""
    position: int = 0
