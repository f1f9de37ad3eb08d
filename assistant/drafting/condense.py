"""Long answers: a shorter version made only of the user's own sentences (extractive), offered for
acceptance; the full text is what is recorded unless the user takes the shorter one.

Sentences are scored by how many of the answer's frequent content words (Snowball stems, fi/sv/en)
they carry, with a small bonus for the opening sentence; the best ones are kept in their original order
up to about a third of the text (at least `MIN_CHARS`). No word is changed and none is added.
"""

from __future__ import annotations

import re
from collections import Counter

import Stemmer

LONG_ANSWER_CHARS = 1200  # answers longer than this get a shorter version offered
ECHO_CHARS = 300  # a long answer is echoed up to this many characters
MIN_CHARS = 400
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ0-9\"'(])|\n+")
_WORD = re.compile(r"[^\W\d_]{4,}")
_STEM = Stemmer.Stemmer("finnish")


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(text) if s.strip()]


def shorter_version(text: str, *, ratio: float = 0.35) -> str | None:
    """The answer's most central sentences, in order, joined as written; None when it cannot be shorter."""
    parts = sentences(text)
    if len(text) <= LONG_ANSWER_CHARS or len(parts) < 3:
        return None
    stems = [[_STEM.stemWord(w.lower()) for w in _WORD.findall(s)] for s in parts]
    frequency = Counter(stem for words in stems for stem in set(words))

    def score(i: int) -> float:
        words = stems[i]
        if not words:
            return 0.0
        return sum(frequency[w] for w in set(words)) / (len(words) ** 0.5) + (2.0 if i == 0 else 0.0)

    budget = max(MIN_CHARS, int(len(text) * ratio))
    chosen: list[int] = []
    used = 0
    for i in sorted(range(len(parts)), key=score, reverse=True):
        if used + len(parts[i]) > budget and chosen:
            continue
        words = set(stems[i])
        if any(len(words & set(stems[j])) > 0.7 * max(1, len(words)) for j in chosen):
            continue  # says again what a chosen sentence says
        chosen.append(i)
        used += len(parts[i]) + 1
    if len(chosen) >= len(parts):
        return None
    return " ".join(parts[i] for i in sorted(chosen))


def echo(text: str, limit: int = ECHO_CHARS) -> str:
    """What is echoed of a recorded answer: all of a short one, the opening of a long one (whole words)."""
    from assistant.textutil import shorten_words

    return text if len(text) <= limit else shorten_words(text, limit)


def offer_key(text: str) -> str:
    """Identifies the full text an offer was made for (the field may have changed since)."""
    import hashlib

    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]
