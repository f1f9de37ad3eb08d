"""Load a file into a `LoadedDocument`, choosing the parser by content, not by extension.

`load_document` performs the checks that apply to every format (existence, size, emptiness),
sniffs the real format (`sniff.py`) and dispatches to the PDF, DOCX or text loader. Every
failure is an `IngestError` naming the file and a stable code.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from assistant.ingest.errors import IngestError
from assistant.ingest.loaders.sniff import TEXT_BOMS, SniffedFormat, sniff_format
from assistant.ingest.models import LoadedDocument

__all__ = ["load_document", "sniff_format"]

_MB = 1024 * 1024
_READ_CHUNK = 1024 * 1024


def _fmt_mb(n: int) -> str:
    return f"{n / _MB:.1f} MB"


def _read_bounded(path: Path, size: int, max_bytes: int) -> bytes:
    """Read the file, never holding more than `max_bytes` (+1 to notice a file that grew).

    `size` (from `stat`) sizes the first read: `read(n)` preallocates `n` bytes, so asking for
    `max_bytes` up front would cost that much memory even for a small file.
    """
    limit = max_bytes + 1
    try:
        with path.open("rb") as fh:
            data = fh.read(min(size, max_bytes) + 1)
            if len(data) > size:  # the file grew after stat(): keep reading, bounded
                parts = [data]
                total = len(data)
                while total < limit and (chunk := fh.read(min(_READ_CHUNK, limit - total))):
                    parts.append(chunk)
                    total += len(chunk)
                data = b"".join(parts)
    except FileNotFoundError as exc:
        raise IngestError("not_found", path) from exc
    except IsADirectoryError as exc:
        raise IngestError("not_found", path, "directory") from exc
    except OSError as exc:
        raise IngestError("corrupt", path, f"{type(exc).__name__}: {exc.strerror or exc}") from exc
    if len(data) > max_bytes:
        raise IngestError("too_large", path, f"> {_fmt_mb(max_bytes)}")
    return data


def _is_blank(data: bytes) -> bool:
    """True for content that is only whitespace (optionally after a byte-order mark)."""
    for bom in TEXT_BOMS:
        if data.startswith(bom):
            if bom == b"\xef\xbb\xbf":
                return not data[len(bom) :].strip()
            # UTF-16/32: decode to look at the characters; undecodable means "not blank".
            encoding = {4: "utf-32", 2: "utf-16"}[len(bom)]
            try:
                return not data.decode(encoding).strip()
            except UnicodeDecodeError:
                return False
    return not data.strip()


def load_document(path: Path, *, max_bytes: int, max_pdf_pages: int) -> LoadedDocument:
    """Load `path` as pdf, docx, md or txt (detected from the content).

    Error codes: `not_found`, `too_large` (checked with `stat` before reading), `empty`
    (zero bytes or whitespace only), `unsupported_type`, `encrypted`, `corrupt`,
    `unsafe_archive`, `zip_bomb`, `too_many_pages`, `no_text`, plus `encoding` from the text
    loader.
    """
    path = Path(path)
    try:
        if not path.is_file():
            raise IngestError("not_found", path, "directory" if path.exists() else "")
        size = path.stat().st_size
    except OSError as exc:
        raise IngestError("not_found", path, f"{type(exc).__name__}") from exc
    if size > max_bytes:
        raise IngestError("too_large", path, f"{_fmt_mb(size)} > {_fmt_mb(max_bytes)}")
    if size == 0:
        raise IngestError("empty", path)

    data = _read_bounded(path, size, max_bytes)
    if _is_blank(data):
        raise IngestError("empty", path)

    fmt: SniffedFormat = sniff_format(path, data)
    sha256 = hashlib.sha256(data).hexdigest()

    if fmt == "pdf":
        from assistant.ingest.loaders.pdf import load_pdf

        return load_pdf(path, data, sha256, max_pages=max_pdf_pages)
    if fmt == "docx":
        from assistant.ingest.loaders.docx import load_docx

        return load_docx(path, data, sha256)
    from assistant.ingest.loaders.text import load_text

    return load_text(path, data, fmt, sha256)
