"""Refused archives: a damaged, tampered or foreign archive (or an index of another embedding model) is
refused with a clear message in every language, and the target stays empty."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from assistant.backup import BackupError, restore_backup
from assistant.backup.manifest import FORMAT_VERSION
from assistant.i18n import LANGUAGES
from assistant.settings import Settings


def is_empty(settings: Settings) -> bool:
    """Nothing of the target exists: no data directory content (or none at all)."""
    return not settings.data_dir.exists() or not any(settings.data_dir.iterdir())


# --- refused archives ------------------------------------------------------------------------------------


def _rewrite(archive: Path, out: Path, change: Any) -> Path:
    """Copy the archive member by member through `change(name, data) -> list[(name, data)]`."""
    with zipfile.ZipFile(archive) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            for name, data in change(info.filename, src.read(info)):
                dst.writestr(name, data)
    return out


def _with_manifest(archive: Path, out: Path, edit: Any, extra: dict[str, bytes] | None = None) -> Path:
    def change(name: str, data: bytes) -> list[tuple[str, bytes]]:
        if name == "manifest.json":
            manifest = json.loads(data)
            edit(manifest)
            return [(name, json.dumps(manifest).encode()), *(extra or {}).items()]
        return [(name, data)]

    return _rewrite(archive, out, change)


def _tamper_plan(name: str, data: bytes) -> list[tuple[str, bytes]]:
    if name == "db/plans.jsonl":
        data = data.replace("Päivitetty nykytila".encode(), "Väärennetty nykytila".encode())
    return [(name, data)]


def _consistently_tampered(archive: Path, out: Path) -> Path:
    """Content and manifest changed together, the new content not even JSON: still refused."""
    bad = b'{"id": "x", broken\n'

    def edit(manifest: dict[str, Any]) -> None:
        manifest["members"]["db/revisions.jsonl"] = {
            "size": len(bad),
            "sha256": hashlib.sha256(bad).hexdigest(),
        }

    def change(name: str, data: bytes) -> list[tuple[str, bytes]]:
        if name == "db/revisions.jsonl":
            return [(name, bad)]
        if name == "manifest.json":
            manifest = json.loads(data)
            edit(manifest)
            return [(name, json.dumps(manifest).encode())]
        return [(name, data)]

    return _rewrite(archive, out, change)


def _symlink_member(archive: Path, out: Path) -> Path:
    _rewrite(archive, out, lambda n, d: [(n, d)])
    with zipfile.ZipFile(out, "a") as zf:
        info = zipfile.ZipInfo("uploads/linkki.txt")
        info.external_attr = 0o120777 << 16  # a symbolic link
        zf.writestr(info, "/etc/passwd")
    return out


def _duplicate_member(archive: Path, out: Path) -> Path:
    _rewrite(archive, out, lambda n, d: [(n, d)])
    with zipfile.ZipFile(out, "a") as zf, pytest.warns(UserWarning):
        zf.writestr("db/plans.jsonl", b"")
    return out


def _bomb(archive: Path, out: Path) -> Path:
    """A member that expands far beyond what the manifest declares."""

    def change(name: str, data: bytes) -> list[tuple[str, bytes]]:
        if name == "uploads/muistio.txt":
            return [(name, b"\0" * (64 * 1024 * 1024))]
        return [(name, data)]

    return _rewrite(archive, out, change)


CASES: dict[str, tuple[Any, str, str]] = {
    # case: (make the bad archive from a good one, expected error key, a word the message names)
    "not a zip": (
        lambda a, o: (o.write_bytes(b"PK\x03\x04 tama ei ole zip" * 50), o)[1],
        "not_an_archive",
        "",
    ),
    "truncated": (
        lambda a, o: (o.write_bytes(a.read_bytes()[: a.stat().st_size // 2]), o)[1],
        "not_an_archive",
        "",
    ),
    "empty file": (lambda a, o: (o.write_bytes(b""), o)[1], "not_an_archive", ""),
    "tampered member": (lambda a, o: _rewrite(a, o, _tamper_plan), "checksum_mismatch", "db/plans.jsonl"),
    "consistently tampered": (_consistently_tampered, "corrupt_member", "db/revisions.jsonl"),
    "no manifest": (
        lambda a, o: _rewrite(a, o, lambda n, d: [] if n == "manifest.json" else [(n, d)]),
        "missing_manifest",
        "manifest.json",
    ),
    "missing member": (
        lambda a, o: _rewrite(a, o, lambda n, d: [] if n == "db/messages.jsonl" else [(n, d)]),
        "missing_member",
        "db/messages.jsonl",
    ),
    "unlisted member": (
        lambda a, o: _rewrite(
            a, o, lambda n, d: [(n, d), ("uploads/extra.txt", b"x")] if n == "manifest.json" else [(n, d)]
        ),
        "unexpected_member",
        "uploads/extra.txt",
    ),
    "path traversal": (
        lambda a, o: _rewrite(
            a,
            o,
            lambda n, d: [(n, d), ("uploads/../../evil.txt", b"x")] if n == "manifest.json" else [(n, d)],
        ),
        "unsafe_member",
        "evil.txt",
    ),
    "absolute path": (
        lambda a, o: _rewrite(
            a, o, lambda n, d: [(n, d), ("/tmp/evil.txt", b"x")] if n == "manifest.json" else [(n, d)]
        ),
        "unsafe_member",
        "evil.txt",
    ),
    "unknown member": (
        lambda a, o: _rewrite(
            a, o, lambda n, d: [(n, d), ("scripts/run.sh", b"x")] if n == "manifest.json" else [(n, d)]
        ),
        "unexpected_member",
        "scripts/run.sh",
    ),
    "symlink": (_symlink_member, "unsafe_member", "linkki.txt"),
    "duplicate name": (_duplicate_member, "unsafe_member", "db/plans.jsonl"),
    "tampered upload": (
        lambda a, o: _rewrite(
            a,
            o,
            lambda n, d: [(n, d.replace(b"tietoallas", b"TIETOALLAS") if n.startswith("uploads/") else d)],
        ),
        "checksum_mismatch",
        "uploads/muistio.txt",
    ),
    "zip bomb": (_bomb, "checksum_mismatch", "uploads/muistio.txt"),
    "future format": (
        lambda a, o: _with_manifest(a, o, lambda m: m.update(format_version=FORMAT_VERSION + 1)),
        "unsupported_format",
        str(FORMAT_VERSION + 1),
    ),
    "foreign zip": (
        lambda a, o: _with_manifest(a, o, lambda m: m.update(format="jokin-muu")),
        "not_a_backup",
        "",
    ),
    "bad manifest": (
        lambda a, o: _with_manifest(a, o, lambda m: m.update(created_at="eilen")),
        "bad_manifest",
        "created_at",
    ),
    "future schema": (
        lambda a, o: _with_manifest(a, o, lambda m: m.update(schema_version=99)),
        "schema_mismatch",
        "99",
    ),
    "unknown table": (
        lambda a, o: _with_manifest(
            a,
            o,
            lambda m: (
                m["tables"].update(salaisuudet={"rows": 0, "columns": []}),
                m["members"].update(
                    {"db/salaisuudet.jsonl": {"size": 0, "sha256": hashlib.sha256(b"").hexdigest()}}
                ),
            ),
            extra={"db/salaisuudet.jsonl": b""},
        ),
        "unknown_tables",
        "salaisuudet",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_damaged_or_foreign_archive_is_refused_and_the_target_stays_empty(
    case: str, archive: Path, empty_target: Settings, embeddings: Any, tmp_path: Path
) -> None:
    make, key, named = CASES[case]
    bad = make(archive, tmp_path / "bad.zip")
    with pytest.raises(BackupError) as info:
        restore_backup(empty_target, bad, embeddings=embeddings)
    error = info.value
    assert error.key == key, (case, error.key, str(error))
    messages = {lang: error.message(lang) for lang in LANGUAGES}
    assert len(set(messages.values())) == 3
    for message in messages.values():
        assert "{" not in message and "backup.error" not in message
        assert named in message
    assert is_empty(empty_target), sorted(p.name for p in empty_target.data_dir.iterdir())


def test_an_index_of_another_embedding_model_is_refused(
    archive: Path, empty_target: Settings, embeddings: Any
) -> None:
    class OtherModel:
        name = "sentence-transformers:jokin-muu-malli"
        dim = embeddings.dim

    with pytest.raises(BackupError) as info:
        restore_backup(empty_target, archive, embeddings=OtherModel())
    assert info.value.key == "embedding_mismatch"
    assert "jokin-muu-malli" in info.value.message("fi") and "EMBEDDINGS" in info.value.message("en")
    assert is_empty(empty_target)
