"""A small trained facet classifier for reviewer questions: a linear model (logistic regression) over the
question's character n-grams, its word stems with Voikko lemmas and compound parts (so inflections and
compounds meet), and the signals the rules read (cue groups hit, names and numbers found). It is trained on
the team's own questions (`facet_training.yaml`) and the facet examples of `facets.yaml`, never on an
evaluation item. The interpreter adds its probabilities to the e5 similarities and the rule bonuses, so no
single signal decides alone.

The weights ship in `facet_model.npz`, with `facet_model.json` holding the digest of the training data and
the feature version they were made from: `make facet-model` (`python -m assistant.review.facet_build`)
writes both, and tests/review/test_facet_model.py fails while they are stale. Inference is numpy only
(`assistant.runtime.linear`): no scikit-learn at run time.

    model = FacetModel(analyzer, signals=interpreter.signals)
    model.probabilities("Mitkä osa-alueet ovat vailla toimenpiteitä?")  # {"areas_without_actions": .6, …}
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from assistant.datafile import read_yaml
from assistant.retrieval.analyzer import Analyzer
from assistant.review.cues import FACETS_FILE, FacetVocabulary
from assistant.runtime.linear import Features, LinearModel, char_ngrams, files_digest

_HERE = Path(__file__).parent
TRAINING_FILE = _HERE / "facet_training.yaml"
# Questions written blind (from PRODUCT.md, the corpus and the facet names only), trained on too.
BLIND_TRAINING_FILE = _HERE / "facet_training_blind.yaml"
# A second blind-written set (train8), with mixed questions marked.
BLIND8_TRAINING_FILE = _HERE / "facet_training_blind8.yaml"
# A third blind-written set (train9), mixed questions marked the same way.
BLIND9_TRAINING_FILE = _HERE / "facet_training_blind9.yaml"
# A fourth (session 10), read unseen first (figures in the commit that added it).
BLIND10_TRAINING_FILE = _HERE / "facet_training_blind10.yaml"
TRAINING_FILES = (
    TRAINING_FILE,
    BLIND_TRAINING_FILE,
    BLIND8_TRAINING_FILE,
    BLIND9_TRAINING_FILE,
    BLIND10_TRAINING_FILE,
)
MODEL_PATH = _HERE / "facet_model.npz"
META_PATH = _HERE / "facet_model.json"
FEATURE_VERSION = "2"  # bump when `features` changes: the shipped weights are then stale
DIM = 1 << 24  # hashed buckets (only those seen in training are stored)
GROUPS: dict[str, float | None] = {"c": 1.0, "t": 1.0}  # char n-grams; stems, lemmas and rule signals
C = 4.0  # inverse regularisation, chosen by cross-validation on the training questions only
# What the features are made of besides the training questions: their code, the facet examples and cue
# words (the rule signals), the stop words of the stems.
FEATURE_SOURCES = (
    Path(__file__),
    _HERE / "facet_build.py",  # how the training questions are read (a mixed one's plan part)
    FACETS_FILE,
    _HERE.parent / "retrieval" / "stopwords.yaml",
)

Signals = Callable[[str], list[str]]  # a question's rule signals as tokens ("#without", "#area", …)


def training_rows(
    vocabulary: FacetVocabulary, paths: tuple[Path, ...] = TRAINING_FILES
) -> list[tuple[str, str]]:
    """(facet, question) of the facet examples and of the training files (a missing file adds none)."""
    rows = [(facet, text) for facet, _, text in vocabulary.example_rows()]
    known = set(vocabulary.examples)
    for path in paths:
        data = (read_yaml(path) if path.is_file() else None) or {}
        for facet, texts in data.items():
            if facet not in known:
                raise ValueError(f"{path.name}: unknown facet {facet!r}")
            rows.extend((facet, str(text)) for text in texts or [])
    return rows


def training_digest() -> str:
    """Digest of the training questions, the feature code and data, and the feature version."""
    return files_digest(FEATURE_VERSION, (*TRAINING_FILES, *FEATURE_SOURCES))


def features(analyzer: Analyzer, question: str, signals: list[str]) -> Features:
    """Character n-grams (2–4, inside words) of the question; its stems, lemmas and compound parts, plus
    the rule signals."""
    return {"c": char_ngrams(question), "t": [*analyzer.index_tokens(question), *signals]}


@lru_cache(maxsize=4)
def load_model(path: Path = MODEL_PATH, meta: Path = META_PATH) -> LinearModel | None:
    """The shipped weights (None when never built: the interpreter then goes without the model)."""
    return LinearModel.load(path, meta)


class FacetModel:
    """Facet probabilities of a question (empty when no weights are shipped). Thread-safe."""

    def __init__(self, analyzer: Analyzer, signals: Signals, model: LinearModel | None = None) -> None:
        self.analyzer = analyzer
        self.signals = signals
        self._model = model

    @property
    def model(self) -> LinearModel | None:
        return self._model if self._model is not None else load_model()

    def probabilities(self, question: str, signals: list[str] | None = None) -> dict[str, float]:
        model = self.model
        if model is None:
            return {}
        sig = self.signals(question) if signals is None else signals
        return model.probabilities(features(self.analyzer, question, sig))
