"""Detect a file's format from its content; the extension only breaks ties.

`sniff_format` never trusts the file name for binary formats: a PNG renamed to `.txt` is still
a PNG, and a `.pdf` that is really a ZIP is still a ZIP. The extension is only used to choose
between plain text and Markdown, and to recognise an encrypted Office file (which is stored in
an OLE2 container, like a legacy `.doc`).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Literal

from assistant.ingest.errors import IngestError
from assistant.ingest.loaders.zipsafe import check_member_names

SniffedFormat = Literal["pdf", "docx", "txt", "md"]

HEAD_BYTES = 8192
"""How much of the start of a file is inspected for NUL bytes and magic numbers."""

PDF_HEADER_WINDOW = 1024
"""Acrobat accepts `%PDF-` anywhere in the first 1024 bytes (e.g. after a stray HTTP header)."""

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
OOXML_SUFFIXES = frozenset({".docx", ".docm", ".dotx", ".dotm", ".xlsx", ".xlsm", ".pptx", ".pptm"})
TEXT_BOMS = (
    b"\xef\xbb\xbf",  # UTF-8
    b"\xff\xfe\x00\x00",  # UTF-32 LE (checked before UTF-16 LE, which it starts with)
    b"\x00\x00\xfe\xff",  # UTF-32 BE
    b"\xff\xfe",  # UTF-16 LE
    b"\xfe\xff",  # UTF-16 BE
)

# Magic numbers of common binary formats that users might upload by mistake. Every entry is
# specific enough not to match the start of ordinary text. The label goes into the error detail,
# so it is kept language-neutral (format names only).
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"\x7fELF", "ELF"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
    (b"\x1f\x8b", "gzip"),
    (b"BZh", "bzip2"),
    (b"\xfd7zXZ\x00", "xz"),
    (b"\x28\xb5\x2f\xfd", "zstd"),
    (b"7z\xbc\xaf\x27\x1c", "7z"),
    (b"Rar!\x1a\x07", "RAR"),
    (b"{\\rtf", "RTF"),
    (b"SQLite format 3\x00", "SQLite"),
    (b"%!PS", "PostScript"),
    (b"OggS", "Ogg"),
    (b"ID3", "MP3"),
    (b"fLaC", "FLAC"),
    (b"\x00asm", "WebAssembly"),
    (b"\xca\xfe\xba\xbe", "Mach-O/Java class"),
    (b"\xcf\xfa\xed\xfe", "Mach-O"),
    (b"\xce\xfa\xed\xfe", "Mach-O"),
)


def _is_bz2(head: bytes) -> bool:
    # "BZh" alone could start a text line; a real bzip2 stream continues with a block size digit
    # and the block magic 0x314159265359.
    return len(head) >= 10 and head[3:4] in b"123456789" and head[4:10] == b"\x31\x41\x59\x26\x53\x59"


def detect_binary_label(head: bytes) -> str | None:
    """Return a short label (e.g. "PNG") if `head` starts like a known non-text format."""
    for magic, label in _MAGIC:
        if head.startswith(magic):
            if label == "bzip2" and not _is_bz2(head):
                continue
            return label
    if head[:4] == b"RIFF" and head[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        return {b"WEBP": "WebP", b"WAVE": "WAV", b"AVI ": "AVI"}[head[8:12]]
    if head[4:8] == b"ftyp":
        return "MP4/HEIF"
    if head.startswith(b"MZ") and b"\x00" in head[:HEAD_BYTES]:
        return "Windows executable"
    return None


def utf16_without_bom(head: bytes) -> str | None:
    """UTF-16LE or UTF-16BE when `head` looks like UTF-16 text without a byte-order mark: most code
    units of Latin-script text have a zero high byte, and no low byte is zero."""
    low_le, high_le = head[0::2], head[1::2]
    units = len(high_le)
    if units < 4:
        return None
    for low, high, name in ((low_le, high_le, "UTF-16LE"), (high_le, low_le, "UTF-16BE")):
        if b"\x00" not in low[:units] and high[:units].count(0) >= 0.7 * units:
            return name
    return None


def has_text_bom(head: bytes) -> bool:
    return head.startswith(TEXT_BOMS)


def _is_pdf(data: bytes) -> bool:
    if data.startswith(b"%PDF-"):
        return True
    # Tolerate a short binary/whitespace preamble before the header (seen in files saved from
    # web servers), but not ordinary text that merely mentions "%PDF-" somewhere.
    idx = data.find(b"%PDF-", 0, PDF_HEADER_WINDOW)
    if idx <= 0:
        return False
    return not data[:idx].strip() or b"\x00" in data[:idx]


def _classify_zip(path: Path, data: bytes) -> SniffedFormat:
    """A ZIP is supported only when it is a Word document (contains `word/document.xml`)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
        raise IngestError("corrupt", path, f"ZIP: {exc}") from exc

    # Cheap, no decompression: refuse path-traversal tricks in any archive we are handed.
    check_member_names(infos, path)

    names = {info.filename for info in infos}
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        label = "XLSX"
    elif "ppt/presentation.xml" in names:
        label = "PPTX"
    elif "mimetype" in names and "content.xml" in names:
        label = "ODF"
    else:
        label = "ZIP"
    raise IngestError("unsupported_type", path, label)


def sniff_format(path: Path, data: bytes) -> SniffedFormat:
    """Classify `data` (the full file content) as pdf, docx, txt or md, or raise `IngestError`.

    Raises `unsupported_type` for other binary content, `encrypted` for an encrypted Office
    document (an OLE2 container named like an OOXML file, or one holding an `EncryptedPackage`
    stream), `corrupt` for a broken ZIP, and `unsafe_archive` for a ZIP with dangerous member
    names.
    """
    head = data[:HEAD_BYTES]
    if _is_pdf(data):
        return "pdf"
    if head.startswith(ZIP_MAGICS):
        return _classify_zip(path, data)
    if head.startswith(OLE2_MAGIC):
        # Password-protected .docx/.xlsx files are not ZIPs: Office wraps the encrypted package
        # in an OLE2 compound file with "EncryptionInfo" and "EncryptedPackage" streams. Any other
        # OLE2 file is a legacy (97-2003) Office document: it is to be saved as DOCX, not unlocked.
        label = legacy_office_label(data)
        if "EncryptedPackage".encode("utf-16-le") in data or (
            label is None and path.suffix.lower() in OOXML_SUFFIXES
        ):
            raise IngestError("encrypted", path, "OLE2")
        raise IngestError("legacy_office", path, label or "Office 97-2003 .doc/.xls/.ppt")
    label = detect_binary_label(head)
    if label is not None:
        raise IngestError("unsupported_type", path, label)
    # UTF-16/32 text legitimately contains NUL bytes; a BOM makes it text (the text loader
    # decodes it or reports `encoding`).
    if b"\x00" in head and not has_text_bom(head):
        utf16 = utf16_without_bom(head)
        if utf16 is not None:  # text, but in an encoding we do not guess: ask for UTF-8
            raise IngestError("encoding", path, f"{utf16} without BOM")
        if not text_with_stray_nuls(head):
            raise IngestError("unsupported_type", path, "binary")
        # Text with a few stray NUL bytes: the text loader removes them.
    return "md" if path.suffix.lower() in MARKDOWN_SUFFIXES else "txt"


def legacy_office_label(data: bytes) -> str | None:
    """Which Office 97-2003 format an OLE2 file is, from its stream names (None: no known stream)."""
    for stream, label in (("WordDocument", ".doc"), ("Workbook", ".xls"), ("PowerPoint Document", ".ppt")):
        if stream.encode("utf-16-le") in data:
            return f"Office 97-2003 {label}"
    return None


_TEXT_CONTROLS = frozenset(range(32)) - {9, 10, 12, 13, 0}


def text_with_stray_nuls(head: bytes) -> bool:
    """Whether `head` is text in which a few NUL bytes were left (at most 1 in 20 bytes, and next to no
    other control bytes), rather than binary data."""
    nuls = head.count(0)
    if nuls * 20 > len(head):
        return False
    controls = sum(1 for b in head if b in _TEXT_CONTROLS)
    return controls * 100 <= len(head)
