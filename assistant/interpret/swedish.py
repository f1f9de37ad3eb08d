"""Swedish typed without å/ä/ö ("forutsattningar", "ansvarig ar", "atgard"), read with its letters
restored, as `spelling.py` restores Finnish ä/ö: a word that no dictionary of the app knows as typed, and
whose restored form its Swedish words know (the template's and the interface's own Swedish texts and
`data/swedish_words.yaml`, inflected forms by their Snowball stem), is read as that form. Only the reading
copy of a message changes; what the user typed is stored as typed."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Any

import Stemmer

from assistant.datafile import read_yaml
from assistant.paths import KNOWLEDGE_DIR

_DATA = Path(__file__).with_name("data")
_WORD = re.compile(r"[a-zåäöéü]+")
_PLAIN = re.compile(r"[ao]")
_VARIANTS = {"a": ("a", "ä", "å"), "o": ("o", "ö")}
MAX_POSITIONS = 6  # a/o positions varied (3**6 readings at most; longer words vary their first six)
MIN_CHARS = 2
_STEMMER = Stemmer.Stemmer("swedish")


def _strings(data: Any, *, swedish: bool = False) -> list[str]:
    """The Swedish strings of a YAML structure: values under `sv` keys (or all, once inside one)."""
    if isinstance(data, str):
        return [data] if swedish else []
    if isinstance(data, dict):
        return [s for k, v in data.items() for s in _strings(v, swedish=swedish or k == "sv")]
    if isinstance(data, list):
        return [s for v in data for s in _strings(v, swedish=swedish)]
    return []


@lru_cache(maxsize=1)
def lexicon() -> tuple[dict[str, int], frozenset[str]]:
    """Swedish words (with their rank: listed words first, then by frequency in the app's texts) and
    the Snowball stems of those carrying å/ä/ö."""
    from assistant.i18n.catalog import LOCALES_DIR

    data = read_yaml(_DATA / "swedish_words.yaml", strings=True)
    listed = [w for entry in (*data["words"], *data["plain_words"]) for w in entry.split()]
    texts = _strings(read_yaml(KNOWLEDGE_DIR / "template.yaml", strings=True))
    for path in sorted(LOCALES_DIR.glob("sv*.yaml")):
        texts += _strings(read_yaml(path, strings=True), swedish=True)
    counts = Counter(w for text in texts for w in _WORD.findall(text.lower()))
    ranked = [*dict.fromkeys(w.lower() for w in listed), *(w for w, _ in counts.most_common())]
    rank = {w: i for i, w in enumerate(dict.fromkeys(ranked))}
    stems = frozenset(_STEMMER.stemWord(w) for w in rank if re.search("[åäö]", w))
    return rank, stems


def known(word: str) -> bool:
    """A Swedish word of the app's texts or its word list, as typed."""
    return word in lexicon()[0]


def _known(word: str) -> bool:
    rank, stems = lexicon()
    return word in rank or (len(word) > 3 and _STEMMER.stemWord(word) in stems)


@lru_cache(maxsize=20_000)
def restored(word: str) -> str:
    """The Swedish word meant by a lower-case word typed without å/ä/ö (the word itself when it is known
    as typed, has no a/o, or no restored form is known)."""
    if len(word) < MIN_CHARS or re.search("[åäö]", word) or not _PLAIN.search(word):
        return word
    rank, _ = lexicon()
    if word in rank:
        return word
    spots = [m.start() for m in _PLAIN.finditer(word)][:MAX_POSITIONS]
    found: list[str] = []
    for letters in itertools.product(*(_VARIANTS[word[i]] for i in spots)):
        chars = list(word)
        for i, letter in zip(spots, letters, strict=True):
            chars[i] = letter
        candidate = "".join(chars)
        if candidate != word and _known(candidate):
            found.append(candidate)
    if not found or _known(word):
        return word
    return min(found, key=lambda w: (w not in rank, rank.get(w, 0)))
