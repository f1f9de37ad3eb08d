"""A message shaped as a question is never stored as an answer on a guess.

The trained reading can take a question for content ("Kuinka tarkasti tulokset kirjataan? Meillä on
keskiarvot", "behöver jag skriva om både ekonomi och kvalitet här"). When the message reads as an answer
(or as skipping, an own action, content for another field) but every sentence of it asks — it ends with a
question mark, or opens with a question word, a -ko/-kö verb or a Swedish or English verb-first question —
it is a question to the assistant; so is a question first with a few words of context after it. When it
asks (in more than a rhetorical word or two: "Kuka? No talousjohtaja.") and also says more, the assistant
asks which was meant. The other way round, a long pasted text in which no sentence asks is an answer even
when the trained reading takes it for a question. Nothing here stores anything.

    reading = asked_back(text, reading)
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.drafting.commands import command_words, parse_command
from assistant.drafting.extract import alternation, vocabulary
from assistant.interpret import rules
from assistant.interpret.models import Interpretation, Reading
from assistant.interpret.names import morphology, words_of
from assistant.template.schedule_years import years_in

STORING = ("answer", "answer_elsewhere", "add_action", "skip_question")
UNSURE = 0.5  # below the clarification threshold: the question back offers both readings
MAX_OPENER_WORDS = 25  # a longer text that opens with a question word is content ("Miten … on vielä auki; …")
CONTEXT_WORDS = 15  # words after a first sentence that asks, giving its context, not an answer
LONG_STATEMENT = 30  # words: a text this long in which no sentence asks is content, not a question
RHETORICAL_WORDS = 4  # "Kuka? No talousjohtaja." - a question this short, answered by the text, is rhetorical
_SENTENCES = re.compile(r"(?<=[.!?])\s+")


@lru_cache(maxsize=1)
def _opener() -> re.Pattern[str]:
    words = f"{alternation('question_openers')}|{alternation('question_words')}"
    return re.compile(rf"^\W*(?:{words})(?!\w)", re.IGNORECASE)


def _asks(sentence: str) -> bool:
    sentence = sentence.strip()
    if sentence.endswith("?"):
        return True
    short = len(sentence.split()) <= MAX_OPENER_WORDS and not sentence.endswith(".")
    return short and (_opener().search(sentence) is not None or _clitic(sentence))


def _clitic(sentence: str) -> bool:
    """A -ko/-kö verb first, also in speech ("pitääks", "onks": -ks for -ko/-kö)."""
    if rules.clitic_question(sentence):
        return True
    first = sentence.split()[0].lower() if sentence.split() else ""
    if len(first) < 4 or not first.endswith("ks") or years_in(sentence):
        return False  # "uusiks loppuvuodesta 2027" (-ks for -ksi, anew) tells when: no question without "?"
    rest = sentence[len(first) :]
    return any(rules.clitic_question(f"{first[:-2]}{ending}{rest}") for ending in ("ko", "kö"))


def asked_back(text: str, reading: Interpretation) -> Interpretation:
    """The reading, or "question" when every sentence asks, or the reading with "question" offered
    beside it when one sentence asks and another does not."""
    sentences = [s for s in _SENTENCES.split(text.strip()) if s.strip()]
    asking = [_asks(s) for s in sentences]
    if _statement(text, sentences, asking, reading):
        slots = reading.slots if reading.intent == "answer" else reading.alternatives[0].slots
        return Interpretation(intent="answer", slots=slots, confidence=max(reading.confidence, 0.9))
    if reading.intent in STORING and addresses_the_assistant(text):
        return Interpretation(intent="question", slots=reading.slots, confidence=max(reading.confidence, 0.9))
    if reading.intent not in STORING or not sentences or not any(asking):
        return reading
    if all(asking):
        return Interpretation(intent="question", slots=reading.slots, confidence=max(reading.confidence, 0.9))
    if all(len(s.split()) <= RHETORICAL_WORDS for s, a in zip(sentences, asking, strict=True) if a):
        return reading  # "Miten tiedämme onnistuneemme? Siitä, että …": asked and answered
    if sentences[0].strip().endswith("?") and len(" ".join(sentences[1:]).split()) <= CONTEXT_WORDS:
        # a question first with a few words of context after it ("Kuinka tarkasti tulokset kirjataan?
        # Meillä on keskiarvot."): a question to the assistant
        return Interpretation(intent="question", slots=reading.slots, confidence=max(reading.confidence, 0.9))
    question = Reading(intent="question", confidence=UNSURE)
    return reading.model_copy(update={"confidence": UNSURE, "alternatives": [question]})


def _statement(text: str, sentences: list[str], asking: list[bool], reading: Interpretation) -> bool:
    """A long text read as a question or an answer, the other its second reading, in which no sentence
    asks and nothing asks in polite words ("I'd like to know …"): a pasted answer, not a question."""
    second = reading.alternatives[0].intent if reading.alternatives else None
    return (
        {reading.intent, second} == {"question", "answer"}
        and bool(sentences)
        and not any(asking)
        and len(text.split()) > LONG_STATEMENT
        and not rules.question_frame(text)
    )


def addresses_the_assistant(text: str) -> bool:
    """The message opens with a verb in the imperative ("Näyttäkää vielä, miltä … näyttää", "kertokaa
    …"): a request to the assistant, never content (answers and own actions say "we …" or "… -taan").
    Read from Voikko's analysis: every reading of the first word is a second-person imperative."""
    words = words_of(text)[:1]
    if not words or len(words[0]) < MIN_VERB_CHARS or parse_command(text) is not None:
        return False
    readings = morphology().analyses(words[0])
    if {a.get("BASEFORM") for a in readings} & _command_verbs():
        return False  # the chat's own verbs ("hyväksy kaikki ja …") are read by the flow and its guards
    return bool(readings) and all(a.get("MOOD") == "imperative" and a.get("PERSON") == "2" for a in readings)


@lru_cache(maxsize=1)
def _command_verbs() -> frozenset[str]:
    """Base forms of the verbs of the chat's commands that change the plan or move, and of the action
    imperatives (hyväksyä, muokata, siirtää …); "näytä tilanne" shows something and stays a request."""
    commands = command_words()
    firsts = {p.split()[0].lower() for name in PLAN_CHANGING for p in commands.get(name, []) if p.strip()}
    firsts |= {w.lower() for w in vocabulary()["action_imperatives"]}
    return frozenset(a.get("BASEFORM", "") for w in firsts for a in morphology().analyses(w)) - {""}


MIN_VERB_CHARS = 4
PLAN_CHANGING = ("accept", "reject", "edit", "own", "delete_action", "skip", "goto", "back", "done")
