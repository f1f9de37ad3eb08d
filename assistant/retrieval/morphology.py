"""Finnish morphology beyond Snowball, with Voikko when it is installed: lemmas and compound parts.

Voikko needs the system library (Debian `libvoikko1` and the Finnish dictionary `voikko-fi`) besides the
PyPI wrapper `libvoikko`; pip alone cannot install the library, so Voikko is optional. `load_morphology`
returns None when it is missing (mode "auto") or raises a clear error (mode "voikko").
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache

_WORDBASE = re.compile(r"\+([^+(]*)\(([^)]*)\)")
_MIN_PART = 4  # shorter compound parts ("maa" in "sote-maakunta" aside) are mostly noise


class MorphologyUnavailableError(RuntimeError):
    """Voikko was asked for but cannot be loaded."""


class Morphology:
    """Lemmas and compound parts of Finnish words (surface forms, so Snowball can stem them)."""

    def __init__(self, voikko: object) -> None:
        self._voikko = voikko
        self._lock = threading.Lock()  # a Voikko handle is not thread-safe

    @property
    def signature(self) -> str:
        return f"voikko-parts{_MIN_PART}"

    def forms(self, word: str) -> list[str]:
        """The lemma (when it differs from the word) and, for a compound, its parts as they appear in
        the word (e.g. suunnitelmapohjan -> suunnitelmapohja, suunnitelma, pohjan)."""
        return list(_forms(self, word))

    def lemma(self, word: str) -> str | None:
        """The word's lemma (lower case), or None when Voikko does not know the word."""
        analyses = _analyses_cached(self, word)
        return (analyses[0].get("BASEFORM") or "").lower() or None if analyses else None

    def analyses(self, word: str) -> tuple[dict[str, str], ...]:
        """Voikko's readings of the word (cached)."""
        return _analyses_cached(self, word)

    def analyze(self, word: str) -> list[dict[str, str]]:
        with self._lock:
            return self._voikko.analyze(word)  # type: ignore[attr-defined]


@lru_cache(maxsize=100_000)
def _analyses_cached(morph: Morphology, word: str) -> tuple[dict[str, str], ...]:
    return tuple(morph.analyze(word))


@lru_cache(maxsize=100_000)
def _forms_cached(morph: Morphology, word: str) -> tuple[str, ...]:
    out: list[str] = []
    analyses = _analyses_cached(morph, word)
    if not analyses:
        return ()
    first = analyses[0]
    lemma = (first.get("BASEFORM") or "").lower()
    if lemma and lemma != word:
        out.append(lemma)
    out.extend(p for p in _compound_parts(word, first.get("WORDBASES") or "") if len(p) >= _MIN_PART)
    return tuple(dict.fromkeys(out))


def _compound_parts(word: str, wordbases: str) -> list[str]:
    """Compound parts as written in the word, from Voikko's WORDBASES ("+toimenpide(toimen=pide)
    +taulukko(taulukko)"): derivational suffixes ("+us(+us)") stay with their part, only the last part
    carries the inflection (toimenpidetaulukot -> toimenpide, taulukot)."""
    surfaces: list[str] = []
    for surface, base in _WORDBASE.findall(wordbases):
        if base.startswith("+") and surfaces:
            surfaces[-1] += surface
        else:
            surfaces.append(surface.replace("=", ""))
    if len(surfaces) < 2:
        return []
    head = surfaces[:-1]
    prefix = "".join(head).lower()
    if not word.startswith(prefix) or len(word) <= len(prefix):
        return []
    return [p.strip("-") for p in [*head, word[len(prefix) :]]]


def _forms(morph: Morphology, word: str) -> tuple[str, ...]:
    return _forms_cached(morph, word)


def load_morphology(mode: str = "auto") -> Morphology | None:
    if mode == "snowball":
        return None
    try:
        import libvoikko

        return Morphology(libvoikko.Voikko("fi"))
    except Exception as exc:  # the wrapper, the library or the dictionary is missing
        if mode == "voikko":
            raise MorphologyUnavailableError(
                "Voikko is not available: install the Debian packages libvoikko1 and voikko-fi "
                f"and the Python package libvoikko ({exc})"
            ) from exc
        return None
