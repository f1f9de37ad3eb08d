"""Load a file into a `LoadedDocument`, choosing the parser by content, not by extension.

`load_document` performs the checks that apply to every format (existence, size, emptiness),
sniffs the real format (`sniff.py`) and dispatches to the PDF, DOCX or text loader. Every
failure is an `IngestError` naming the file and a stable code.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from pathlib import Path

from assistant.ingest.errors import IngestError
from assistant.ingest.loaders.sniff import TEXT_BOMS, SniffedFormat, sniff_format
from assistant.ingest.models import LoadedDocument
from assistant.textutil import figure

__all__ = ["check_path", "figure", "load_document", "sniff_format"]

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


def check_path(path: Path) -> int:
    """The size of the regular file at `path`, or `IngestError` naming what it is instead: `not_found`,
    `symlink_loop` (a link pointing back to itself), `directory`, `special_file` (a device such as
    /dev/zero, a pipe, a socket; also through a symlink). Nothing is opened: a FIFO would block."""
    try:
        info = os.stat(path)  # follows symlinks
    except FileNotFoundError as exc:
        raise IngestError("not_found", path) from exc
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise IngestError("symlink_loop", path) from exc
        raise IngestError("not_found", path, type(exc).__name__) from exc
    except (RuntimeError, ValueError) as exc:  # "Symlink loop" from pathlib; NUL in a name
        raise IngestError("symlink_loop" if "loop" in str(exc).lower() else "not_found", path) from exc
    if stat.S_ISDIR(info.st_mode):
        raise IngestError("directory", path)
    if not stat.S_ISREG(info.st_mode):
        kind = (
            "character device" if stat.S_ISCHR(info.st_mode)
            else "block device" if stat.S_ISBLK(info.st_mode)
            else "FIFO" if stat.S_ISFIFO(info.st_mode)
            else "socket" if stat.S_ISSOCK(info.st_mode)
            else "special"
        )  # fmt: skip
        target = os.path.realpath(path)
        raise IngestError("special_file", path, f"{kind}: {target}" if target != str(path) else kind)
    return info.st_size


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


def load_document(
    path: Path,
    *,
    max_bytes: int,
    max_pdf_pages: int,
    max_chars: int | None = None,
    max_inflated_bytes: int | None = None,
) -> LoadedDocument:
    """Load `path` as pdf, docx, md or txt (detected from the content).

    Budgets, each checked before the work it bounds: `max_bytes` (with `stat`, before reading),
    `max_pdf_pages` (before any page is read), `max_chars` of extracted text (a DOCX is counted before it
    is parsed, a PDF page by page, a text file once decoded) and `max_inflated_bytes` (a DOCX unpacked).

    Error codes: `not_found`, `directory`, `special_file`, `symlink_loop`, `too_large`, `empty`
    (zero bytes or whitespace only), `unsupported_type`, `legacy_office`, `encrypted`, `corrupt`,
    `unsafe_archive`, `zip_bomb`, `too_many_pages`, `too_much_text`, `no_text`, plus `encoding` from
    the text loader.
    """
    path = Path(path)
    size = check_path(path)
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

        return load_pdf(path, data, sha256, max_pages=max_pdf_pages, max_chars=max_chars)
    if fmt == "docx":
        from assistant.ingest.loaders.docx import DEFAULT_ZIP_LIMITS, load_docx

        limits = DEFAULT_ZIP_LIMITS
        if max_inflated_bytes is not None:
            limits = limits.model_copy(
                update={
                    "max_total_uncompressed": max_inflated_bytes,
                    "max_member_uncompressed": min(limits.max_member_uncompressed, max_inflated_bytes),
                }
            )
        return load_docx(path, data, sha256, zip_limits=limits, max_chars=max_chars)
    from assistant.ingest.loaders.text import load_text

    doc = load_text(path, data, fmt, sha256, max_chars=max_chars)
    # e.g. a JSON file of nothing but brackets: no knowledge, and costly to embed
    if not _has_words("".join(b.text for b in doc.blocks)):
        raise IngestError("no_text", path)
    return doc


# A text file is knowledge when at least this share of its visible characters are letters: prose is about
# 80 %, a table of figures over 30 %; a dump of brackets or digits (which embeds at a fraction of the usual
# speed: every character is a token) is not.
MIN_LETTER_SHARE = 0.05


def _has_words(text: str) -> bool:
    visible = sum(1 for ch in text if not ch.isspace())
    letters = sum(1 for ch in text if ch.isalpha())
    return visible == 0 or letters >= MIN_LETTER_SHARE * visible
