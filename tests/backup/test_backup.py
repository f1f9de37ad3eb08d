"""`assistant backup` / `assistant restore`: one archive with the plans database (every table), the vector
index and the uploads; restoring it into an empty data directory gives the same plans and the same search
results, on SQLite and PostgreSQL and across them; a damaged, tampered or foreign archive is refused with
a clear message and the target stays empty; a failing restore changes nothing."""

from __future__ import annotations

import hashlib
import io
import json
import threading
import time
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from assistant.backup import BackupError, create_backup, restore_backup
from assistant.backup import database as backup_database
from assistant.backup.manifest import FORMAT_VERSION
from assistant.cli import app
from assistant.i18n import LANGUAGES
from assistant.services import build_knowledge_base
from assistant.settings import Settings
from assistant.storage import PlanStore
from assistant.storage.comments import CommentStore
from assistant.storage.db import SCHEMA_VERSION, open_engine
from assistant.storage.tables import Base, CommentRow
from assistant.template.models import new_plan
from tests.backup.conftest import QUERIES, UPLOAD_TEXT, Source, settings_for


def snapshot(url: str) -> dict[str, list[dict[str, Any]]]:
    """Every row of every data table, in the backend-neutral form (the schema-version row is the target
    database's own: written when its schema was created, not copied)."""
    engine = open_engine(url)
    try:
        rows = backup_database.dump(engine)
    finally:
        engine.dispose()
    assert [r["version"] for r in rows.pop(backup_database.SCHEMA_TABLE)] == [SCHEMA_VERSION]
    return rows


def plans_view(settings: Settings) -> dict[str, Any]:
    """What users see of the plans: the list, every plan, its history, transcript and comments."""
    with PlanStore.from_settings(settings) as store:
        comments = CommentStore(store.engine)
        out: dict[str, Any] = {"list": [s.model_dump(mode="json") for s in store.list()]}
        for summary in store.list():
            out[summary.id] = {
                "plan": store.get(summary.id).model_dump(mode="json"),
                "revisions": [r.model_dump(mode="json") for r in store.revisions(summary.id)],
                "transcript": [m.model_dump(mode="json") for m in store.transcript(summary.id)],
                "comments": [c.model_dump(mode="json") for c in comments.list(summary.id)],
            }
        return out


def search_view(settings: Settings, embeddings: Any) -> list[list[tuple[str, str, float]]]:
    kb = build_knowledge_base(settings, embeddings=embeddings)
    return [
        [(hit.id, hit.text, round(hit.score, 6)) for hit in kb.retriever.search(query, k=5).hits]
        for query in QUERIES
    ]


def is_empty(settings: Settings) -> bool:
    """Nothing of the target exists: no data directory content (or none at all)."""
    return not settings.data_dir.exists() or not any(settings.data_dir.iterdir())


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


# --- restore ---------------------------------------------------------------------------------------------


def test_restore_into_an_empty_data_directory_gives_the_same_plans_and_search_results(
    source: Source, archive: Path, empty_target: Settings, embeddings: Any
) -> None:
    manifest = restore_backup(empty_target, archive, embeddings=embeddings)
    assert manifest.counts()["tables"]["plans"] == 2

    assert snapshot(empty_target.effective_database_url) == snapshot(source.settings.effective_database_url)
    before = plans_view(source.settings)
    after = plans_view(empty_target)
    assert after == before
    assert len(after[source.plan_ids[0]]["transcript"]) == 7  # the drafted plan's conversation
    assert [len(after[i]["revisions"]) for i in source.plan_ids] == [4, 2]

    expected = search_view(source.settings, embeddings)
    assert all(expected), "every query finds something in the source"
    assert search_view(empty_target, embeddings) == expected
    assert any("Kvanttiharavointi" in text for _, text, _ in expected[2])

    # The upload is restored into this data directory and the index points at it.
    restored_upload = empty_target.uploads_dir / "muistio.txt"
    assert restored_upload.read_text(encoding="utf-8") == UPLOAD_TEXT
    kb = build_knowledge_base(empty_target, embeddings=embeddings)
    upload = [d for d in kb.indexer.documents() if d.origin == "upload"]
    assert [Path(d.source) for d in upload] == [restored_upload.resolve()]
    assert not [p for p in empty_target.data_dir.iterdir() if p.name.startswith(".restore-")]

    # The restored deployment works on: the corpus is unchanged for the indexer, new writes succeed.
    report = kb.indexer.sync()
    assert not report.errors
    corpus = {d.doc_id for d in kb.indexer.documents() if d.origin == "corpus"}
    assert corpus <= set(report.unchanged_docs)
    assert [h.text for h in kb.retriever.search(QUERIES[2], k=5).hits] == [t for _, t, _ in expected[2]]
    with PlanStore.from_settings(empty_target) as store:
        store.create(new_plan(title="Uusi"), author="dora")
        store.append_messages(source.plan_ids[0], [("user", "jatketaan", {})])


def test_sqlite_to_postgresql_and_back(
    source: Source, archive: Path, postgres_database: str, tmp_path: Path, embeddings: Any
) -> None:
    original = snapshot(source.settings.effective_database_url)
    on_postgres = settings_for(tmp_path / "pg-data", source.knowledge_dir, postgres_database)
    restore_backup(on_postgres, archive, embeddings=embeddings)
    assert snapshot(postgres_database) == original
    assert plans_view(on_postgres) == plans_view(source.settings)
    assert search_view(on_postgres, embeddings) == search_view(source.settings, embeddings)

    # Ids continue after the restored ones (PostgreSQL sequences were moved past them).
    with PlanStore(postgres_database) as store:
        plan_id = source.plan_ids[1]
        stored = store.get(plan_id)
        store.save(plan_id, stored.plan, expected_version=stored.version, author="e", summary="s", changes=[])
        store.append_messages(plan_id, [("user", "uusi viesti", {})])
        comment = CommentStore(store.engine).add(plan_id, target="", author="e", text="Uusi", plan_version=3)
        assert comment.id == max(r["id"] for r in original["comments"]) + 1

    # And back: a backup of the PostgreSQL deployment restores into SQLite.
    second = tmp_path / "from-postgres.zip"
    manifest = create_backup(on_postgres, second)
    assert manifest.database_backend == "postgresql"
    back = settings_for(tmp_path / "back", source.knowledge_dir)
    restore_backup(back, second, embeddings=embeddings)
    assert snapshot(back.effective_database_url) == snapshot(postgres_database)
    assert search_view(back, embeddings) == search_view(source.settings, embeddings)


def test_a_non_empty_target_is_refused_unless_forced(
    source: Source, archive: Path, empty_target: Settings, embeddings: Any
) -> None:
    with PlanStore.from_settings(empty_target) as store:
        mine = store.create(new_plan(title="Kohteen oma"), author="x")
    with pytest.raises(BackupError) as info:
        restore_backup(empty_target, archive, embeddings=embeddings)
    assert info.value.key == "target_database_not_empty"
    assert "--force" in info.value.message("fi") and "--force" in info.value.message("sv")
    with PlanStore.from_settings(empty_target) as store:
        assert [s.id for s in store.list()] == [mine.id]
    assert not empty_target.uploads_dir.exists() and not empty_target.chroma_dir.exists()

    # An index or uploads in the target count too.
    other = settings_for(empty_target.data_dir.parent / "uploads-only", source.knowledge_dir)
    other.uploads_dir.mkdir(parents=True)
    (other.uploads_dir / "oma.txt").write_text("oma", encoding="utf-8")
    with pytest.raises(BackupError) as info:
        restore_backup(other, archive, embeddings=embeddings)
    assert info.value.key == "target_uploads_not_empty"
    assert sorted(p.name for p in other.data_dir.iterdir()) == ["uploads"]

    restore_backup(empty_target, archive, embeddings=embeddings, force=True)
    assert plans_view(empty_target) == plans_view(source.settings)
    assert search_view(empty_target, embeddings) == search_view(source.settings, embeddings)
    # Forced again over a restored index: replaced, not duplicated.
    restore_backup(empty_target, archive, embeddings=embeddings, force=True)
    kb = build_knowledge_base(empty_target, embeddings=embeddings)
    assert kb.store.count() == source.kb.store.count()
    assert {c.name for c in kb.store.client.list_collections()} == {empty_target.chroma_collection}


def test_a_failing_restore_leaves_the_target_as_it_was(
    source: Source, archive: Path, empty_target: Settings, embeddings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """All or nothing: a failure in the last step (after the index and uploads were staged and half the
    rows inserted) rolls everything back."""
    real_load = backup_database.load

    def load_then_fail(connection: Any, data: dict[str, list[dict[str, Any]]]) -> None:
        real_load(connection, data)
        raise RuntimeError("disk full")

    monkeypatch.setattr(backup_database, "load", load_then_fail)
    with pytest.raises(RuntimeError, match="disk full"):
        restore_backup(empty_target, archive, embeddings=embeddings)
    with PlanStore.from_settings(empty_target) as store:
        assert store.list() == []
    kb = build_knowledge_base(empty_target, embeddings=embeddings)
    assert kb.store.count() == 0
    assert [c.name for c in kb.store.client.list_collections()] == [empty_target.chroma_collection]
    assert not empty_target.uploads_dir.exists()
    assert not [p for p in empty_target.data_dir.iterdir() if p.name.startswith(".restore-")]

    monkeypatch.setattr(backup_database, "load", real_load)
    restore_backup(empty_target, archive, embeddings=embeddings)  # the empty leftovers do not block
    assert plans_view(empty_target) == plans_view(source.settings)


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


# --- command line and messages ---------------------------------------------------------------------------


def test_cli_backup_and_restore(source: Source, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    runner = CliRunner()
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("CHROMA_HOST", raising=False)
    monkeypatch.setenv("KNOWLEDGE_DIR", str(source.knowledge_dir))
    monkeypatch.setenv("DATA_DIR", str(source.settings.data_dir))
    path = tmp_path / "cli.zip"
    result = runner.invoke(app, ["backup", str(path), "--lang", "fi"])
    assert result.exit_code == 0, result.output
    assert "Varmuuskopio tallennettiin" in result.output and "Suunnitelmia 2" in result.output

    result = runner.invoke(app, ["backup", str(path), "--lang", "en"])
    assert result.exit_code == 2 and "--force" in result.output

    target = tmp_path / "cli-restored"
    monkeypatch.setenv("DATA_DIR", str(target))
    result = runner.invoke(app, ["restore", str(path), "--json"])
    assert result.exit_code == 0, result.output
    counts = json.loads(result.output)
    assert counts["tables"]["plans"] == 2 and counts["uploads"] == 1 and counts["chunks"] > 0

    result = runner.invoke(app, ["restore", str(path), "--lang", "sv"])
    assert result.exit_code == 2
    assert "Måldatabasen innehåller redan data" in result.output

    broken = tmp_path / "rikki.zip"
    broken.write_bytes(path.read_bytes()[:1000])
    result = runner.invoke(app, ["restore", str(broken), "--lang", "fi"])
    assert result.exit_code == 2 and "ei ole varmuuskopio" in result.output


def test_every_backup_message_exists_in_every_language() -> None:
    from assistant.i18n import load_catalog
    from tests.ui.catalog_keys import catalog_keys

    keys = {lang: catalog_keys(lang, "backup") for lang in LANGUAGES}
    assert keys["fi"] and keys["fi"] == keys["sv"] == keys["en"]
    # Every error key the code raises has a message.
    import re

    source_dir = Path(__file__).resolve().parents[2] / "assistant" / "backup"
    raised = {
        match
        for path in source_dir.glob("*.py")
        for match in re.findall(r'BackupError\(\s*"([a-z_]+)"', path.read_text(encoding="utf-8"))
    }
    assert len(raised) >= 20
    for key in raised:
        for lang in LANGUAGES:
            assert load_catalog(lang).has(f"backup.error.{key}") and f"backup.error.{key}" in keys[lang]


def test_comment_rows_survive_with_their_resolution(
    source: Source, archive: Path, empty_target: Settings, embeddings: Any
) -> None:
    restore_backup(empty_target, archive, embeddings=embeddings)
    engine = open_engine(empty_target.effective_database_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(select(CommentRow).order_by(CommentRow.id)).all()
    finally:
        engine.dispose()
    assert [(r.author, r.resolved_by) for r in rows] == [("cecilia", None), ("cecilia", "bertta")]
    assert rows[1].text.endswith("sekä åäö") and rows[1].resolved_at is not None
    assert rows[1].resolved_at.tzinfo is not None
