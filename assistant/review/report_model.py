"""The format-neutral review report: blocks (headings, paragraphs, bullet lists, tables) of plain text,
built by `review.report` and rendered by `review.report` (Markdown) and `review.report_docx` (DOCX)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field


class Block(BaseModel):
    """One part of the report; `text` for headings and paragraphs, `items` for bullets, `columns`/`rows`
    for tables. All values are plain text (the renderers escape or style them)."""

    kind: Literal["heading", "paragraph", "bullets", "table"]
    level: int = 1
    text: str = ""
    items: list[str] = Field(default_factory=list)
    columns: list[str] = Field(default_factory=list)
    rows: list[list[str]] = Field(default_factory=list)
    widths: list[float] = Field(default_factory=list, description="Relative column widths (DOCX).")


class ReviewReport(BaseModel):
    language: str
    title: str
    subtitle: str
    meta: list[str] = Field(description="Lines under the title: region, plan version, periods, date.")
    blocks: list[Block]
    created: datetime

    def tables(self) -> list[Block]:
        return [b for b in self.blocks if b.kind == "table"]
