"""Finnish hyphenation for narrow table cells: a word too long for its column gets soft hyphens
(`<w:softHyphen/>`) at the syllable boundaries Voikko gives, so the word processor breaks it with a
hyphen where Finnish allows, never in the middle of a syllable. A soft hyphen is not text: python-docx
and the importer read the word back whole. Without Voikko (optional, see `retrieval/morphology.py`) words
are written as they are."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from docx.oxml import OxmlElement

_WORD = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=1)
def _voikko() -> Any:
    try:
        import libvoikko

        return libvoikko.Voikko("fi")
    except Exception:
        return None


@lru_cache(maxsize=4096)
def syllable_points(word: str) -> tuple[int, ...]:
    """Offsets inside `word` where a hyphen may break it (empty without Voikko)."""
    voikko = _voikko()
    if voikko is None or len(word) < 6:
        return ()
    pattern = voikko.getHyphenationPattern(word)
    return tuple(i for i, mark in enumerate(pattern) if mark == "-" and 2 <= i <= len(word) - 2)


def pieces(text: str, max_chars: int) -> list[str]:
    """`text` cut at the soft-hyphen points of its words longer than `max_chars` (joined, the text)."""
    out: list[str] = []
    last = 0
    for m in _WORD.finditer(text):
        word = m.group(0)
        if len(word) <= max_chars:
            continue
        points = syllable_points(word)
        if not points:
            continue
        cut = m.start()
        for point in points:
            out.append(text[last : cut + point])
            last = cut + point
    out.append(text[last:])
    return out


def add_hyphenated(paragraph: Any, text: str, max_chars: int) -> Any:
    """Add `text` to the paragraph as one run, with soft hyphens in its words over `max_chars`."""
    run = paragraph.add_run()
    parts = pieces(text, max_chars)
    for n, part in enumerate(parts):
        if n:
            run._r.append(OxmlElement("w:softHyphen"))
        if part:
            run.add_text(part)
    return run
