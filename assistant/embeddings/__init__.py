"""Embedding models behind LangChain's `Embeddings` interface."""

from assistant.embeddings.factory import (
    EmbeddingError,
    NamedEmbeddings,
    embeddings_from_settings,
    make_embeddings,
)

__all__ = ["EmbeddingError", "NamedEmbeddings", "embeddings_from_settings", "make_embeddings"]
