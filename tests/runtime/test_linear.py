"""The shipped-weights linear model: the same features as scikit-learn's TF-IDF (which trains it), the same
probabilities as the fitted regression, and a round trip through its files."""

from __future__ import annotations

import zlib
from pathlib import Path

import pytest
from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from assistant.runtime.linear import LinearModel, buckets, char_ngrams, files_digest, shipped_digest
from assistant.runtime.linear_fit import fit

TEXTS = [
    "Mitkä osa-alueet jäivät ilman toimenpiteitä?",
    "Kuka vastaa tiedon laadusta?",
    "Vilka områden saknar åtgärder?",
    "Who is responsible for data quality?",
    "Onko kaikilla toimenpiteillä vastuuhenkilö?",
    "Which areas have no actions at all?",
]
LABELS = ["areas", "person", "areas", "person", "person", "areas"]
WORDS = [text.lower().rstrip("?").split() for text in TEXTS]


def test_char_ngrams_are_scikit_learns_char_wb() -> None:
    analyzer = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4)).build_analyzer()
    for text in [*TEXTS, "a  bc\tÅÄÖ-x", "I"]:
        assert sorted(char_ngrams(text)) == sorted(analyzer(text))


def test_a_fitted_model_reads_as_the_tfidf_regression_it_reproduces() -> None:
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True)
    words = TfidfVectorizer(analyzer=lambda ws: ws, lowercase=False, sublinear_tf=True)
    x = hstack([chars.fit_transform(TEXTS), words.fit_transform(WORDS)]).tocsr()
    reference = LogisticRegression(C=4.0, max_iter=3000).fit(x, LABELS)
    docs = [{"c": char_ngrams(t), "t": w} for t, w in zip(TEXTS, WORDS, strict=True)]
    model = fit(docs, LABELS, groups={"c": 1.0, "t": 1.0}, dim=1 << 24, c=4.0)
    question = "Mitkä alueet ovat ilman vastuuhenkilöä?"
    ws = question.lower().rstrip("?").split()
    expected = reference.predict_proba(hstack([chars.transform([question]), words.transform([ws])]))[0]
    got = model.probabilities({"c": char_ngrams(question), "t": ws})
    assert got == pytest.approx(dict(zip(reference.classes_, expected, strict=True)), abs=1e-4)


def test_the_model_round_trips_through_its_files(tmp_path: Path) -> None:
    docs = [{"t": w} for w in WORDS]
    model = fit(docs, LABELS, groups={"t": None}, dim=1 << 10, c=1.0, idf=False, sublinear=False)
    path, meta = tmp_path / "m.npz", tmp_path / "m.json"
    assert LinearModel.load(path, meta) is None and shipped_digest(meta) is None
    digest = files_digest("1", [], "rows")
    model.save(path, meta, digest, rows=len(docs))
    loaded = LinearModel.load(path, meta)
    assert loaded is not None and shipped_digest(meta) == digest
    for ws in [*WORDS, ["unknown", "words"], []]:
        assert loaded.probabilities({"t": ws}) == pytest.approx(model.probabilities({"t": ws}))
    assert loaded.probabilities({"t": []}) != loaded.probabilities({"t": WORDS[1]})
    with pytest.raises(ValueError, match="unknown feature group"):
        loaded.probabilities({"x": ["a"]})


def test_buckets_are_stable_across_processes() -> None:
    """crc32, not Python's salted hash: shipped weights mean the same in every process."""
    expected = zlib.crc32(b"t:vastuu") % (1 << 24)
    assert buckets("t", ["vastuu", "vastuu"], 1 << 24).tolist() == [expected, expected]


def test_the_digest_follows_the_training_data_and_the_feature_version(tmp_path: Path) -> None:
    data = tmp_path / "training.yaml"
    data.write_text("a: [x]\n", encoding="utf-8")
    before = files_digest("1", [data])
    assert files_digest("2", [data]) != before
    data.write_text("a: [y]\n", encoding="utf-8")
    assert files_digest("1", [data]) != before


def test_two_labels_read_as_scikit_learns_binary_regression() -> None:
    docs = [{"t": w} for w in WORDS]
    model = fit(docs, LABELS, groups={"t": 1.0}, dim=1 << 24, c=4.0)
    words = TfidfVectorizer(analyzer=lambda ws: ws, lowercase=False, sublinear_tf=True)
    reference = LogisticRegression(C=4.0, max_iter=3000).fit(words.fit_transform(WORDS), LABELS)
    expected = reference.predict_proba(words.transform([WORDS[0]]))[0]
    got = model.probabilities({"t": WORDS[0]})
    assert got == pytest.approx(dict(zip(reference.classes_, expected, strict=True)), abs=1e-4)
