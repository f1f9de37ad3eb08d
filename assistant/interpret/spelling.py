"""A reading copy of a message with everyday Finnish spelling repaired: missing ä/ö ("hylataan",
"ei oo viela paatetty"), spoken forms (puhekieli: "tää", "oo", "pitäis") and the conditional's dropped
"-i". Only cues, commands and the embedding read this copy; the message itself is stored as typed.

Missing umlauts are restored by Finnish vowel harmony and the dictionary: a word without ä/ö that mixes
the front vowel "y" with a/o cannot be Finnish as written, and an unknown word whose umlauted form
Voikko knows is read as that form. Without Voikko only the harmony rule and the word list apply.

A short message (a few words) is mostly a chat command or a greeting, typed in a hurry: a word of it that
no dictionary knows and that is one slip (a letter left out, added, changed or two swapped) from exactly one
one-word command or greeting of the chat (rules.yaml `commands`, `smalltalk_words`) is read as that word
("ohtia" -> "ohita", "hjlp" -> "help", "thnaks" -> "thanks").

Swedish typed without å/ä/ö is read with its letters restored the same way, from the app's own Swedish
words (swedish.py): "forutsattningar" -> "förutsättningar", "ansvarig ar" -> "ansvarig är"."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from rapidfuzz.distance import OSA

from assistant.datafile import read_yaml
from assistant.interpret import rules
from assistant.interpret.names import fold, morphology
from assistant.interpret.swedish import known as swedish_word
from assistant.interpret.swedish import restored

_DATA = Path(__file__).with_name("data")
_WORD = re.compile(r"[a-zåäöéü]+")
REPAIR_CHARS = 600  # only the opening of a long message is read by cues and the embedding
_BACK = re.compile(r"[ao]")
SHORT_WORDS = 3  # a message of this many words or fewer may be a mistyped command or greeting
SLIP_MIN_CHARS = 4  # shorter words are too close to too many others to be read as a slip
SWEDISH_ALONE_CHARS = 6  # outside a Swedish message, only a longer word is read as Swedish without å/ä/ö


@lru_cache(maxsize=1)
def _colloquial() -> dict[str, str]:
    data = read_yaml(_DATA / "colloquial.yaml", strings=True)
    return {k.lower(): v.lower() for k, v in (data.get("words") or {}).items()}


def _known(word: str) -> bool:
    return morphology().known(word)


@lru_cache(maxsize=20_000)
def repair_word(word: str) -> str:
    """The standard form of one lower-case word (the word itself when nothing applies)."""
    spoken = _colloquial().get(word)
    if spoken is not None:
        return spoken
    clitic = _question_clitic(word)
    if clitic is not None:
        return clitic
    if len(word) < 3 or "ä" in word or "ö" in word or "å" in word or not _BACK.search(word):
        if word.endswith(("is", "ks")) and len(word) > 4 and not _known(word) and _known(word + "i"):
            return word + "i"  # "pitäis" -> "pitäisi", "tyhjäks" -> "tyhjäksi"
        return word
    if morphology().has_voikko:
        if _known(word):
            return word
        if word.endswith(("is", "ks")) and _known(word + "i"):
            return word + "i"  # "olis" -> "olisi" (not an umlauted word that happens to exist)
        for candidate in _umlauted(word):  # the whole word, then its tail (the last part of a compound)
            if _known(candidate):
                return candidate
            if word.endswith(("is", "ks")) and _known(candidate + "i"):
                return candidate + "i"
    elif "y" in word and "u" not in word:  # harmony alone: y with a/o is a word typed without umlauts
        return word.replace("a", "ä").replace("o", "ö")
    return word


def _question_clitic(word: str) -> str | None:
    """Spoken "-ks" for the question clitic "-ko/-kö" ("täytyyks" -> "täytyykö", "käyks" -> "käykö"):
    the standard form when Voikko knows it as a question and not the word as typed."""
    if len(word) < 5 or not word.endswith("ks") or not morphology().has_voikko or _known(word):
        return None
    adjective = any(  # "uusiks", "valmiiks": spoken -ks for an adjective's translative -ksi, no question
        a.get("SIJAMUOTO") == "tulento" and a.get("CLASS") == "laatusana"
        for a in morphology().analyses(word + "i")
    )
    if adjective:
        return None
    stem = word[:-2]
    candidate = stem + ("ko" if _BACK.search(stem) or "u" in stem else "kö")
    analyses = morphology().analyses(candidate)
    asks = any(a.get("KYSYMYSLIITE") == "true" and a.get("CLASS") == "teonsana" for a in analyses)
    return candidate if asks else None  # a verb asked ("tyhjäks" is "tyhjäksi", not "tyhjäkö")


def _umlauted(word: str, limit: int = 6) -> list[str]:
    """Umlauted readings of a word: every a/o from one position on becomes ä/ö (compounds mix both)."""
    starts = [m.start() for m in _BACK.finditer(word)][:limit]
    return [word[:i] + word[i:].replace("a", "ä").replace("o", "ö") for i in starts]


@lru_cache(maxsize=1)
def command_words() -> dict[str, frozenset[str]]:
    """The chat's one-word commands and greetings (not the other words of its phrases: "what", "alla"),
    each with the intents it says."""
    data = rules.rules()
    phrases = [(p, i) for i, items in data["commands"].items() for p in items]
    phrases += [(p, "smalltalk") for p in data["smalltalk_words"]]
    out: dict[str, set[str]] = {}
    for phrase, intent in phrases:
        words = _WORD.findall(fold(phrase))
        if len(words) == 1 and len(words[0]) >= SLIP_MIN_CHARS:
            out.setdefault(words[0], set()).add(intent)
    return {word: frozenset(intents) for word, intents in out.items()}


@lru_cache(maxsize=4096)
def unslipped(word: str) -> str:
    """The command word or greeting one slip away from an unknown word (the word itself when none is, or
    when the words one slip away share no command: a guess between them would be a guess)."""
    words = command_words()
    if len(word) < SLIP_MIN_CHARS or word in words or _known(word) or word in _colloquial():
        return word
    near = sorted(w for w in words if abs(len(w) - len(word)) <= 1 and OSA.distance(w, word) == 1)
    shared = frozenset.intersection(*(words[w] for w in near)) if near else frozenset()
    return near[0] if shared else word


def _repaired(word: str, swedish: bool) -> str:
    """A word's standard form: in a Swedish message its Swedish letters first; elsewhere the Finnish
    repair, then (for a longer word no Finnish dictionary knows) the Swedish letters (swedish.py)."""
    if swedish:
        fixed = restored(word)
        if fixed != word or swedish_word(word):
            return fixed  # "ny" is Swedish, not the spoken Finnish "nyt"
        return repair_word(word)
    fixed = repair_word(word)
    if fixed != word or len(word) < SWEDISH_ALONE_CHARS or (morphology().has_voikko and _known(word)):
        return fixed
    return restored(word)


def repair(text: str) -> str:
    """The message folded to lower case with each word repaired (the rest of the text kept); in a short
    message, a slip in a command word or greeting too."""
    folded = fold(text[:REPAIR_CHARS])
    swedish = rules.language_of(folded) == "sv"
    head = _WORD.sub(lambda m: _repaired(m.group(0), swedish), folded)
    if len(_WORD.findall(head)) <= SHORT_WORDS:
        head = _WORD.sub(lambda m: unslipped(m.group(0)), head)
    return head + fold(text[REPAIR_CHARS:])
