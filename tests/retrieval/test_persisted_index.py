"""The lexical index is saved beside the vector index and loaded by the next process, not rebuilt from the
whole collection; when another process changes the index, it is rebuilt for the new version."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.retrieval.lexical import LexicalIndex
from assistant.services import build_knowledge_base
from assistant.settings import Settings

QUERY = "Miksi tietojohtamisen kehittämissuunnitelmamalli laadittiin?"


def _folders(settings: Settings) -> list[Path]:
    return sorted(p for p in (settings.data_dir / "lexical").iterdir() if not p.name.startswith("."))


def test_next_process_loads_the_saved_index_and_follows_changes(
    small_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = build_knowledge_base(small_settings)
    assert first.indexer.sync().added > 0
    expected = first.retriever.search(QUERY, k=3)
    assert expected.hits
    [saved] = _folders(small_settings)
    assert saved.name.endswith(f"-{first.store.version()}")

    # Another process: it must not read and analyse the whole collection again.
    second = build_knowledge_base(small_settings)

    def no_full_read(*args: object, **kwargs: object) -> None:
        raise AssertionError("the lexical index was rebuilt instead of loaded")

    monkeypatch.setattr(second.store, "iter_all", no_full_read)
    got = second.retriever.search(QUERY, k=3)
    assert [(h.id, h.score) for h in got.hits] == [(h.id, h.score) for h in expected.hits]
    monkeypatch.undo()

    # The first process adds a document: the second sees it at once, with a rebuilt lexical index.
    doc = tmp_path / "uusi_muistio.txt"
    doc.write_text(
        "Kvanttiharavointi\n\nKvanttiharavointi on menetelmä, jolla tietoallas siivotaan ennen "
        "raportointia.\n",
        encoding="utf-8",
    )
    assert first.indexer.sync([doc]).added >= 1
    after = second.retriever.search("kvanttiharavointi tietoallas", k=3)
    assert after.hits and after.hits[0].text.startswith("Kvanttiharavointi")
    assert after.hits[0].bm25_score is not None
    [current] = _folders(small_settings)  # the old version's folder is pruned
    assert current != saved and current.name.endswith(f"-{second.store.version()}")


def test_a_broken_saved_index_is_rebuilt(small_settings: Settings) -> None:
    kb = build_knowledge_base(small_settings)
    kb.indexer.sync()
    kb.retriever.search(QUERY, k=3)
    [saved] = _folders(small_settings)
    (saved / "corpus.json").write_text("garbage", encoding="utf-8")
    fresh = build_knowledge_base(small_settings)
    assert fresh.retriever.search(QUERY, k=3).hits  # rebuilt from the collection, not an error
    assert LexicalIndex.load(saved) is not None  # and saved again, readable


def test_hint_floor_comes_from_settings(small_settings: Settings) -> None:
    kb = build_knowledge_base(small_settings.model_copy(update={"hint_min_dense": 0.5}))
    assert kb.retriever.hint_floor == 0.5
