"""Answer types: a question that asks for a quantity ("Paljonko …", "Hur många …", "How much …") or a
frequency ("Kuinka usein …", "Hur ofta …", "How often …") is not answered by passages that hold no number,
or no frequency, near its own words, however close in topic they are. A who-question about a person in a
role ("Kuka on … tietohallintojohtaja?") is not answered by passages that never name that role, nor a
question asking for a survey's statements or answer scale by passages that only say the survey has them,
nor a question about a month by passages that never mention it.

The cue phrases and number words are data (answer_types.yaml). A passage answers the quantity when one of
its sentences has both a number and the question's most specific term (its highest-IDF content term,
analysed like the lexical index). A number is an amount in digits ("40 kysymyksen", "68 437", "2-4 kpl",
"1,5 milj.") that is not a year, a date, a section number or a report number ("2019", "1.3.2022", "2.1",
"2019:42"), or a number word compared on its Snowball stem ("kymmenestä" ~ "kymmenen"). A frequency is a
frequency word ("kerran", "årligen", "monthly") or a Finnish period adverb or adjective ("vuosittain",
"valtuustokausittain", "vuosittaisilla").

The quantity type also orders a search's first hits (`quantity_first`): a passage without such a number
cannot answer "how many", however close it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from assistant.datafile import read_yaml
from assistant.ingest.chunking import sentences
from assistant.retrieval.analyzer import Analyzer

MIN_IDF = 2.0  # a specific term: in at most about a tenth of the chunks (not "tieto", "alue", "hanke")
_FILE = Path(__file__).with_name("answer_types.yaml")
_WORD = re.compile(r"[0-9a-zåäöéü]+", re.IGNORECASE)
_AMOUNT = re.compile(r"(?<![\d.:/])\d+(?:[ \u00a0]\d{3})*(?:,\d+)?(?![\d.:/])")
_YEAR = re.compile(r"^(1[89]|20)\d\d$")


_PERIOD = re.compile(r"\w+itt[aä]i", re.IGNORECASE)  # vuosittain, kvartaaleittain, vuosittainen


@lru_cache(maxsize=1)
def _yaml() -> dict[str, Any]:
    return read_yaml(_FILE)


def _cues(key: str) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(str(c).lower().split()) for words in _yaml()[key].values() for c in words)


def _words(key: str) -> tuple[str, ...]:
    return tuple(str(w).lower() for words in _yaml().get(key, {}).values() for w in words)


@lru_cache(maxsize=1)
def _data() -> tuple[tuple[tuple[str, ...], ...], tuple[str, ...]]:
    return _cues("quantity_cues"), _words("number_words")


def _cue(query: str, cues: tuple[tuple[str, ...], ...]) -> list[str]:
    words = [w.lower() for w in _WORD.findall(query)]
    for cue in cues:
        n = len(cue)
        for i in range(len(words) - n + 1):
            if tuple(words[i : i + n]) == cue:
                return list(cue)
    return []


def asks_quantity(query: str) -> list[str]:
    """The words of the query's quantity cue ([] when it asks for no quantity)."""
    return _cue(query, _data()[0])


def asks_frequency(query: str) -> list[str]:
    """The words of the query's frequency cue ([] when it asks for no frequency)."""
    return _cue(query, _cues("frequency_cues"))


def asks_when(query: str) -> list[str]:
    """The words of the query's when-cue ([] when it asks for no time)."""
    return _cue(query, _cues("when_cues"))


def asks_who(query: str) -> list[str]:
    """The words of the query's who-cue, with or without a role ([] when it asks for no person)."""
    return _cue(query, _cues("who_cues"))


def has_frequency(sentence: str) -> bool:
    """A frequency word at the start of a word, or a Finnish period adverb or adjective (-ittain)."""
    if _PERIOD.search(sentence):
        return True
    entries = _words("frequency_words")
    words = [w.lower() for w in _WORD.findall(sentence)]
    prefixes = tuple(e for e in entries if " " not in e)
    phrases = [tuple(e.split()) for e in entries if " " in e]
    return any(w.startswith(prefixes) for w in words) or any(
        tuple(words[i : i + len(p)]) == p for p in phrases for i in range(len(words) - len(p) + 1)
    )


def asked_roles(query: str) -> list[str]:
    """The role nouns of a who-question ("tietohallintojohtaja", "ordförande"), as written (lower case);
    [] when the query is no who-question or names no role."""
    if not _cue(query, _cues("who_cues")):
        return []
    endings, words = _words("role_endings"), set(_words("role_words"))
    out = []
    for w in (w.lower() for w in _WORD.findall(query)):
        if w in words or any(e in w for e in endings):  # inflected and compound forms hold the ending
            out.append(w)
    return out


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
    """Some sentence of the texts has a number and a specific term of the query (cue words aside); when
    the question counts a Finnish noun ("Montako väittämää …"), the number counts that noun (it comes
    at most COUNTED_GAP words before it: "40 kysymyksen", "kymmeneen tietojohtamisen osa-alueeseen")."""
    counted = _counted_noun(query, cue, analyzer, idf)
    if counted:
        forms = set(analyzer.expand(counted))
        return answered_by(query, cue, texts, analyzer, idf, lambda s: _counts(s, forms, analyzer))
    return answered_by(query, cue, texts, analyzer, idf, lambda s: has_number(s, analyzer))


COUNTED_GAP = 3
_COUNT_CUES = frozenset(
    {("montako",), ("moniko",), ("kuinka", "monta"), ("kuinka", "moni"), ("miten", "monta")}
)


def _counted_noun(query: str, cue: list[str], analyzer: Analyzer, idf: Callable[[str], float]) -> str | None:
    """The Finnish noun a count question counts: the word right after "montako"/"kuinka monta", when
    Voikko reads it as a noun and the index knows it."""
    if tuple(cue) not in _COUNT_CUES or analyzer.morphology is None:
        return None
    words = [w.lower() for w in _WORD.findall(query)]
    for i in range(len(words) - len(cue)):
        if words[i : i + len(cue)] == cue:
            word = words[i + len(cue)]
            known = analyzer.morphology.lemma(word) is not None and any(idf(f) for f in analyzer.expand(word))
            return word if known and analyzer.is_noun(word) else None
    return None


def _counts(sentence: str, forms: set[str], analyzer: Analyzer) -> bool:
    words = _WORD.findall(sentence)
    for j, w in enumerate(words):
        if has_number(w, analyzer):
            after = words[j + 1 : j + 1 + COUNTED_GAP]
            if any(forms & set(analyzer.expand(a.lower())) for a in after):
                return True
    return False


def frequency_answered(
    query: str, cue: list[str], texts: list[str], analyzer: Analyzer, idf: Callable[[str], float]
) -> bool:
    """Some sentence of the texts has a frequency and a specific term of the query that is not only a
    verb: a frequency is said of something ("Tiekarttaa päivitetään tarpeen mukaan" answers how often the
    roadmap is updated, not how often anything else is)."""
    return answered_by(query, cue, texts, analyzer, idf, has_frequency, skip_verbs=True)


def answered_by(
    query: str,
    cue: list[str],
    texts: list[str],
    analyzer: Analyzer,
    idf: Callable[[str], float],
    evidence: Callable[[str], bool],
    *,
    skip_verbs: bool = False,
    require_evidence: bool = False,
) -> bool:
    """Some sentence of the texts has the evidence and a specific term of the query (cue words aside;
    with `skip_verbs`, a term that is not only a verb: what the frequency is of, not what is done). A
    query without specific terms is left to the other floors, unless `require_evidence`."""
    cue_terms = {t for w in cue for t in analyzer.expand(w)}
    verbs = {
        t for w in analyzer.words(query) if skip_verbs and analyzer.is_verb(w) for t in analyzer.expand(w)
    }
    terms = {t for t in analyzer.search_tokens(query) if t not in cue_terms | verbs and idf(t) >= MIN_IDF}
    if not terms and not require_evidence:
        return True  # nothing to look for: the other floors decide
    for text in texts:
        for sentence in sentences(text):
            if (not terms or terms & set(analyzer.index_tokens(sentence))) and evidence(sentence):
                return True
    return False


_QUOTED = re.compile(r"[\"”“«»]|:\s*\S")  # a quotation, or items after a colon


def asked_items(query: str) -> list[str]:
    """The kinds of listed items ("statements", "scale") a which-question asks for."""
    if not _cue(query, _cues("which_cues")):
        return []
    words = [w.lower() for w in _WORD.findall(query)]
    items = _yaml()["listed_items"]
    return [k for k, v in items.items() if any(_item_noun(v, w) for w in words)]


def _item_noun(spec: dict[str, Any], word: str) -> bool:
    """The word is one of the item's nouns: as a part of the word, or (`match: words`) a whole word, or
    its beginning for a noun written with a trailing "-" ("profiil-": kypsyysprofiilit is not, profiilit
    is; "score" is not "scorecard")."""
    nouns = spec["nouns"]
    if spec.get("match") != "words":
        return any(n in word for n in nouns)
    return any(word.startswith(n[:-1]) if n.endswith("-") else word == n for n in nouns)


def items_answered(
    item: str,
    texts: list[str],
    analyzer: Analyzer,
    query: str = "",
    idf: Callable[[str], float] = lambda t: 0.0,
) -> bool:
    """Some sentence of the texts names the item and presents it (quoted or listed; a scale's numbers),
    next to a specific term of the `query` besides the item's own word (the survey's scale, not a risk
    scale): see `answered_by`."""
    spec = _yaml()["listed_items"][item]

    def presents(sentence: str) -> bool:
        if not any(_item_noun(spec, w) for w in _WORD.findall(sentence.lower())):
            return False
        if spec["evidence"] == "number":
            return has_number(sentence, analyzer)
        return bool(_QUOTED.search(sentence))

    item_words = [w.lower() for w in _WORD.findall(query) if _item_noun(spec, w.lower())]
    return answered_by(query, item_words, texts, analyzer, idf, presents, require_evidence=True)


def _month_words() -> dict[int, tuple[str, ...]]:
    return {int(k): tuple(str(w).lower() for w in v) for k, v in _yaml()["months"].items()}


def _is_month(word: str, names: tuple[str, ...]) -> bool:
    """A Finnish month name begins the word (it inflects: elokuussa); others are whole words ("maj" is
    not "majoitus")."""
    return word in names or any(n.endswith("kuu") and word.startswith(n) for n in names)


def asked_months(query: str) -> list[tuple[int, str | None]]:
    """The months the query names (by number), each with the year written right after it, if any."""
    words = [w.lower() for w in _WORD.findall(query)]
    out = []
    for month, names in _month_words().items():
        for i, w in enumerate(words):
            if _is_month(w, names):
                year = next((y for y in words[i + 1 : i + 3] if _YEAR.match(y)), None)
                out.append((month, year))
                break
    return out


def month_mentioned(month: int, texts: list[str], year: str | None = None) -> bool:
    """Some sentence names the month (with the year, when given), or has a date in that month and year
    ("1.8.2020", "08/2020"; "Q3/20" does not count)."""
    names = _month_words()[month]
    y = year or r"\d{2,4}"
    date = re.compile(rf"(?<![\d.])\d{{1,2}}\.0?{month}\.(?:{y})(?!\d)|(?<!\d)0?{month}/(?:{y})(?!\d)")
    for text in texts:
        for sentence in sentences(text, min_chars=1):
            words = _WORD.findall(sentence.lower())
            named = any(_is_month(w, names) for w in words) and (year is None or year in words)
            if named or date.search(sentence):
                return True
    return False


def quantity_first(
    query: str, texts: list[str], analyzer: Analyzer, idf: Callable[[str], float]
) -> list[int] | None:
    """For a question asking for a quantity, the order of these passages (ranked) that puts the ones
    holding a number next to the question's specific terms first, each group keeping its rank order;
    None for any other question."""
    cue = asks_quantity(query)
    if not cue:
        return None
    answers = [quantity_answered(query, cue, [text], analyzer, idf) for text in texts]
    return [n for n, ok in enumerate(answers) if ok] + [n for n, ok in enumerate(answers) if not ok]


def unanswered_type(
    query: str,
    texts: list[str],
    analyzer: Analyzer,
    idf: Callable[[str], float],
    grounded: Callable[[str], bool],
) -> str | None:
    """The answer type the query asks for that these passages (the ones shown) do not hold: "quantity",
    "frequency", "role" (`grounded(word)`: a shown passage names the role word), "statements",
    "scale" or "month" (a month the question names); None when they do or it asks for no such type."""
    cue = asks_quantity(query)
    if cue and not quantity_answered(query, cue, texts, analyzer, idf):
        return "quantity"
    cue = asks_frequency(query)
    if cue and not frequency_answered(query, cue, texts, analyzer, idf):
        return "frequency"
    if any(not grounded(role) for role in asked_roles(query)):
        return "role"
    for item in asked_items(query):
        if not items_answered(item, texts, analyzer, query, idf):
            return item
    if any(not month_mentioned(m, texts, year) for m, year in asked_months(query)):
        return "month"
    return None
