"""Which readings the message supports.

- `can_act`: a reading can be acted on only when the message gives its required part and, for an
  accepted action, says which one is meant.
- `lacks_own_words`: a reading of small talk or of an instruction to the assistant is kept only when the
  message carries that intent's own cue words (rules.yaml) — or, for an instruction, when it may address
  the assistant (a Finnish imperative or second person, "sinä", "you", "du"; in Swedish and English, or
  without Voikko, the model's reading stands). Help, status and "what is missing" are asked in too many
  ways to require cue words (measured on the dev splits). Without this a plain statement at a text field
  ("Kehittäjä", "Bertta vastasi kierroksella 1.") could be read as a greeting or an instruction by the
  trained model and was not recorded."""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from assistant.interpret import rules
from assistant.interpret.features import ACTION_INTENTS
from assistant.interpret.models import InterpretContext, Slots
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


SMALLTALK_WORDS = 4  # a message this short with a greeting or thanks typed with a slip is small talk
SMALLTALK_RATIO = 75
# Small talk the model reads this surely needs no cue word in a message of a few words ("Huh, pitkä päivä
# takana"): on the held-out check 5 more small-talk rows read right and no answer lost (.8745 -> .8753).
SMALLTALK_SURE = 0.9
SURE_SMALLTALK_WORDS = 6


def mistyped_smalltalk(reading: str) -> bool:
    """A short message with a greeting or thanks mistyped ("kitos", "thnaks!", "good monring")."""
    words = words_of(reading)
    listed = rules.rules()["smalltalk_words"]
    return 0 < len(words) <= SMALLTALK_WORDS and any(
        fuzz.ratio(word, known) >= SMALLTALK_RATIO for word in words if len(word) >= 4 for known in listed
    )


def lacks_own_words(intent: str, message: str, reading: str, language: str, confidence: float = 0.0) -> bool:
    """A reading that needs its own words and lacks them, at a moment an answer is expected (small talk
    the model reads `SMALLTALK_SURE` surely in a short message stands without them)."""
    if intent not in OWN_WORDS or rules.cue(intent, reading) or rules.cue(intent, message):
        return False
    if intent != "instruction":
        sure = confidence >= SMALLTALK_SURE and len(words_of(reading)) <= SURE_SMALLTALK_WORDS
        return not (sure or mistyped_smalltalk(reading))
    # an instruction in other words: only where we can tell the message addresses nobody (Finnish)
    return language == "fi" and addresses_assistant(message) is False


def complete(intent: str, slots: Slots) -> bool:
    """The reading has the parts its intent needs to be acted on."""
    needed = {
        "answer_elsewhere": slots.field,
        "navigate": slots.field or slots.area or slots.target or slots.section,
        "move_action": slots.target,
        "edit_proposal": slots.number,
    }
    return bool(needed.get(intent, True))


def can_act(intent: str, slots: Slots, context: InterpretContext) -> bool:
    """A reading can be acted on: its required part is given, a navigation goes somewhere other than the
    question asked, and which accepted action is meant is said (or there is only one, or an action is
    deleted by its words)."""
    if not complete(intent, slots) or (intent == "navigate" and slots.field == context.field):
        return False
    named = intent == "delete_action" and slots.text is not None
    return not (intent in ACTION_INTENTS and slots.action is None and context.actions != 1 and not named)
