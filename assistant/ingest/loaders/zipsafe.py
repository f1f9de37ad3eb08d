"""Safety checks for ZIP containers (DOCX) before any library parses them.

`check_zip` rejects dangerous member names, too many members, and declared sizes or compression
ratios over the limits, and then *verifies* the declared sizes by streaming every member through
the decompressor in bounded chunks, counting the bytes that really come out. Nothing is ever
inflated into memory as a whole, so a zip bomb costs at most one chunk of memory and stops as
soon as a limit is crossed. Corrupt archives (bad structure, CRC mismatch) are reported too.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from pydantic import BaseModel, ConfigDict, Field

from assistant.ingest.errors import IngestError

MB = 1024 * 1024
CHUNK_SIZE = 64 * 1024
RATIO_GRACE_BYTES = 1 * MB
"""Members smaller than this are not ratio-checked: tiny repetitive XML parts compress extremely
well without being dangerous, and their absolute size is already bounded."""

DEFAULT_MAX_TOTAL_UNCOMPRESSED = 200 * MB
DEFAULT_MAX_MEMBER_UNCOMPRESSED = 100 * MB
DEFAULT_MAX_MEMBERS = 5000
DEFAULT_MAX_RATIO = 200.0

_DRIVE_RE = re.compile(r"^[A-Za-z]:")


class ZipLimits(BaseModel):
    """Limits for `check_zip`; the defaults suit DOCX uploads."""

    model_config = ConfigDict(frozen=True)

    max_total_uncompressed: int = Field(default=DEFAULT_MAX_TOTAL_UNCOMPRESSED, gt=0)
    max_member_uncompressed: int = Field(default=DEFAULT_MAX_MEMBER_UNCOMPRESSED, gt=0)
    max_members: int = Field(default=DEFAULT_MAX_MEMBERS, gt=0)
    max_ratio: float = Field(default=DEFAULT_MAX_RATIO, gt=1)


def _fmt_mb(n: float) -> str:
    return f"{n / MB:.1f} MB"


def unsafe_name_reason(name: str) -> str | None:
    """Why a member name is unsafe to extract or resolve, or None when it is fine."""
    if not name:
        return "empty name"
    if "\x00" in name:
        return "NUL in name"
    if "\\" in name:
        return "backslash"
    if name.startswith("/") or _DRIVE_RE.match(name):
        return "absolute path"
    if any(segment == ".." for segment in name.split("/")):
        return "'..' segment"
    return None


def check_member_names(infos: Iterable[zipfile.ZipInfo], path: Path | str) -> None:
    """Raise `unsafe_archive` if any member name is absolute, escapes upwards or uses backslashes."""
    for info in infos:
        reason = unsafe_name_reason(info.filename)
        if reason is not None:
            raise IngestError("unsafe_archive", path, f"{info.filename!r}: {reason}")


def _display_path(source: Path | bytes | BinaryIO, path: Path | str | None) -> Path:
    if path is not None:
        return Path(path)
    if isinstance(source, Path):
        return source
    return Path("<zip>")


def _stream_member(
    zf: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    *,
    total_so_far: int,
    limits: ZipLimits,
    path: Path,
) -> int:
    """Inflate one member chunk by chunk, discarding the data; return its real size."""
    inflated = 0
    with zf.open(info) as member:
        while True:
            chunk = member.read(CHUNK_SIZE)
            if not chunk:
                break
            inflated += len(chunk)
            if inflated > limits.max_member_uncompressed:
                raise IngestError(
                    "zip_bomb",
                    path,
                    f"{info.filename}: > {_fmt_mb(limits.max_member_uncompressed)}",
                )
            if total_so_far + inflated > limits.max_total_uncompressed:
                raise IngestError("zip_bomb", path, f"> {_fmt_mb(limits.max_total_uncompressed)}")
            if inflated > RATIO_GRACE_BYTES and inflated > limits.max_ratio * max(info.compress_size, 1):
                raise IngestError(
                    "zip_bomb",
                    path,
                    f"{info.filename}: ratio > {limits.max_ratio:g}",
                )
    return inflated


def check_zip(
    source: Path | bytes | BinaryIO,
    *,
    max_total_uncompressed: int = DEFAULT_MAX_TOTAL_UNCOMPRESSED,
    max_member_uncompressed: int = DEFAULT_MAX_MEMBER_UNCOMPRESSED,
    max_members: int = DEFAULT_MAX_MEMBERS,
    max_ratio: float = DEFAULT_MAX_RATIO,
    path: Path | str | None = None,
) -> None:
    """Validate a ZIP archive or raise `IngestError` (`unsafe_archive`, `zip_bomb`, `corrupt`, `encrypted`).

    `source` is a file path, the archive's bytes or a seekable binary stream. `path` names the
    file in error messages (defaults to `source` when it is a path).
    """
    limits = ZipLimits(
        max_total_uncompressed=max_total_uncompressed,
        max_member_uncompressed=max_member_uncompressed,
        max_members=max_members,
        max_ratio=max_ratio,
    )
    shown = _display_path(source, path)
    opened: Path | BinaryIO = io.BytesIO(source) if isinstance(source, bytes | bytearray) else source
    try:
        with zipfile.ZipFile(opened) as zf:
            infos = zf.infolist()
            _check_declared(infos, limits, shown)
            total = 0
            for info in infos:
                if info.is_dir():
                    continue
                if info.flag_bits & 0x1:
                    raise IngestError("encrypted", shown, f"ZIP member {info.filename}")
                total += _stream_member(zf, info, total_so_far=total, limits=limits, path=shown)
    except IngestError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, ValueError, OSError) as exc:
        raise IngestError("corrupt", shown, f"ZIP: {exc}") from exc
    except NotImplementedError as exc:  # unsupported compression method
        raise IngestError("corrupt", shown, f"ZIP: {exc}") from exc
    except RuntimeError as exc:  # e.g. "File ... is encrypted, password required"
        raise IngestError("encrypted", shown, f"ZIP: {exc}") from exc


def _check_declared(infos: list[zipfile.ZipInfo], limits: ZipLimits, path: Path) -> None:
    """Checks on the central directory alone (cheap; the sizes may lie and are verified later)."""
    if len(infos) > limits.max_members:
        raise IngestError("zip_bomb", path, f"{len(infos)} > {limits.max_members} members")
    check_member_names(infos, path)
    declared_total = 0
    for info in infos:
        if info.file_size > limits.max_member_uncompressed:
            raise IngestError(
                "zip_bomb",
                path,
                f"{info.filename}: {_fmt_mb(info.file_size)} > {_fmt_mb(limits.max_member_uncompressed)}",
            )
        declared_total += info.file_size
        if declared_total > limits.max_total_uncompressed:
            raise IngestError(
                "zip_bomb", path, f"{_fmt_mb(declared_total)} > {_fmt_mb(limits.max_total_uncompressed)}"
            )
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_GRACE_BYTES and ratio > limits.max_ratio:
            raise IngestError("zip_bomb", path, f"{info.filename}: ratio {ratio:.0f} > {limits.max_ratio:g}")
