"""A person's name in what people type: two capitalised words ("Anna Ek", "Erik Sand-Berg")."""

from __future__ import annotations

import re

from assistant.interpret import rules

PERSON = re.compile(
    r"\b([A-ZÅÄÖ][a-zåäöé]+(?:-[A-ZÅÄÖ][a-zåäöé]+)?\s+[A-ZÅÄÖ][a-zåäöé]+(?:-[A-ZÅÄÖ][a-zåäöé]+)?)\b"
)
PERSON_ONLY_WORDS = 4  # a person's name with a title or role at most this long
_DIGIT = re.compile(r"\d")


def a_person_only(text: str) -> bool:
    """A person's name, with a title or role at most, and no word of a requirement."""
    return (
        bool(PERSON.search(text))
        and len(text.split()) <= PERSON_ONLY_WORDS
        and not _DIGIT.search(text)
        and not rules.cue("prerequisites", text.lower())
    )
