"""Answer types: a question that asks for a quantity ("Paljonko …", "Hur många …", "How much …") is not
answered by passages that hold no number near its own words, however close in topic they are.

The cue phrases and number words are data (answer_types.yaml). A passage answers the quantity when one of
its sentences has both a number and the question's most specific term (its highest-IDF content term,
analysed like the lexical index). A number is an amount in digits ("40 kysymyksen", "68 437", "2-4 kpl",
"1,5 milj.") that is not a year, a date, a section number or a report number ("2019", "1.3.2022", "2.1",
"2019:42"), or a number word compared on its Snowball stem ("kymmenestä" ~ "kymmenen").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from assistant.datafile import read_yaml
from assistant.ingest.chunking import sentences
from assistant.retrieval.analyzer import Analyzer

MIN_IDF = 2.0  # a specific term: in at most about a tenth of the chunks (not "tieto", "alue", "hanke")
_FILE = Path(__file__).with_name("answer_types.yaml")
_WORD = re.compile(r"[0-9a-zåäöéü]+", re.IGNORECASE)
_AMOUNT = re.compile(r"(?<![\d.:/])\d+(?:[ \u00a0]\d{3})*(?:,\d+)?(?![\d.:/])")
_YEAR = re.compile(r"^(1[89]|20)\d\d$")


@lru_cache(maxsize=1)
def _data() -> tuple[tuple[tuple[str, ...], ...], tuple[str, ...]]:
    data = read_yaml(_FILE)
    cues = tuple(tuple(c.lower().split()) for words in data["quantity_cues"].values() for c in words)
    numbers = tuple(str(w).lower() for words in data["number_words"].values() for w in words)
    return cues, numbers


def asks_quantity(query: str) -> list[str]:
    """The words of the query's quantity cue ([] when it asks for no quantity)."""
    words = [w.lower() for w in _WORD.findall(query)]
    for cue in _data()[0]:
        n = len(cue)
        for i in range(len(words) - n + 1):
            if tuple(words[i : i + n]) == cue:
                return list(cue)
    return []


def has_number(sentence: str, analyzer: Analyzer) -> bool:
    """An amount in digits (not a year, date or section number) or a number word."""
    if any(not _YEAR.match(m.group(0)) for m in _AMOUNT.finditer(sentence)):
        return True
    numbers = _number_stems(analyzer)
    return any(analyzer.stem(w.lower()) in numbers for w in _WORD.findall(sentence) if not w.isdigit())


def _number_stems(analyzer: Analyzer) -> frozenset[str]:
    stems = getattr(analyzer, "_number_stems", None)
    if stems is None:
        stems = frozenset(analyzer.stem(w) for w in _data()[1])
        analyzer._number_stems = stems  # type: ignore[attr-defined]
    return stems


def quantity_answered(
    query: str, cue: list[str], texts: list[str], analyzer: Analyzer, idf: Callable[[str], float]
) -> bool:
    """Some sentence of the texts has a number and a specific term of the query (cue words aside)."""
    cue_terms = {t for w in cue for t in analyzer.expand(w)}
    terms = {t for t in analyzer.search_tokens(query) if t not in cue_terms and idf(t) >= MIN_IDF}
    if not terms:
        return True  # nothing to look for: the other floors decide
    for text in texts:
        for sentence in sentences(text):
            if terms & set(analyzer.index_tokens(sentence)) and has_number(sentence, analyzer):
                return True
    return False
