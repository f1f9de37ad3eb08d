"""The bm25s lexical index: chunk and best-sentence scores, coverage, persistence keyed by version."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from assistant.retrieval.analyzer import Analyzer
from assistant.retrieval.lexical import LexicalIndex, index_folder, prune

TEXTS = [
    "Tietosuoja on läpileikkaava teema. Se koskee kaikkia osa-alueita.",
    "Mittarit kuvaavat toimintaa.",
    "Hankkeen tausta on pitkä ja monipuolinen, ja siinä käsitellään monia asioita kuten talous, "
    "henkilöstö, viestintä ja tilat. Tietosuojan riskit arvioidaan vuosittain.",
]


def _index(version: str = "1") -> tuple[LexicalIndex, Analyzer]:
    a = Analyzer(morphology="snowball")
    ids = [f"c{i}" for i in range(len(TEXTS))]
    metas = [{"doc_id": f"d{i}", "kind": "guidance"} for i in range(len(TEXTS))]
    return LexicalIndex.build(version, ids, TEXTS, metas, [a.tokens(t) for t in TEXTS], a.tokens), a


def test_scores_best_sentence_and_coverage() -> None:
    index, a = _index()
    chunk, best, coverage = index.search(a.query_tokens("tietosuojan riskit"))
    assert chunk[1] == best[1] == coverage[1] == 0  # no match
    assert chunk[2] > chunk[0] > 0
    assert 0 < coverage[0] < coverage[2] <= 1.0 + 1e-6
    # The long chunk's one precise sentence scores like a short passage would: the best sentence decides.
    assert best[2] >= chunk[2]
    assert index.idf(a.stem("tietosuoja")) > 0 and index.idf("jalkapallo") == 0.0
    assert index.knows(a.stem("mittarit")) and not index.knows("jalkapallo")
    empty = index.search(a.query_tokens("jalkapallo"))
    assert all(not arr.any() for arr in empty)


def test_saved_index_loads_with_the_same_results(tmp_path: Path) -> None:
    index, a = _index("42")
    folder = index_folder(tmp_path, "embedded/knowledge/m", "42", a.signature)
    index.save(folder)
    loaded = LexicalIndex.load(folder)
    assert loaded is not None and loaded.version == "42" and loaded.ids == index.ids
    assert loaded.metas == index.metas and loaded.texts == index.texts
    query = a.query_tokens("tietosuojan riskit")
    for got, want in zip(loaded.search(query), index.search(query), strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-6)
    index.save(folder)  # a second writer of the same version: the first copy stays, nothing breaks
    assert LexicalIndex.load(folder) is not None


def test_sentence_vectors_are_saved_with_the_index(tmp_path: Path) -> None:
    index, a = _index("7")
    index.sentence_vectors = np.eye(3, 4, dtype=np.float32)
    index.sentence_vector_chunk = np.array([0, 0, 2], dtype=np.int32)
    folder = index_folder(tmp_path, "embedded/knowledge/m", "7", a.signature)
    index.save(folder)
    loaded = LexicalIndex.load(folder)
    assert loaded is not None
    np.testing.assert_array_equal(loaded.sentence_vectors, index.sentence_vectors)
    assert loaded.sentence_vector_chunk.tolist() == [0, 0, 2]


def test_versions_are_kept_apart_and_old_ones_pruned(tmp_path: Path) -> None:
    a = Analyzer(morphology="snowball")
    old = index_folder(tmp_path, "embedded/knowledge/m", "1", a.signature)
    new = index_folder(tmp_path, "embedded/knowledge/m", "2", a.signature)
    other = index_folder(tmp_path, "embedded/other/m", "1", a.signature)
    assert len({old, new, other}) == 3
    assert index_folder(tmp_path, "embedded/knowledge/m", "1", "voikko") != old  # another analyser
    for version, folder in (("1", old), ("2", new), ("1", other)):
        _index(version)[0].save(folder)
    prune(tmp_path, new)
    assert new.exists() and other.exists() and not old.exists()


def test_unreadable_or_foreign_folders_are_ignored(tmp_path: Path) -> None:
    assert LexicalIndex.load(tmp_path / "missing") is None
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "corpus.json").write_text("{not json", encoding="utf-8")
    assert LexicalIndex.load(broken) is None
    (broken / "corpus.json").write_text('{"format": 0}', encoding="utf-8")
    assert LexicalIndex.load(broken) is None


def test_empty_and_wordless_corpora_search_to_nothing() -> None:
    a = Analyzer(morphology="snowball")
    empty = LexicalIndex.build("1", [], [], [], [], a.tokens)
    assert [len(x) for x in empty.search(["tieto"])] == [0, 0, 0]
    wordless = LexicalIndex.build("1", ["c"], ["!!"], [{}], [[]], a.tokens)
    assert all(not x.any() for x in wordless.search(["tieto", "\x00"]))
