"""`create_backup`: the plans database, the vector index and the uploaded files into one archive."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from assistant import __version__
from assistant.backup import database, vectors
from assistant.backup.archive import ArchiveWriter, safe_upload_name
from assistant.backup.errors import BackupError
from assistant.backup.manifest import (
    INDEX_COLLECTION,
    INDEX_EMBEDDINGS,
    INDEX_RECORDS,
    UPLOAD_PREFIX,
    IndexInfo,
    Manifest,
    TableInfo,
)
from assistant.settings import Settings
from assistant.storage.db import SCHEMA_VERSION, open_engine
from assistant.vectorstore.chroma import make_client


def upload_files(uploads_dir: Path) -> list[Path]:
    """The files of the uploads folder the indexer reads (regular, visible files; no symlinks)."""
    if not uploads_dir.is_dir():
        return []
    return [
        p
        for p in sorted(uploads_dir.iterdir())
        if p.is_file() and not p.is_symlink() and safe_upload_name(p.name)
    ]


def has_index(settings: Settings) -> bool:
    """Whether there can be an index to read (an embedded store that was never built has no folder)."""
    return bool(settings.chroma_host) or settings.chroma_dir.is_dir()


def create_backup(
    settings: Settings, destination: Path, *, database_url: str | None = None, force: bool = False
) -> Manifest:
    """Write the archive `destination` (refused if it exists, unless `force`); returns its manifest.

    The database is read in one transaction and the index with a version check (each is a consistent
    snapshot of itself); the archive appears under its name only when it is complete."""
    if destination.exists() and not force:
        raise BackupError("output_exists", file=destination)
    url = database_url or settings.effective_database_url
    engine = open_engine(url)
    try:
        rows = database.dump(engine)
        backend = engine.dialect.name
    finally:
        engine.dispose()
    schema_rows = rows.get(database.SCHEMA_TABLE) or [{"version": SCHEMA_VERSION}]
    schema_version = int(schema_rows[0]["version"])

    export = None
    if has_index(settings):
        client = make_client(settings.chroma_dir, settings.chroma_host, settings.chroma_port)
        export = vectors.export_index(client, settings.chroma_collection)
    uploads = upload_files(settings.uploads_dir)

    writer = ArchiveWriter(destination)
    try:
        for name, data in database.iter_members(rows):
            writer.add_bytes(name, data)
        index_info = None
        if export is not None:
            writer.add_bytes(INDEX_COLLECTION, vectors.collection_json(export))
            writer.add_bytes(INDEX_RECORDS, vectors.records_jsonl(export))
            writer.add_bytes(INDEX_EMBEDDINGS, vectors.embeddings_npy(export))
            index_info = IndexInfo(
                collection=export.name,
                embedding_model=export.embedding_model,
                dim=export.dim,
                chunks=len(export.ids),
                version=export.version,
            )
        for path in uploads:
            writer.add_file(UPLOAD_PREFIX + path.name, path)
        manifest = Manifest(
            created_at=datetime.now(UTC),
            app_version=__version__,
            schema_version=schema_version,
            database_backend=backend,
            tables={
                table.name: TableInfo(rows=len(rows[table.name]), columns=[c.name for c in table.columns])
                for table in database.tables()
            },
            index=index_info,
            uploads=[p.name for p in uploads],
            members=dict(writer.members),
        )
        writer.commit(manifest)
    except BaseException:
        writer.abort()
        raise
    return manifest
