"""Build step of the facet model (never imported at run time; needs the `dev` extra: scikit-learn).

    python -m assistant.review.facet_build            # or: make facet-model (writes the shipped weights)
    python -m assistant.review.facet_build --folds 5  # 5-fold accuracy on the training questions

The rule signals are read as at run time, without a plan (the training questions name none)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from assistant.review.facet_model import (
    DIM,
    GROUPS,
    META_PATH,
    MODEL_PATH,
    C,
    FacetModel,
    features,
    training_digest,
    training_rows,
)
from assistant.review.interpret import OfflineInterpreter
from assistant.runtime.linear import LinearModel
from assistant.runtime.linear_fit import fit
from assistant.template.spec import load_template


def interpreter() -> OfflineInterpreter:
    return OfflineInterpreter(load_template(), embeddings=None)


def plan_part(reader: OfflineInterpreter, text: str) -> str:
    """A mixed training question's plan part (what the model reads at run time after the split), else the
    question whole: a mixed question is listed under its plan part's facet."""
    parts = reader.decomposer.split(text)
    return parts.plan if parts is not None else text


def train(reader: OfflineInterpreter, rows: Sequence[tuple[str, str]], c: float = C) -> LinearModel:
    texts = [plan_part(reader, text) for _, text in rows]
    docs = [features(reader.analyzer, text, reader.signals(text)) for text in texts]
    return fit(docs, [facet for facet, _ in rows], groups=GROUPS, dim=DIM, c=c)


def cross_validate(reader: OfflineInterpreter, folds: int = 5, c: float = C) -> float:
    """Accuracy of each `folds`-th training question (by position within its facet) read by a model
    trained on the rest."""
    rows = training_rows(reader.vocabulary)
    position: dict[str, int] = {}
    fold_of = []
    for facet, _ in rows:
        fold_of.append(position.get(facet, 0) % folds)
        position[facet] = position.get(facet, 0) + 1
    right = 0
    for fold in range(folds):
        kept = [r for r, f in zip(rows, fold_of, strict=True) if f != fold]
        model = FacetModel(reader.analyzer, reader.signals, train(reader, kept, c))
        for (facet, text), f in zip(rows, fold_of, strict=True):
            if f == fold:
                probs = model.probabilities(plan_part(reader, text))
                right += max(probs, key=probs.__getitem__) == facet
    return right / len(rows)


def main(argv: list[str] | None = None) -> int:  # pragma: no cover - a maintenance command
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=0, help="k-fold accuracy (writes nothing)")
    parser.add_argument("--c", type=float, default=C, help="inverse regularisation")
    args = parser.parse_args(argv)
    reader = interpreter()
    if args.folds:
        print(f"{args.folds}-fold accuracy:", round(cross_validate(reader, args.folds, args.c), 3))
        return 0
    rows = training_rows(reader.vocabulary)
    model = train(reader, rows, args.c)
    model.save(MODEL_PATH, META_PATH, training_digest(), rows=len(rows), c=args.c)
    print(f"written {MODEL_PATH.name} ({len(rows)} questions, {len(model.rows)} buckets)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
