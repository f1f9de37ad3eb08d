"""Uploaded files into the knowledge base, without Streamlit: checked, stored under safe names, indexed.

An upload is written to a staging folder and loaded with the ingestion loaders first; only a file that
loads is moved into the uploads folder and indexed, so a corrupt, encrypted or empty file never reaches
the index. A file over the per-document budget (MAX_DOCUMENT_CHUNKS) is refused by the indexer before it
is embedded, and removed from the uploads folder again. `handle_uploads` reports progress as
(text, fraction) in the user's language; `assistant.ingest.jobs` runs it in the background for the app.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import re
import shutil
import tempfile
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from assistant.i18n import load_catalog
from assistant.ingest.errors import IngestError
from assistant.ingest.loaders import load_document
from assistant.ingest.pipeline import IngestProgress, doc_id_for
from assistant.sanitize import display_name as shown_name

if TYPE_CHECKING:
    from assistant.services import KnowledgeBase

UPLOAD_TYPES: tuple[str, ...] = ("pdf", "docx", "txt", "md")
_MB = 1024 * 1024
_NAME_CHARS = re.compile(r"[^\w .,()\-]")
_MAX_STEM = 100

ProgressFn = Callable[[str, float], None]
# Share of the progress bar used by checking the files; indexing fills the rest.
_CHECK_SHARE = 0.2


@dataclass
class FileResult:
    """What became of one uploaded file."""

    name: str  # the uploaded file's own name (path parts removed)
    status: Literal["added", "unchanged", "rejected"]
    message: str = ""  # why it was rejected, in the UI language
    stored_as: str = ""  # the file name in the uploads folder
    doc_id: str = ""
    chunks: int = 0
    renamed: bool = False  # saved under another name because a different file had this one


@dataclass
class UploadOutcome:
    files: list[FileResult] = field(default_factory=list)
    other_errors: list[str] = field(default_factory=list)  # sync errors about files not in this upload

    @property
    def rejected(self) -> list[FileResult]:
        return [f for f in self.files if f.status == "rejected"]


def display_name(raw: str) -> str:
    """The name a user gave the file, without any folder parts (browsers may send them), as shown safely
    (no control or bidi characters, bounded: assistant.sanitize)."""
    return shown_name(_base_name(raw), 120)


def _base_name(raw: str) -> str:
    return raw.replace("\\", "/").rsplit("/", 1)[-1].strip() or raw


def safe_filename(raw: str) -> str:
    """A file name that is safe to create in the uploads folder: no folders, no hidden or control
    characters, Finnish letters kept, extension lower-cased and kept."""
    name = unicodedata.normalize("NFC", _base_name(raw))
    name = _NAME_CHARS.sub("_", name)
    name = re.sub(r"\s+", " ", name).strip(" .")
    stem, suffix = os.path.splitext(name)
    stem = stem[:_MAX_STEM].strip(" .") or "document"
    return f"{stem}{suffix.lower()}"


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(_MB), b""):
            h.update(block)
    return h.hexdigest()


def _same_content(uploads_dir: Path, staged: Path) -> Path | None:
    """An uploaded file with exactly the staged file's content, if there is one."""
    size = staged.stat().st_size
    digest: str | None = None
    for existing in sorted(uploads_dir.iterdir()):
        if not existing.is_file() or existing.name.startswith(".") or existing.stat().st_size != size:
            continue
        digest = digest or _sha256(staged)
        if _sha256(existing) == digest:
            return existing
    return None


def place_upload(staged: Path, uploads_dir: Path, name: str) -> tuple[Path, bool]:
    """Put a checked file into the uploads folder as `name`, or `stem-2.ext`, `stem-3.ext` ... when a
    different file already has the name. Returns the path and whether a new file was created (False:
    the same content was already uploaded, under that path).

    The name is claimed atomically (a hard link fails if the name exists), so two sessions uploading
    the same name at once cannot overwrite each other, and the file appears complete or not at all.
    """
    existing = _same_content(uploads_dir, staged)
    if existing is not None:
        return existing, False
    stem, suffix = os.path.splitext(name)
    for n in itertools.count(1):
        target = uploads_dir / (name if n == 1 else f"{stem}-{n}{suffix}")
        try:
            os.link(staged, target)
        except FileExistsError:
            continue
        except OSError:  # no hard links on this file system: exclusive create, then copy
            try:
                with target.open("xb") as out, staged.open("rb") as src:
                    shutil.copyfileobj(src, out)
            except FileExistsError:
                continue
        return target, True
    raise AssertionError("unreachable")  # pragma: no cover - itertools.count() does not end


def _size(n: int) -> str:
    return f"{n / _MB:.1f} MB" if n >= _MB // 10 else f"{n / 1024:.1f} kB"


def _too_large(name: str, size: int, limit: int) -> IngestError:
    return IngestError("too_large", name, f"{_size(size)} > {_size(limit)}")


def handle_uploads(
    files: Sequence[tuple[str, bytes]],
    kb: KnowledgeBase,
    language: str = "fi",
    progress: ProgressFn | None = None,
) -> UploadOutcome:
    """Check, store and index uploaded files; `files` are (name as uploaded, content).

    A file of another type, over the size limit, or that the loaders cannot read (corrupt, encrypted,
    empty, no text) is rejected with its reason in `language` and never reaches the uploads folder.
    The others are stored under safe names and indexed with `Indexer.sync`. Errors that sync reports
    about the new files remove them again; errors about other files are returned in `other_errors`.
    """
    settings = kb.settings
    messages = load_catalog(language)
    outcome = UploadOutcome()
    uploads_dir = settings.uploads_dir
    uploads_dir.mkdir(parents=True, exist_ok=True)
    placed: list[tuple[FileResult, Path, bool]] = []

    def report(text: str, fraction: float) -> None:
        if progress:
            progress(text, min(max(fraction, 0.0), 1.0))

    # The staging folder sits beside the uploads folder (same file system: the hard link works) and is
    # hidden, so it is never mistaken for an upload.
    with tempfile.TemporaryDirectory(prefix=".staging-", dir=settings.data_dir) as staging:
        for number, (raw_name, data) in enumerate(files):
            name = display_name(raw_name)
            result = FileResult(name=name, status="rejected")
            outcome.files.append(result)
            report(messages.t("ui.kb.checking", file=name), _CHECK_SHARE * number / max(len(files), 1))
            safe = safe_filename(raw_name)
            suffix = os.path.splitext(safe)[1].lstrip(".")
            if suffix not in UPLOAD_TYPES:
                error = IngestError("unsupported_type", name, f".{suffix}" if suffix else "?")
                result.message = error.message(language)
                continue
            if len(data) > settings.max_upload_bytes:
                result.message = _too_large(name, len(data), settings.max_upload_bytes).message(language)
                continue
            folder = Path(staging) / str(number)
            folder.mkdir()
            staged = folder / safe
            staged.write_bytes(data)
            try:
                load_document(
                    staged,
                    max_bytes=settings.max_upload_bytes,
                    max_pdf_pages=settings.max_pdf_pages,
                    max_chars=settings.max_document_chars,
                    max_inflated_bytes=settings.max_inflated_bytes,
                )
            except IngestError as exc:
                result.message = exc.message(language)
                continue
            target, created = place_upload(staged, uploads_dir, safe)
            result.stored_as = target.name
            result.renamed = created and target.name != safe
            placed.append((result, target, created))

    if not placed:
        return outcome

    report(messages.t("ui.kb.indexing_start"), _CHECK_SHARE)

    def sync_progress(event: IngestProgress) -> None:
        n, total = event.doc_index, max(event.doc_total, 1)
        if event.chunks_total:
            text = messages.t(
                "ui.kb.embedding",
                file=event.document,
                n=n,
                total=total,
                done=event.chunks_done,
                chunks=event.chunks_total,
            )
            share = (n - 1 + event.chunks_done / event.chunks_total) / total
        else:
            text = messages.t("ui.kb.indexing", file=event.document, n=n, total=total)
            share = (n - 1) / total
        report(text, _CHECK_SHARE + (1 - _CHECK_SHARE) * share)

    try:
        ingest = kb.indexer.sync(progress=sync_progress, language=language)
    except BaseException:
        # The uploads folder goes back to how it was; chunks already written go with the next sync.
        for _, target, created in placed:
            if created:
                target.unlink(missing_ok=True)
        raise

    errors = {error.path.resolve(): error for error in ingest.errors}
    chunks = {doc.doc_id: doc.chunks for doc in kb.indexer.documents()}
    for result, target, created in placed:
        failed = errors.pop(target.resolve(), None)
        if failed is not None:
            result.status, result.message = "rejected", failed.message
            if created:
                target.unlink(missing_ok=True)
            continue
        result.doc_id = doc_id_for(target)
        result.chunks = chunks.get(result.doc_id, 0)
        result.status = "added" if created or result.doc_id in ingest.updated_docs else "unchanged"
    outcome.other_errors = [other.message for other in errors.values()]
    report(messages.t("ui.kb.indexing_done"), 1.0)
    return outcome
