"""A linear softmax classifier over hashed sparse features whose weights ship with the package: inference
is numpy only (no scikit-learn, no scipy at run time), the weights are written by a build step
(`runtime/linear_fit.py`, e.g. `make facet-model`) together with a meta JSON holding the digest of what
they were trained from, and a test compares that digest with the current one (stale weights fail).

A message's features come in named groups (`{"c": char n-grams, "t": word stems, …}`); each name is
hashed (crc32, stable across processes) into `dim` buckets. In a group a repeated feature counts
`1 + log(count)` (`sublinear`) or once, times the bucket's `scale` (an idf, learned at build time), and the
group is an l2-unit vector times its weight (a long message is not more certain); a group whose weight
is None is left unnormalised. Buckets never seen in training are left out, as a fitted vocabulary would.

    model = LinearModel.load(path)
    model.probabilities({"c": char_ngrams(text), "t": tokens})  # {"label": p, …}
"""

from __future__ import annotations

import hashlib
import json
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

Features = Mapping[str, list[str]]  # group name -> feature names of one message


def buckets(group: str, names: Iterable[str], dim: int) -> np.ndarray:
    """Stable bucket of each `group:name` (crc32: the same in every process, unlike `hash`)."""
    prefix = group + ":"
    return np.fromiter((zlib.crc32((prefix + n).encode("utf-8")) % dim for n in names), dtype=np.int64)


def char_ngrams(text: str, low: int = 2, high: int = 4) -> list[str]:
    """Character n-grams inside word boundaries of the lower-cased text (each word padded with spaces;
    a word shorter than n gives itself once): scikit-learn's `char_wb` analyzer."""
    out: list[str] = []
    for word in text.lower().split():
        padded = f" {word} "
        for n in range(low, high + 1):
            out += [padded[i : i + n] for i in range(max(1, len(padded) - n + 1))]
            if len(padded) <= n:
                break
    return out


def files_digest(version: str, paths: Iterable[Path], *extra: str) -> str:
    """Digest of a feature version, files (by name and content) and further strings: what weights were
    trained from."""
    digest = hashlib.sha256(version.encode("utf-8"))
    for path in paths:
        digest.update(path.name.encode("utf-8"))
        digest.update(path.read_bytes())
    for text in extra:
        digest.update(text.encode("utf-8"))
    return digest.hexdigest()


def shipped_digest(meta: Path) -> str | None:
    """The digest written beside shipped weights (None when they were never built)."""
    if not meta.exists():
        return None
    return str(json.loads(meta.read_text(encoding="utf-8")).get("digest"))


@dataclass(frozen=True)
class LinearModel:
    labels: tuple[str, ...]
    rows: np.ndarray  # sorted buckets that have weights
    weights: np.ndarray  # len(rows) x len(labels)
    bias: np.ndarray
    scale: np.ndarray  # per row: a feature's factor (idf; ones when none)
    groups: dict[str, float | None]  # group -> weight of its unit vector (None: not normalised)
    dim: int
    sublinear: bool = True
    info: dict[str, object] = field(default_factory=dict, compare=False)

    def vector(self, features: Features) -> tuple[np.ndarray, np.ndarray]:
        """(rows, values) of a message's features."""
        rows: list[np.ndarray] = []
        values: list[np.ndarray] = []
        for group, names in features.items():
            if group not in self.groups:
                raise ValueError(f"unknown feature group {group!r}")
            found, counts = np.unique(buckets(group, names, self.dim), return_counts=True)
            at = np.searchsorted(self.rows, found)
            known = at < len(self.rows)
            known[known] = self.rows[at[known]] == found[known]
            at, counts = at[known], counts[known]
            tf = 1.0 + np.log(counts) if self.sublinear else np.ones(len(counts))
            value = tf * self.scale[at]
            weight = self.groups[group]
            if weight is not None and len(value):
                value = weight * value / max(float(np.linalg.norm(value)), 1e-12)
            rows.append(at)
            values.append(value.astype(np.float32))
        if not rows:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        return np.concatenate(rows), np.concatenate(values)

    def probabilities(self, features: Features) -> dict[str, float]:
        """Softmax over the labels."""
        rows, values = self.vector(features)
        logits = values @ self.weights[rows] + self.bias
        exps = np.exp(logits - logits.max())
        probs = exps / exps.sum()
        return {label: float(p) for label, p in zip(self.labels, probs, strict=True)}

    def save(self, path: Path, meta: Path, digest: str, **info: object) -> None:
        np.savez_compressed(
            path,
            labels=np.array(self.labels),
            rows=self.rows.astype(np.int64),
            weights=self.weights.astype(np.float32),
            bias=self.bias.astype(np.float32),
            scale=self.scale.astype(np.float32),
        )
        data = {
            "digest": digest,
            "dim": self.dim,
            "groups": self.groups,
            "sublinear": self.sublinear,
            **self.info,
            **info,
        }
        meta.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path, meta: Path) -> LinearModel | None:
        """The shipped model (None when it was never built)."""
        if not path.exists() or not meta.exists():
            return None
        settings = json.loads(meta.read_text(encoding="utf-8"))
        with np.load(path) as data:
            return cls(
                labels=tuple(str(label) for label in data["labels"]),
                rows=data["rows"],
                weights=data["weights"],
                bias=data["bias"],
                scale=data["scale"],
                groups=dict(settings["groups"]),
                dim=int(settings["dim"]),
                sublinear=bool(settings["sublinear"]),
            )
