"""Common base: an Embeddings with a stable model name and dimension, stored with the index."""

from __future__ import annotations

from abc import abstractmethod

import numpy as np
from langchain_core.embeddings import Embeddings


class EmbeddingError(RuntimeError):
    """The embedding model could not be loaded or used."""


class NamedEmbeddings(Embeddings):
    """LangChain `Embeddings` that also exposes numpy batches, a model name and its dimension."""

    name: str

    @property
    @abstractmethod
    def dim(self) -> int: ...

    @abstractmethod
    def embed_passages(self, texts: list[str]) -> np.ndarray:
        """(n, dim) float32, L2-normalised."""

    @abstractmethod
    def embed_query_vector(self, text: str) -> np.ndarray:
        """(dim,) float32, L2-normalised."""

    def embed_query_vectors(self, texts: list[str]) -> np.ndarray:
        """(n, dim) float32 query vectors (one by one here; engines override it with a batch)."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([self.embed_query_vector(t) for t in texts]).astype(np.float32)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embed_passages(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.embed_query_vector(text).tolist()
