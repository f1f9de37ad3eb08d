"""Build step of the answerability model (never imported at run time; needs the `dev` extra: scikit-learn).

    python -m assistant.retrieval.refusal_build            # or: make refusal-model (writes the weights)
    python -m assistant.retrieval.refusal_build --folds 5  # held-out figures on the training questions

The training questions (every file of TRAINING_FILES: answerable ones with the document that answers them,
and ones the corpus cannot answer) are searched over the default corpus, indexed in a temporary folder
with the shipped vectors, and each search's features (retrieval/refusal_features.py) are read as the
retriever reads them at run time. Held-out figures keep a near-pair (an answerable question and its
unanswerable twin, marked "# pair" in the files) in one fold, and also read each file by a model trained
on the others.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from assistant.datafile import read_yaml
from assistant.retrieval.refusal_features import FEATURES, typed_answer
from assistant.retrieval.refusal_model import MODEL_PATH, TRAINING_FILES, RefusalModel, training_digest

C = 0.3  # inverse regularisation, chosen by cross-validation on the training questions only
# The question's embedding enters unstandardised, times this weight (a larger one regularises it less than
# the features); chosen like C.
QUERY_WEIGHT = 10.0


_PAIR = re.compile(r"^#\s*pair:?\s*(\S+)", re.IGNORECASE)


def training_rows() -> list[tuple[str, bool]]:
    """(question, answerable) of every training file."""
    return [(question, answerable) for question, answerable, _ in grouped_rows()]


def grouped_rows() -> list[tuple[str, bool, str]]:
    """(question, answerable, group) of every training file. A group is a near-pair or one question: a
    "# pair N" line marks the next two questions when its label appears once in the file, the next one
    when it appears twice (each twin marked)."""
    rows: list[tuple[str, bool, str]] = []
    for name, path in TRAINING_FILES.items():
        lines = path.read_text(encoding="utf-8").splitlines()
        labels = [m.group(1) for line in lines if (m := _PAIR.match(line.strip()))]
        marks: list[str | None] = []  # the pair label of each question, in order
        pending: list[str] = []
        for line in lines:
            if m := _PAIR.match(line.strip()):
                label = m.group(1)
                pending = [label] * (1 if labels.count(label) > 1 else 2)
            elif line.startswith("- "):
                marks.append(pending.pop(0) if pending else None)
        questions = (read_yaml(path) or {})["questions"]
        for n, (q, mark) in enumerate(zip(questions, marks, strict=True)):
            group = f"{name}:pair {mark}" if mark else f"{name}:{n}"
            rows.append((str(q["question"]), bool(q["answerable"]), group))
    return rows


@dataclass(frozen=True)
class Inputs:
    """The model's inputs of each training question: its features, its embedding and the model's name;
    and whether it passes the rule checks (the model only judges those)."""

    x: np.ndarray
    vectors: np.ndarray
    embedding: str
    checks: np.ndarray
    typed: np.ndarray  # asks a typed answer (ANSWERABILITY=typed asks the model only about these)


def feature_matrix(questions: Sequence[str], data_dir: Path) -> Inputs:
    """The features and embedding of each question, searched over the default corpus indexed in
    `data_dir`."""
    from assistant.services import build_knowledge_base
    from assistant.settings import Settings

    kb = build_knowledge_base(Settings(data_dir=data_dir, answerability="rules"))
    kb.indexer.sync()
    rows, vectors, checks, typed = [], [], [], []
    for question in questions:
        found, vector = kb.retriever.answerability_inputs(question)
        rows.append([found[name] for name in FEATURES])
        vectors.append(vector)
        checks.append(bool(kb.retriever.search(question, k=5).hits))
        typed.append(typed_answer(question))
    return Inputs(
        np.asarray(rows, dtype=np.float64),
        np.asarray(vectors, dtype=np.float64),
        kb.embeddings.name,
        np.asarray(checks, dtype=bool),
        np.asarray(typed, dtype=bool),
    )


def fit(inputs: Inputs, y: Sequence[bool], c: float = C, weight: float = QUERY_WEIGHT) -> RefusalModel:
    """Logistic regression over the standardised features and (`weight` > 0) the question's embedding."""
    from sklearn.linear_model import LogisticRegression

    x = inputs.x
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    design = (x - mean) / scale
    if weight:
        design = np.hstack([design, inputs.vectors * weight])
    regression = LogisticRegression(C=c, max_iter=5000, class_weight="balanced")
    regression.fit(design, [int(v) for v in y])
    coef = regression.coef_[0]
    n = len(FEATURES)
    return RefusalModel(
        FEATURES,
        tuple(float(v) for v in mean),
        tuple(float(v) for v in scale),
        tuple(float(v) for v in coef[:n]),
        float(regression.intercept_[0]),
        {},
        tuple(float(v) * weight for v in coef[n:]),
        inputs.embedding if weight else "",
    )


def _subset(inputs: Inputs, rows: np.ndarray) -> Inputs:
    return Inputs(
        inputs.x[rows], inputs.vectors[rows], inputs.embedding, inputs.checks[rows], inputs.typed[rows]
    )


def _figures(labels: np.ndarray, predicted: np.ndarray) -> dict[str, float]:
    return {
        "answered": round(float(predicted[labels].mean()), 3),
        "refused": round(float((~predicted[~labels]).mean()), 3),
    }


def held_out_probability(
    inputs: Inputs, y: Sequence[bool], folds: np.ndarray, c: float = C, weight: float = QUERY_WEIGHT
) -> np.ndarray:
    """Each question's probability by a model trained on the other folds."""
    labels = np.asarray(y, dtype=bool)
    out = np.zeros(len(labels))
    for fold in np.unique(folds):
        train = folds != fold
        model = fit(_subset(inputs, train), list(labels[train]), c, weight)
        for n in np.flatnonzero(~train):
            features = dict(zip(FEATURES, inputs.x[n], strict=True))
            out[n] = model.probability(features, inputs.vectors[n], inputs.embedding)
    return out


def held_out(
    inputs: Inputs,
    y: Sequence[bool],
    folds: np.ndarray,
    c: float = C,
    threshold: float = 0.5,
    weight: float = QUERY_WEIGHT,
) -> np.ndarray:
    """Whether each question is answered at `threshold` by a model trained on the other folds."""
    return held_out_probability(inputs, y, folds, c, weight) >= threshold


def group_folds(groups: Sequence[str], folds: int) -> np.ndarray:
    """A fold for each row, whole groups dealt to folds in turn (a near-pair is never split)."""
    order = {g: n % folds for n, g in enumerate(dict.fromkeys(groups))}
    return np.asarray([order[g] for g in groups])


def cross_validate(
    inputs: Inputs, y: Sequence[bool], folds: int, c: float = C, weight: float = QUERY_WEIGHT
) -> dict[str, float]:
    """Held-out figures at probability 0.5, questions dealt to folds in turn."""
    predicted = held_out(inputs, y, np.arange(len(y)) % folds, c, 0.5, weight)
    return _figures(np.asarray(y, dtype=bool), predicted)


def report(
    inputs: Inputs,
    y: Sequence[bool],
    groups: Sequence[str],
    folds: int,
    c: float,
    t: float,
    weight: float = QUERY_WEIGHT,
) -> None:
    """Held-out figures at probability `t`: folds by near-pair over all files, and each file read by a
    model trained on the other files: the model alone, after the rule checks (ANSWERABILITY=model), only
    for questions asking a typed answer (typed), and the rule checks alone (rules)."""
    labels = np.asarray(y, dtype=bool)
    by_pair = held_out(inputs, y, group_folds(groups, folds), c, t, weight)
    print(f"p >= {t}: {folds} folds by near-pair:", _figures(labels, by_pair))
    files = np.asarray([g.split(":")[0] for g in groups])
    by_file = held_out(inputs, y, files, c, t, weight)
    decided = by_file & inputs.checks
    typed = (by_file | ~inputs.typed) & inputs.checks
    for name in TRAINING_FILES:
        mine = files == name
        print(
            f"  {name}, trained on the other files:",
            _figures(labels[mine], by_file[mine]),
            "with the checks:",
            _counts(labels[mine], decided[mine]),
            "typed only:",
            _counts(labels[mine], typed[mine]),
            "checks alone:",
            _counts(labels[mine], inputs.checks[mine]),
        )


def _counts(labels: np.ndarray, answered: np.ndarray) -> str:
    kept, refused = int(answered[labels].sum()), int((~answered[~labels]).sum())
    return f"answered {kept}/{int(labels.sum())}, refused {refused}/{int((~labels).sum())}"


def main(argv: list[str] | None = None) -> int:  # pragma: no cover - a maintenance command
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=0, help="k-fold figures (writes nothing)")
    parser.add_argument("--c", type=float, default=C, help="inverse regularisation")
    parser.add_argument("--weight", type=float, default=QUERY_WEIGHT, help="the embedding's weight (0: off)")
    parser.add_argument("--threshold", type=float, default=0.2, help="also report at this probability")
    args = parser.parse_args(argv)
    rows = grouped_rows()
    with tempfile.TemporaryDirectory(prefix="refusal-build-") as tmp:
        inputs = feature_matrix([q for q, _, _ in rows], Path(tmp))
    y = [a for _, a, _ in rows]
    if args.folds:
        for t in (0.5, args.threshold):
            report(inputs, y, [g for _, _, g in rows], args.folds, args.c, t, args.weight)
        return 0
    model = fit(inputs, y, args.c, args.weight)
    info = {
        "digest": training_digest(),
        "rows": len(rows),
        "answerable": sum(y),
        "c": args.c,
        "query_weight": args.weight,
    }
    replace(model, info=info).save(MODEL_PATH)
    print(f"written {MODEL_PATH.name} ({len(rows)} questions)")
    for name, coef in sorted(zip(model.names, model.coef, strict=True), key=lambda t: -abs(t[1])):
        print(f"  {name:22} {coef:+.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
