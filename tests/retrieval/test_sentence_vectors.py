"""Sentence-level dense scoring: shipped sentence vectors, the chunk vector as a fallback, best per chunk."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assistant.retrieval import sentence_vectors
from assistant.retrieval.sentence_vectors import best_cosine, build, sentence_texts

TEXTS = [
    "Ensimmäinen lause on tässä. Toinen lause kertoo muuta.",
    "Ladattu asiakirja, jonka lauseilla ei ole vektoria.",
]


def _unit(*values: float) -> np.ndarray:
    v = np.array(values, dtype=np.float32)
    return v / np.linalg.norm(v)


def test_sentences_of_chunks_are_the_lexical_sides_units() -> None:
    assert sentence_texts(TEXTS[:1]) == ["Ensimmäinen lause on tässä.", "Toinen lause kertoo muuta."]


def test_shipped_sentences_get_their_vectors_and_other_chunks_their_chunk_vector(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shipped = {"Ensimmäinen lause on tässä.": _unit(1, 0), "Toinen lause kertoo muuta.": _unit(0, 1)}
    monkeypatch.setattr(
        sentence_vectors, "lookup", lambda model, texts, folder: [shipped.get(t) for t in texts]
    )
    vectors, owner = build(TEXTS, {0: _unit(1, 1), 1: _unit(1, -1)}, "model", Path("."))
    assert owner.tolist() == [0, 0, 1]
    assert np.allclose(vectors[2], _unit(1, -1))  # the upload: its chunk vector


def test_the_best_sentence_decides_and_a_chunk_without_vectors_scores_minus_one() -> None:
    vectors = np.vstack([_unit(1, 0), _unit(0, 1), _unit(1, 1)])
    owner = np.array([0, 0, 1], dtype=np.int32)
    best = best_cosine(vectors, owner, _unit(0, 1), 3)
    assert best[0] == pytest.approx(1.0)  # the second sentence of chunk 0
    assert best[1] == pytest.approx(float(_unit(1, 1) @ _unit(0, 1)))
    assert best[2] == -1.0
    assert (
        best_cosine(np.zeros((0, 0), dtype=np.float32), np.zeros(0, dtype=np.int32), _unit(1, 0), 2) == -1
    ).all()
