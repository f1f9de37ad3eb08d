"""Backup and restore of everything a deployment keeps: the plans database (every table, in a
backend-neutral form), the vector index (Chroma collection records, vectors and metadata) and the
uploaded files, in ONE zip archive with a manifest of sizes and sha256 checksums.

    from assistant.backup import create_backup, restore_backup
    create_backup(settings, Path("varmuuskopio.zip"))
    restore_backup(other_settings, Path("varmuuskopio.zip"))   # into an empty data directory

A backup made on SQLite restores into PostgreSQL and back. See `restore.py` for the all-or-nothing
order of a restore and `archive.py` for the checks an archive must pass.
"""

from assistant.backup.create import create_backup
from assistant.backup.errors import BackupError
from assistant.backup.manifest import FORMAT_VERSION, Manifest
from assistant.backup.restore import restore_backup

__all__ = ["FORMAT_VERSION", "BackupError", "Manifest", "create_backup", "restore_backup"]
