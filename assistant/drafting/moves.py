"""Short conversational moves that the trained reading can take for content: going back in words
("mennään takaisin edelliseen"), saving or stopping for now ("tallenna tää ja lopetetaan tältä päivältä"),
and skipping to a named place ("hypätään suoraan mittareihin" is going there, not skipping: a skip names no
destination). The words are data (vocabulary.yaml `back_*`, `leave_*`)."""

from __future__ import annotations

import re

from assistant.drafting.extract import vocabulary, words_pattern
from assistant.interpret import rules
from assistant.interpret.models import Interpretation, Slots

MAX_BACK_WORDS = 6
# A template section number ("3.5", "3.2.2 b", "3.1.1a") in a message with a navigation verb.
_SECTION = re.compile(r"(?<![\d.])(3\.[1-5](?:\.[12])?(?:\s?[a-c]\b)?)(?![\d.]\d)")
KEEP = (
    "navigate",
    "question",
    "help",
    "status",
    "missing",
    "instruction",
    "set_periods",
    "assessment_results",
)
MAX_MOVE_WORDS = 10  # longer messages with a moving verb may be content ("mennään läpi kaikki mittarit ja …")
MAX_DECIMALS = 2  # more numbers with decimals than this: rows of results ("Visio 3.1 / 2.8; …"), no section


def going_back(text: str) -> bool:
    """A short message that only says "back" in words."""
    words = [w.strip(".,!?:;").lower() for w in text.split()]
    words = [w for w in words if w]
    if not 1 < len(words) <= MAX_BACK_WORDS:
        return False
    back = set(vocabulary()["back_words"])
    filler = set(vocabulary()["back_filler"])
    return any(w in back for w in words) and all(w in back or w in filler for w in words)


def leaving(text: str) -> bool:
    """A short message that saves or stops for now (nothing in it is content)."""
    limit = int(vocabulary()["leave_max_words"][0])
    return len(text.split()) <= limit and words_pattern("leave_phrases").search(text) is not None


def to_named_place(text: str, reading: Interpretation) -> Interpretation:
    """A message that moves on with a navigation verb to a section by its number ("Siirrytään … lukuun
    3.5", "kan vi gå vidare till … (3.5)?") goes there; a skip whose second reading goes to a named area,
    target, field or section is that navigation."""
    section = _SECTION.search(text)
    moving = rules.cue("navigate", text) or words_pattern("move_on_words").search(text) is not None
    rows = len(re.findall(r"\d[.,]\d", text)) > MAX_DECIMALS
    short_move = reading.intent not in KEEP and moving and len(text.split()) <= MAX_MOVE_WORDS
    if short_move and section is None and words_pattern("end_words").search(text):  # "…, mennään loppuun"
        return Interpretation(intent="navigate", slots=Slots(section="3.5"), confidence=0.9)
    if reading.intent not in KEEP and section is not None and moving and not rows:
        return Interpretation(
            intent="navigate", slots=Slots(section=section.group(1).replace(" ", "")), confidence=0.9
        )
    # A short message with a moving verb that reads as going to a named place goes there without a
    # question back; an own action whose other reading goes to a named place, said so ("nää riittää nyt,
    # mennään loppuun eli hyödyt"), goes there too.
    said_move = rules.cue("navigate", text) and len(text.split()) <= MAX_MOVE_WORDS
    slots = reading.slots
    named = bool(slots.area or slots.target or slots.field or slots.section)
    if reading.intent == "navigate" and said_move and named:
        return Interpretation(intent="navigate", slots=slots, confidence=max(reading.confidence, 0.9))
    if reading.intent not in ("skip_question", "skip_target") and not (
        reading.intent == "add_action" and said_move
    ):
        return reading
    for alternative in reading.alternatives:
        slots = alternative.slots
        if alternative.intent == "navigate" and (slots.area or slots.target or slots.field or slots.section):
            return Interpretation(intent="navigate", slots=slots, confidence=reading.confidence)
    return reading


READ_ONLY = frozenset({"help", "status", "missing", "question"})
PAUSE_WORDS = 5  # "kaffe, tillbaka om 5", "hetki, puhelu"


def same_effect(reading: Interpretation, detail_asked: bool, text: str = "") -> Interpretation:
    """No question back between two readings that change nothing or the same: skipping the question and
    skipping the target differ only while an action's detail is asked (the detail, or the whole target),
    elsewhere both move on the same way ("valmis, seuraava"); help, status, what is missing and a question
    only show something ("hur ser läget ut nu, är planen färdig?"): the likelier one is shown. A short
    pause is small talk whatever its numbers ("kaffe, tillbaka om 5" decides no proposal 5)."""
    paused = len(text.split()) <= PAUSE_WORDS and talk_key(text) == "smalltalk_pause"
    if paused and reading.intent not in (*READ_ONLY, "smalltalk") and not rules.cue(reading.intent, text):
        return Interpretation(intent="smalltalk", confidence=1.0)
    second = reading.alternatives[0].intent if reading.alternatives else None
    skips = not detail_asked and {reading.intent, second} == {"skip_question", "skip_target"}
    if not skips and not {reading.intent, second} <= READ_ONLY:
        return reading
    return Interpretation(intent=reading.intent, slots=reading.slots, confidence=1.0)


DONE_MAX_WORDS = 8


def done_here(text: str) -> bool:
    """A short message that only says this target is done and to go on ("klart med den har, nasta")."""
    words = re.findall(r"[^\W\d_]+", text.lower())
    done = set(vocabulary()["done_words"])
    filler = set(vocabulary()["done_filler"])
    return (
        0 < len(words) <= DONE_MAX_WORDS
        and any(w in done for w in words)
        and all(w in done or w in filler for w in words)
    )


SMALLTALK_KINDS = ("pause", "thanks", "greeting")


def talk_key(text: str) -> str:
    """The reply to small talk, by its kind (vocabulary `smalltalk_*`): a pause ("oota, puhelu"), thanks, a
    greeting; anything else a neutral acknowledgement."""
    kind = next((k for k in SMALLTALK_KINDS if words_pattern(f"smalltalk_{k}").search(text)), None)
    return f"smalltalk_{kind}" if kind else "smalltalk"
