"""`restore_backup`: an archive of `create_backup` into an empty data directory and an empty database.

All or nothing, in this order:

1. The archive is checked completely before anything is written (zip safety, manifest, every member's
   size and sha256, every table row and index record parsed, schema version and embedding model
   compatible). A damaged or foreign archive is refused here and the target is not touched.
2. The target must be empty (no plan rows, no chunks in the collection, no uploaded files), unless
   `force` is given: then what is there is replaced, but only once the new content is fully in place.
3. Uploads are extracted into a staging folder inside the data directory, and the index is written into
   a new collection under a temporary name.
4. In ONE database transaction the rows are inserted; before it commits, the staged collection is renamed
   to the configured name and the staged uploads folder is moved into place. If anything fails, the
   transaction is rolled back and both moves are undone; the staged collection and folder are removed.

Uploaded files are relocated: the index records of an uploaded file point to the file in THIS data
directory's uploads folder. Their document ids (derived from the path at upload time) are kept, so
search results are the same right after the restore; when the data directory's path differs from the
original one, the next `ingest` indexes the uploads once more under their new path and removes the old
entries.
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from assistant.backup import database, vectors
from assistant.backup.archive import ArchiveReader
from assistant.backup.create import has_index, upload_files
from assistant.backup.errors import BackupError
from assistant.backup.manifest import (
    INDEX_COLLECTION,
    INDEX_EMBEDDINGS,
    INDEX_RECORDS,
    UPLOAD_PREFIX,
    Manifest,
)
from assistant.settings import Settings
from assistant.storage.db import SCHEMA_VERSION, create_db_engine, open_engine, redact_url, safe_url
from assistant.vectorstore.chroma import make_client

ORIGIN_UPLOAD = "upload"  # the indexer's origin tag of uploaded files (assistant.ingest.pipeline)


@dataclass
class _Checked:
    """Everything read from the archive, verified, ready to write."""

    manifest: Manifest
    rows: dict[str, list[dict[str, Any]]]
    index: vectors.IndexExport | None


@dataclass
class _Undo:
    staging: Path
    created_data_dir: bool
    client: Any = None
    staged_collection: str | None = None
    replaced_collection: str | None = None
    swapped_collection: bool = False
    replaced_uploads: Path | None = None
    swapped_uploads: bool = False


def _url(settings: Settings, database_url: str | None) -> str:
    return database_url or settings.effective_database_url


def _detail(error: BaseException, url: str) -> str:
    """A database error's first line, without the URL's password."""
    original = getattr(error, "orig", None) or error
    first = (str(original).strip().splitlines() or [type(error).__name__])[0]
    return redact_url(first, url)[:300]


def _read_archive(reader: ArchiveReader, embedding_model: str, dim: int) -> _Checked:
    manifest = reader.manifest
    if manifest.schema_version != SCHEMA_VERSION:
        raise BackupError("schema_mismatch", found=manifest.schema_version, supported=SCHEMA_VERSION)
    known = {t.name: t for t in database.tables()}
    unknown = sorted(set(manifest.tables) - set(known))
    if unknown:
        raise BackupError("unknown_tables", tables=", ".join(unknown))
    rows: dict[str, list[dict[str, Any]]] = {}
    for name, info in manifest.tables.items():
        member = f"db/{name}.jsonl"
        if member not in manifest.members:
            raise BackupError("missing_member", member=member)
        raw = database.from_jsonl(reader.read(member), member)
        if len(raw) != info.rows:
            raise BackupError(
                "corrupt_member", member=member, detail=f"{len(raw)} rows, manifest {info.rows}"
            )
        rows[name] = database.check_rows(known[name], raw, member)
    db_members = {n for n in manifest.members if n.startswith("db/")}
    if stray := sorted(db_members - {f"db/{n}.jsonl" for n in manifest.tables}):
        raise BackupError("unexpected_member", member=stray[0])

    upload_members = {n[len(UPLOAD_PREFIX) :] for n in manifest.members if n.startswith(UPLOAD_PREFIX)}
    if upload_members != set(manifest.uploads):
        raise BackupError("bad_manifest", detail="the uploads list does not match the archive's files")

    index = None
    index_members = {INDEX_COLLECTION, INDEX_RECORDS, INDEX_EMBEDDINGS}
    if manifest.index is not None:
        if missing := sorted(index_members - set(manifest.members)):
            raise BackupError("missing_member", member=missing[0])
        index_info = manifest.index
        if (index_info.embedding_model, index_info.dim) != (embedding_model, dim):
            raise BackupError(
                "embedding_mismatch",
                archive=f"{index_info.embedding_model} ({index_info.dim})",
                current=f"{embedding_model} ({dim})",
            )
        index = vectors.parse_index(
            reader.read(INDEX_COLLECTION),
            reader.read(INDEX_RECORDS),
            reader.read(INDEX_EMBEDDINGS),
            chunks=index_info.chunks,
            dim=index_info.dim,
        )
        if (index.embedding_model, index.dim) != (index_info.embedding_model, index_info.dim):
            raise BackupError("corrupt_member", member=INDEX_COLLECTION, detail="model differs from manifest")
    elif index_members & set(manifest.members):
        raise BackupError("bad_manifest", detail="index members without an index entry")
    return _Checked(manifest, rows, index)


# --- the target ------------------------------------------------------------------------------------------


def _database_rows(url: str) -> int:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and not Path(parsed.database or "").exists():
        return 0
    engine = create_db_engine(url)
    try:
        with engine.connect() as connection:
            return sum(database.existing_rows(connection).values())
    except SQLAlchemyError as exc:
        raise BackupError(
            "database_unreachable",
            url=safe_url(url),
            detail=_detail(exc, url),
        ) from None
    finally:
        engine.dispose()


def _index_chunks(settings: Settings, client: Any | None) -> int:
    if client is None:
        return 0
    if settings.chroma_collection not in vectors.collection_names(client):
        return 0
    return int(client.get_collection(settings.chroma_collection).count())


def _check_target_empty(settings: Settings, url: str, client: Any | None) -> None:
    if count := _database_rows(url):
        raise BackupError("target_database_not_empty", rows=count)
    if count := _index_chunks(settings, client):
        raise BackupError("target_index_not_empty", chunks=count, collection=settings.chroma_collection)
    if files := upload_files(settings.uploads_dir):
        raise BackupError("target_uploads_not_empty", files=len(files), folder=settings.uploads_dir)


def _relocated(index: vectors.IndexExport, uploads_dir: Path, uploads: set[str]) -> list[dict[str, Any]]:
    """Index metadata with uploaded files pointing into this data directory's uploads folder."""
    out = []
    for meta in index.metadatas:
        name = Path(str(meta.get("source", ""))).name
        if meta.get("origin") == ORIGIN_UPLOAD and name in uploads:
            meta = {**meta, "source": str((uploads_dir / name).resolve())}
        out.append(meta)
    return out


# --- restore ---------------------------------------------------------------------------------------------


def restore_backup(
    settings: Settings,
    archive: Path,
    *,
    embeddings: Any | None = None,
    database_url: str | None = None,
    force: bool = False,
) -> Manifest:
    """Restore `archive` into the data directory, vector store and database of `settings`.

    `embeddings` (a NamedEmbeddings; default: the one `settings.embeddings` names) must be the model the
    archive's index was built with. Raises `BackupError` (nothing changed) when the archive is refused or
    the target is not empty (without `force`)."""
    if embeddings is None:
        from assistant.embeddings import embeddings_from_settings

        embeddings = embeddings_from_settings(settings)
    url = _url(settings, database_url)
    with ArchiveReader(archive) as reader:
        checked = _read_archive(reader, embeddings.name, embeddings.dim)
        client = (
            make_client(settings.chroma_dir, settings.chroma_host, settings.chroma_port)
            if has_index(settings)
            else None
        )
        if not force:
            _check_target_empty(settings, url, client)

        created = not settings.data_dir.exists()
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        undo = _Undo(
            staging=settings.data_dir / f".restore-{uuid.uuid4().hex[:12]}", created_data_dir=created
        )
        undo.staging.mkdir()
        try:
            staged_uploads = undo.staging / "uploads"
            staged_uploads.mkdir()
            for name in checked.manifest.uploads:
                reader.extract(UPLOAD_PREFIX + name, staged_uploads / name)
            _restore(settings, url, checked, undo, force)
        except BaseException:
            _roll_back(undo, settings)
            raise
    _finish(undo)
    if not settings.chroma_host:  # the restored index has its own version: the next open writes it
        from assistant.vectorstore.stamp import stamp_path

        stamp_path(settings.data_dir).unlink(missing_ok=True)
    return checked.manifest


def _restore(settings: Settings, url: str, checked: _Checked, undo: _Undo, force: bool) -> None:
    name = settings.chroma_collection
    if checked.index is not None:
        undo.client = make_client(settings.chroma_dir, settings.chroma_host, settings.chroma_port)
        metadatas = _relocated(checked.index, settings.uploads_dir, set(checked.manifest.uploads))
        undo.staged_collection = vectors.build_staged(undo.client, name, checked.index, metadatas)
    elif has_index(settings):
        undo.client = make_client(settings.chroma_dir, settings.chroma_host, settings.chroma_port)

    engine: Engine = open_engine(url)
    try:
        with engine.connect() as connection:
            transaction = connection.begin()
            try:
                counts = database.existing_rows(connection)
                if any(counts.values()):
                    if not force:  # someone wrote in between the check and now
                        raise BackupError("target_database_not_empty", rows=sum(counts.values()))
                    database.clear(connection)
                database.load(connection, checked.rows)
                _swap_index(undo, name)
                _swap_uploads(undo, settings.uploads_dir)
                transaction.commit()
            except BaseException:
                if transaction.is_active:
                    transaction.rollback()
                raise
    except SQLAlchemyError as exc:
        raise BackupError("database_write_failed", detail=_detail(exc, url)) from None
    finally:
        engine.dispose()


def _swap_index(undo: _Undo, name: str) -> None:
    client = undo.client
    if client is None:
        return
    if name in vectors.collection_names(client):
        # Without `force` it is empty (checked); either way it is kept until the restore has committed.
        undo.replaced_collection = f"{name}-replaced-{uuid.uuid4().hex[:12]}"
        vectors.rename(client, name, undo.replaced_collection)
    if undo.staged_collection is not None:
        vectors.rename(client, undo.staged_collection, name)
        undo.swapped_collection = True


def _swap_uploads(undo: _Undo, uploads_dir: Path) -> None:
    if uploads_dir.exists():
        undo.replaced_uploads = undo.staging / "replaced-uploads"
        uploads_dir.rename(undo.replaced_uploads)
    (undo.staging / "uploads").rename(uploads_dir)
    undo.swapped_uploads = True


def _roll_back(undo: _Undo, settings: Settings) -> None:
    """Put the target back as it was (best effort: every step runs even if an earlier one fails)."""
    name = settings.chroma_collection
    client = undo.client
    steps: list[Callable[[], object]] = []
    if undo.swapped_uploads:
        steps.append(lambda: settings.uploads_dir.rename(undo.staging / "uploads"))
    if undo.replaced_uploads is not None:
        steps.append(lambda: undo.replaced_uploads.rename(settings.uploads_dir))  # type: ignore[union-attr]
    if client is not None and undo.swapped_collection:
        steps.append(lambda: vectors.rename(client, name, undo.staged_collection))  # type: ignore[arg-type]
    if client is not None and undo.replaced_collection is not None:
        steps.append(lambda: vectors.rename(client, undo.replaced_collection, name))  # type: ignore[arg-type]
    if client is not None and undo.staged_collection is not None:
        steps.append(lambda: vectors.drop(client, undo.staged_collection))  # type: ignore[arg-type]
    steps.append(lambda: shutil.rmtree(undo.staging))
    if undo.created_data_dir:
        steps.append(lambda: settings.data_dir.rmdir())  # only if nothing else was created in it
    for step in steps:
        try:
            step()
        except Exception:  # keep undoing the other steps
            continue


def _finish(undo: _Undo) -> None:
    """After the commit: drop what was replaced and the staging folder."""
    if undo.client is not None and undo.replaced_collection is not None:
        vectors.drop(undo.client, undo.replaced_collection)
    shutil.rmtree(undo.staging, ignore_errors=True)
