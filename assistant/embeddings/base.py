"""Common base: an Embeddings with a stable model name and dimension, stored with the index.

`NamedEmbeddings` has LangChain's `Embeddings` interface (`embed_documents`, `embed_query` and their async
forms) without importing LangChain: `langchain_core.embeddings` pulls in the runnables and callbacks
(about 0.3 s of every one-shot command, which mostly never uses LangChain). `as_langchain` registers the
class as a virtual subclass of LangChain's `Embeddings` for code that checks the type.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

import numpy as np


class EmbeddingError(RuntimeError):
    """The embedding model could not be loaded or used."""


class NamedEmbeddings(ABC):
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

    async def aembed_documents(self, texts: list[str]) -> list[list[float]]:
        import asyncio  # only async callers pay for it

        return await asyncio.to_thread(self.embed_documents, texts)

    async def aembed_query(self, text: str) -> list[float]:
        import asyncio

        return await asyncio.to_thread(self.embed_query, text)


class WrappedEmbeddings(NamedEmbeddings):
    """Another model's embeddings under its name, for a wrapper that changes one thing (where query vectors
    come from, or counting them): everything is passed to `inner` unless the subclass overrides it."""

    def __init__(self, inner: NamedEmbeddings) -> None:
        self.inner, self.name = inner, inner.name

    @property
    def dim(self) -> int:
        return self.inner.dim

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self.inner.embed_passages(texts)

    def embed_query_vector(self, text: str) -> np.ndarray:
        return self.embed_query_vectors([text])[0]

    def embed_query_vectors(self, texts: list[str]) -> np.ndarray:
        return self.inner.embed_query_vectors(texts)


def as_langchain(embeddings: NamedEmbeddings) -> Any:
    """The same object, after registering `NamedEmbeddings` as a LangChain `Embeddings` (isinstance)."""
    from langchain_core.embeddings import Embeddings

    Embeddings.register(NamedEmbeddings)  # type: ignore[type-abstract]
    return embeddings
