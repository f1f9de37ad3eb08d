"""The roadmap tasks' embeddings, computed once per index version and kept beside the index.

The tasks are read from the indexed roadmap, so their vectors change only when the index does (its version
stamp) or the model does. They are kept in memory and in `DATA_DIR/cache/roadmap/` (one small `.npz` per
model and index version, written atomically), so a second process — the next `assistant review`, another
app instance on the same data directory — loads them instead of embedding every task again. Files of older
index versions of the same model are removed when a new one is written. The tasks of the shipped roadmap
have shipped vectors (`assistant.ingest.shipped`, keyed by model and text): a new index of the default
corpus embeds no task at all.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import threading
from pathlib import Path
from typing import Any

import numpy as np

CACHE_SUBDIR = Path("cache") / "roadmap"

_memory: dict[str, np.ndarray] = {}
_lock = threading.Lock()


def _digest(*parts: str) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()[:24]


def _model_key(model: str) -> str:
    return _digest("model", model)[:12]


def cache_path(data_dir: Path, model: str, index_version: str, texts: list[str]) -> Path:
    """`<data>/cache/roadmap/<model>-<index version and texts>.npz`."""
    key = _digest(index_version, *texts)
    return data_dir / CACHE_SUBDIR / f"{_model_key(model)}-{key}.npz"


def _load(path: Path, texts: list[str]) -> np.ndarray | None:
    try:
        with np.load(path, allow_pickle=False) as data:
            stored_texts = [str(t) for t in data["texts"]]
            vectors = np.asarray(data["vectors"], dtype=np.float32)
    except (OSError, KeyError, ValueError):
        return None  # missing, partial or foreign: embed again
    if stored_texts != texts or vectors.ndim != 2 or vectors.shape[0] != len(texts):
        return None
    return vectors


def _save(path: Path, texts: list[str], vectors: np.ndarray) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".npz", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            np.savez(fh, texts=np.array(texts, dtype=str), vectors=vectors.astype(np.float32))
        os.replace(tmp, path)
    except OSError:
        Path(tmp).unlink(missing_ok=True)
        return  # a cache that cannot be written is only slower
    prefix = path.name.split("-", 1)[0] + "-"
    for old in path.parent.glob(f"{prefix}*.npz"):
        if old != path:
            old.unlink(missing_ok=True)


def _embed(embeddings: Any, texts: list[str], settings: Any) -> np.ndarray:
    """The default roadmap's task texts have shipped vectors (`make vectors`): only others are embedded."""
    knowledge_dir = getattr(settings, "knowledge_dir", None)
    if knowledge_dir is None:
        return embeddings.embed_passages(texts)
    from assistant.ingest import shipped

    return shipped.embed(embeddings, texts, Path(knowledge_dir))


def task_vectors(retriever: Any, texts: list[str]) -> np.ndarray:
    """(len(texts), dim) passage vectors of the roadmap task texts for the retriever's current index.

    `retriever` needs `.embeddings` (a NamedEmbeddings), `.store.version()` and `.settings.data_dir`;
    without a store version (e.g. a test double) the vectors are embedded and kept in memory only."""
    embeddings = retriever.embeddings
    if not texts:
        return np.zeros((0, embeddings.dim), dtype=np.float32)
    store = getattr(retriever, "store", None)
    version = str(store.version()) if store is not None and hasattr(store, "version") else ""
    settings = getattr(retriever, "settings", None)
    data_dir = getattr(settings, "data_dir", None)
    key = _digest(embeddings.name, version, *texts)
    with _lock:
        cached = _memory.get(key)
    if cached is not None:
        return cached
    path = cache_path(Path(data_dir), embeddings.name, version, texts) if data_dir and version else None
    vectors = _load(path, texts) if path is not None else None
    if vectors is None:
        vectors = np.asarray(_embed(embeddings, texts, settings), dtype=np.float32)
        if path is not None:
            _save(path, texts, vectors)
    vectors.setflags(write=False)
    with _lock:
        _memory[key] = vectors
        while len(_memory) > 8:  # a few index versions and models at most
            _memory.pop(next(iter(_memory)))
    return vectors


def clear_memory() -> None:
    """Forget the in-process copies (tests: behave like a new process)."""
    with _lock:
        _memory.clear()
