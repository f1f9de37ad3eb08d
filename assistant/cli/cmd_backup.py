"""Backup commands. Output contracts:

- `assistant backup [FILE] [--force] [--database-url URL] [--json]`: writes one zip archive (default
  `varmuuskopio-<UTC time>.zip`); exit 0, or 2 with a message when refused. `--json` prints the counts.
- `assistant restore FILE [--force] [--database-url URL] [--json]`: restores into the configured data
  directory and database, which must be empty unless `--force`; exit 0, or 2 with a message (nothing
  restored).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from assistant.cli.common import LangOption, app, echo_json, fail, get_settings, pick_language

DatabaseOption = Annotated[
    str | None,
    typer.Option("--database-url", help="Plans database URL instead of DATABASE_URL / the data directory's."),
]


def _summary(manifest: Any, language: str) -> str:
    from assistant.i18n import load_catalog

    counts = manifest.counts()
    tables = counts["tables"]
    catalog = load_catalog(language)
    created = catalog.t(
        "backup.cli.created",
        created_at=manifest.created_at.isoformat(timespec="seconds"),
        app_version=manifest.app_version,
        backend=manifest.database_backend,
    )
    summary = catalog.t(
        "backup.cli.summary",
        plans=tables.get("plans", 0),
        revisions=tables.get("revisions", 0),
        messages=tables.get("messages", 0),
        comments=tables.get("comments", 0),
        chunks=counts["chunks"],
        uploads=counts["uploads"],
    )
    return f"{created}\n{summary}"


def _json(manifest: Any, path: Path) -> dict[str, Any]:
    return {
        "file": str(path),
        "format_version": manifest.format_version,
        "created_at": manifest.created_at.isoformat(),
        "app_version": manifest.app_version,
        "database_backend": manifest.database_backend,
        **manifest.counts(),
    }


def _print_done(manifest: Any, path: Path, done_key: str, *, as_json: bool, language: str) -> None:
    """The result of a backup or restore: the manifest's counts as JSON, or a message and a summary."""
    from assistant.i18n import load_catalog

    if as_json:
        echo_json(_json(manifest, path))
        return
    typer.echo(load_catalog(language).t(done_key, file=path))
    typer.echo(_summary(manifest, language))


@app.command()
def backup(
    output: Annotated[Path | None, typer.Argument(help="The archive to write (.zip).")] = None,
    force: Annotated[bool, typer.Option(help="Replace an existing file.")] = False,
    database_url: DatabaseOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the counts as JSON.")] = False,
    lang: LangOption = None,
) -> None:
    """Back up the plans, the search index and the uploaded documents into one archive."""
    from assistant.backup import BackupError, create_backup
    from assistant.storage import StorageError
    from assistant.vectorstore.chroma import StoreError

    language = pick_language(lang)
    path = output or Path(f"varmuuskopio-{datetime.now(UTC):%Y%m%d-%H%M%S}.zip")
    try:
        manifest = create_backup(get_settings(), path, database_url=database_url, force=force)
    except (BackupError, StorageError) as exc:
        fail(exc.message(language))
        return
    except StoreError as exc:
        fail(str(exc))
        return
    _print_done(manifest, path, "backup.cli.backup_done", as_json=as_json, language=language)


@app.command()
def restore(
    archive: Annotated[Path, typer.Argument(help="An archive written by `assistant backup`.")],
    force: Annotated[
        bool, typer.Option(help="Replace the plans, index and uploads already in the target.")
    ] = False,
    database_url: DatabaseOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the counts as JSON.")] = False,
    lang: LangOption = None,
) -> None:
    """Restore a backup into an empty data directory and database (all or nothing)."""
    from assistant.backup import BackupError, restore_backup
    from assistant.embeddings import EmbeddingError
    from assistant.storage import StorageError
    from assistant.vectorstore.chroma import StoreError

    language = pick_language(lang)
    try:
        manifest = restore_backup(get_settings(), archive, database_url=database_url, force=force)
    except (BackupError, StorageError) as exc:
        fail(exc.message(language))
        return
    except (StoreError, EmbeddingError) as exc:
        fail(str(exc))
        return
    _print_done(manifest, archive, "backup.cli.restore_done", as_json=as_json, language=language)
