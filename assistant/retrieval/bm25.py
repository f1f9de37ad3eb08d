"""Okapi BM25 over analysed tokens, with a query-coverage measure used as a relevance signal."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence


class BM25Index:
    def __init__(self, docs: Sequence[list[str]], k1: float = 1.2, b: float = 0.75) -> None:
        self.k1, self.b = k1, b
        self.n = len(docs)
        self.lengths = [len(d) for d in docs]
        self.avgdl = (sum(self.lengths) / self.n) if self.n else 0.0
        self.postings: dict[str, list[tuple[int, int]]] = {}
        for i, doc in enumerate(docs):
            for term, tf in Counter(doc).items():
                self.postings.setdefault(term, []).append((i, tf))
        self.idf = {
            t: math.log(1 + (self.n - len(p) + 0.5) / (len(p) + 0.5)) for t, p in self.postings.items()
        }

    def search(self, query: list[str], allowed: set[int] | None = None) -> dict[int, tuple[float, float]]:
        """doc index -> (BM25 score, coverage = share of the query's IDF mass the doc matches)."""
        terms = list(dict.fromkeys(query))
        # Unknown terms still count in the denominator: a query of unknown words matches nothing well.
        unknown_idf = math.log(1 + (self.n + 0.5) / 0.5) if self.n else 1.0
        total_idf = sum(self.idf.get(t, unknown_idf) for t in terms) or 1.0
        scores: dict[int, float] = {}
        covered: dict[int, float] = {}
        for term in terms:
            idf = self.idf.get(term)
            if idf is None:
                continue
            for doc, tf in self.postings[term]:
                if allowed is not None and doc not in allowed:
                    continue
                norm = tf + self.k1 * (1 - self.b + self.b * self.lengths[doc] / self.avgdl)
                scores[doc] = scores.get(doc, 0.0) + idf * tf * (self.k1 + 1) / norm
                covered[doc] = covered.get(doc, 0.0) + idf
        return {d: (s, covered[d] / total_idf) for d, s in scores.items()}
