"""Hybrid retrieval on the real default corpus: Finnish inflection, cross-lingual questions, filters,
citations and the relevance floor."""

from __future__ import annotations

import pytest

TEMPLATE = "template_tietojohtamisen_kehittamissuunnitelma_2020"
PLAN = "plan_soite_2_0_rakenneuudistus_hankesuunnitelma_2020"
ROADMAP = "roadmap_alueellisen_toimeenpanon_tiekartta_2022-08-30"


def _top_docs(result, n: int = 3) -> list[str]:  # type: ignore[no-untyped-def]
    return [h.doc_id for h in result.hits[:n]]


@pytest.mark.parametrize(
    ("query", "doc", "phrase"),
    [
        ("Miten tietosuojan huomioiminen kuuluu suunnitelman laatimiseen?", TEMPLATE, "tietosuoja"),
        ("Mitä esimerkkejä on tiedon säilyttämisestä tietojärjestelmissä?", TEMPLATE, "Master datan"),
        ("Minkä kokoisella kyselyllä Soite arvioi tietojohtamisensa?", PLAN, "40 kysymyksen"),
        ("Mitkä tiekartan tehtävät koskevat rekisterinpidon muutoksia?", ROADMAP, "Rekisterinpidon"),
        # Swedish and English questions against the Finnish corpus
        ("Hur ska dataskyddet beaktas när planen utarbetas?", TEMPLATE, "tietosuoja"),
        (
            "Which example actions does the template give for the top management's support?",
            TEMPLATE,
            "Ylin johto",
        ),
    ],
)
def test_finds_the_passage(corpus_kb, query: str, doc: str, phrase: str) -> None:  # type: ignore[no-untyped-def]
    result = corpus_kb.retriever.search(query, k=5)
    assert result.reason is None
    assert any(h.doc_id == doc and phrase.lower() in h.text.lower() for h in result.hits), [
        (h.citation, h.text[:80]) for h in result.hits
    ]


def test_hits_carry_citations_and_scores(corpus_kb) -> None:  # type: ignore[no-untyped-def]
    hits = corpus_kb.retriever.search("Tiedon käyttö päätöksenteossa", k=5).hits
    row = next(h for h in hits if h.target == "Tiedon käyttö päätöksenteossa")
    assert row.kind == "template" and row.area == "tiedon_kaytto"
    assert "3.4 Kehittämistoimenpiteet, vaiheistus ja aikataulu" in row.section
    assert row.citation.startswith("Sote-maakunnan tietojohtamisen kehittämissuunnitelma (malli, 2020), 3 ")
    assert all(h.score > 0 and h.dense_score is not None for h in hits)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    public = row.to_public()
    assert {"text", "title", "section", "page", "score", "citation"} <= set(public)


def test_filters_by_kind_and_document(corpus_kb) -> None:  # type: ignore[no-untyped-def]
    q = "tietojohtamisen kehittäminen"
    assert {h.kind for h in corpus_kb.retriever.search(q, k=8, kinds=["roadmap"]).hits} == {"roadmap"}
    hits = corpus_kb.retriever.search(q, k=8, doc_ids=[PLAN], kinds=["plan", "template"]).hits
    assert hits and {h.doc_id for h in hits} == {PLAN}
    assert corpus_kb.retriever.search(q, k=5, kinds=["upload"]).hits == []


@pytest.mark.parametrize(
    "query",
    [
        "Miten karjalanpiirakat leivotaan?",
        "Kuka voitti jääkiekon maailmanmestaruuden?",
        "Hur lagar man ärtsoppa?",
        "What is the capital of Australia?",
    ],
)
def test_off_topic_questions_get_an_empty_result_with_a_reason(corpus_kb, query: str) -> None:  # type: ignore[no-untyped-def]
    result = corpus_kb.retriever.search(query, k=5)
    assert result.hits == []
    assert result.reason and "Tietopohjasta ei löytynyt" in result.reason
    assert corpus_kb.retriever.search(query, k=5, language="en").reason.startswith(
        "Nothing in the knowledge base"
    )
    assert corpus_kb.retriever.search(query, k=5, apply_floor=False).hits  # the floor did the filtering


def test_modes_and_empty_query(corpus_kb) -> None:  # type: ignore[no-untyped-def]
    q = "Mittareiden kattavuus"
    for mode in ("dense", "bm25", "hybrid"):
        hits = corpus_kb.retriever.search(q, k=3, mode=mode).hits
        assert hits and any(h.target == "Mittareiden kattavuus" for h in hits), mode
    assert corpus_kb.retriever.search("   ", k=3).reason


class _CountingEmbeddings:
    """Delegates to the real model and counts query embeddings."""

    def __init__(self, inner) -> None:  # type: ignore[no-untyped-def]
        self.inner = inner
        self.queries: list[str] = []

    def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
        return getattr(self.inner, name)

    def embed_query_vector(self, text: str):  # type: ignore[no-untyped-def]
        self.queries.append(text)
        return self.inner.embed_query_vector(text)


def test_a_repeated_query_is_embedded_once_and_gives_the_same_hits(corpus_kb, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from assistant.retrieval import hybrid

    counting = _CountingEmbeddings(corpus_kb.embeddings)
    retriever = hybrid.HybridRetriever(corpus_kb.store, counting, corpus_kb.settings)  # type: ignore[arg-type]
    query = "tiedon laadun varmistaminen"
    first = retriever.search(query, k=5)
    second = retriever.search(query, k=5, kinds=["template"])
    third = retriever.search(query, k=5)
    assert counting.queries == [query]
    assert [h.id for h in first.hits] == [h.id for h in third.hits]
    assert second.hits and all(h.kind == "template" for h in second.hits)
    # The cache is bounded: the least recently used query is embedded again once it has been evicted.
    monkeypatch.setattr(hybrid, "QUERY_VECTOR_CACHE_SIZE", 2)
    retriever.search("master data", k=3)
    retriever.search("tietosuoja", k=3)
    retriever.search(query, k=3)
    assert counting.queries == [query, "master data", "tietosuoja", query]


def test_a_name_only_other_passages_mention_is_refused(corpus_kb) -> None:  # type: ignore[no-untyped-def]
    """Kainuu is mentioned once in the Soite plan, but not in what a question about Kainuu's own plan
    retrieves: such a question is refused in words, while a question about Soite is answered."""
    retriever = corpus_kb.retriever
    refused = retriever.search("Mitä Kainuun hyvinvointialue on kirjannut tietojohtamisen mittareista?", k=5)
    assert refused.hits == [] and refused.reason and "Tietopohjasta ei löytynyt" in refused.reason
    assert retriever.search("Mitä Kainuun hyvinvointialue kirjasi mittareista?", k=5, apply_floor=False).hits
    assert retriever.search("Miten Soite kehittää tietojohtamisen mittareita?", k=5).hits
    # An engine-composed query is not refused for names (proposal grounding).
    composed = "Kainuu Tietojohtamisen mittarit ja niiden kehittäminen"
    assert retriever.search(composed, k=5, refuse_unknown=False).hits


def test_an_english_abbreviation_is_grounded_through_the_glossary(corpus_kb) -> None:  # type: ignore[no-untyped-def]
    hits = corpus_kb.retriever.search(
        "Does the template give an example of HR data in the data warehouse?"
    ).hits
    assert hits and any("henkilöstö" in h.text.lower() for h in hits)


def test_who_questions_about_a_role_the_passages_never_name_are_refused(corpus_kb) -> None:  # type: ignore[no-untyped-def]
    retriever = corpus_kb.retriever
    assert retriever.search("Kuka on Virta-hankkeen kehityspäällikkö?").hits
    assert retriever.search("Who is the development manager quoted in the news item?").hits
    for query in (
        "Kuka on Soiten tietohallintojohtaja?",
        "Who is the chair of the national knowledge management network?",
    ):
        result = retriever.search(query)
        assert result.hits == [] and result.reason, query


def test_the_corpus_region_is_found_by_its_english_name(corpus_kb) -> None:  # type: ignore[no-untyped-def]
    tokens = corpus_kb.retriever.analyzer.search_tokens("Why is Central Ostrobothnia moving fast?")
    assert corpus_kb.retriever.analyzer.stem("pohjanmaa") in tokens
    # A lone "Österbotten" is another region: not translated, and not answered.
    assert corpus_kb.retriever.search("Vilka åtgärder har Österbottens välfärdsområde planerat?").hits == []


def test_english_questions_lean_on_dense_as_their_words_are_unknown(corpus_kb) -> None:  # type: ignore[no-untyped-def]
    """The lexical lists' fusion weight is scaled by the share of the query's words the index knows, for
    Swedish and English questions only: a Finnish question's ranking does not change."""
    retriever = corpus_kb.retriever
    base = retriever.settings

    def scores(query: str, exponent: float) -> list[tuple[str, float]]:
        retriever.settings = base.model_copy(update={"lexical_match_exponent": exponent})
        try:
            return [(h.id, h.score) for h in retriever.search(query, k=5, apply_floor=False).hits]
        finally:
            retriever.settings = base

    finnish = "Mitä esimerkkejä mallipohjassa on tietojohtamisen vastuuhenkilöiden nimeämisestä?"
    assert scores(finnish, 0.0) == scores(finnish, 1.0)
    english = (
        "Which example does the template give about appointing people in charge of knowledge management?"
    )
    off, on = scores(english, 0.0), scores(english, 1.0)
    assert off and on and off != on
    # Less lexical weight: the fused scores can only fall (the dense list's share is unchanged).
    assert max(s for _, s in on) < max(s for _, s in off)


def test_the_default_corpus_is_searched_by_its_sentence_vectors_too(corpus_kb) -> None:  # type: ignore[no-untyped-def]
    """Every chunk of the shipped corpus has shipped sentence vectors (none embedded at search), and the
    sentence list takes part in fusion: without it, the same question ranks differently."""
    retriever = corpus_kb.retriever
    corpus = retriever._load_corpus()
    assert len(corpus.sentence_vector_chunk) > 2 * len(corpus.ids)
    assert set(corpus.sentence_vector_chunk.tolist()) == set(range(len(corpus.ids)))
    query = "Mihin vuoteen asti lyhyen aikavälin toimenpiteet ajoitetaan?"
    with_sentences = [h.id for h in retriever.search(query, k=10, apply_floor=False).hits]
    base = retriever.settings
    try:
        retriever.settings = base.model_copy(update={"sentence_dense_weight": 0.0})
        without = [h.id for h in retriever.search(query, k=10, apply_floor=False).hits]
    finally:
        retriever.settings = base
    assert with_sentences != without


def test_a_swedish_question_naming_a_target_finds_its_finnish_passage(corpus_kb) -> None:  # type: ignore[no-untyped-def]
    """ "Personalens kompetens" is the Swedish name of the target "Henkilöstön osaaminen": the question is
    embedded with the Finnish name and searched by its stems, so the target's row comes first."""
    hits = corpus_kb.retriever.search(
        "Vilka exempel ger mallen på hur personalens kompetens kan utvecklas?"
    ).hits
    assert hits and hits[0].doc_id == TEMPLATE and hits[0].target == "Henkilöstön osaaminen"


def test_an_unanswerable_question_is_refused_and_its_answerable_twin_answered(corpus_kb) -> None:  # type: ignore[no-untyped-def]
    """The news item says when the national network first meets, not how many members it has."""
    retriever = corpus_kb.retriever
    answered = retriever.search("Milloin tietojohtamisen verkosto kokoontuu ensimmäistä kertaa?").hits
    assert any("kokoontuu elokuussa 2020" in h.text for h in answered)
    refused = retriever.search("Montako jäsentä tietojohtamisen verkostoon kuuluu?")
    assert refused.hits == [] and refused.reason


def test_the_country_of_the_corpus_is_a_known_name(corpus_kb) -> None:  # type: ignore[no-untyped-def]
    """English writes "Finnish" with a capital: it is the country every document is about (corpus.yaml
    context_names), not a name the passages must mention; another country's template is refused."""
    retriever = corpus_kb.retriever
    hits = retriever.search("Which example actions does the Finnish template give for data integration?").hits
    assert hits and hits[0].target == "Tiedon integraatio"
    refused = retriever.search("Which example actions does the Danish template give for data integration?")
    assert refused.hits == [] and refused.reason


def test_the_warm_up_is_done_once(corpus_kb) -> None:  # type: ignore[no-untyped-def]
    from assistant.retrieval import hybrid

    counting = _CountingEmbeddings(corpus_kb.embeddings)
    retriever = hybrid.HybridRetriever(corpus_kb.store, counting, corpus_kb.settings)  # type: ignore[arg-type]
    retriever.warm_up()
    retriever.warm_up()  # the app's pre-warm and its first page both ask for it
    assert counting.queries == ["lämmittely"]
