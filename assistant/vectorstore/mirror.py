"""A read-only copy of the embedded collection's vectors for one index version (`LazyChromaStore`).

`DATA_DIR/vectors/<collection and model>-<version>.npz` holds the ids, the vectors (exactly as stored), every
row's metadata (what `ingest` compares with the files) and the two fields the retriever filters on.
A query is an exact cosine over all of them
(numpy: a few milliseconds for thousands of chunks), so a search needs neither `import chromadb` nor the
HNSW index. The file is written atomically by the first process that opens Chroma for a version, only
when the version did not change while it was read; files of older versions are removed then. A missing,
partial or foreign file is not used (Chroma answers), and a filter other than equality / `$in` / `$and`
over kind and doc_id is left to Chroma.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

SUBDIR = Path("vectors")
FIELDS = ("kind", "doc_id")
PAGE = 1000


@dataclass
class Mirror:
    version: str
    ids: list[str]
    vectors: np.ndarray  # (n, dim) float32, exactly as Chroma holds them
    fields: dict[str, np.ndarray]  # kind / doc_id per row
    metadatas: list[dict[str, Any]]  # every row's metadata, as Chroma holds it
    position: dict[str, int] = field(init=False)
    norms: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        self.position = {i: n for n, i in enumerate(self.ids)}
        norms = np.linalg.norm(self.vectors, axis=1) if len(self.ids) else np.zeros(0, dtype=np.float32)
        self.norms = np.where(norms > 0, norms, 1.0).astype(np.float32)

    def _allowed(self, where: dict[str, Any] | None) -> np.ndarray | None:
        """Rows matching the filter; None when the filter is not one this mirror can evaluate."""
        if not where:
            return np.ones(len(self.ids), dtype=bool)
        if set(where) == {"$and"} and isinstance(where["$and"], list):
            mask = np.ones(len(self.ids), dtype=bool)
            for clause in where["$and"]:
                part = self._allowed(clause) if isinstance(clause, dict) and clause else None
                if part is None:
                    return None
                mask &= part
            return mask
        if len(where) != 1:
            return None
        ((name, cond),) = where.items()
        if name not in self.fields:
            return None
        if isinstance(cond, dict) and set(cond) == {"$in"} and isinstance(cond["$in"], list):
            values = [str(v) for v in cond["$in"]]
        elif isinstance(cond, dict) and set(cond) == {"$eq"} and isinstance(cond["$eq"], str):
            values = [cond["$eq"]]
        elif isinstance(cond, str):
            values = [cond]
        else:
            return None
        return np.isin(self.fields[name], values)

    def query(
        self, vector: np.ndarray, n: int, where: dict[str, Any] | None
    ) -> list[tuple[str, float]] | None:
        """The n nearest rows matching `where` as (id, cosine), best first; None: ask Chroma."""
        allowed = self._allowed(where)
        if allowed is None:
            return None
        rows = np.flatnonzero(allowed)
        if not len(rows) or n <= 0:
            return []
        q = np.asarray(vector, dtype=np.float32)
        norm = float(np.linalg.norm(q))
        scores = (self.vectors[rows] @ (q / norm if norm else q)) / self.norms[rows]
        order = np.lexsort((rows, -scores))[:n]  # ties by position: every process ranks alike
        return [(self.ids[rows[i]], float(scores[i])) for i in order]

    def vectors_of(self, ids: Sequence[str]) -> dict[str, np.ndarray] | None:
        """The vectors of these ids (those the version has, as Chroma's get does)."""
        return {i: self.vectors[self.position[i]] for i in ids if i in self.position}


def path_for(directory: Path, collection: str, model: str, version: str) -> Path:
    key = hashlib.sha256(f"{collection}\0{model}".encode()).hexdigest()[:12]
    safe = "".join(ch for ch in version if ch.isalnum())[:40]
    return directory / f"{key}-{safe}.npz"


def load(path: Path, version: str, dim: int) -> Mirror | None:
    try:
        with np.load(path, allow_pickle=False) as data:
            stored = str(data["version"])
            ids = [str(i) for i in data["ids"]]
            vectors = np.asarray(data["vectors"], dtype=np.float32)
            fields = {f: np.asarray(data[f]).astype(str) for f in FIELDS}
            metadatas = json.loads(str(data["metadatas"]))
    except (OSError, KeyError, ValueError, EOFError):
        return None
    n = len(ids)
    if stored != version or vectors.shape != (n, dim) or any(len(v) != n for v in fields.values()):
        return None
    if (
        not isinstance(metadatas, list)
        or len(metadatas) != n
        or not all(isinstance(m, dict) for m in metadatas)
    ):
        return None
    return Mirror(version, ids, vectors, fields, metadatas)


def write_from(
    collection: Any, version: Callable[[], str], directory: Path, name: str, model: str, dim: int
) -> Mirror | None:
    """Read the Chroma collection's vectors and save them as the mirror of its version (`version()`
    asks the database; None when it changed meanwhile: another process is writing)."""
    before = version()
    ids: list[str] = []
    rows: list[np.ndarray] = []
    fields: dict[str, list[str]] = {f: [] for f in FIELDS}
    metadatas: list[dict[str, Any]] = []
    offset = 0
    while True:
        got = collection.get(include=["embeddings", "metadatas"], limit=PAGE, offset=offset)
        if not got["ids"]:
            break
        ids += got["ids"]
        rows.append(np.asarray(got["embeddings"], dtype=np.float32).reshape(len(got["ids"]), dim))
        for meta in got["metadatas"]:
            metadatas.append(dict(meta or {}))
            for f in FIELDS:
                fields[f].append(str((meta or {}).get(f, "")))
        offset += len(got["ids"])
    if version() != before:
        return None
    vectors = np.concatenate(rows) if rows else np.zeros((0, dim), dtype=np.float32)
    arrays = {f: np.array(v, dtype=str) for f, v in fields.items()}
    current = Mirror(before, ids, vectors, arrays, metadatas)
    _save(path_for(directory, name, model, before), current)
    return current


def _save(path: Path, current: Mirror) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".npz", dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            arrays: dict[str, Any] = {
                "version": np.array(current.version),
                "ids": np.array(current.ids, dtype=str),
                "vectors": current.vectors,
                "metadatas": np.array(json.dumps(current.metadatas, ensure_ascii=False)),
                **current.fields,
            }
            np.savez(fh, **arrays)
        os.replace(tmp, path)
    except OSError:
        return  # a read-only data folder: the mirror lives in memory only
    prefix = path.name.split("-", 1)[0] + "-"
    for old in path.parent.glob(f"{prefix}*.npz"):
        if old != path:
            old.unlink(missing_ok=True)
