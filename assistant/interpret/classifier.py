"""The trained intent model of the offline interpreter: a linear softmax classifier over hashed sparse
features (character n-grams and words of the spelling-repaired message, Voikko base forms, the moment's
field and what is shown, and the rules' own findings as features, not decisions) and, beside them, the
message's e5 vector as dense inputs (e5 reads paraphrase that no written n-gram covers; without a vector,
e.g. where no embedding model loads, the sparse part reads alone: training drops the vector from a share
of its rows, marked by the feature `emb:none`).

The weights are shipped in `data/intent_model.npz`; `data/intent_model.json` keeps the digest of the
training data and of the feature version they were trained from (`make intent-model` writes both, and
tests/interpret/test_classifier.py fails while they are stale: training data, feature code or rules
changed). Inference is numpy only."""

from __future__ import annotations

import hashlib
import json
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

_DATA = Path(__file__).with_name("data")
MODEL_PATH = _DATA / "intent_model.npz"
META_PATH = _DATA / "intent_model.json"
TRAINING_PATHS = tuple(sorted(_DATA.glob("training_*.yaml")))
DIM = 1 << 15  # hashed feature space
FEATURE_VERSION = "9"  # bump when how features are read changes outside FEATURE_SOURCES (e.g. here)
CHAR_WORDS = 30  # the opening words whose character n-grams are read (a long paste is content anyway)
# The e5 vector (unit length) times this: its weight beside the sparse features. Chosen on the held-out
# check (evals/understanding/heldout.py, 6,910 rows of blind groups): 0 (sparse only) .853, 3 .864,
# 6 .872, 10 .877, 15 .862.
DENSE_SCALE = 10.0
NO_VECTOR = "emb:none"  # the feature of a message read without its e5 vector
VECTOR_DROP = 0.2  # the share of training rows read without their vector (the sparse part learns alone too)


def hashed(names: Iterable[str]) -> np.ndarray:
    """Stable indices of feature names (crc32: the same in every process, unlike `hash`)."""
    return np.fromiter((zlib.crc32(n.encode("utf-8")) % DIM for n in names), dtype=np.int64)


# Groups of many features (n-grams, words, base forms) count as one unit vector times the group's weight
# (a long message is not read as more certain); every other feature (the moment, the rules' findings) is 1.
GROUP_WEIGHTS = {"c:": 0.8, "w:": 0.7, "b:": 0.5, "l:": 0.7}


def vectorise(features: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(indices, values) of a message's features; a repeated feature counts once."""
    unique = list(dict.fromkeys(features))
    sizes = {prefix: 0 for prefix in GROUP_WEIGHTS}
    for name in unique:
        if name[:2] in sizes:
            sizes[name[:2]] += 1
    values = np.array(
        [GROUP_WEIGHTS[name[:2]] / np.sqrt(sizes[name[:2]]) if name[:2] in sizes else 1.0 for name in unique],
        dtype=np.float32,
    )
    return hashed(unique), values


def char_ngrams(words: list[str], low: int = 2, high: int = 4) -> list[str]:
    out: list[str] = []
    for word in words[:CHAR_WORDS]:
        padded = f" {word} "
        for n in range(low, high + 1):
            out += ["c:" + padded[i : i + n] for i in range(len(padded) - n + 1)]
    return out


# What else the features are made of: their code and the rules' data (cues, spoken forms, name aliases).
FEATURE_SOURCES = (
    Path(__file__).with_name("features.py"),
    _DATA / "rules.yaml",
    _DATA / "colloquial.yaml",
    _DATA / "aliases.yaml",
    _DATA / "swedish_words.yaml",
)


def training_digest() -> str:
    """Digest of the training data, the feature code and data, and the feature version (what the shipped
    weights were made of)."""
    digest = hashlib.sha256(FEATURE_VERSION.encode("utf-8"))
    for path in (*TRAINING_PATHS, *FEATURE_SOURCES):
        digest.update(path.name.encode("utf-8"))
        digest.update(path.read_bytes())
    return digest.hexdigest()


@dataclass(frozen=True)
class IntentModel:
    intents: tuple[str, ...]
    weights: np.ndarray  # DIM x intents
    bias: np.ndarray
    dense: np.ndarray | None = None  # e5 dim x intents (None: a model of sparse features only)

    def probabilities(self, features: list[str], vector: np.ndarray | None = None) -> dict[str, float]:
        """Softmax over the intents for a message's features (each feature counts once) and its e5
        vector (None: read without it)."""
        if self.dense is not None and vector is None:
            features = [*features, NO_VECTOR]
        index, values = vectorise(features)
        logits = values @ self.weights[index] + self.bias
        if self.dense is not None and vector is not None:
            logits = logits + DENSE_SCALE * (np.asarray(vector, dtype=np.float32).reshape(-1) @ self.dense)
        logits = logits.astype(np.float64) - logits.max()  # float64: no probability above 1
        exps = np.exp(logits)
        probs = exps / exps.sum()
        return {intent: min(1.0, float(p)) for intent, p in zip(self.intents, probs, strict=True)}

    def save(self, path: Path = MODEL_PATH, meta: Path = META_PATH, **info: object) -> None:
        arrays: dict[str, np.ndarray] = {
            "weights": self.weights.astype(np.float16),
            "bias": self.bias,
            "intents": np.array(self.intents),
        }
        if self.dense is not None:
            arrays["dense"] = self.dense.astype(np.float32)
        np.savez_compressed(path, **arrays)  # type: ignore[arg-type]
        data = {"digest": training_digest(), "dim": DIM, **info}
        meta.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")


@lru_cache(maxsize=1)
def load_model(path: Path = MODEL_PATH) -> IntentModel | None:
    """The shipped model (None when it was never built)."""
    if not path.exists():
        return None
    with np.load(path) as data:
        return IntentModel(
            intents=tuple(str(i) for i in data["intents"]),
            weights=data["weights"].astype(np.float32),
            bias=data["bias"].astype(np.float32),
            dense=data["dense"].astype(np.float32) if "dense" in data.files else None,
        )


def shipped_digest() -> str | None:
    if not META_PATH.exists():
        return None
    return str(json.loads(META_PATH.read_text(encoding="utf-8")).get("digest"))


def train(
    rows: list[list[str]],
    labels: list[str],
    intents: tuple[str, ...],
    *,
    vectors: list[np.ndarray] | None = None,
    epochs: int = 10,
    l2: float = 3e-4,
    rate: float = 0.01,
    seed: int = 7,
) -> IntentModel:
    """Multinomial logistic regression by mini-batch Adam on the hashed features (balanced classes) and,
    given the rows' e5 `vectors`, on those as dense inputs (a share of rows without theirs)."""
    rng = np.random.default_rng(seed)
    k = len(intents)
    y = np.array([intents.index(label) for label in labels])
    dense_x: np.ndarray | None = None
    if vectors is not None:
        dropped = rng.random(len(rows)) < VECTOR_DROP
        rows = [[*r, NO_VECTOR] if drop else r for r, drop in zip(rows, dropped, strict=True)]
        dense_x = DENSE_SCALE * np.stack([np.asarray(v, dtype=np.float32).reshape(-1) for v in vectors])
        dense_x[dropped] = 0.0
    sparse = [vectorise(r) for r in rows]
    counts = np.bincount(y, minlength=k).astype(np.float64)
    # Rare intents count somewhat more, the answer (the commonest message and the costliest to misread:
    # content would be lost) as much as a typical intent, not less for being common.
    class_weight = (len(y) / (k * np.maximum(counts, 1))) ** 0.5
    if "answer" in intents:
        class_weight[intents.index("answer")] = float(np.median(class_weight))
    w = np.zeros((DIM, k), dtype=np.float32)
    b = np.zeros(k, dtype=np.float32)
    m_w, v_w = np.zeros_like(w), np.zeros_like(w)
    m_b, v_b = np.zeros_like(b), np.zeros_like(b)
    d = np.zeros((0 if dense_x is None else dense_x.shape[1], k), dtype=np.float32)
    m_d, v_d = np.zeros_like(d), np.zeros_like(d)
    step = 0
    batch = 64
    for _ in range(epochs):
        order = rng.permutation(len(rows))
        for start in range(0, len(order), batch):
            chosen = order[start : start + batch]
            logits = np.stack([sparse[i][1] @ w[sparse[i][0]] for i in chosen]) + b
            if dense_x is not None:
                logits += dense_x[chosen] @ d
            logits -= logits.max(axis=1, keepdims=True)
            probs = np.exp(logits)
            probs /= probs.sum(axis=1, keepdims=True)
            grad_logits = probs
            grad_logits[np.arange(len(chosen)), y[chosen]] -= 1.0
            grad_logits *= class_weight[y[chosen]][:, None] / len(chosen)
            touched = np.concatenate([sparse[i][0] for i in chosen])
            grad_w_rows = np.concatenate(
                [sparse[i][1][:, None] * grad_logits[j : j + 1] for j, i in enumerate(chosen)]
            )
            unique, inverse = np.unique(touched, return_inverse=True)
            grad = np.zeros((len(unique), k), dtype=np.float32)
            np.add.at(grad, inverse, grad_w_rows)
            grad += l2 * w[unique]
            step += 1
            m_w[unique] = 0.9 * m_w[unique] + 0.1 * grad
            v_w[unique] = 0.999 * v_w[unique] + 0.001 * grad**2
            m_hat = m_w[unique] / (1 - 0.9**step)
            v_hat = v_w[unique] / (1 - 0.999**step)
            w[unique] -= rate * m_hat / (np.sqrt(v_hat) + 1e-8)
            grad_b = grad_logits.sum(axis=0)
            m_b = 0.9 * m_b + 0.1 * grad_b
            v_b = 0.999 * v_b + 0.001 * grad_b**2
            b -= rate * (m_b / (1 - 0.9**step)) / (np.sqrt(v_b / (1 - 0.999**step)) + 1e-8)
            if dense_x is not None:
                grad_d = dense_x[chosen].T @ grad_logits + l2 * d
                m_d = 0.9 * m_d + 0.1 * grad_d
                v_d = 0.999 * v_d + 0.001 * grad_d**2
                d -= rate * (m_d / (1 - 0.9**step)) / (np.sqrt(v_d / (1 - 0.999**step)) + 1e-8)
    return IntentModel(intents=intents, weights=w, bias=b, dense=d if dense_x is not None else None)
