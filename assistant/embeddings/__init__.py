"""Embedding models behind LangChain's `Embeddings` interface."""

from assistant.embeddings.factory import EmbeddingError, NamedEmbeddings, make_embeddings

__all__ = ["EmbeddingError", "NamedEmbeddings", "make_embeddings"]
