"""A proposal's new wording as given in an edit ("hyväksy 2 näin: … Muutoin ehdotus on hyvä."): the
closing remarks about the proposal or the edit ("Muutoin ehdotus on hyvä.", "the rest is fine", "Annars
bra.") are no part of the action's text; they are cut off, and the caller tells the user what was stored."""

from __future__ import annotations

import re

from assistant.drafting.extract import words_pattern

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\s+[-–—]\s+")


def _remark(sentence: str) -> bool:
    """One closing sentence that remarks on the proposal or the edit instead of saying what is done."""
    folded = sentence.strip().lower()
    return bool(
        folded
        and (
            words_pattern("comment_openings").match(folded)
            or words_pattern("comment_verdicts", whole=False).match(folded)
        )
    )


def split_remark(text: str) -> tuple[str, str]:
    """(the wording, the closing remark cut from it; "" when there is none). A message that is all
    remark is kept as it is (there is no wording to keep then)."""
    sentences = [s for s in _SENTENCE_END.split(text.strip()) if s.strip()]
    kept = list(sentences)
    while len(kept) > 1 and _remark(kept[-1]):
        kept.pop()
    if len(kept) == len(sentences):
        return text.strip(), ""
    wording = text.strip()[: _position(text.strip(), kept)].rstrip(" -–—")
    return wording, text.strip()[len(wording) :].strip(" -–—")


def _position(text: str, kept: list[str]) -> int:
    """Where the last kept sentence ends in `text`."""
    at = 0
    for sentence in kept:
        at = text.index(sentence, at) + len(sentence)
    return at
