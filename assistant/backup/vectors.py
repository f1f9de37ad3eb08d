"""The vector index in a backend-neutral form: the Chroma collection's records and metadata.

Export: ids, documents and metadatas as JSON lines (in the collection's own order) and the embeddings as
one float32 `.npy` array in the same order (exact: no text round trip of floats), plus the collection's
metadata (embedding model, dimension, version stamp). The collection's version stamp is read before and
after: an index that changed while it was read (someone ran `ingest`) is read again.

Import: the records go into a NEW collection with a temporary name (created like the app creates its
collection, so the distance function and the model check are the app's), which is renamed to the target
name only when everything else of the restore has succeeded (`swap_in`).
"""

from __future__ import annotations

import contextlib
import io
import json
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from assistant.backup.errors import BackupError
from assistant.vectorstore.chroma import ChromaStore

PAGE = 1000
WRITE_BATCH = 256
READ_ATTEMPTS = 3


@dataclass
class IndexExport:
    name: str
    metadata: dict[str, Any]
    ids: list[str]
    documents: list[str]
    metadatas: list[dict[str, Any]]
    embeddings: np.ndarray  # (n, dim) float32

    @property
    def embedding_model(self) -> str:
        return str(self.metadata.get("embedding_model", ""))

    @property
    def dim(self) -> int:
        return int(self.metadata.get("dim", 0) or 0)

    @property
    def version(self) -> str:
        return str(self.metadata.get("version", "0"))


def collection_names(client: Any) -> set[str]:
    return {c if isinstance(c, str) else c.name for c in client.list_collections()}


def _read_once(collection: Any) -> tuple[list[str], list[str], list[dict[str, Any]], np.ndarray]:
    ids: list[str] = []
    documents: list[str] = []
    metadatas: list[dict[str, Any]] = []
    vectors: list[np.ndarray] = []
    offset = 0
    while True:
        got = collection.get(include=["embeddings", "documents", "metadatas"], limit=PAGE, offset=offset)
        if not got["ids"]:
            break
        ids += got["ids"]
        documents += [d or "" for d in got["documents"]]
        metadatas += [dict(m or {}) for m in got["metadatas"]]
        vectors.append(np.asarray(got["embeddings"], dtype=np.float32))
        offset += len(got["ids"])
    dim = int((collection.metadata or {}).get("dim", 0) or 0)
    embeddings = np.concatenate(vectors) if vectors else np.zeros((0, dim), dtype=np.float32)
    return ids, documents, metadatas, embeddings


def export_index(client: Any, name: str) -> IndexExport | None:
    """The collection `name` (None when it does not exist), read consistently."""
    if name not in collection_names(client):
        return None
    for _attempt in range(READ_ATTEMPTS):
        before = dict(client.get_collection(name).metadata or {})
        collection = client.get_collection(name)
        ids, documents, metadatas, embeddings = _read_once(collection)
        after = dict(client.get_collection(name).metadata or {})
        if before.get("version") == after.get("version") and collection.count() == len(ids):
            return IndexExport(name, after, ids, documents, metadatas, embeddings)
        time.sleep(0.5)
    raise BackupError("index_changed", collection=name)


# --- archive members -------------------------------------------------------------------------------------


def records_jsonl(export: IndexExport) -> bytes:
    lines = (
        json.dumps({"id": i, "document": d, "metadata": m}, ensure_ascii=False, sort_keys=True) + "\n"
        for i, d, m in zip(export.ids, export.documents, export.metadatas, strict=True)
    )
    return "".join(lines).encode()


def embeddings_npy(export: IndexExport) -> bytes:
    buffer = io.BytesIO()
    np.save(buffer, np.ascontiguousarray(export.embeddings, dtype=np.float32), allow_pickle=False)
    return buffer.getvalue()


def collection_json(export: IndexExport) -> bytes:
    return json.dumps({"name": export.name, "metadata": export.metadata}, ensure_ascii=False).encode()


def parse_index(
    collection: bytes, records: bytes, embeddings: bytes, *, chunks: int, dim: int
) -> IndexExport:
    """Read the three index members back, checking that they agree with each other and the manifest."""
    try:
        head = json.loads(collection.decode("utf-8"))
        name, metadata = str(head["name"]), dict(head["metadata"])
        rows = [json.loads(line) for line in records.decode("utf-8").splitlines() if line.strip()]
        ids = [str(r["id"]) for r in rows]
        documents = [str(r["document"]) for r in rows]
        metadatas = [dict(r["metadata"]) for r in rows]
        vectors = np.load(io.BytesIO(embeddings), allow_pickle=False)
    except (ValueError, KeyError, TypeError, UnicodeDecodeError, OSError) as exc:
        raise BackupError("corrupt_member", member="index/", detail=str(exc)[:200]) from exc
    problems = []
    if vectors.dtype != np.float32 or vectors.ndim != 2:
        problems.append(f"embeddings are {vectors.dtype} with {vectors.ndim} dimensions")
    elif vectors.shape != (chunks, dim):
        problems.append(f"embeddings have shape {vectors.shape}, expected ({chunks}, {dim})")
    elif not np.isfinite(vectors).all():
        problems.append("embeddings contain non-finite values")
    if len(ids) != chunks or len(set(ids)) != len(ids):
        problems.append(f"{len(ids)} records ({len(set(ids))} distinct ids), expected {chunks}")
    if int(metadata.get("dim", -1)) != dim:
        problems.append(f"collection dimension {metadata.get('dim')} differs from the manifest's {dim}")
    for meta in metadatas:
        if any(not isinstance(v, str | int | float | bool) for v in meta.values()):
            problems.append("a record's metadata has a value that is not a string, number or boolean")
            break
    if problems:
        raise BackupError("corrupt_member", member="index/", detail="; ".join(problems))
    return IndexExport(name, metadata, ids, documents, metadatas, vectors)


# --- restore ---------------------------------------------------------------------------------------------


def build_staged(client: Any, target: str, export: IndexExport, metadatas: Sequence[dict[str, Any]]) -> str:
    """A new collection with the export's records (with `metadatas`) under a temporary name."""
    staged = f"{target}-restore-{uuid.uuid4().hex[:12]}"
    ChromaStore(client, staged, export.embedding_model, export.dim)  # created like the app creates it
    try:
        collection = client.get_collection(staged)
        for start in range(0, len(export.ids), WRITE_BATCH):
            end = start + WRITE_BATCH
            collection.add(
                ids=export.ids[start:end],
                embeddings=export.embeddings[start:end],
                documents=export.documents[start:end],
                metadatas=list(metadatas[start:end]),
            )
        if collection.count() != len(export.ids):
            raise BackupError("index_write_failed", detail=f"{collection.count()} of {len(export.ids)}")
        # The exported metadata, with a fresh version stamp: running instances reload their lexical index.
        collection.modify(metadata={**export.metadata, "version": f"{time.time_ns()}"})
    except BaseException:
        drop(client, staged)
        raise
    return staged


def drop(client: Any, name: str) -> None:
    with contextlib.suppress(Exception):  # it may not exist; nothing else to do about it here
        client.delete_collection(name)


def rename(client: Any, old: str, new: str) -> None:
    client.get_collection(old).modify(name=new)
