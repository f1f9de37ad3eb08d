"""The archive file: one zip with `manifest.json` and the members it lists.

Writing goes to a temporary file next to the destination, renamed into place when complete: a crash or a
full disk never leaves a half-written archive under the final name.

Reading is defensive (an archive may be damaged, or not ours): the file must be a zip; every member name
must be one the format knows, relative, without `..`, backslashes or duplicates; no symlinks, no
encrypted members; the manifest is read first with a size cap, then every member is read with at most
the size the manifest declares (a zip bomb cannot expand past it, nor past `max_total_bytes`) and must
match its sha256. Nothing is extracted anywhere before all of this has passed, except uploads, which are
streamed into a staging folder that the caller removes on failure.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import tempfile
import zipfile
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from typing import IO

from pydantic import ValidationError

from assistant.backup.errors import BackupError
from assistant.backup.manifest import (
    DB_MEMBER,
    FORMAT,
    FORMAT_VERSION,
    INDEX_COLLECTION,
    INDEX_EMBEDDINGS,
    INDEX_RECORDS,
    MANIFEST_NAME,
    UPLOAD_PREFIX,
    Manifest,
    MemberInfo,
)

MAX_MANIFEST_BYTES = 4 * 1024 * 1024
DEFAULT_MAX_TOTAL_BYTES = 16 * 1024**3
CHUNK = 1 << 20


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- writing ---------------------------------------------------------------------------------------------


class ArchiveWriter:
    """Collects members into a temporary zip; `commit(manifest)` writes the manifest and renames."""

    def __init__(self, destination: Path) -> None:
        self.destination = destination
        destination.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=f".{destination.name}.", suffix=".tmp", dir=destination.parent)
        os.close(handle)
        self._tmp = Path(name)
        self._zip = zipfile.ZipFile(self._tmp, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True)
        self.members: dict[str, MemberInfo] = {}

    def add_bytes(self, name: str, data: bytes) -> None:
        self._zip.writestr(name, data)
        self.members[name] = MemberInfo(size=len(data), sha256=sha256_bytes(data))

    def add_file(self, name: str, path: Path) -> None:
        """Copy a file in, hashing exactly the bytes written (a file changing meanwhile cannot make the
        manifest disagree with the archive)."""
        digest, size = hashlib.sha256(), 0
        with path.open("rb") as source, self._zip.open(name, "w", force_zip64=True) as target:
            for block in iter(lambda: source.read(CHUNK), b""):
                digest.update(block)
                size += len(block)
                target.write(block)
        self.members[name] = MemberInfo(size=size, sha256=digest.hexdigest())

    def commit(self, manifest: Manifest) -> None:
        self._zip.writestr(MANIFEST_NAME, manifest.model_dump_json(indent=2))
        self._zip.close()
        with self._tmp.open("rb") as handle:
            os.fsync(handle.fileno())
        os.replace(self._tmp, self.destination)

    def abort(self) -> None:
        self._zip.close()
        self._tmp.unlink(missing_ok=True)


# --- reading ---------------------------------------------------------------------------------------------


def _known_name(name: str) -> bool:
    if name in (MANIFEST_NAME, INDEX_COLLECTION, INDEX_RECORDS, INDEX_EMBEDDINGS) or DB_MEMBER.match(name):
        return True
    return name.startswith(UPLOAD_PREFIX) and safe_upload_name(name[len(UPLOAD_PREFIX) :])


def safe_upload_name(name: str) -> bool:
    """One plain file name: no folders, no `..`, no hidden file, no control characters."""
    return (
        bool(name)
        and len(name) <= 255
        and "/" not in name
        and "\\" not in name
        and name not in (".", "..")
        and not name.startswith(".")
        and not any(ord(ch) < 32 for ch in name)
    )


def _check_entry(info: zipfile.ZipInfo) -> None:
    name = info.filename
    path = PurePosixPath(name)
    if (
        not name
        or name.startswith("/")
        or "\\" in name
        or ".." in path.parts
        or (len(name) > 1 and name[1] == ":")
        or info.is_dir()
    ):
        raise BackupError("unsafe_member", member=name)
    mode = info.external_attr >> 16
    if mode and stat.S_ISLNK(mode):
        raise BackupError("unsafe_member", member=name)
    if info.flag_bits & 0x1:
        raise BackupError("encrypted_member", member=name)
    if not _known_name(name):
        raise BackupError("unexpected_member", member=name)


class ArchiveReader:
    """Opens and checks an archive (see the module docstring); members are read through `read`."""

    def __init__(self, path: Path, *, max_total_bytes: int = DEFAULT_MAX_TOTAL_BYTES) -> None:
        self.path = path
        if not path.is_file():
            raise BackupError("archive_not_found", file=path)
        try:
            self._zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as exc:
            raise BackupError("not_an_archive", file=path.name, detail=str(exc)[:200]) from exc
        try:
            self.manifest = self._open(max_total_bytes)
        except BaseException:
            self._zip.close()
            raise

    def _open(self, max_total_bytes: int) -> Manifest:
        infos = self._zip.infolist()
        names = [i.filename for i in infos]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise BackupError("unsafe_member", member=duplicates[0])
        for info in infos:
            _check_entry(info)
        self._infos = {i.filename: i for i in infos}
        if MANIFEST_NAME not in self._infos:
            raise BackupError("missing_manifest", file=self.path.name)
        raw = self._read_capped(MANIFEST_NAME, MAX_MANIFEST_BYTES)
        try:
            head = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise BackupError("bad_manifest", detail=str(exc)[:200]) from exc
        if not isinstance(head, dict) or head.get("format") != FORMAT:
            raise BackupError("not_a_backup", file=self.path.name)
        if head.get("format_version") != FORMAT_VERSION:
            raise BackupError(
                "unsupported_format", version=head.get("format_version"), supported=FORMAT_VERSION
            )
        try:
            manifest = Manifest.model_validate(head)
        except ValidationError as exc:
            first = exc.errors(include_url=False)[0]
            where = "/".join(str(p) for p in first["loc"])
            raise BackupError("bad_manifest", detail=f"{where}: {first['msg']}") from exc

        listed = set(manifest.members)
        present = set(self._infos) - {MANIFEST_NAME}
        if missing := sorted(listed - present):
            raise BackupError("missing_member", member=missing[0])
        if extra := sorted(present - listed):
            raise BackupError("unexpected_member", member=extra[0])
        for name in listed:
            if not _known_name(name):
                raise BackupError("unexpected_member", member=name)
        total = sum(m.size for m in manifest.members.values())
        if total > max_total_bytes:
            raise BackupError("too_large", size=total, limit=max_total_bytes)
        for name, member in manifest.members.items():
            if self._infos[name].file_size != member.size:
                raise BackupError("checksum_mismatch", member=name)
        return manifest

    def _read_capped(self, name: str, cap: int) -> bytes:
        info = self._infos[name]
        if info.file_size > cap:
            raise BackupError("too_large", size=info.file_size, limit=cap)
        try:
            with self._zip.open(info) as handle:
                data = handle.read(cap + 1)
        except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, ValueError) as exc:
            raise BackupError("corrupt_member", member=name, detail=str(exc)[:200]) from exc
        if len(data) > cap:
            raise BackupError("too_large", size=len(data), limit=cap)
        return data

    def _stream(self, name: str, out: IO[bytes] | None) -> bytes | None:
        """Read a listed member, checking its size and sha256; into `out`, or returned."""
        member = self.manifest.members[name]
        digest, size, parts = hashlib.sha256(), 0, []
        try:
            with self._zip.open(self._infos[name]) as handle:
                while block := handle.read(min(CHUNK, member.size - size + 1)):
                    size += len(block)
                    if size > member.size:
                        raise BackupError("checksum_mismatch", member=name)
                    digest.update(block)
                    if out is None:
                        parts.append(block)
                    else:
                        out.write(block)
        except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, ValueError) as exc:
            # zipfile checks each member's CRC-32 at its end: a damaged member ends up here.
            raise BackupError("corrupt_member", member=name, detail=str(exc)[:200]) from exc
        if size != member.size or digest.hexdigest() != member.sha256:
            raise BackupError("checksum_mismatch", member=name)
        return None if out is not None else b"".join(parts)

    def read(self, name: str) -> bytes:
        data = self._stream(name, None)
        assert data is not None
        return data

    def extract(self, name: str, target: Path) -> None:
        """Stream a member into the file `target` (created; checked while writing)."""
        with target.open("xb") as out:
            self._stream(name, out)

    def names(self, prefix: str = "") -> Iterable[str]:
        return sorted(n for n in self.manifest.members if n.startswith(prefix))

    def close(self) -> None:
        self._zip.close()

    def __enter__(self) -> ArchiveReader:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
