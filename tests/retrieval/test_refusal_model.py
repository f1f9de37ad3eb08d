"""The answerability model: shipped weights trained from the current training questions and features, a
probability that follows its coefficients, and the decision on questions written for these tests (none
is a training question or an evaluation item): an on-topic question the corpus cannot answer is refused,
its answerable near-twin is answered."""

from __future__ import annotations

import pytest

from assistant.i18n import load_catalog
from assistant.retrieval import refusal_features, refusal_model
from assistant.retrieval.refusal_build import training_rows
from assistant.retrieval.refusal_model import RefusalModel


def test_the_shipped_weights_are_trained_from_the_current_training_data() -> None:
    """Fails when a training file (blind training files, dev splits) or the features changed without
    `make refusal-model`."""
    model = refusal_model.shipped()
    assert model is not None, "run: make refusal-model"
    assert model.info.get("digest") == refusal_model.training_digest(), "run: make refusal-model"
    assert model.names == refusal_features.FEATURES
    rows = training_rows()
    assert model.info.get("rows") == len(rows)
    assert 0 < sum(answerable for _, answerable in rows) < len(rows)  # both kinds of question


def test_the_probability_follows_the_coefficients() -> None:
    model = RefusalModel(("a", "b"), (0.5, 0.0), (0.5, 1.0), (2.0, -1.0), 0.0, {})
    assert model.probability({"a": 0.5, "b": 0.0}) == pytest.approx(0.5)
    assert model.probability({"a": 1.0, "b": 0.0}) > 0.8  # a positive coefficient raises it
    assert model.probability({"a": 0.5, "b": 3.0}) < 0.1  # a negative one lowers it
    assert model.probability({"a": 1e9, "b": 0.0}) == pytest.approx(1.0)  # no overflow


def test_the_question_vector_counts_only_for_the_embedding_model_its_weights_belong_to() -> None:
    model = RefusalModel(("a",), (0.0,), (1.0,), (0.0,), 0.0, {}, (4.0, -4.0), "model-x")
    features = {"a": 0.0}
    assert model.probability(features) == pytest.approx(0.5)  # no vector: the term is left out
    assert model.probability(features, [1.0, 0.0], "model-x") > 0.9
    assert model.probability(features, [0.0, 1.0], "model-x") < 0.1
    assert model.probability(features, [0.0, 1.0], "model-y") == pytest.approx(0.5)  # another model's
    assert model.probability(features, [0.0, 1.0, 0.0], "model-x") == pytest.approx(0.5)  # wrong size
    assert model.reads_query("model-x") and not model.reads_query("model-y")


def test_the_shipped_weights_read_the_shipped_embedding_model(corpus_kb) -> None:  # type: ignore[no-untyped-def]
    model = refusal_model.shipped()
    assert model is not None and model.reads_query(corpus_kb.embeddings.name)
    features, vector = corpus_kb.retriever.answerability_inputs("Mitä suunnitelmapohja sanoo tietosuojasta?")
    assert vector is not None and len(vector) == len(model.query_coef)
    p = corpus_kb.retriever.answerable_probability("Mitä suunnitelmapohja sanoo tietosuojasta?")
    assert p is not None and 0.5 < p <= 1.0
    assert p != pytest.approx(model.probability(features))  # the question's vector moved it


NEAR_TWINS = [
    # (answerable, not answerable, refused by the rules alone): the same topic; the second asks for a
    # detail the documents do not give
    (  # a law's section: the rules find no article in the best sentences
        "Mitä suunnitelmapohja sanoo tietosuojasta?",
        "Minkä lain pykälä velvoittaa laatimaan tietojohtamisen suunnitelman?",
        True,
    ),
    (
        "Vad säger mallen om dataskydd?",
        "Vilken paragraf i lagen kräver att regionen gör en plan för kunskapsledning?",
        True,
    ),
    (  # a person's name: only the model refuses it (a name may be missing for other reasons)
        "What does Soite's project plan say about data protection?",
        "What is the name and e-mail address of Soite's data protection officer?",
        False,
    ),
]


@pytest.mark.parametrize(("answerable", "unanswerable", "by_rules"), NEAR_TWINS)
def test_an_unanswerable_question_is_refused_and_its_answerable_twin_answered(
    corpus_kb, answerable: str, unanswerable: str, by_rules: bool
) -> None:  # type: ignore[no-untyped-def]
    retriever = corpus_kb.retriever
    settings = retriever.settings
    try:  # with the model on every question (ANSWERABILITY=model; the default asks it about typed ones)
        retriever.settings = settings.model_copy(update={"answerability": "model"})
        assert retriever.search(answerable, k=5).hits
        refused = retriever.search(unanswerable, k=5)
        assert refused.hits == [] and refused.reason
        retriever.settings = settings.model_copy(update={"answerability": "rules"})
        assert retriever.search(answerable, k=5).hits
        assert (retriever.search(unanswerable, k=5).hits == []) is by_rules
    finally:
        retriever.settings = settings


def test_features_are_read_over_the_hits_that_would_be_shown(corpus_kb) -> None:  # type: ignore[no-untyped-def]
    features = corpus_kb.retriever.answerability_features(
        "Mihin vuoteen asti suunnitelman lyhyt aikaväli ulottuu?"
    )
    assert set(features) == set(refusal_features.FEATURES)
    assert 0.5 < features["dense_top"] <= 1.0
    assert 0.0 < features["sentence_coverage"] <= 1.0
    assert features["crosslingual"] == 0.0


def test_a_refusal_says_in_words_why(corpus_kb) -> None:  # type: ignore[no-untyped-def]
    """On its topic but unanswered: the closest documents are named (Finnish by default, Swedish when
    asked); far from everything: nothing related was found."""
    retriever = corpus_kb.retriever
    fi, sv = load_catalog("fi"), load_catalog("sv")
    settings = retriever.settings
    retriever.settings = settings.model_copy(update={"answerability": "model"})
    try:
        _refusals_in_words(retriever, fi, sv)
    finally:
        retriever.settings = settings


def _refusals_in_words(retriever, fi, sv) -> None:  # type: ignore[no-untyped-def]
    on_topic = retriever.search("Minkä lain pykälä velvoittaa laatimaan tietojohtamisen suunnitelman?")
    assert on_topic.hits == []
    assert on_topic.reason and on_topic.reason.startswith("Tietopohjasta ei löytynyt vastausta")
    assert "(malli, 2020)" in on_topic.reason  # the closest document (the template), by its title
    swedish = retriever.search("Vem är Soites dataskyddsombud och vad heter hen?", language="sv")
    assert swedish.reason and swedish.reason.startswith("Kunskapsbasen har inget svar")
    far = retriever.search("Kuka voitti keihäänheiton olympiakullan?")
    assert far.hits == [] and far.reason == fi.t("search.no_relevant")
    assert sv.t("search.no_answer", sources="x") != fi.t("search.no_answer", sources="x")


def test_typed_mode_asks_the_model_only_about_typed_answers(corpus_kb, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """ANSWERABILITY=typed: the model judges a question asking for a quantity, a person, a date or listed
    items, and never an open one (here a model that refuses everything)."""
    retriever = corpus_kb.retriever
    settings = retriever.settings
    shipped = refusal_model.shipped()
    assert shipped is not None
    never = RefusalModel(
        shipped.names, shipped.mean, shipped.scale, tuple(0.0 for _ in shipped.coef), -50.0, {}
    )
    monkeypatch.setattr("assistant.retrieval.answerability.shipped", lambda: never)
    typed, open_question = (
        "Montako kysymystä Soiten kypsyyskyselyssä oli?",
        "Miten Soite kehittää mittareitaan?",
    )
    try:
        retriever.settings = settings.model_copy(update={"answerability": "typed"})
        assert retriever.search(typed, k=5).hits == []
        assert retriever.search(open_question, k=5).hits
        retriever.settings = settings.model_copy(update={"answerability": "rules"})
        assert retriever.search(typed, k=5).hits
    finally:
        retriever.settings = settings


@pytest.mark.parametrize(
    "question",
    [
        "Miten maakuntien verkoston toiminta lopulta onnistui?",  # how it turned out later
        "On which day must the county send its finished plan to the ministry?",  # a day (none given)
        "Vilken artikel i lagen kräver en riskbedömning av planen?",  # a law's article
        "Mikä oli maakuntakierroksen tilaisuuksien osallistumisprosentti?",  # a percentage
    ],
)
def test_the_rules_refuse_a_later_outcome_or_a_missing_day_or_article(corpus_kb, question: str) -> None:  # type: ignore[no-untyped-def]
    retriever = corpus_kb.retriever
    settings = retriever.settings
    retriever.settings = settings.model_copy(update={"answerability": "rules"})
    try:
        refused = retriever.search(question, k=5)
    finally:
        retriever.settings = settings
    assert refused.hits == [] and refused.reason
    shown = retriever.search(question, k=5, apply_floor=False).hits
    assert retriever.unmet_detail(question, [h.id for h in shown]) is not None


def test_a_question_asking_a_day_the_passages_hold_is_answered(corpus_kb) -> None:  # type: ignore[no-untyped-def]
    """Soite's plan gives the day its sub-projects start: the detail rule leaves that question answered,
    while a section number ("3.4.") is no day."""
    question = "Minä päivänä Soiten digihoitopolkujen aliprojektien toteutus alkaa?"
    hits = corpus_kb.retriever.search(question, k=5).hits
    assert hits
    assert corpus_kb.retriever.unmet_detail(question, [h.id for h in hits]) is None
