"""Build step of the answerability model (never imported at run time; needs the `dev` extra: scikit-learn).

    python -m assistant.retrieval.refusal_build            # or: make refusal-model (writes the weights)
    python -m assistant.retrieval.refusal_build --folds 5  # 5-fold figures on the training questions

The training questions (`refusal_training_blind.yaml`: answerable ones with the document that answers them,
and ones the corpus cannot answer) are searched over the default corpus, indexed in a temporary folder
with the shipped vectors, and each search's features (retrieval/refusal_features.py) are read as the
retriever reads them at run time."""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from assistant.datafile import read_yaml
from assistant.retrieval.refusal_features import FEATURES
from assistant.retrieval.refusal_model import MODEL_PATH, TRAINING_FILE, RefusalModel, training_digest

C = 0.3  # inverse regularisation, chosen by cross-validation on the training questions only


def training_rows(path: Path = TRAINING_FILE) -> list[tuple[str, bool]]:
    """(question, answerable) of the training file."""
    data = read_yaml(path) or {}
    return [(str(q["question"]), bool(q["answerable"])) for q in data["questions"]]


def feature_matrix(questions: Sequence[str], data_dir: Path) -> np.ndarray:
    """The features of each question, searched over the default corpus indexed in `data_dir`."""
    from assistant.services import build_knowledge_base
    from assistant.settings import Settings

    kb = build_knowledge_base(Settings(data_dir=data_dir))
    kb.indexer.sync()
    rows = []
    for question in questions:
        found = kb.retriever.answerability_features(question)
        rows.append([found[name] for name in FEATURES])
    return np.asarray(rows, dtype=np.float64)


def fit(x: np.ndarray, y: Sequence[bool], c: float = C) -> RefusalModel:
    from sklearn.linear_model import LogisticRegression

    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    regression = LogisticRegression(C=c, max_iter=5000, class_weight="balanced")
    regression.fit((x - mean) / scale, [int(v) for v in y])
    return RefusalModel(
        FEATURES,
        tuple(float(v) for v in mean),
        tuple(float(v) for v in scale),
        tuple(float(v) for v in regression.coef_[0]),
        float(regression.intercept_[0]),
        {},
    )


def cross_validate(x: np.ndarray, y: Sequence[bool], folds: int, c: float = C) -> dict[str, float]:
    """Answered-when-answerable and refused-when-not at probability 0.5, each fold read by a model
    trained on the others (questions dealt to folds in turn)."""
    labels = np.asarray(y, dtype=bool)
    predicted = np.zeros(len(labels), dtype=bool)
    fold_of = np.arange(len(labels)) % folds
    for fold in range(folds):
        train = fold_of != fold
        model = fit(x[train], list(labels[train]), c)
        for n in np.flatnonzero(~train):
            predicted[n] = model.probability(dict(zip(FEATURES, x[n], strict=True))) >= 0.5
    return {
        "answered": round(float(predicted[labels].mean()), 3),
        "refused": round(float((~predicted[~labels]).mean()), 3),
    }


def main(argv: list[str] | None = None) -> int:  # pragma: no cover - a maintenance command
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=0, help="k-fold figures (writes nothing)")
    parser.add_argument("--c", type=float, default=C, help="inverse regularisation")
    args = parser.parse_args(argv)
    rows = training_rows()
    with tempfile.TemporaryDirectory(prefix="refusal-build-") as tmp:
        x = feature_matrix([q for q, _ in rows], Path(tmp))
    y = [a for _, a in rows]
    if args.folds:
        print(f"{args.folds}-fold:", cross_validate(x, y, args.folds, args.c))
        return 0
    model = fit(x, y, args.c)
    info = {"digest": training_digest(), "rows": len(rows), "answerable": sum(y), "c": args.c}
    RefusalModel(model.names, model.mean, model.scale, model.coef, model.intercept, info).save(MODEL_PATH)
    print(f"written {MODEL_PATH.name} ({len(rows)} questions)")
    for name, coef in sorted(zip(model.names, model.coef, strict=True), key=lambda t: -abs(t[1])):
        print(f"  {name:22} {coef:+.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
