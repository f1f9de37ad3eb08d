"""Vectors of texts already embedded, kept on disk by model, kind (query or passage) and text.

An embedding depends only on the model and the text, so a plan's action seen once (by `review`, `ask`,
the reviewer page, another app instance) is never embedded again, and a plan whose actions changed
embeds only the changed ones. `DATA_DIR/cache/vectors/<model>.sqlite3` maps a SHA-256 of kind and text
to the float32 vector (WAL: readers and writers in several processes). In front of it, a bounded
in-process LRU. A file that cannot be opened or written only costs time: the vectors are embedded.

    vectors = cached_queries(embeddings, texts, data_dir)      # (len(texts), dim)
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections import OrderedDict
from contextlib import closing
from pathlib import Path

import numpy as np

from assistant.embeddings.base import NamedEmbeddings

SUBDIR = Path("cache") / "vectors"
MEMORY_ENTRIES = 8192
_memory: OrderedDict[str, np.ndarray] = OrderedDict()
_lock = threading.Lock()


def _key(model: str, kind: str, text: str) -> str:
    return hashlib.sha256(f"{model}\0{kind}\0{text}".encode("utf-8", "surrogatepass")).hexdigest()


def cache_path(data_dir: Path, model: str) -> Path:
    safe = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in model)
    return Path(data_dir) / SUBDIR / f"{safe}.sqlite3"


def _connect(path: Path) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path, timeout=5.0)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vector BLOB NOT NULL)")
    return db


def _read(path: Path, keys: list[str], dim: int) -> dict[str, np.ndarray]:
    if not keys or not path.is_file():
        return {}
    found: dict[str, np.ndarray] = {}
    try:
        with closing(_connect(path)) as db:
            for start in range(0, len(keys), 500):
                part = keys[start : start + 500]
                marks = ",".join("?" * len(part))
                for key, blob in db.execute(f"SELECT key, vector FROM vectors WHERE key IN ({marks})", part):
                    if isinstance(blob, bytes) and len(blob) == 4 * dim:  # else damaged: embed again
                        found[key] = np.frombuffer(blob, dtype=np.float32)
    except sqlite3.Error:
        return {}
    return found


def _write(path: Path, rows: dict[str, np.ndarray]) -> None:
    if not rows:
        return
    try:
        with closing(_connect(path)) as db, db:
            db.executemany(
                "INSERT OR REPLACE INTO vectors (key, vector) VALUES (?, ?)",
                [(k, np.asarray(v, dtype=np.float32).tobytes()) for k, v in rows.items()],
            )
    except (sqlite3.Error, OSError):
        return  # read-only or full: only slower next time


def _remember(rows: dict[str, np.ndarray]) -> None:
    with _lock:
        for key, vector in rows.items():
            _memory[key] = vector
            _memory.move_to_end(key)
        while len(_memory) > MEMORY_ENTRIES:
            _memory.popitem(last=False)


def cached_queries(embeddings: NamedEmbeddings, texts: list[str], data_dir: Path | None) -> np.ndarray:
    """(len(texts), dim) float32 query vectors of `texts`: from memory, from the file under `data_dir`
    (None: memory only), and the rest embedded in one batch and kept in both."""
    dim = embeddings.dim
    out = np.empty((len(texts), dim), dtype=np.float32)
    keys = [_key(embeddings.name, "query", t) for t in texts]
    missing: dict[str, int] = {}
    with _lock:
        for i, key in enumerate(keys):
            vector = _memory.get(key)
            if vector is None:
                missing.setdefault(key, i)
            else:
                out[i] = vector
    path = cache_path(data_dir, embeddings.name) if data_dir is not None else None
    stored = _read(path, list(missing), dim) if path is not None else {}
    new_keys = [k for k in missing if k not in stored]
    fresh: dict[str, np.ndarray] = {}
    if new_keys:
        vectors = embeddings.embed_query_vectors([texts[missing[k]] for k in new_keys])
        fresh = {k: np.array(v, dtype=np.float32) for k, v in zip(new_keys, vectors, strict=True)}
        if path is not None:
            _write(path, fresh)
    found = {**stored, **fresh}
    _remember(found)
    for i, key in enumerate(keys):
        if key in found:
            out[i] = found[key]
    return out


def remembered(embeddings: NamedEmbeddings, text: str) -> np.ndarray | None:
    """The query vector of `text` if this process holds it in memory (None: it would be embedded)."""
    with _lock:
        return _memory.get(_key(embeddings.name, "query", text))


def clear_memory() -> None:
    """Forget the in-process copies (tests: behave like a new process)."""
    with _lock:
        _memory.clear()
