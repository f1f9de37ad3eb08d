"""`assistant backup`: one archive with the plans database (every table), the vector index and the uploads,
each member with its checksum in the manifest; an existing file is not overwritten unless forced; a
database being written is read from one snapshot."""

from __future__ import annotations

import hashlib
import io
import json
import threading
import time
import zipfile
from pathlib import Path

import numpy as np
import pytest

from assistant.backup import BackupError, create_backup
from assistant.backup.manifest import FORMAT_VERSION
from assistant.storage import PlanStore
from assistant.storage.tables import Base
from assistant.template.models import new_plan
from tests.backup.conftest import UPLOAD_TEXT, Source, settings_for

# --- the archive -----------------------------------------------------------------------------------------


def test_archive_holds_every_table_the_index_and_uploads_with_checksums(
    source: Source, archive: Path
) -> None:
    with zipfile.ZipFile(archive) as zf:
        names = set(zf.namelist())
        manifest = json.loads(zf.read("manifest.json"))
        assert manifest["format_version"] == FORMAT_VERSION
        assert manifest["app_version"] and manifest["created_at"]
        assert manifest["database_backend"] == "sqlite"
        # Every table of the metadata, so a table added later is backed up too.
        assert {f"db/{t.name}.jsonl" for t in Base.metadata.sorted_tables} <= names
        assert set(manifest["tables"]) == set(Base.metadata.tables)
        assert names == set(manifest["members"]) | {"manifest.json"}
        for name, member in manifest["members"].items():
            data = zf.read(name)
            assert len(data) == member["size"]
            assert hashlib.sha256(data).hexdigest() == member["sha256"]
        plans = [json.loads(line) for line in zf.read("db/plans.jsonl").decode().splitlines()]
        assert sorted(p["id"] for p in plans) == sorted(source.plan_ids)
        comments = [json.loads(line) for line in zf.read("db/comments.jsonl").decode().splitlines()]
        assert len(comments) == manifest["tables"]["comments"]["rows"] == 2
        assert any(c["resolved_by"] == "bertta" for c in comments)

        collection = json.loads(zf.read("index/collection.json"))
        index = manifest["index"]
        kb = source.kb
        assert index["chunks"] == kb.store.count() and index["dim"] == kb.embeddings.dim
        assert index["embedding_model"] == collection["metadata"]["embedding_model"] == kb.embeddings.name
        assert index["version"] == collection["metadata"]["version"] == kb.store.version()
        vectors = np.load(io.BytesIO(zf.read("index/embeddings.npy")), allow_pickle=False)
        records = [json.loads(line) for line in zf.read("index/records.jsonl").decode().splitlines()]
        assert vectors.shape == (kb.store.count(), kb.embeddings.dim) and vectors.dtype == np.float32
        stored = kb.store.get_embeddings([r["id"] for r in records[:5]])
        for n, record in enumerate(records[:5]):
            assert np.array_equal(vectors[n], stored[record["id"]])  # exact, not a text round trip
        assert manifest["uploads"] == ["muistio.txt"]
        assert zf.read("uploads/muistio.txt").decode("utf-8") == UPLOAD_TEXT


def test_backup_refuses_to_overwrite_an_existing_file(source: Source, tmp_path: Path) -> None:
    path = tmp_path / "olemassa.zip"
    path.write_bytes(b"keep me")
    with pytest.raises(BackupError) as info:
        create_backup(source.settings, path)
    assert info.value.key == "output_exists" and str(path) in info.value.message("fi")
    assert path.read_bytes() == b"keep me"
    create_backup(source.settings, path, force=True)
    assert zipfile.is_zipfile(path)
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]  # no leftovers


# --- a consistent snapshot -------------------------------------------------------------------------------


def test_the_database_is_read_in_one_transaction(db_url: str, tmp_path: Path) -> None:
    """While a writer saves continuously (plan row and revision row in one transaction), every backup
    holds a plan version equal to its newest revision: the tables were read from one snapshot."""
    settings = settings_for(tmp_path / "busy", tmp_path / "unused-knowledge", db_url)
    with PlanStore(db_url) as store:
        plan_id = store.create(new_plan(title="kiire"), author="w").id
    stop, started = threading.Event(), threading.Event()
    errors: list[BaseException] = []
    written = [0]  # the writer's latest committed version

    def writer() -> None:
        try:
            with PlanStore(db_url) as store:
                stored = store.get(plan_id)
                version = stored.version
                while not stop.is_set():
                    version = store.save(
                        plan_id, stored.plan, expected_version=version, author="w", summary="s", changes=[]
                    ).version
                    written[0] = version
                    started.set()
        except BaseException as exc:  # reported by the test
            errors.append(exc)

    def writer_passed(version: int) -> None:
        """Wait until the writer has committed after `version` (back-to-back backups could starve it)."""
        deadline = time.monotonic() + 30
        while written[0] <= version and not errors and time.monotonic() < deadline:
            time.sleep(0.005)

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    assert started.wait(timeout=30), errors
    try:
        seen = []
        for n in range(8):
            path = tmp_path / f"busy-{n}.zip"
            create_backup(settings, path)
            with zipfile.ZipFile(path) as zf:
                plans = [json.loads(x) for x in zf.read("db/plans.jsonl").decode().splitlines()]
                revisions = [json.loads(x) for x in zf.read("db/revisions.jsonl").decode().splitlines()]
            assert plans[0]["version"] == max(r["version"] for r in revisions) == len(revisions)
            seen.append(plans[0]["version"])
            writer_passed(seen[-1])
    finally:
        stop.set()
        thread.join(timeout=30)
    assert not errors, errors
    assert seen[-1] > seen[0]  # the writer really was writing during the backups
