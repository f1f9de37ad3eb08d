"""The features the intent model reads (see classifier.py): what the message says (character n-grams,
words, base forms), its shape (length, question mark, numbers, years, a person's name), the moment (the
field asked, proposals and actions shown) and what the rules found (word cues, a field named, the rules'
own best reading), with the pairs of moment and finding that decide most readings."""

from __future__ import annotations

import itertools
import re
from typing import TYPE_CHECKING

from assistant.interpret import rules
from assistant.interpret.classifier import char_ngrams
from assistant.interpret.models import ACTION_FIELDS, INTENTS, InterpretContext
from assistant.interpret.names import words_of
from assistant.interpret.slots import PERSON

if TYPE_CHECKING:
    from assistant.interpret.classifier import IntentModel
    from assistant.interpret.offline import OfflineInterpreter

ACTION_INTENTS = ("edit_action", "move_action", "delete_action")
PROPOSAL_INTENTS = ("accept_proposals", "reject_proposals", "edit_proposal")
# Chat commands and small talk are short: a message this long is none of them (it is content or a
# question), whatever words it shares with them ("Heikoimmat ..." is no greeting).
SHORT_ONLY = ("smalltalk", "help", "status", "skip_question", "skip_target", "navigate", *PROPOSAL_INTENTS)
SHORT_CHARS = 100
# A bare yes or no answers what was asked (a confirmation, a yes/no field), unless proposals are shown.
_YES_NO = re.compile(r"^\W*(kyllä|kyl|joo|juu|ei|en|ja|nej|yes|no|yep|nope)\W*$")
# The template's yes/no question (was the assessment done?): an opening yes or no answers it.
YES_NO_FIELD = "arviointi_toteutettu"
_OPENS_YES_NO = re.compile(r"^\W*(kyllä|joo|juu|ei|on|nej|inte|ja|yes|no|not)\b")
# A bare no, or "not yet", where a schedule is asked: no schedule was given, and none is refused (every
# action has one): not decided yet, an open item (read as the answer, it failed as a schedule without years).
SCHEDULE_FIELD = "schedule_short"
_BARE_NO = re.compile(r"^\W*(ei|en|ei (vielä|viel)|nej|inte|inte (än|ännu)|no|nope|not yet)\W*$")
WORDS = 30  # the opening words read as words and base forms
_ACTION_WORD = re.compile(r"(toimenpi\w*|åtgärd\w*|\bactions?\b)", re.IGNORECASE)
_NEGATION = re.compile(r"\b(ei|en|emme|älä|älkää|inte|ej|not|don't|won't|no)\b")
# A question mark followed by a statement that does not itself end in a question mark.
_ASKS_THEN_ANSWERS = re.compile(r"\?\s+[^?]{12,}[.!]?\s*$")
# A message the sparse features alone read this surely is not embedded (the e5 query is most of a
# reading's time); one embedded already (for the field topics) is always read with its vector. On the
# held-out check, 0.98 reads exactly as many rows right as embedding every message.
SURE_WITHOUT_VECTOR = 0.98
TOPIC_STEPS = (-20, 0, 20, 35, 50, 80)  # thousandths of cosine: margins of another field's fit read as steps
FIELD_CUES = ("responsible", "prerequisites", "schedule", "schedule_short", "schedule_long", "action_text")


def kind_of(field: str) -> str:
    if field == "action_text":
        return "target"
    if field in ACTION_FIELDS:
        return "detail"
    return "text"


def _length(message: str) -> str:
    n = len(message)
    for limit, name in ((12, "xs"), (40, "s"), (100, "m"), (180, "l")):
        if n < limit:
            return name
    return "xl"


def message_features(
    interpreter: OfflineInterpreter,
    message: str,
    reading: str,
    context: InterpretContext,
    ruled: dict[str, float],
) -> list[str]:
    """Feature names of one message at one moment (`reading`: the spelling-repaired folded copy)."""
    words = words_of(reading)
    kind = kind_of(context.field)
    moment = [f"k:{kind}", f"fld:{context.field}"]
    shown = bool(context.proposals)
    moment.append("prop:shown" if shown else "prop:none")
    moment.append(f"act:{min(context.actions, 2)}")
    out = ["bias", *moment]
    out += char_ngrams(words)
    out += ["w:" + w for w in words[:WORDS]]
    out += ["b:" + a + "_" + b for a, b in itertools.pairwise(words[:9])]
    if words:
        out += ["f0:" + words[0], f"f0:{words[0]}|{kind}"]
    lemmas = rules._word_lemmas(" ".join(words[:WORDS]))
    out += ["l:" + lemma for lemma in lemmas]
    # shape
    numbers = rules.numbers(reading)
    years = rules.years(message)
    shape = [f"len:{_length(message)}"]
    if re.search(r"\?(\s|$)", message):
        shape.append("qmark")
        if _ASKS_THEN_ANSWERS.search(message):
            shape.append("q_then_text")  # "Kuka? No talousjohtaja": the writer's own question, answered
    if numbers:
        shape.append("nums")
        if shown and set(numbers) <= set(context.proposals):
            shape.append("nums_shown")
        if context.actions and max(numbers) <= context.actions:
            shape.append("nums_actions")
    if years:
        shape.append("years")
    if re.search(r"(?:19|20)\d{2}\s*(?:[-–—]|\.\.)\s*(?:19|20)\d{2}", message):
        shape.append("yrange")
    if ":" in message:
        shape.append("colon")
    if _ACTION_WORD.search(reading):
        shape.append("actword")
    if PERSON.search(message):
        shape.append("person")
    if rules.clitic_question(reading):
        shape.append("clitic")
    if "\n" in message.strip():
        shape.append("lines")
    # findings of the rules
    found: list[str] = []
    for intent in INTENTS:
        if rules.cue(intent, reading):
            found.append("cue:" + intent)
    for name in FIELD_CUES:
        if rules.cue(name, reading):
            found.append("fc:" + name)
            same = name == context.field or (name == "schedule" and context.field.startswith("schedule"))
            found.append("fc_same" if same else "fc_other")
    if rules.matches("error_words", reading):
        found.append("error_word")
    if rules.matches("condition_words", reading):
        found.append("condition_word")
    elsewhere = interpreter.field_elsewhere(reading, context, raw=message)
    if elsewhere:
        found += ["else", "else:" + kind_of(elsewhere)]
    named = interpreter.named_field(reading, context) if context.field in interpreter.text_fields else None
    if named:
        found.append("named_other")
    if len(message) < 120 and interpreter.names.resolve(rules.strip_motion(reading), limit=1, min_score=0.75):
        found.append("names_place")
    if interpreter.mentioned_target(reading, exclude=context.target):
        found.append("other_target")
    found += topic_fit(interpreter, message, context.field)
    ranked = sorted(ruled.items(), key=lambda kv: -kv[1])
    (top, first), (second_name, second) = ranked[0], ranked[1]
    found += ["r1:" + top, "r2:" + second_name]
    if first - second >= 0.1:
        found.append("rdec:" + top)
    if _NEGATION.search(reading):  # "vi tar inte 1", "en hyväksy": the cue's reading turns
        found += ["neg", *("neg|" + f for f in found if f.startswith("cue:"))]
    # pairs: the moment with each shape and finding
    crossed = [
        f"{f}|{m}" for f in shape + found for m in (f"k:{kind}", "prop:shown" if shown else "prop:none")
    ]
    crossed += [f"{f}|fld:{context.field}" for f in found if f.startswith(("fc", "else", "r1:", "tm"))]
    crossed += [f"{f}|fld:{context.field}" for f in shape if kind == "detail"]
    crossed += [f"{f}|{g}" for f in shape for g in shape if f < g]
    return out + shape + found + crossed


def topic_fit(interpreter: OfflineInterpreter, message: str, field: str) -> list[str]:
    """How much better another text field's description fits the message than the asked one's, by
    meaning (field_topics.py), as thresholds passed (none without embeddings or at an action's field)."""
    topics = interpreter.field_topics() if field in interpreter.text_fields else None
    found = topics.best_other(message, field) if topics is not None else None
    if found is None:
        return []
    other, margin = found
    out = ["tm:" + kind_of(other)]
    out += [f"tm>{limit}" for limit in TOPIC_STEPS if margin >= limit / 1000]
    return out


def read_by_model(
    model: IntentModel,
    interpreter: OfflineInterpreter,
    message: str,
    reading: str,
    context: InterpretContext,
    ruled: dict[str, float],
) -> dict[str, float]:
    """The model's probabilities with what the moment and the message's shape rule out: no accepted
    action (no proposal shown) can be edited, moved or deleted (accepted or rejected); a long message is
    no command; a bare yes or no is the answer, but a bare no to the schedule is not decided yet."""
    if context.field == SCHEDULE_FIELD and _BARE_NO.match(reading):
        return {"undecided": 1.0}
    if not context.proposals and _YES_NO.match(reading):
        return {"answer": 1.0}
    if context.field == YES_NO_FIELD and _OPENS_YES_NO.match(reading):
        return {"answer": 1.0}  # "ei ole vielä tehty" to "was it done?" is the answer no
    features = message_features(interpreter, message, reading, context, ruled)
    known = interpreter.dense_input(message, embed=False)
    probabilities = model.probabilities(features, known)
    if model.dense is not None and known is None and max(probabilities.values()) < SURE_WITHOUT_VECTOR:
        vector = interpreter.dense_input(message)  # not embedded yet, and the words alone are unsure
        probabilities = model.probabilities(features, vector) if vector is not None else probabilities
    impossible: tuple[str, ...] = ACTION_INTENTS if not context.actions else ()
    impossible += PROPOSAL_INTENTS if not context.proposals else ()
    impossible += SHORT_ONLY if len(message) >= SHORT_CHARS else ()
    return {k: 0.0 if k in impossible else v for k, v in probabilities.items()}
