"""Search hits and results."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from pydantic import BaseModel, Field

from assistant.ingest.models import Passage

Mode = Literal["hybrid", "dense", "bm25"]


class Hit(Passage):
    """A search result: the passage with its scores."""

    score: float = Field(description="Fused score (RRF) or the single method's score.")
    dense_score: float | None = Field(default=None, description="Cosine similarity to the query.")
    bm25_score: float | None = None
    bm25_coverage: float | None = Field(default=None, description="Share of the query's IDF matched.")

    def to_public(self) -> dict[str, object]:
        data = self.model_dump()
        data["citation"] = self.citation
        return data


class SearchResult(BaseModel):
    query: str
    hits: list[Hit]
    reason: str | None = Field(default=None, description="Why the result is empty, when it is.")


@dataclass(frozen=True)
class Ranked:
    """A search before the relevance floor: every candidate in fused order, with the scores the floor and
    the answerability decision read (chunk id -> value)."""

    query: str
    mode: Mode
    crosslingual: bool  # a Swedish or English question against the Finnish corpus
    candidates: list[str]
    fused: dict[str, float]
    dense: dict[str, float]  # chunk cosine
    sentence_dense: dict[str, float]  # best sentence cosine
    bm25: dict[str, float]
    coverage: dict[str, float]  # share of the query's IDF mass the chunk matches
    named: set[str]  # documents the question names
    vector: np.ndarray | None = None  # the question's embedding (None in a lexical-only search)
