"""The embedded index's identity (embedding model and version), mirrored in a small file beside it.

A process that only needs to know whether a result it cached is still current (a plan's coverage report,
keyed by the index version) reads this file instead of opening Chroma (a second or two of imports on a
busy machine). The store writes it whenever it opens or changes the collection, so the file follows the
index; a Chroma server's index can change under other app instances, so only the embedded store has one.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path

FILE = "index-stamp.json"


def stamp_path(data_dir: Path) -> Path:
    return Path(data_dir) / FILE


def read(path: Path, collection: str) -> str | None:
    """`model@version` of `collection` as last written, or None (no file, unreadable, not there)."""
    try:
        value = json.loads(path.read_text(encoding="utf-8")).get(collection)
    except (OSError, ValueError, AttributeError):
        return None
    return value if isinstance(value, str) else None


def write(path: Path, collection: str, value: str) -> None:
    """Record `value` for `collection` (atomic replace; a file that cannot be written only costs time)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
        if not isinstance(data, dict):
            data = {}
    except (OSError, ValueError):
        data = {}
    if data.get(collection) == value:
        return
    data[collection] = value
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".stamp-", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh)
        os.replace(tmp, path)
