"""What the answerability decision reads of a search: numbers about how well the passages that would be
shown cover the question, besides the similarity of its best passage.

A question can be close in topic to the corpus and still unanswerable from it: it asks for a detail the
documents do not give (a budget line, who sits in a network, a survey's scale), about a region or year they
do not cover, or for a number or a name where the passages hold none. Such a question meets passages with
a high cosine and most of its words, but not all of its specific words in one place, nor the kind of answer
it asks for. So the features are, over the first hits (`shown`):

- similarity: the best chunk cosine, the first hit's, the best sentence cosine, and how far the best stands
  above the candidates further down (a clear peak, or a plateau of loosely related passages);
- lexical coverage (units of meaning: a Finnish word by its stem, lemma and compound parts, a Swedish or
  English glossary term by its Finnish terms; weighted by IDF): the best chunk's share, the share of the
  shown passages together, the best sentence's share (with its neighbours), the share of the question the
  corpus knows at all, and the weight of the most specific word no shown passage has;
- the rule checks (retrieval/floor.py, empty_headings.py, answer_type.py) as flags: a name the corpus
  never mentions or the shown passages do not, an empty heading asked about, an answer type not held;
- what the question is: Swedish or English, naming a document, asking for a typed answer, its length.

Pure functions of a `Ranked` search; the flags are computed by the retriever (answerability.py).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from assistant.ingest.chunking import sentences
from assistant.retrieval.analyzer import Analyzer
from assistant.retrieval.answer_details import asked_details, asks_outcome, unmet_details
from assistant.retrieval.answer_details import held as held_detail
from assistant.retrieval.answer_type import (
    MIN_IDF,
    asked_items,
    asked_months,
    asked_roles,
    asks_frequency,
    asks_quantity,
    asks_when,
    asks_who,
    has_number,
)
from assistant.retrieval.lexical import LexicalIndex
from assistant.retrieval.models import Ranked

VERSION = "3"  # bump when a feature's meaning changes (the shipped weights are then stale)
DETAILS = ("person", "money", "day", "product", "article", "percent")  # answer_types.yaml `details`
RULES = ("unknown_names", "ungrounded_names", "empty_heading", "unanswered_type", "unmet_detail", "floor")
# Details whose evidence is exact enough to refuse alone when the best windows lack it: a day (a date
# with its day), a law's article and a percentage. Money, a person, a product can be said in words; they
# stay inputs.
RULED_DETAILS = ("day", "article", "percent")
FEATURES = (
    "dense_top",
    "dense_first",
    "sentence_dense_top",
    "dense_peak",
    "coverage_top",
    "coverage_shown",
    "sentence_coverage",
    "known_share",
    "missing_specific",
    "window_missing",
    "window_missing_specific",
    "window_unit_share",
    "unknown_units",
    "number_unmet",
    *RULES,
    "crosslingual",
    "dense_top_crosslingual",
    "named_document",
    "typed_answer",
    "quantity_unmet",
    "when_unmet",
    "who_unmet",
    *(f"{kind}_unmet" for kind in DETAILS),
    "outcome",
    "units",
)
WINDOW_SLACK = 0.1
_TIME = re.compile(r"(?<!\d)(?:(?:19|20)\d\d|\d{1,2}\.\d{1,2}\.(?:\d{2,4})?)(?!\d)|\w+kuu\w*", re.IGNORECASE)
_DIGITS = re.compile(r"\d+")
PLATEAU = slice(5, 15)  # the candidates whose mean cosine is the plateau the best one is compared with

Unit = tuple[frozenset[str], float]  # a unit's analysed forms and its IDF weight


def units(
    query: str, analyzer: Analyzer, idf: Callable[[str], float]
) -> tuple[list[Unit], list[frozenset[str]]]:
    """The query's units the corpus knows, with their weights (the most specific form), and every unit's
    forms."""
    everything = [forms for forms, _ in analyzer.query_units(query)]
    known = [(forms, w) for forms in everything if (w := max(map(idf, forms))) > 0]
    return known, everything


def _share(known: Sequence[Unit], found: Callable[[frozenset[str]], bool]) -> float:
    total = sum(w for _, w in known)
    return sum(w for forms, w in known if found(forms)) / total if total else 0.0


@dataclass(frozen=True)
class Windows:
    """Where an answer would be: the best share of the known units' weight that one sentence with its
    neighbours holds, the tokens of that best window, and the texts of the windows that hold nearly as
    much (within WINDOW_SLACK)."""

    best: float
    tokens: frozenset[str]
    texts: list[str]


def best_windows(
    known: Sequence[Unit], positions: Sequence[int], corpus: LexicalIndex, analyzer: Analyzer
) -> Windows:
    """The sentence windows (a sentence with its neighbours) of these chunks scored by the known units'
    weight they hold."""
    scored: list[tuple[float, frozenset[str], str]] = []
    for pos in positions:
        tokens = corpus.sentence_tokens(pos, analyzer.index_tokens)
        texts = sentences(corpus.texts[pos], min_chars=1)
        for i in range(min(len(tokens), len(texts))):
            window: frozenset[str] = frozenset().union(*tokens[max(0, i - 1) : i + 2])
            share = _share(known, lambda forms: bool(forms & window))  # noqa: B023 - called right here
            scored.append((share, window, " ".join(texts[max(0, i - 1) : i + 2])))
    if not scored:
        return Windows(0.0, frozenset(), [])
    best, best_tokens, _ = max(scored, key=lambda t: t[0])
    near = [text for share, _, text in scored if share > 0 and share >= best - WINDOW_SLACK]
    return Windows(best, best_tokens, near)


def window_evidence(
    query: str,
    every: Sequence[frozenset[str]],
    known: Sequence[Unit],
    windows: Windows,
    top_idf: float,
) -> dict[str, float]:
    """How the best window falls short of the question: the weight of its most specific unit the window
    lacks, how many specific units it lacks, the share of all the question's units (those the corpus does
    not know count as missing: a Swedish or English word no glossary term translates) it holds, and a
    number the question states that none of the best windows holds ("22 orter", "2019")."""
    lacking = [w for forms, w in known if not forms & windows.tokens]
    numbers = set(_DIGITS.findall(query))
    held = {n for text in windows.texts for n in _DIGITS.findall(text)}
    return {
        "window_missing": max(lacking, default=0.0) / top_idf,
        "window_missing_specific": float(min(3, sum(w >= MIN_IDF for w in lacking))),
        "window_unit_share": (
            sum(bool(forms & windows.tokens) for forms in every) / len(every) if every else 0.0
        ),
        "unknown_units": math.log1p(len(every) - len(known)),
        "number_unmet": float(bool(numbers - held)),
    }


def typed_evidence(query: str, windows: Sequence[str], analyzer: Analyzer) -> dict[str, float]:
    """For a question asking a quantity, a time, a person or another detail (answer_details.py): whether
    the best windows hold none (1.0); and whether it asks how something turned out."""
    asked = {
        "quantity": bool(asks_quantity(query)),
        "when": bool(asks_when(query)),
        "who": bool(asks_who(query)),
    }
    held = {
        "quantity": any(has_number(w, analyzer) for w in windows),
        "when": any(_TIME.search(w) for w in windows),
        "who": held_detail("person", windows) or held_detail("product", windows),  # a person or a body
    }
    out = {f"{kind}_unmet": float(asked[kind] and not held[kind]) for kind in asked}
    unmet = set(unmet_details(query, windows))
    return (
        out
        | {f"{kind}_unmet": float(kind in unmet) for kind in DETAILS}
        | {"outcome": float(asks_outcome(query))}
    )


def unmet_detail(
    query: str, positions: Sequence[int], corpus: LexicalIndex, analyzer: Analyzer
) -> str | None:
    """Why these passages cannot answer the question by the detail it asks for: how something turned out
    after the documents were written ("outcome"), or a day or a law's article (RULED_DETAILS) that none of
    the best windows holds; None otherwise."""
    if asks_outcome(query):
        return "outcome"
    asked = [kind for kind in asked_details(query) if kind in RULED_DETAILS]
    if not asked:
        return None
    known, _ = units(query, analyzer, corpus.idf)
    texts = best_windows(known, positions, corpus, analyzer).texts
    return next((kind for kind in asked if not held_detail(kind, texts)), None)


def typed_answer(query: str) -> bool:
    """The question asks for a typed answer: a quantity, a frequency, a person in a role, listed items
    (statements, a scale) or a month."""
    return bool(
        asks_quantity(query) or asks_frequency(query) or asked_roles(query) or asked_items(query)
    ) or bool(asked_months(query))


def features(
    ranked: Ranked,
    shown: Sequence[str],
    corpus: LexicalIndex,
    analyzer: Analyzer,
    rules: dict[str, bool],
) -> dict[str, float]:
    """The decision's features (names in FEATURES) of a search whose first hits are `shown`."""
    dense = [ranked.dense.get(i, 0.0) for i in shown]
    plateau = [ranked.dense.get(i, 0.0) for i in ranked.candidates[PLATEAU]]
    dense_top = max(dense, default=0.0)
    known, every = units(ranked.query, analyzer, corpus.idf)
    n_units = len(every)
    positions = [corpus.position[i] for i in shown]
    texts_tokens = [set().union(*corpus.sentence_tokens(p, analyzer.index_tokens)) for p in positions]
    in_shown = [(forms, w) for forms, w in known if any(forms & t for t in texts_tokens)]
    missing = [w for forms, w in known if (forms, w) not in in_shown]
    top_idf = max((w for _, w in known), default=1.0) or 1.0
    crosslingual = float(ranked.crosslingual)
    windows = best_windows(known, positions, corpus, analyzer)
    out = {
        "dense_top": dense_top,
        "dense_first": dense[0] if dense else 0.0,
        "sentence_dense_top": max((ranked.sentence_dense.get(i, 0.0) for i in shown), default=0.0),
        "dense_peak": dense_top - (sum(plateau) / len(plateau) if plateau else 0.0),
        "coverage_top": max((ranked.coverage.get(i, 0.0) for i in shown), default=0.0),
        "coverage_shown": _share(known, lambda forms: any(forms & t for t in texts_tokens)),
        "sentence_coverage": windows.best,
        "known_share": len(known) / n_units if n_units else 1.0,
        "missing_specific": max(missing, default=0.0) / top_idf,
        **window_evidence(ranked.query, every, known, windows, top_idf),
        **{name: float(rules.get(name, False)) for name in RULES},
        "crosslingual": crosslingual,
        "dense_top_crosslingual": dense_top * crosslingual,
        "named_document": float(bool(ranked.named)),
        "typed_answer": float(typed_answer(ranked.query)),
        **typed_evidence(ranked.query, windows.texts, analyzer),
        "units": math.log1p(n_units),
    }
    return out
