"""A small trained facet classifier for reviewer questions: a linear model (logistic regression) over the
question's character n-grams, its word stems with Voikko lemmas and compound parts (so inflections and
compounds meet), and the signals the rules read (cue groups hit, names and numbers found). It is trained, on
first use, on the team's own questions (`facet_training.yaml`) and the facet examples of `facets.yaml`;
never on an evaluation item. The interpreter adds its probabilities to the e5 similarities and the rule
bonuses, so no single signal decides alone.

    model = FacetModel(analyzer, vocabulary, signals=interpreter.signals)
    model.probabilities("Mitkä osa-alueet ovat vailla toimenpiteitä?")  # {"areas_without_actions": .6, …}
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable
from pathlib import Path

import numpy as np
from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from assistant.datafile import read_yaml
from assistant.retrieval.analyzer import Analyzer
from assistant.review.cues import FacetVocabulary

TRAINING_FILE = Path(__file__).with_name("facet_training.yaml")
C = 4.0  # inverse regularisation, chosen by cross-validation on the training questions only

Signals = Callable[[str], list[str]]  # a question's rule signals as tokens ("#without", "#area", …)
Fitted = tuple[TfidfVectorizer, TfidfVectorizer, LogisticRegression]
# one fitted model per process and training data (interpreters are built per plan store, per test, …)
_FITTED: dict[str, Fitted] = {}
_FIT_LOCK = threading.Lock()


def training_rows(vocabulary: FacetVocabulary, path: Path = TRAINING_FILE) -> list[tuple[str, str]]:
    """(facet, question) of the facet examples and of the training file."""
    rows = [(facet, text) for facet, _, text in vocabulary.example_rows()]
    data = read_yaml(path) or {}
    known = set(vocabulary.examples)
    for facet, texts in data.items():
        if facet not in known:
            raise ValueError(f"{path.name}: unknown facet {facet!r}")
        rows.extend((facet, text) for text in texts)
    return rows


class FacetModel:
    """Facet probabilities of a question. Thread-safe; trained on first use (some seconds on a busy machine),
    once per process and training data."""

    def __init__(
        self, analyzer: Analyzer, vocabulary: FacetVocabulary, signals: Signals, path: Path = TRAINING_FILE
    ) -> None:
        self.analyzer = analyzer
        self.vocabulary = vocabulary
        self.signals = signals
        self.path = path
        self._fitted: Fitted | None = None

    def tokens(self, question: str, signals: list[str]) -> list[str]:
        """Stems, lemmas and compound parts of the words, plus the rule signals."""
        return [*self.analyzer.index_tokens(question), *signals]

    def _fit(self, rows: list[tuple[str, str]]) -> Fitted:
        texts = [text for _, text in rows]
        labels = [facet for facet, _ in rows]
        chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), lowercase=True, sublinear_tf=True)
        toks = TfidfVectorizer(analyzer=lambda pair: pair, lowercase=False, sublinear_tf=True)
        docs = [self.tokens(t, self.signals(t)) for t in texts]
        x = hstack([chars.fit_transform(texts), toks.fit_transform(docs)]).tocsr()
        model = LogisticRegression(C=C, max_iter=3000)
        model.fit(x, labels)
        return chars, toks, model

    def fitted(self) -> Fitted:
        if self._fitted is not None:
            return self._fitted
        rows = training_rows(self.vocabulary, self.path)
        payload = [rows, self.vocabulary.model_dump(exclude={"examples"}), self.analyzer.signature]
        key = hashlib.sha256(json.dumps(payload, ensure_ascii=False).encode()).hexdigest()
        with _FIT_LOCK:
            if key not in _FITTED:
                _FITTED[key] = self._fit(rows)
            self._fitted = _FITTED[key]
        return self._fitted

    def probabilities(self, question: str, signals: list[str] | None = None) -> dict[str, float]:
        chars, toks, model = self.fitted()
        sig = self.signals(question) if signals is None else signals
        x = hstack([chars.transform([question]), toks.transform([self.tokens(question, sig)])]).tocsr()
        probs = np.asarray(model.predict_proba(x))[0]
        return {str(c): float(p) for c, p in zip(model.classes_, probs, strict=True)}
