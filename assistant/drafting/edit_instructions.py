"""An edit of a proposal told as a change rather than a new wording: words replaced ("'karsimme' sijaan
'arvioimme ja karsimme'", "ei 'hankimme' vaan 'otamme käyttöön'", "'X' i stället för 'Y'", "replace 'X'
with 'Y'"), a sentence added at the end ("lisää loppuun, että työ tehdään yhdessä kuntien kanssa"), or a
change described in words ("muokkaa sitä niin, että siinä mainitaan X"), which is no wording to store.
The patterns are data (vocabulary.yaml `edit_*`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from assistant.drafting.extract import alternation, vocabulary, words_pattern

_Q = r"['\"‘’“”«»]"  # a quote mark, either kind
_QUOTED = rf"{_Q}(?P<{{name}}>[^'\"‘’“”«»]{{{{1,200}}}}){_Q}"


@dataclass(frozen=True)
class EditChange:
    text: str | None  # the proposal's new text; None when a replaced word is not in it
    missing: str = ""  # the word to replace that the proposal does not have


@lru_cache(maxsize=1)
def _replacements() -> list[re.Pattern[str]]:
    """Patterns with groups `old` and `new`, from the vocabulary's templates ("{old} sijaan {new}")."""
    out = []
    for template in vocabulary()["edit_replacements"]:
        pattern = re.escape(template).replace(r"\{old\}", _QUOTED.format(name="old"))
        pattern = pattern.replace(r"\{new\}", _QUOTED.format(name="new")).replace(r"\ ", r"\s+")
        out.append(re.compile(pattern, re.IGNORECASE))
    return out


def _appended(text: str) -> str | None:
    words = alternation("edit_append")
    match = re.search(rf"(?:{words})\s*[,:]?\s*(?:että|att|that)?\s*(?P<tail>[^.!?]+)", text, re.IGNORECASE)
    return match.group("tail").strip(" ,;'\"") if match else None


def described_change(text: str) -> bool:
    """The edit describes what to change instead of giving the wording ("muokkaa sitä niin, että …")."""
    return words_pattern("edit_described").search(text.split(":", 1)[0]) is not None


def apply_change(proposal: str, text: str) -> EditChange | None:
    """The proposal changed as the message says, or None when it says no replacement or addition."""
    changed, found = proposal, False
    for pattern in _replacements():
        for match in pattern.finditer(text):
            old, new = match.group("old").strip(), match.group("new").strip()
            at = changed.lower().find(old.lower())
            if at < 0:
                return EditChange(None, missing=old)
            if changed[at : at + 1].isupper():  # a replaced sentence opening keeps its capital
                new = new[:1].upper() + new[1:]
            changed, found = changed[:at] + new + changed[at + len(old) :], True
    tail = _appended(text)
    if tail:
        changed, found = f"{changed.rstrip(' .')}. {tail[:1].upper()}{tail[1:]}.", True
    return EditChange(changed) if found else None


def change_refused(change: EditChange | None, text: str) -> str | None:
    """The message key when the edit cannot be made: a word to replace that the proposal does not have
    ("'X' sijaan 'Y'" with no X), or a change described instead of worded ("muokkaa sitä niin, että …")."""
    if change is not None and change.text is None:
        return "edit_word_missing"
    if change is None and described_change(text):
        return "edit_needs_wording"
    return None
