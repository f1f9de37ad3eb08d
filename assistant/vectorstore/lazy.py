"""The embedded Chroma store, opened only when something needs Chroma itself.

`import chromadb` and opening the PersistentClient cost about a second (several on a busy machine), and
most reads do not need them: the retriever takes chunk texts and metadata from its persisted lexical index
and only asks the store for its version, for the nearest vectors of a query and for the vectors of a few
chunks. `LazyChromaStore` answers those from two small files beside the index:

- the version from the stamp file (`stamp.py`, written by every process that opens or changes the
  collection), trusted only when it names this store's model and the Chroma database is there;
- vectors, `count` and the metadata listing that an unchanged `ingest` compares with the files
  (`iter_all` without documents) from a mirror of the collection for that version (`mirror.py`),
  written by the first process that opens Chroma for a version (the `ingest` command writes it).

Everything else (writes, documents, a filter the mirror cannot evaluate, a missing or stale file) opens
the real collection on first use, exactly as `ChromaStore` does, model check included; once it is open,
Chroma answers. A Chroma server (CHROMA_HOST) has no stamp and no mirror (other app instances change
it): `ChromaStore` is used there.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from assistant.vectorstore import mirror, stamp
from assistant.vectorstore.chroma import ChromaStore, StoredChunk, make_client

CHROMA_DB = "chroma.sqlite3"


class LazyChromaStore(ChromaStore):
    def __init__(
        self, chroma_dir: Path, collection: str, embedding_model: str, dim: int, *, data_dir: Path
    ) -> None:
        # No ChromaStore.__init__: the client and the collection are made on first use (`_real`).
        self.name = collection
        self.embedding_model = embedding_model
        self.dim = dim
        self.stamp = stamp.stamp_path(data_dir)
        self.chroma_dir = chroma_dir
        self.mirror_dir = data_dir / mirror.SUBDIR
        self._client: Any = None
        self._col: Any = None
        self._open_lock = threading.RLock()
        self._mirror: mirror.Mirror | None = None
        self._mirror_lock = threading.Lock()
        self.opened = False  # Chroma was opened in this process (for tests and benches)
        # Opened now unless the stamp vouches for this model's index: a missing index is created and an
        # index of another model is refused here, as by `ChromaStore`.
        self.version()

    # --- the real collection, on first use ------------------------------------------------------------
    def _real(self) -> None:
        with self._open_lock:
            if self._col is None:
                if self._client is None:
                    self._client = make_client(self.chroma_dir)
                self._col = self._open()
                self.opened = True
                self._write_stamp(str((self._col.metadata or {}).get("version", "0")))

    @property
    def client(self) -> Any:
        if self._client is None:
            self._real()
        return self._client

    @client.setter
    def client(self, value: Any) -> None:
        self._client = value

    @property
    def _collection(self) -> Any:
        self._real()
        return self._col

    @_collection.setter
    def _collection(self, value: Any) -> None:
        self._col = value

    # --- reads served without Chroma when the files are current -------------------------------------
    def _stamped_version(self) -> str | None:
        """The version from the stamp file when it names this model and the database exists."""
        if self._col is not None or not (self.chroma_dir / CHROMA_DB).is_file():
            return None
        value = stamp.read(self.stamp, self.name) if self.stamp is not None else None
        if value is None:
            return None
        model, sep, version = value.rpartition("@")
        return version if sep and model == self.embedding_model and version else None

    def version(self) -> str:
        version = self._stamped_version()
        return version if version is not None else super().version()

    def _current_mirror(self) -> mirror.Mirror | None:
        """The vector mirror of the current version: loaded, or written from Chroma once per version."""
        version = self.version()
        current = self._mirror
        if current is not None and current.version == version:
            return current
        with self._mirror_lock:
            if self._mirror is not None and self._mirror.version == version:
                return self._mirror
            path = mirror.path_for(self.mirror_dir, self.name, self.embedding_model, version)
            loaded = mirror.load(path, version, self.dim)
            if loaded is None:
                loaded = self.write_mirror()
            self._mirror = loaded
            return loaded

    def prepare_reads(self) -> None:
        """The mirror of the current version, written now unless it is there (after `ingest`)."""
        self._current_mirror()

    def write_mirror(self) -> mirror.Mirror | None:
        """Read every vector of the collection into the mirror file of its version (None: it changed
        while being read; the next call tries again)."""
        self._real()
        return mirror.write_from(
            self._col, super().version, self.mirror_dir, self.name, self.embedding_model, self.dim
        )

    def query(
        self, vector: np.ndarray, n: int, where: dict[str, Any] | None = None
    ) -> list[tuple[str, float]]:
        current = self._current_mirror()
        found = current.query(vector, n, where) if current is not None else None
        return found if found is not None else super().query(vector, n, where)

    def get_embeddings(self, ids: Sequence[str]) -> dict[str, np.ndarray]:
        current = self._current_mirror()
        found = current.vectors_of(ids) if current is not None else None
        return found if found is not None else super().get_embeddings(ids)

    def count(self) -> int:
        current = self._current_mirror() if self._col is None else None
        return len(current.ids) if current is not None else super().count()

    def iter_all(self, include_documents: bool = True, page: int = 1000) -> Iterator[StoredChunk]:
        """Without documents (what `ingest` compares with the files): from the mirror of the current
        version until this process opens Chroma (to write: then Chroma itself answers)."""
        current = self._current_mirror() if not include_documents and self._col is None else None
        if current is None:
            yield from super().iter_all(include_documents, page)
            return
        for id_, meta in zip(current.ids, current.metadatas, strict=True):
            yield StoredChunk(id=id_, text="", metadata=dict(meta))

    def bump_version(self) -> None:
        super().bump_version()
        with self._mirror_lock:
            self._mirror = None
