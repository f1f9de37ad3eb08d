"""Build step of `runtime/linear.py` (never imported at run time): the buckets seen in training, their
smoothed idf, and a logistic regression (scikit-learn, the `dev` extra) on the sparse matrix of the same
features the shipped model reads.

    model = fit([{"c": [...], "t": [...]}, …], labels, groups={"c": 1.0, "t": 1.0}, dim=1 << 24, c=4.0)
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from assistant.runtime.linear import Features, LinearModel, buckets


def fit(
    docs: Sequence[Features],
    labels: Sequence[str],
    *,
    groups: dict[str, float | None],
    dim: int,
    c: float,
    idf: bool = True,
    sublinear: bool = True,
    max_iter: int = 3000,
) -> LinearModel:
    """Multinomial logistic regression (L2, inverse strength `c`) over hashed features."""
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    seen = [
        np.unique(np.concatenate([buckets(g, names, dim) for g, names in doc.items()] or [np.zeros(0)]))
        for doc in docs
    ]
    rows = np.unique(np.concatenate(seen)).astype(np.int64)
    if idf:  # scikit-learn's smooth idf: ln((1 + n) / (1 + df)) + 1
        df = np.zeros(len(rows))
        for found in seen:
            df[np.searchsorted(rows, found)] += 1
        scale = np.log((1 + len(docs)) / (1 + df)) + 1
    else:
        scale = np.ones(len(rows))
    empty = np.zeros((len(rows), 0), dtype=np.float32)
    model = LinearModel(  # the vocabulary alone: how the shipped model will read each document
        (), rows, empty, np.zeros(0), scale, groups=groups, dim=dim, sublinear=sublinear
    )
    indptr, indices, data = [0], [], []
    for doc in docs:
        at, values = model.vector(doc)
        indices.append(at)
        data.append(values)
        indptr.append(indptr[-1] + len(at))
    x = csr_matrix((np.concatenate(data), np.concatenate(indices), indptr), shape=(len(docs), len(rows)))
    regression = LogisticRegression(C=c, max_iter=max_iter)
    regression.fit(x, list(labels))
    classes = tuple(str(k) for k in regression.classes_)
    coef, intercept = np.asarray(regression.coef_), np.asarray(regression.intercept_)
    if len(classes) == 2:  # binary: one coefficient row for the second class; softmax over (-z/2, z/2)
        coef = np.vstack([-coef / 2, coef / 2])
        intercept = np.array([-intercept[0] / 2, intercept[0] / 2])
    return LinearModel(
        labels=classes,
        rows=rows,
        weights=coef.T.astype(np.float32),
        bias=intercept.astype(np.float32),
        scale=scale.astype(np.float32),
        groups=groups,
        dim=dim,
        sublinear=sublinear,
    )
