"""The answerability model: a logistic regression over the features of retrieval/refusal_features.py that
gives the probability that the passages found can answer a person's question. Below
Settings.answerable_min_probability the question is refused ("not found") instead of answered with
passages about something near it.

It is trained at build time (`make refusal-model`: `python -m assistant.retrieval.refusal_build`, with
scikit-learn from the dev extra) on questions written blind from the corpus documents: the blind training
files, half of them ones the corpus cannot answer (`refusal_training_blind*.yaml`), and the blind retrieval
evaluation's development splits (`evals/retrieval/blind/*dev.yaml`: questions as people ask them, most of
them answerable), never on a test split. Because the dev splits are training data, the model's held-out
figures are those of `refusal_build --folds` (each file read by a model trained on the other files). The
weights ship as data in
`refusal_model.json` (feature names, their mean and spread, coefficients) with the digest of what they were
trained from; tests/retrieval/test_refusal_model.py fails while they are stale. Inference is a dot product:
no scikit-learn at run time.

Besides the features, the model reads the question's own embedding (the vector the search already made):
a linear term over it learns what kind of thing a question asks for (a vendor, a cost, a person's address,
how something turned out) that documents of this kind seldom record, whatever its topic. Those weights
belong to one embedding model (`embedding` in the JSON); with another model, or without a vector, the
term is left out.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from assistant.retrieval import refusal_features
from assistant.runtime.linear import files_digest

_HERE = Path(__file__).parent
TRAINING_FILE = _HERE / "refusal_training_blind.yaml"
_DEV_SPLITS = _HERE.parents[1] / "evals" / "retrieval" / "blind"
TRAINING_FILES = {  # every file of questions written blind, by a short name
    "old": TRAINING_FILE,
    "train9": _HERE / "refusal_training_blind9.yaml",
    "train10": _HERE / "refusal_training_blind10.yaml",
    **{
        name: _DEV_SPLITS / f"{name}.yaml"
        for name in ("dev", "holdout_dev", "fresh_dev", "fourth_dev", "fifth_dev", "sixth_dev")
    },
}
MODEL_PATH = _HERE / "refusal_model.json"
# What the features are made of besides the training questions: their code and the cue words of the
# answer types and details.
FEATURE_SOURCES = (
    _HERE / "refusal_features.py",
    _HERE / "answer_details.py",
    _HERE / "answer_types.yaml",
)


def training_digest() -> str:
    """What the shipped weights must have been trained from: the training questions, the features' version
    and names, and their sources."""
    return files_digest(
        refusal_features.VERSION,
        [*TRAINING_FILES.values(), *FEATURE_SOURCES],
        *refusal_features.FEATURES,
    )


@dataclass(frozen=True)
class RefusalModel:
    names: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float
    info: dict[str, object]
    query_coef: tuple[float, ...] = field(default=())  # over the question's embedding (may be empty)
    embedding: str = ""  # the embedding model `query_coef` belongs to

    def probability(
        self,
        features: dict[str, float],
        query: Sequence[float] | np.ndarray | None = None,
        embedding: str = "",
    ) -> float:
        """Probability that the question is answerable from the passages found; `query` is the question's
        vector by the embedding model named `embedding` (read when the weights belong to that model)."""
        z = self.intercept
        for name, mean, scale, coef in zip(self.names, self.mean, self.scale, self.coef, strict=True):
            z += coef * (features.get(name, 0.0) - mean) / scale
        if self.reads_query(embedding) and query is not None and len(query) == len(self.query_coef):
            z += float(np.dot(np.asarray(self.query_coef), np.asarray(query, dtype=np.float64)))
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))

    def reads_query(self, embedding: str) -> bool:
        """The weights have a term over question vectors of this embedding model."""
        return bool(self.query_coef) and embedding == self.embedding

    def to_json(self) -> dict[str, object]:
        return {
            "features": list(self.names),
            "mean": list(self.mean),
            "scale": list(self.scale),
            "coef": list(self.coef),
            "intercept": self.intercept,
            "query_coef": list(self.query_coef),
            "embedding": self.embedding,
            **self.info,
        }

    def save(self, path: Path = MODEL_PATH) -> None:
        path.write_text(json.dumps(self.to_json(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

    @classmethod
    def read(cls, path: Path = MODEL_PATH) -> RefusalModel | None:
        if not path.is_file():
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
        keys = ("features", "mean", "scale", "coef", "intercept", "query_coef", "embedding")
        return cls(
            tuple(data["features"]),
            tuple(float(v) for v in data["mean"]),
            tuple(float(v) for v in data["scale"]),
            tuple(float(v) for v in data["coef"]),
            float(data["intercept"]),
            {k: v for k, v in data.items() if k not in keys},
            tuple(float(v) for v in data.get("query_coef", ())),
            str(data.get("embedding", "")),
        )


@lru_cache(maxsize=1)
def shipped() -> RefusalModel | None:
    """The shipped model (None before it was ever built: the retriever then uses the rules alone)."""
    return RefusalModel.read()
