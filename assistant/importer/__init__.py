"""Plans read back in: schema JSON, or a DOCX laid out like the template (our export or filled by hand).

    from assistant.importer import PlanImportError, import_bytes, import_file, store_import

    try:
        result = import_file(path, max_bytes=settings.max_upload_bytes, language="fi")
    except PlanImportError as exc:      # not readable at all: too large, not JSON/DOCX, encrypted, zip bomb,
        exc.message(lang)               # corrupt, a DOCX that is not a plan ...; nothing to store
    result.plan                         # the Plan, or None (malformed JSON, wrong types, unknown fields)
    result.findings                     # DOCX: what could not be mapped (MappingFinding with a Location)
    result.validation                   # ValidationReport of the imported plan (or of the JSON's errors)
    stored = store_import(result, store, author="...", title=None)   # a NEW plan; one transaction

The format is told by content, never by the file name. The size limit is checked before reading.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from assistant.importer.docx_import import import_docx
from assistant.importer.errors import ImportErrorCode, PlanImportError
from assistant.importer.json_import import import_json
from assistant.importer.models import ImportResult, Location, MappingFinding
from assistant.importer.sniff import check_size, detect_format, read_file
from assistant.ingest.loaders.zipsafe import ZipLimits
from assistant.paths import KNOWLEDGE_DIR

__all__ = [
    "ImportErrorCode",
    "ImportResult",
    "Location",
    "MappingFinding",
    "PlanImportError",
    "import_bytes",
    "import_file",
    "store_import",
]

DEFAULT_MAX_BYTES = 50 * 1024 * 1024


def import_bytes(
    data: bytes,
    *,
    name: str = "",
    language: str = "fi",
    max_bytes: int = DEFAULT_MAX_BYTES,
    knowledge_dir: Path = KNOWLEDGE_DIR,
    zip_limits: ZipLimits | None = None,
) -> ImportResult:
    """Import the bytes of an uploaded file (JSON or DOCX, told by content)."""
    check_size(len(data), max_bytes, name)
    fmt = detect_format(data, name)
    if fmt == "json":
        return import_json(data, name=name, language=language, knowledge_dir=knowledge_dir)
    return import_docx(data, name=name, language=language, knowledge_dir=knowledge_dir, limits=zip_limits)


def import_file(
    path: Path,
    *,
    language: str = "fi",
    max_bytes: int = DEFAULT_MAX_BYTES,
    knowledge_dir: Path = KNOWLEDGE_DIR,
    zip_limits: ZipLimits | None = None,
) -> ImportResult:
    """Import a file; its size is checked with `stat` before anything is read."""
    data = read_file(path, max_bytes)
    return import_bytes(
        data,
        name=path.name,
        language=language,
        max_bytes=max_bytes,
        knowledge_dir=knowledge_dir,
        zip_limits=zip_limits,
    )


def store_import(result: ImportResult, store: Any, *, author: str, title: str | None = None) -> Any:
    """Store the imported plan as a NEW plan (`store.create`, one transaction) and return the StoredPlan.

    `title` replaces the plan's title. Raises ValueError when the result has no plan (nothing stored)."""
    if result.plan is None:
        raise ValueError("the import has no plan to store")
    plan = result.plan.model_copy(deep=True)
    if title is not None and title.strip():
        plan.meta.title = title.strip()
    return store.create(plan, author=author)
