"""Swedish compounds read as their glossary parts.

Swedish writes a compound as one word ("enkätresultaten", "kvalitetsmätare"), and the glossary has its
parts ("enkät", "resultat"; "kvalitet", "mätare"), not every compound. Matching the word by its
stem finds nothing, and matching it by a glossary word it starts with finds only the modifier and loses
the head, which says what the word is about. So a long Swedish word that is wholly made of glossary words
(each of MIN_PART letters or more, joined by a linking s or e, with an inflectional ending of at most
MAX_ENDING letters) stands for each of those glossary terms.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

MIN_WORD = 8
MIN_PART = 4
MAX_ENDING = 4
LINKS = ("", "s", "e")  # Swedish linking letters (fogemorfem)

T = TypeVar("T")


def part_table(terms: Iterable[tuple[str, T]]) -> dict[str, dict[str, T]]:
    """(surface word, value) pairs as a table by their first two letters (one-word terms of MIN_PART
    letters or more; the first value of a word wins)."""
    table: dict[str, dict[str, T]] = {}
    for word, value in terms:
        word = word.lower()
        if len(word) >= MIN_PART and word.isalpha():
            table.setdefault(word[:2], {}).setdefault(word, value)
    return table


def split(word: str, table: dict[str, dict[str, T]]) -> list[T] | None:
    """The values of the parts the word is wholly made of (two or more), longest parts first; None when
    it is not such a compound."""
    if len(word) < MIN_WORD:
        return None
    found = _split(word.lower(), 0, table)
    return found if found is not None and len(found) >= 2 else None


def _split(word: str, start: int, table: dict[str, dict[str, T]]) -> list[T] | None:
    if len(word) - start <= MAX_ENDING:
        return []
    parts = table.get(word[start : start + 2], {})
    for part in sorted((p for p in parts if word.startswith(p, start)), key=len, reverse=True):
        end = start + len(part)
        for link in LINKS:
            if link and not word.startswith(link, end):
                continue
            rest = _split(word, end + len(link), table)
            if rest is not None:
                return [parts[part], *rest]
    return None
