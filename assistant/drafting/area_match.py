"""A county's own name for an assessment area -> the template's area: fi/sv/en, inflected, with typos.

Names are compared after Snowball stemming (Finnish, Swedish and English stems of every word) with
rapidfuzz; a name is recognised only when it is clearly closer to one area than to any other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import Stemmer  # PyStemmer (Snowball)
from rapidfuzz import fuzz

from assistant.datafile import read_yaml
from assistant.template.spec import TemplateSpec

_ALIASES = Path(__file__).with_name("area_names.yaml")
ACCEPT = 90.0  # best score needed to recognise a name ("tietoturva" is not "tietotarve": 88.9)
MARGIN = 6.0  # and its lead over the next area
SUGGEST = 60.0  # below ACCEPT but above this: offered as "did you mean"
_WORD = re.compile(r"[0-9a-zåäöéü]+")
_STEMMERS = tuple(Stemmer.Stemmer(lang) for lang in ("finnish", "swedish", "english"))
_CONNECTIVES = {"ja", "och", "and", "sekä", "samt", "&"}


@dataclass(frozen=True)
class AreaMatch:
    area: str | None  # the area key when recognised
    suggestion: str | None  # the closest area key when not recognised but close
    score: float


_FOLD = str.maketrans("åäöéü", "aaoeu")


def folded(text: str) -> str:
    """Lower case, letters without diacritics ("Nojdhet" typed without ö is "nöjdhet")."""
    return text.lower().translate(_FOLD)


def _norm(text: str) -> str:
    """Lower-case words without connectives, letters without diacritics on both sides ("Matare" typed
    without ä is "Mätare")."""
    words = _WORD.findall(text.lower())
    return " ".join(folded(w) for w in words if w not in _CONNECTIVES)


def _stems(text: str) -> str:
    words = _norm(text).split()
    return " ".join(min((s.stemWord(w) for s in _STEMMERS), key=len) for w in words)


_CACHE: dict[int, dict[str, list[tuple[str, str]]]] = {}


def _names(spec: TemplateSpec) -> dict[str, list[tuple[str, str]]]:
    if id(spec) in _CACHE:
        return _CACHE[id(spec)]
    extra = read_yaml(_ALIASES) or {}
    out: dict[str, list[tuple[str, str]]] = {}
    for area in spec.areas:
        names = {
            area.name,
            area.key.replace("_", " "),
            *(area.label.get(lang) for lang in ("fi", "sv", "en")),
        }
        names |= set(extra.get(area.key, []))
        out[area.key] = [(_norm(n), _stems(n)) for n in names if n]
    _add_without_shared_opening(out)
    _CACHE[id(spec)] = out
    return out


def _add_without_shared_opening(names: dict[str, list[tuple[str, str]]]) -> None:
    """A first word that several areas' names share ("tiedon hankinta", "tiedon jakaminen", "tiedon
    käyttö"; "informationsdelning" has none) tells them apart from nothing: people leave it out
    ("organisointi ja varastointi"), so each such name is also known without it."""
    firsts: dict[str, set[str]] = {}
    for key, forms in names.items():
        for norm, _ in forms:
            if len(norm.split()) > 1:
                firsts.setdefault(norm.split()[0], set()).add(key)
    shared = {word for word, keys in firsts.items() if len(keys) > 1}
    for forms in names.values():
        rest = [" ".join(n.split()[1:]) for n, _ in forms if len(n.split()) > 1 and n.split()[0] in shared]
        forms.extend((r, _stems(r)) for r in rest if (r, _stems(r)) not in forms)


def _score(typed: str, stemmed: str, name: tuple[str, str]) -> float:
    norm, stems = name
    return max(
        fuzz.ratio(typed, norm),
        fuzz.ratio(stemmed, stems),
        fuzz.ratio(typed.replace(" ", ""), norm.replace(" ", "")),  # "tiedonhankinta"
        fuzz.token_sort_ratio(stemmed, stems),
        _covered(typed, norm),
    )


_MINOR = {"av", "of", "the", "i", "in", "for"}  # words a name has that nobody abbreviates into a row


def _word_covers(word: str, names: list[str]) -> bool:
    """A typed word is one of the name's words shortened ("org", "strat", "hank"), or it with a typo."""
    return any((len(word) >= 3 and n.startswith(word)) or fuzz.ratio(word, n) >= 85 for n in names)


def _covered(typed: str, norm: str) -> float:
    """Every typed word (two or more) is a word of the name, shortened or misspelled: "org ja varastointi",
    "Organisering och lagring" (of "… lagring av information"). Scores above plain similarity, more the
    more of the name the words cover; one word alone ("organisering") is never enough."""
    words = typed.split()
    names = [n for n in norm.split() if n not in _MINOR]
    if len(words) < 2 or not names or not all(_word_covers(w, names) for w in words):
        return 0.0
    return 90.0 + 10.0 * min(1.0, len(words) / len(names))


def match_area(text: str, spec: TemplateSpec) -> AreaMatch:
    """The area a typed name means; a name with a parenthesised remark ("Nytta (hyödyt)") is also tried
    without it."""
    bare = _PARENTHESISED.sub(" ", text)
    if bare.strip() and bare != text:
        found = _match(bare, spec)
        if found.area is not None:
            return found
    return _match(text, spec)


_PARENTHESISED = re.compile(r"\([^)]*\)")


def _match(text: str, spec: TemplateSpec) -> AreaMatch:
    typed = _norm(text)
    if not typed:
        return AreaMatch(None, None, 0.0)
    stemmed = _stems(text)
    scores = sorted(
        ((max(_score(typed, stemmed, n) for n in names), key) for key, names in _names(spec).items()),
        reverse=True,
    )
    (best, key), (second, _) = scores[0], scores[1]
    if best >= ACCEPT and best - second >= MARGIN:
        return AreaMatch(key, None, best)
    return AreaMatch(None, key if best >= SUGGEST else None, best)
