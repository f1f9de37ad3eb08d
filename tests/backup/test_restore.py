"""`assistant restore`: the archive restored into an empty data directory gives the same plans, comments
and search results, on SQLite and PostgreSQL and across them; a non-empty target is refused unless forced;
a failing restore changes nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from assistant.backup import BackupError, create_backup, restore_backup
from assistant.backup import database as backup_database
from assistant.services import build_knowledge_base
from assistant.settings import Settings
from assistant.storage import PlanStore
from assistant.storage.comments import CommentStore
from assistant.storage.db import SCHEMA_VERSION, open_engine
from assistant.storage.tables import CommentRow
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
