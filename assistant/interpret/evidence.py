"""Readings that need the message's own words: a reading of small talk or of an instruction to the
assistant is kept only when the message carries that intent's own cue words (rules.yaml) — or, for an
instruction, when it may address the assistant (a Finnish imperative or second person, "sinä", "you",
"du"; in Swedish and English, or without Voikko, the model's reading stands). Help, status and "what is
missing" are asked in too many ways to require cue words (measured on the dev splits).

Without this a plain statement at a text field ("Kehittäjä", "Bertta vastasi kierroksella 1.") could be read
as a greeting or an instruction by the trained model and was not recorded."""

from __future__ import annotations

import re

from assistant.interpret import rules
from assistant.interpret.names import fold, morphology, words_of

OWN_WORDS = frozenset({"smalltalk", "instruction"})
_ADDRESS = re.compile(r"\b(sinä|sä|sinun|sun|te|teidän|you|your|du|dig|din|ni|er)\b")


def addresses_assistant(message: str) -> bool | None:
    """Whether the message addresses someone (an imperative or a 2nd person verb, a "you" word); None when
    that cannot be told (no Voikko for the Finnish verbs)."""
    if _ADDRESS.search(fold(message)):
        return True
    morph = morphology()
    if not morph.has_voikko:
        return None
    for word in words_of(message)[:30]:
        for analysis in morph.analyses(word):
            if analysis.get("MOOD") == "imperative" or analysis.get("PERSON") == "2":
                return True
    return False


def lacks_own_words(intent: str, message: str, reading: str, language: str) -> bool:
    """A reading that needs its own words and lacks them, at a moment an answer is expected."""
    if intent not in OWN_WORDS or rules.cue(intent, reading) or rules.cue(intent, message):
        return False
    if intent != "instruction":
        return True
    # an instruction in other words: only where we can tell the message addresses nobody (Finnish)
    return language == "fi" and addresses_assistant(message) is False
