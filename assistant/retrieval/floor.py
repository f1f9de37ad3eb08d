"""Names a question depends on: a question about an entity or a year the knowledge base does not speak of
("Pirkanmaan suunnitelma", "kaudelle 2026–2029", "Webropol", "KPIs", "Österbottens välfärdsområde")
cannot be answered from it, however close the passages about the topic around it are.

A name is a word of two letters or more written with a capital inside the question, an all-capital
abbreviation, or a number of four digits or more (a lone letter is a section or list label: "section C").
Two checks, both for people's questions only:

- `unknown_names`: the name is in no indexed chunk in any analysed form (Finnish stem, lemma, compound
  parts; Swedish and English stems; the Finnish stems of its glossary translation, so an English "June",
  "Dutch" or "KM" is looked for as "kesäkuu", "hollantilainen", "tietojohtaminen") and is no document
  alias word: refused before anything is ranked.
- `ungrounded_names`: the name is in none of the passages that would be shown, by its whole-word forms
  (stem, lemma, Swedish and English stems; never a compound part: "Pirkanmaan" is not grounded by "maa"),
  nor the alias of a document the question names. A question about Kainuu's plan is not answered by
  passages that never mention Kainuu, even though one other passage of the corpus does.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.ingest.chunking import sentences
from assistant.retrieval.analyzer import Analyzer

_WORD = re.compile(r"[0-9A-Za-zÅÄÖåäöÉéÜü]+(?:[-–][0-9A-Za-zÅÄÖåäöÉéÜü]+)*")
_SENTENCE_START = re.compile(r"(^|[.!?:]\s+|[\"(]\s*)$")
_YEAR = re.compile(r"\d{4,}")


def _is_name(part: str, first: bool) -> bool:
    if _YEAR.fullmatch(part):
        return True
    if part.isupper() and len(part) > 1 and part.isalpha():
        return True
    return len(part) > 1 and part[:1].isupper() and not first


def question_names(query: str, analyzer: Analyzer) -> list[str]:
    """The names in the query, as written (hyphenated names in parts: "Varsinais-Suomen" -> both)."""
    out: list[str] = []
    for m in _WORD.finditer(query):
        first = bool(_SENTENCE_START.search(query[: m.start()]))
        for part in re.split(r"[-–]", m.group(0)):
            if part and _is_name(part, first) and part.lower() not in analyzer.stopwords:
                out.append(part)
            first = False
    return out


def _foreign(analyzer: Analyzer, word: str) -> set[str]:
    return {*analyzer.foreign_stems([word], "sv"), *analyzer.foreign_stems([word], "en")}


def _spellings(word: str, genitive: bool, analyzer: Analyzer) -> list[str]:
    """The name, and in a Swedish or English question without its genitive s ("Soites" -> "soite"); in
    a Finnish one, a name Voikko does not know without its genitive n ("Vimanan" -> "vimana": Snowball
    stems the two apart)."""
    word = word.lower()
    if genitive and len(word) > 3 and word.endswith("s"):
        return [word, word[:-1]]
    unknown = analyzer.morphology is None or analyzer.morphology.lemma(word) is None
    if not genitive and unknown and len(word) > 4 and word.endswith("n"):
        return [word, word[:-1]]
    return [word]


def unknown_names(query: str, analyzer: Analyzer, known: Callable[[str], bool]) -> list[str]:
    """The names in `query` that `known(stem)` rejects in every analysed form."""
    genitive = analyzer.detect_language(query) != "fi"
    out: list[str] = []
    for name in question_names(query, analyzer):
        forms = {
            f
            for word in _spellings(name, genitive, analyzer)
            for f in (*analyzer.expand(word), word, *_foreign(analyzer, word), *analyzer.translations(word))
        }
        if not any(known(f) for f in forms):
            out.append(name)
    return out


def name_forms(analyzer: Analyzer, name: str, genitive: bool = False) -> set[str]:
    """A name's whole-word forms: Finnish stem and lemma stem, Swedish and English stems, and the Finnish
    stems of its glossary translation (an English or Swedish abbreviation such as "HR"); with `genitive`,
    those of the name without a Swedish or English genitive s too."""
    return {
        f
        for word in _spellings(name, genitive, analyzer)
        for f in (
            word,
            *analyzer.whole_word_stems(word),
            *_foreign(analyzer, word),
            *analyzer.translations(word),
        )
    }


def ungrounded_names(query: str, analyzer: Analyzer, grounded: Callable[[set[str]], bool]) -> list[str]:
    """The names in `query` whose whole-word forms `grounded(forms)` rejects."""
    genitive = analyzer.detect_language(query) != "fi"
    return [n for n in question_names(query, analyzer) if not grounded(name_forms(analyzer, n, genitive))]


def name_in_context(
    forms: set[str], other: list[frozenset[str]], texts: list[str], analyzer: Analyzer
) -> bool:
    """Some sentence of the texts, with its neighbours, holds the name (one of its whole-word `forms`) and
    one of the question's other specific terms (`other`: each unit's forms), when it has any: a passage
    that mentions Lapland in passing does not answer a question about Lapland's plan's metrics."""
    for text in texts:
        tokens = [set(analyzer.index_tokens(s)) for s in sentences(text, min_chars=1)]
        for i, own in enumerate(tokens):
            if not own & forms:
                continue
            if not other:
                return True
            window = set().union(*tokens[max(0, i - 1) : i + 2])
            if any(unit & window for unit in other):
                return True
    return False
