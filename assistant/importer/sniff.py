"""Read an upload safely and tell JSON from DOCX by content (never by the file name).

The size limit is checked before reading (a file on disk: its size from `stat`, then at most one byte
more than the limit is read, in case the file grows meanwhile).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Literal

from assistant.importer.errors import PlanImportError
from assistant.ingest.loaders.sniff import OLE2_MAGIC, ZIP_MAGICS, detect_binary_label
from assistant.sanitize import UndecodableText, decode_text

MB = 1024 * 1024
UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_32_BOMS = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")
_JSON_START = tuple(b"{[")
_WHITESPACE = b" \t\r\n"

DetectedFormat = Literal["json", "docx"]


def _mb(n: float) -> str:
    return f"{n / MB:.1f} MB"


def check_size(size: int, max_bytes: int, name: str) -> None:
    if size > max_bytes:
        raise PlanImportError("too_large", name, f"{_mb(size)} > {_mb(max_bytes)}")
    if size == 0:
        raise PlanImportError("empty", name)


def read_file(path: Path, max_bytes: int) -> bytes:
    """The file's bytes, refusing a missing, empty or too large file before reading it, and naming a
    folder, a device or pipe (also behind a symlink) and a symlink loop as such."""
    from assistant.ingest.errors import IngestError
    from assistant.ingest.loaders import check_path

    try:
        size = check_path(path)
    except IngestError as exc:
        code = exc.code if exc.code in ("directory", "special_file", "symlink_loop") else "not_found"
        raise PlanImportError(code, path.name, exc.detail) from exc
    check_size(size, max_bytes, path.name)
    try:
        with path.open("rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        raise PlanImportError("corrupt", path.name, str(exc)) from exc
    check_size(len(data), max_bytes, path.name)
    return data


def _is_encrypted_office(data: bytes) -> bool:
    # Password-protected .docx files are OLE2 compound files holding "EncryptionInfo" and
    # "EncryptedPackage" streams (directory entry names are UTF-16-LE).
    return "EncryptedPackage".encode("utf-16-le") in data or "EncryptionInfo".encode("utf-16-le") in data


def _zip_kind(data: bytes, name: str) -> DetectedFormat:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
        raise PlanImportError("corrupt", name, f"ZIP: {exc}") from exc
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        raise PlanImportError("not_docx", name, "XLSX")
    if "ppt/presentation.xml" in names:
        raise PlanImportError("not_docx", name, "PPTX")
    if "mimetype" in names and "content.xml" in names:
        raise PlanImportError("not_docx", name, "ODF")
    raise PlanImportError("not_docx", name, "ZIP")


def detect_format(data: bytes, name: str = "") -> DetectedFormat:
    """`json` or `docx` from the content, or a `PlanImportError` saying what the file is instead."""
    if not data:
        raise PlanImportError("empty", name)
    if data.startswith(ZIP_MAGICS):
        return _zip_kind(data, name)
    if data.startswith(OLE2_MAGIC):
        if _is_encrypted_office(data):
            raise PlanImportError("encrypted", name)
        raise PlanImportError("legacy_office", name)
    if data.startswith(_UTF16_32_BOMS):
        raise PlanImportError("encoding", name, "UTF-16/UTF-32")
    body = data[len(UTF8_BOM) :] if data.startswith(UTF8_BOM) else data
    stripped = body.lstrip(_WHITESPACE)
    if not stripped:
        raise PlanImportError("empty", name)
    if stripped[0] in _JSON_START:
        return "json"
    if data.startswith(b"%PDF-"):
        raise PlanImportError("unsupported_type", name, "PDF")
    label = detect_binary_label(data[:8192])
    if label is not None:
        raise PlanImportError("unsupported_type", name, label)
    if b"\x00" in data[:8192]:
        raise PlanImportError("unsupported_type", name, "binary")
    raise PlanImportError("unsupported_type", name, "text")


def decode_json_text(data: bytes, name: str = "") -> str:
    """UTF-8 text with or without a BOM, or a legacy Western encoding (cp1252/Latin-1, detected with
    charset-normalizer); broken UTF-8 and undecodable bytes are an `encoding` error."""
    try:
        return decode_text(data)[0]
    except UndecodableText as exc:
        raise PlanImportError("encoding", name, exc.detail) from exc
