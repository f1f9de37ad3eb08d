"""Questions that name a document (corpus.yaml aliases), names the corpus never mentions, diversity."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.paths import KNOWLEDGE_DIR
from assistant.retrieval.analyzer import Analyzer
from assistant.retrieval.documents import diverse, load_aliases, own_passages
from assistant.retrieval.floor import name_forms, question_names, ungrounded_names, unknown_names
from assistant.retrieval.lexical import LexicalIndex

TEMPLATE = "template_tietojohtamisen_kehittamissuunnitelma_2020"
ROADMAP = "roadmap_alueellisen_toimeenpanon_tiekartta_2022-08-30"
PLAN = "plan_soite_2_0_rakenneuudistus_hankesuunnitelma_2020"
DOCS = {TEMPLATE: "template", ROADMAP: "roadmap", PLAN: "plan", "upload-1": "upload", "my-plan": "plan"}


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer(morphology="snowball")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Mitä pohjassa sanotaan aikataulusta?", {TEMPLATE}),
        ("Mihin vuoteen asti mallipohjan toimenpiteet ajoitetaan?", {TEMPLATE}),
        ("Vad säger mallen om ansvarspersoner?", {TEMPLATE}),
        ("Which tasks does the roadmap list for ICT?", {ROADMAP}),
        ("Vilka uppgifter finns i vägkartan?", {ROADMAP}),
        ("Mitä Soiten suunnitelmassa sanotaan kustannuksista?", {PLAN}),
        ("Mitä hankesuunnitelmassa sanotaan?", {PLAN, "my-plan"}),  # a kind word: every plan
        ("Mitä tietosuojasta pitää huomioida?", set()),
        ("Miten arviointimallin kysely tehdään?", set()),  # "arviointimalli" is not "malli"
        ("Mitä kierroksen pohjalta suositeltiin?", set()),  # "pohjalta" = "based on", not the template
        # kind cues: writing or filling in the plan is done on the template
        ("Mistä suunnitelman kirjoittaminen aloitetaan?", {TEMPLATE}),
        ("How do we fill in the section on the current state?", {TEMPLATE}),
        ("Vad ska man skriva om nuläget?", {TEMPLATE}),
        ("Mitä Soite kirjoittaa riskeistä?", {TEMPLATE, PLAN}),  # a name still names its document
    ],
)
def test_questions_name_documents(analyzer: Analyzer, query: str, expected: set[str]) -> None:
    aliases = load_aliases(KNOWLEDGE_DIR, analyzer)
    assert aliases.named(analyzer, query, DOCS) == expected


def test_kind_cues_are_not_names(analyzer: Analyzer) -> None:
    """A kind cue ("kirjoittaa") points to the template but is no known name (the names floor)."""
    aliases = load_aliases(KNOWLEDGE_DIR, analyzer)
    assert analyzer.stem("kirjoittaa") not in aliases.stems()
    assert analyzer.stem("pohja") in aliases.stems()


def test_unknown_names(analyzer: Analyzer) -> None:
    vocabulary = {analyzer.stem(w) for w in ("soite", "kanta", "ict", "2020", "tietojohtaminen")}

    def names(q: str) -> list[str]:
        return unknown_names(q, analyzer, vocabulary.__contains__)

    assert names("Mitä Pirkanmaan suunnitelmassa sanotaan?") == ["Pirkanmaan"]
    assert names("Milloin julkaistaan versio kaudelle 2026–2029?") == ["2026", "2029"]
    assert names("Mitä GDPR vaatii?") == ["GDPR"]
    assert names("Mitä Soite tekee Kanta-arkistoinnin ja ICT:n kanssa vuonna 2020?") == []
    assert names("Mitä tietojohtamisesta sanotaan?") == []  # the first word is not a name
    assert names("Tietojohtaminen? Mitä siitä sanotaan?") == []  # nor the first word of a sentence


def test_diversity_caps_a_document_unless_the_question_names_it() -> None:
    ids = [f"c{i}" for i in range(8)]
    metas = [{"doc_id": "big"}] * 6 + [{"doc_id": "small"}] * 2
    corpus = LexicalIndex.build("1", ids, ["x"] * 8, metas, [["x"]] * 8, lambda t: [t])
    out = diverse(ids, corpus, 5, 3, set())
    assert out[:5] == ["c0", "c1", "c2", "c6", "c7"]
    assert sorted(out) == sorted(ids)  # nothing dropped: capped hits move down
    assert diverse(ids, corpus, 5, 3, {"big"}) == ids  # named: no cap
    assert diverse(ids, corpus, 5, 0, set()) == ids  # cap off


def test_names_are_grounded_by_whole_words_only(analyzer: Analyzer) -> None:
    def ungrounded(q: str, passage_terms: set[str]) -> list[str]:
        return ungrounded_names(q, analyzer, lambda forms: bool(forms & passage_terms))

    q = "Mitä Pirkanmaan suunnitelmassa sanotaan vuodesta 2024?"
    assert question_names(q, analyzer) == ["Pirkanmaan", "2024"]
    # A compound part ("maa") or another year does not ground the name; the name's stem does.
    assert ungrounded(q, {"maa", "2023"}) == ["Pirkanmaan", "2024"]
    assert ungrounded(q, {analyzer.stem("pirkanmaalla"), "2024"}) == []
    assert question_names("Keski-Pohjanmaan tiedot?", analyzer) == ["Pohjanmaan"]  # not the first word
    assert "henkilöst" in " ".join(name_forms(analyzer, "HR"))  # a glossary translation grounds it


def test_swedish_and_english_target_names_add_the_finnish_name(analyzer: Analyzer) -> None:
    en = "Which actions suit a systematic approach to developing knowledge management?"
    assert analyzer.stem("systemaattinen") in analyzer.search_tokens(en)
    sv = "Hur stöder den högsta ledningen arbetet enligt mallen?"
    assert analyzer.stem("tuki") in analyzer.query_tokens(sv)  # "Ylimmän johdon tuki", from the label
    assert analyzer.stem("systemaattinen") not in analyzer.search_tokens("What is a plan?")


def test_a_swedish_or_english_genitive_name_is_the_name(analyzer: Analyzer) -> None:
    vocabulary = {analyzer.stem("soite")}
    assert unknown_names("Vad bygger Soites modell på?", analyzer, vocabulary.__contains__) == []
    assert unknown_names("Vad gör Österbottens välfärdsområde?", analyzer, vocabulary.__contains__) == [
        "Österbottens"
    ]
    # Finnish names keep their own forms: no s is cut from a Finnish word.
    assert unknown_names("Mitä Soites tekee?", analyzer, vocabulary.__contains__) == ["Soites"]
    assert analyzer.stem("soite") in analyzer.search_tokens("What does Soite's plan say?")
    assert analyzer.stem("soite") in analyzer.search_tokens("Vad säger Soites plan om data?")


def test_a_name_counts_where_it_is_mentioned_with_the_questions_other_words(analyzer: Analyzer) -> None:
    from assistant.retrieval.floor import name_in_context

    texts = ["Alueelle kuuluvat Lapin ja Kainuun sairaanhoitopiirit. Hanke alkoi 2020.", "Mittarit kuvataan."]
    lapin = name_forms(analyzer, "Lapin")
    metric = frozenset(analyzer.whole_word_stems("mittareista"))
    assert not name_in_context(lapin, [metric], texts, analyzer)  # Lapland and metrics apart
    assert name_in_context(
        lapin, [frozenset(analyzer.whole_word_stems("sairaanhoitopiiri"))], texts, analyzer
    )
    assert name_in_context(lapin, [], texts, analyzer)  # a question with nothing but the name


def test_an_unknown_finnish_name_in_the_genitive_is_the_name(analyzer: Analyzer) -> None:
    assert analyzer.stem("vimana") in name_forms(analyzer, "Vimanan")


def test_the_indexed_phrase_search_names_what_a_full_scan_names() -> None:
    """`named` looks for phrases only where their first word occurs: the same documents as trying every
    position (checked over the template's target texts and phrases built from the aliases themselves)."""
    import itertools

    from assistant.paths import KNOWLEDGE_DIR
    from assistant.retrieval.analyzer import Analyzer
    from assistant.retrieval.documents import _WORD, load_aliases
    from assistant.template.spec import load_template

    analyzer = Analyzer(KNOWLEDGE_DIR)
    aliases = load_aliases(KNOWLEDGE_DIR, analyzer)
    docs = {doc: "plan" for doc in aliases.by_doc} | {f"{kind}-doc": kind for kind in aliases.by_kind}

    def scan(query: str) -> set[str]:
        words = [w.lower() for w in _WORD.findall(query)]
        variants = [
            set()
            if w in aliases.exceptions
            else {analyzer.stem(w), *analyzer.foreign_stems([w], "sv"), *analyzer.foreign_stems([w], "en")}
            for w in words
        ]

        def says(phrases: tuple[tuple[str, ...], ...]) -> bool:
            return any(
                all(p[j] in variants[i + j] for j in range(len(p)))
                for p in phrases
                for i in range(len(words) - len(p) + 1)
            )

        kinds = {k for k, phrases in aliases.by_kind.items() if says(phrases)}
        return {d for d, k in docs.items() if k in kinds or says(aliases.by_doc.get(d, ()))}

    spec = load_template()
    queries = [f"{t.name}. {' '.join(t.examples)}" for a in spec.areas for t in a.targets]
    words = ["tiekartan", "pohjassa", "vägkartan", "the template", "Soiten", "suunnitelman", "mallissa"]
    queries += [" ".join(c) for c in itertools.permutations(words, 3)]
    named_any = 0
    for query in queries:
        got = aliases.named(analyzer, query, docs)
        assert got == scan(query), query
        named_any += bool(got)
    assert named_any > 10  # the check compared real matches, not only empty sets


def test_foreign_words_with_a_capital_are_looked_for_in_finnish(analyzer: Analyzer) -> None:
    """An English month, nationality or abbreviation is written with a capital but is a word the glossary
    translates: known when the corpus has the Finnish word. A lone letter is a label, not a name."""
    vocabulary = {
        t for w in ("kesäkuussa", "hollantilainen", "tietojohtaminen") for t in analyzer.index_tokens(w)
    }

    def names(q: str) -> list[str]:
        return unknown_names(q, analyzer, vocabulary.__contains__)

    assert names("What did the news item from June say?") == []
    assert names("Which Dutch organisation is cited?") == []
    assert names("How is KM organised?") == []
    assert question_names("What does section C of the roadmap list?", analyzer) == []
    assert names("What did the news item from October say?") == ["October"]  # not in this vocabulary
    assert names("What does Webropol offer?") == ["Webropol"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Vad står det i vägkartn om ICT?", {ROADMAP}),  # one slip in a long alias
        ("What does the road map say about ICT?", {ROADMAP}),
        ("Which actions does the form list for metrics?", {TEMPLATE}),
        ("Paljonko Soiten hakemuksessa haetaan rahaa?", {PLAN, "my-plan"}),
        ("Mitä sote-rakenneuudistuksen valtionavustus kattaa?", set()),  # the reform is no plan's name
        ("Mitä tiedot kertovat?", set()),  # short words are never guessed
    ],
)
def test_documents_named_with_a_slip_or_another_word(
    analyzer: Analyzer, query: str, expected: set[str]
) -> None:
    aliases = load_aliases(KNOWLEDGE_DIR, analyzer)
    assert aliases.named(analyzer, query, DOCS) == expected


def test_own_passages_of_the_named_documents_best_first() -> None:
    metas: list[dict[str, object]] = [
        {"doc_id": PLAN},
        {"doc_id": TEMPLATE},
        {"doc_id": PLAN},
        {"doc_id": PLAN},
    ]
    scores = np.array([0.5, 0.9, 0.8, 0.5])
    assert own_passages({PLAN}, metas, None, scores, 5) == [2, 0, 3]  # ties by position
    assert own_passages({PLAN}, metas, None, scores, 2) == [2, 0]
    assert own_passages({PLAN}, metas, np.array([True, True, False, True]), scores, 5) == [0, 3]
