"""Chroma as the vector store: embedded PersistentClient by default, HttpClient when CHROMA_HOST is set.

We always pass our own vectors (`embedding_function=None`): Chroma's default embedder would try to
download a model. The embedding model's name and dimension are stored in the collection's metadata and
checked on every open, so an index built with another model is a clear error instead of silent garbage.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from assistant.ingest.models import Chunk

_META_KEYS = (
    "doc_id",
    "title",
    "kind",
    "section",
    "page",
    "target",
    "area",
    "source",
    "file_hash",
    "origin",
    "position",
)


class StoreError(RuntimeError):
    """The vector store cannot be used as configured."""


class EmbeddingMismatchError(StoreError):
    """The collection was built with a different embedding model or dimension."""


def make_client(data_dir: Path | None = None, host: str | None = None, port: int = 8000) -> Any:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if host:
        try:
            return chromadb.HttpClient(host=host, port=port, settings=chroma_settings)
        except Exception as exc:
            raise StoreError(f"Chroma server at {host}:{port} is not reachable: {exc}") from exc
    if data_dir is None:
        raise StoreError("no data directory for the embedded Chroma store")
    data_dir.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(data_dir), settings=chroma_settings)


@dataclass
class StoredChunk:
    id: str
    text: str
    metadata: dict[str, Any]


def chunk_metadata(chunk: Chunk) -> dict[str, Any]:
    """Chroma metadata values must be str/int/float/bool: drop Nones."""
    data = chunk.model_dump(include=set(_META_KEYS))
    return {k: v for k, v in data.items() if v is not None}


class ChromaStore:
    """One collection of chunks with their vectors."""

    def __init__(
        self,
        client: Any,
        collection: str,
        embedding_model: str,
        dim: int,
        *,
        recreate: bool = False,
        stamp: Path | None = None,
    ) -> None:
        """`stamp`: a file mirroring the index's model and version (embedded store; see stamp.py)."""
        self.client = client
        self.name = collection
        self.embedding_model = embedding_model
        self.dim = dim
        self.stamp = stamp
        if recreate:  # `ingest --rebuild`: drop whatever was there, whichever model built it
            self._drop()
        self._collection = self._open()
        self._write_stamp(str((self._collection.metadata or {}).get("version", "0")))

    def _write_stamp(self, version: str) -> None:
        if self.stamp is not None:
            from assistant.vectorstore import stamp

            stamp.write(self.stamp, self.name, f"{self.embedding_model}@{version}")

    def _drop(self) -> None:
        with contextlib.suppress(Exception):  # it may not exist
            self.client.delete_collection(self.name)

    def _open(self) -> Any:
        try:
            col = self.client.get_or_create_collection(
                self.name,
                embedding_function=None,
                metadata={"embedding_model": self.embedding_model, "dim": self.dim, "version": "0"},
                configuration={"hnsw": {"space": "cosine"}},
            )
        except Exception as exc:
            raise StoreError(f"cannot open Chroma collection {self.name!r}: {exc}") from exc
        meta = col.metadata or {}
        if meta.get("embedding_model") != self.embedding_model or int(meta.get("dim", -1)) != self.dim:
            raise EmbeddingMismatchError(
                f"the index '{self.name}' was built with {meta.get('embedding_model')} "
                f"({meta.get('dim')} dims) but EMBEDDINGS is {self.embedding_model} ({self.dim} dims); "
                "rebuild it with `assistant ingest --rebuild` or change EMBEDDINGS back"
            )
        return col

    # --- versioning: lets searchers in other processes notice that the index changed ------------
    def version(self) -> str:
        meta = self.client.get_collection(self.name).metadata or {}
        return str(meta.get("version", "0"))

    def bump_version(self) -> None:
        meta = dict(self._collection.metadata or {})
        meta["version"] = f"{time.time_ns()}"
        self._collection.modify(metadata=meta)
        self._write_stamp(meta["version"])

    # --- writes ------------------------------------------------------------------------------
    def add(self, chunks: Sequence[Chunk], vectors: np.ndarray, batch: int = 256) -> None:
        if len(chunks) != len(vectors):
            raise ValueError("chunks and vectors differ in length")
        for start in range(0, len(chunks), batch):
            part = chunks[start : start + batch]
            self._collection.upsert(
                ids=[c.id for c in part],
                embeddings=vectors[start : start + len(part)].astype(np.float32),
                documents=[c.text for c in part],
                metadatas=[chunk_metadata(c) for c in part],
            )

    def update_metadata(self, chunks: Sequence[Chunk], batch: int = 256) -> None:
        for start in range(0, len(chunks), batch):
            part = chunks[start : start + batch]
            self._collection.update(ids=[c.id for c in part], metadatas=[chunk_metadata(c) for c in part])

    def delete(self, ids: Sequence[str], batch: int = 512) -> None:
        ids = list(ids)
        for start in range(0, len(ids), batch):
            self._collection.delete(ids=ids[start : start + batch])

    def reset(self) -> None:
        """Drop and recreate the collection for this store's model."""
        self._drop()
        self._collection = self._open()

    # --- reads -------------------------------------------------------------------------------
    def prepare_reads(self) -> None:
        """Write what later readers use instead of opening the store (see lazy.py; nothing here)."""

    def count(self) -> int:
        return int(self._collection.count())

    def iter_all(self, include_documents: bool = True, page: int = 1000) -> Iterator[StoredChunk]:
        include = ["metadatas", "documents"] if include_documents else ["metadatas"]
        offset = 0
        while True:
            got = self._collection.get(include=include, limit=page, offset=offset)
            ids = got["ids"]
            if not ids:
                return
            docs = got.get("documents") or [""] * len(ids)
            for i, id_ in enumerate(ids):
                yield StoredChunk(id=id_, text=docs[i] or "", metadata=got["metadatas"][i] or {})
            offset += len(ids)

    def find(self, where: dict[str, Any], limit: int = 50) -> list[StoredChunk]:
        """Chunks whose metadata match `where` (Chroma filter syntax), without a vector search."""
        got = self._collection.get(where=where, include=["metadatas", "documents"], limit=limit)
        docs = got.get("documents") or [""] * len(got["ids"])
        return [
            StoredChunk(id=i, text=docs[n] or "", metadata=got["metadatas"][n] or {})
            for n, i in enumerate(got["ids"])
        ]

    def get_embeddings(self, ids: Sequence[str]) -> dict[str, np.ndarray]:
        got = self._collection.get(ids=list(ids), include=["embeddings"])
        return {
            i: np.asarray(v, dtype=np.float32) for i, v in zip(got["ids"], got["embeddings"], strict=True)
        }

    def query(
        self, vector: np.ndarray, n: int, where: dict[str, Any] | None = None
    ) -> list[tuple[str, float]]:
        """Nearest chunks as (id, cosine similarity)."""
        total = self.count()
        if total == 0:
            return []
        res = self._collection.query(
            query_embeddings=[vector.astype(np.float32)],
            n_results=min(n, total),
            where=where or None,
            include=["distances"],
        )
        return [(i, 1.0 - float(d)) for i, d in zip(res["ids"][0], res["distances"][0], strict=True)]
