"""Names the knowledge base does not know: a question about an entity or a year the corpus never mentions
("Pirkanmaan suunnitelma", "kaudelle 2026–2029", "Webropol", "KPIs") cannot be answered from it, however
close the passages about the topic around it are. The retriever refuses such a question.

A name is a word written with a capital inside the question, an all-capital abbreviation, or a number of four
digits or more. It is known when any of its analysed forms (Finnish stem, lemma, compound parts; Swedish and
English stems) is in the lexical index's vocabulary, or it is one of the documents' alias words.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.retrieval.analyzer import Analyzer

_WORD = re.compile(r"[0-9A-Za-zÅÄÖåäöÉéÜü]+(?:[-–][0-9A-Za-zÅÄÖåäöÉéÜü]+)*")
_SENTENCE_START = re.compile(r"(^|[.!?:]\s+|[\"(]\s*)$")
_YEAR = re.compile(r"\d{4,}")


def _is_name(part: str, first: bool) -> bool:
    if _YEAR.fullmatch(part):
        return True
    if part.isupper() and len(part) > 1 and part.isalpha():
        return True
    return part[:1].isupper() and not first


def unknown_names(query: str, analyzer: Analyzer, known: Callable[[str], bool]) -> list[str]:
    """The names in `query` that `known(stem)` rejects in every analysed form."""
    out: list[str] = []
    for m in _WORD.finditer(query):
        first = bool(_SENTENCE_START.search(query[: m.start()]))
        for part in re.split(r"[-–]", m.group(0)):
            if not part or not _is_name(part, first):
                continue
            word = part.lower()
            forms = {*analyzer.expand(word), word}
            forms.update(analyzer.foreign_stems([word], "sv") + analyzer.foreign_stems([word], "en"))
            if word in analyzer.stopwords or any(known(f) for f in forms):
                continue
            out.append(part)
            first = False
    return out
