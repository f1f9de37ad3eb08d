"""The offline interpreter: e5 embeddings of the message against intent examples (data), word cues
(data), exact rules (numbers, years and periods, assessment rows) and the template's names, weighed with
the moment the message was typed at (what is asked, which proposals and actions are shown)."""

from __future__ import annotations

import math
import re
import threading
from typing import Any

import numpy as np

from assistant.embeddings.base import NamedEmbeddings
from assistant.interpret import rules
from assistant.interpret.assessment import assessment_rows
from assistant.interpret.classifier import IntentModel, load_model
from assistant.interpret.evidence import can_act, lacks_own_words
from assistant.interpret.examples import ExampleIndex, examples
from assistant.interpret.features import ACTION_INTENTS, PROPOSAL_INTENTS, message_features, read_by_model
from assistant.interpret.field_topics import FieldTopics, known_vector, message_vector
from assistant.interpret.models import (
    ACTION_FIELDS,
    INTENTS,
    Interpretation,
    InterpretContext,
    Reading,
    Slots,
)
from assistant.interpret.names import NameResolver, fold, resolver_for
from assistant.interpret.reframe import reframe
from assistant.interpret.slots import OPENING_WORDS, PERSON, SlotReader
from assistant.interpret.spelling import repair
from assistant.template.spec import TemplateSpec, load_template

MAX_MESSAGE_CHARS = 8000  # what is read of a message (the field limit is checked by the engine)
DECIDED_MARGIN = 0.1  # rules and cues this far ahead decide without the embedding (see `_scores`)
RECENT_MESSAGES = 256  # similarities of recent messages kept (a retried or repeated message)
EMBED_CHARS = 100  # what is embedded of a message (cut at a word): its opening says what kind it is
TEMPERATURE = 0.025  # softmax temperature over the combined scores
CUE = 0.05  # weight of a matching word cue
NO_CUE = 0.04  # taken from a reading that is normally worded with one of its cues, when none matches
COMMAND_CHARS = 100  # commands are short: the cues of command intents count only in messages this short
# Intents whose cue words count in a message of any length (the others are commands).
ANY_LENGTH_CUES = ("instruction", "correction", "undecided", "add_action", "question")
# Readings decided only by exact rules (never by similarity alone).
RULE_ONLY = ("set_periods", "assessment_results")
CUE_WEIGHT = {"question": 0.03}
# Cues that count only in a message worded as a question or a request ("puuttuu" in a statement is content).
ASKING_CUES = ("missing", "status", "help")
SHORT_DETAIL_CHARS = 80  # a detail answer this short that names something else belongs there
MAX_READINGS = 4  # readings whose slots are filled to find the two that can be acted on
TEXT_FIELD_ANSWER = 0.03  # at a text field, an answer is the reading to expect
LONG_ANSWER_CHARS = 180  # a message this long at a question is content unless an instruction says otherwise
DETAIL_FIELDS = ("schedule_short", "schedule_long", "responsible", "prerequisites")
# "toimenpide" also inside a compound ("ykköstoimenpiteen", "mittaritoimenpide").
_ACTION_WORD = re.compile(r"(toimenpi\w*|åtgärd\w*|\bactions?\b)", re.IGNORECASE)


def _asks(message: str) -> bool:
    """The message is worded as a question or a request (not a statement that merely uses the word)."""
    folded = fold(message).strip()
    return (
        folded.endswith("?")
        or len(folded.split()) <= 3
        or any(rules.cue("question", clause) for clause in re.split(r"[,;:.!]\s*", folded) if clause)
        or bool(re.match(r"^\W*(näytä|kerro|listaa|visa|berätta|show|list|tell)\b", folded))
    )


def _person(text: str) -> bool:
    return bool(PERSON.search(text))


def _softmax(scores: dict[str, float]) -> dict[str, float]:
    top = max(scores.values())
    exps = {k: math.exp((v - top) / TEMPERATURE) for k, v in scores.items()}
    total = sum(exps.values())
    return {k: v / total for k, v in exps.items()}


class OfflineInterpreter(SlotReader):
    """`interpret(text, context)` -> `Interpretation`, with no network and no generative model."""

    name = "offline"

    _cues: set[str]

    def __init__(
        self,
        embeddings: NamedEmbeddings | None,
        spec: TemplateSpec | None = None,
        model: IntentModel | None = None,
    ) -> None:
        """`embeddings`: the e5 model (None: word cues and rules only, e.g. where no model can load);
        `model`: an intent model other than the shipped one (held-out checks train their own)."""
        self.model = model
        self.spec = spec or load_template()
        self.names: NameResolver = resolver_for(self.spec)
        self.embeddings = embeddings
        self._index: ExampleIndex | None = None
        self._topics: FieldTopics | None = None
        self._recent: dict[str, dict[str, float]] = {}
        self._lock = threading.Lock()

    @property
    def index(self) -> ExampleIndex | None:
        """The e5 intent examples (shipped vectors), loaded on first use: the intent model reads their
        vote beside the message's vector; where no model is shipped they decide (None without embeddings)."""
        if self._index is None and self.embeddings is not None:
            self._index = ExampleIndex(self.embeddings)
        return self._index

    def dense_input(self, message: str, *, embed: bool = True) -> np.ndarray | None:
        """The intent model's dense input: the message's e5 vector (the one the field topics read) and
        the nearest examples' vote (examples.py). None without embeddings, or when `embed` is false and
        the message was not embedded already."""
        if self.embeddings is None or self.index is None:
            return None
        vector = message_vector(self.embeddings, message) if embed else known_vector(self.embeddings, message)
        return None if vector is None else self.index.dense_input(vector)

    def field_topics(self) -> FieldTopics | None:
        if self._topics is None and self.embeddings is not None:
            self._topics = FieldTopics(self.embeddings)
        return self._topics

    # --- the reading --------------------------------------------------------------------------------
    def interpret(self, text: str, context: InterpretContext) -> Interpretation:
        with self._lock:  # one reading at a time: the cues found and recent messages are instance state
            return self._interpret(text, context)

    def _interpret(self, text: str, context: InterpretContext) -> Interpretation:
        message = text.strip()[:MAX_MESSAGE_CHARS]  # the reading's time budget: long pastes are content
        language = rules.language_of(message, context.language) if message else context.language
        if not message:
            return Interpretation(intent="answer", confidence=1.0, language=language)
        reading = repair(message)  # spelling repaired, lower case: what cues and rules read
        exact = self._exact(message, reading, context)
        if exact is not None:
            exact.language = language  # type: ignore[assignment]
            return exact
        model = self.model or load_model()
        if model is not None:  # the trained model reads the rules' findings as features
            ruled = self._combined(None, message, reading, context)
            probabilities = read_by_model(model, self, message, reading, context, ruled)
        else:  # no shipped model: rules, cues and the nearest examples' similarities
            probabilities = _softmax(self._scores(message, reading, context))
        probabilities = reframe(probabilities, self, message, reading, context)
        ranked = sorted(probabilities.items(), key=lambda kv: -kv[1])
        readings: list[Reading] = []
        for intent, p in ranked[:MAX_READINGS]:
            if lacks_own_words(intent, message, reading, language, p):
                continue  # small talk, status, help, an instruction … need their own words (evidence.py)
            slots = self.slots(intent, reading, context, raw=message)
            if not can_act(intent, slots, context):
                continue  # the message does not give what acting on this reading needs (evidence.py)
            readings.append(Reading(intent=intent, confidence=p, slots=slots))
            if len(readings) == 2:
                break
        total = sum(r.confidence for r in readings) or 1.0
        for r in readings:  # the readings left share the probability
            r.confidence = round(r.confidence / total if len(readings) > 1 else r.confidence, 4)
        if not readings:
            readings = [Reading(intent="answer", confidence=0.5)]
        best = readings[0]
        return Interpretation(
            intent=best.intent,
            slots=best.slots,
            confidence=best.confidence,
            language=language,
            alternatives=readings[1:],
            flagged_instruction=best.intent == "answer" and self._embedded_instruction(reading),
        )

    def features(self, text: str, context: InterpretContext) -> list[str]:
        """The intent model's features of a message at a moment (training reads them through this)."""
        message = text.strip()[:MAX_MESSAGE_CHARS]
        reading = repair(message)
        ruled = self._combined(None, message, reading, context)
        return message_features(self, message, reading, context, ruled)

    def _exact(self, message: str, reading: str, context: InterpretContext) -> Interpretation | None:
        """Readings that rules decide exactly: command phrases, assessment rows and plan periods. A command
        is also read from the repaired copy ("hyvaksy 2"), unless it carries a text (kept as typed)."""
        command = rules.exact_command(message)
        if command is None and reading != fold(message).strip():
            command = rules.exact_command(reading)
            if command is not None and command.intent in ("add_action", "edit_proposal"):
                command = None
        if command is not None and (command.intent not in PROPOSAL_INTENTS or context.proposals):
            return Interpretation(intent=command.intent, slots=self.command_slots(command), confidence=0.97)
        rows = assessment_rows(message, self.names)
        if reading != fold(message) and any(c.isdigit() for c in message):
            rows = max(rows, assessment_rows(reading, self.names), key=len)
        labelled = rules.matches_label(reading)
        at_results = context.field == "arvioinnin_tulokset"  # where one row is results enough
        if rows and (len(rows) >= 2 or labelled or at_results):
            return Interpretation(intent="assessment_results", slots=Slots(rows=rows), confidence=0.97)
        found = rules.periods(message)
        at_schedule = context.field in ("schedule_short", "schedule_long")
        asked = "?" in message and rules.cue("question", reading)
        an_action = context.actions > 0 and bool(_ACTION_WORD.search(reading) and rules.numbers(reading))
        at_period = not at_schedule or rules.names_a_period(message)  # "ekan toimenpiteen aikataulu": an edit
        if found is not None and not (asked or an_action) and at_period:
            return Interpretation(
                intent="set_periods", slots=Slots(short=found.short, long=found.long), confidence=0.95
            )
        return None

    def _scores(self, message: str, reading: str, context: InterpretContext) -> dict[str, float]:
        """Combined scores. The embedding is skipped when the rules, cues and the moment alone put one
        reading `DECIDED_MARGIN` ahead of the next (commands, numbers, exact names, long pastes): nearest
        examples move scores by less than that, and the e5 query is most of a reading's time."""
        ruled = self._combined(None, message, reading, context)
        if self.index is None or self.embeddings is None:
            return ruled
        first, second = sorted(ruled.values(), reverse=True)[:2]
        if first - second >= DECIDED_MARGIN:
            return ruled
        return self._combined(self._similarities(message), message, reading, context)

    def _similarities(self, message: str) -> dict[str, float]:
        """Per intent, the similarity of the message (as typed: e5 reads spoken forms and missing umlauts
        well; cues read the repaired copy) to its nearest examples; recent messages are remembered."""
        key = message[: EMBED_CHARS + 1].rsplit(" ", 1)[0] if len(message) > EMBED_CHARS else message
        cached = self._recent.get(key)
        if cached is None:
            assert self.index is not None and self.embeddings is not None
            cached = self.index.scores(self.embeddings.embed_query_vector(key))
            if len(self._recent) >= RECENT_MESSAGES:
                self._recent.pop(next(iter(self._recent)))
            self._recent[key] = cached
        return cached

    def _combined(
        self, similarities: dict[str, float] | None, message: str, reading: str, context: InterpretContext
    ) -> dict[str, float]:
        if similarities is not None:
            scores = dict(similarities)
        else:
            scores = dict.fromkeys(INTENTS, 0.8)
            scores["answer"] = 0.82
        short = len(message) < COMMAND_CHARS
        self._cues = set()
        for intent in INTENTS:
            if intent in RULE_ONLY:
                scores[intent] = -1.0
                continue
            asked = intent not in ASKING_CUES or _asks(reading)
            if rules.cue(intent, reading) and (short or intent in ANY_LENGTH_CUES) and asked:
                self._cues.add(intent)
                scores[intent] = scores.get(intent, 0.0) + CUE_WEIGHT.get(intent, CUE)
            elif intent not in ("answer", "answer_elsewhere", "add_action"):
                scores[intent] = scores.get(intent, 0.0) - NO_CUE
        self._weigh_moment(scores, reading, context, raw=message)
        return {k: v for k, v in scores.items() if k in INTENTS}

    def _weigh_named_field(self, scores: dict[str, float], message: str, context: InterpretContext) -> None:
        """Another text field named in the opening: a correction of it when the message says something
        was wrong or asks a change, else content for that field (offered to be put there)."""
        named = self.named_field(message, context) if context.field in self.text_fields else None
        if named is None:
            named = self.corrected_field(message)
            if named and named != context.field and rules.matches("error_words", message):
                scores["correction"] += 0.06  # another field named with an error word
            return
        changes = rules.matches("error_words", message) or any(
            rules.cue(name, message) for name in ("correction", "edit_action", "edit_proposal", "missing")
        )
        changes = changes or rules.lemma_cue("amend", message)
        if changes:
            scores["correction"] += 0.08
            scores["answer_elsewhere"] -= 0.06
        elif rules.cue("navigate", message) and len(message) < COMMAND_CHARS:
            scores["answer_elsewhere"] -= 0.06  # "palataan organisaatioihin": going there, not content
        elif not _asks(message) or len(message) >= LONG_ANSWER_CHARS:
            labelled = ":" in " ".join(message.split()[:OPENING_WORDS])  # "Seuranta: ..." names it outright
            scores["answer_elsewhere"] += 0.12 if labelled else 0.08
            scores["correction"] -= 0.04

    def _weigh_moment(
        self, scores: dict[str, float], message: str, context: InterpretContext, *, raw: str
    ) -> None:
        """What is asked and shown makes some readings likely and others impossible."""
        folded = fold(message)
        numbers = rules.numbers(message)
        shown = bool(context.proposals)
        mentions_action = bool(_ACTION_WORD.search(folded))
        long_text = len(message) >= LONG_ANSWER_CHARS
        if not shown:
            for intent in PROPOSAL_INTENTS:
                scores[intent] -= 0.15
        elif context.field != "action_text" and not numbers:
            for intent in PROPOSAL_INTENTS:  # a detail of an action is asked: a decision names numbers
                scores[intent] -= 0.05
        elif numbers and not mentions_action:
            for intent in PROPOSAL_INTENTS:
                scores[intent] += 0.03
        if context.actions == 0:
            for intent in ACTION_INTENTS:
                scores[intent] -= 0.15
        elif context.field in DETAIL_FIELDS and not (mentions_action or numbers):
            for intent in ACTION_INTENTS:  # a detail is asked: naming that detail is answering it
                scores[intent] -= 0.05
            if rules.cue(
                context.field.replace("schedule_short", "schedule").replace("schedule_long", "schedule"),
                message,
            ):
                scores["answer"] += 0.03
        elif mentions_action and numbers:
            for intent in ACTION_INTENTS:
                scores[intent] += 0.04
            if self._action_field(message, context) != "action_text":
                scores["edit_action"] += 0.04  # an action by number and one of its fields: an edit
            elif self.mentioned_target(message, exclude=context.target):
                scores["move_action"] += 0.06  # an action by number and another target: a move
            for intent in PROPOSAL_INTENTS:
                scores[intent] -= 0.04
        if not (context.target or context.field in ("action_text",)):
            scores["skip_target"] -= 0.05
            scores["request_proposals"] -= 0.05
        if context.field == "action_text" and not shown and not numbers:
            scores["add_action"] += 0.02
        if context.field != "action_text" and "add_action" not in self._cues:
            scores["add_action"] -= 0.06
        if "accept_proposals" in self._cues and "edit_proposal" in self._cues:
            scores["edit_proposal"] += 0.03
        if shown and numbers and rules.matches("condition_words", message):
            scores["edit_proposal"] += 0.08  # "3 is fine if you ...": accepted with a change
        if shown and numbers and "edit_proposal" in self._cues and re.search(r"[:\"“”']", raw):
            scores["edit_proposal"] += 0.08  # "2 muokattuna: ...": a shown proposal with its new text
        if rules.lemma_cue("add_verbs", message) and mentions_action and ":" in raw:
            scores["add_action"] += 0.08  # "lisätään vielä toinen toimenpide: ..."
        if shown and numbers and self._cues & {"accept_proposals", "reject_proposals"}:
            scores["request_proposals"] -= 0.06  # a decision on shown proposals, not a request for more
        if rules.years(message) and context.field not in ACTION_FIELDS:
            scores["skip_question"] -= 0.04  # a date or year given: content
        if context.field == "action_text" and "skip_question" in self._cues:
            scores["skip_target"] += 0.03  # no question is open at a target: "next" means the next target
        if context.field == "action_text" and "request_proposals" in self._cues:
            scores["request_proposals"] += 0.03
            if _asks(message):  # "what would you recommend here?" at a target asks for proposals
                scores["request_proposals"] += 0.04
                scores["question"] -= 0.03
        if shown and numbers and set(numbers) <= set(context.proposals):
            for intent in ("skip_question", "skip_target"):  # shown numbers: a decision on proposals
                scores[intent] -= 0.05
        if context.field == "arviointi_toteutettu" and re.match(
            r"^\W*(kyllä|joo|ei|on|ja|nej|inte|yes|no|not)\b", folded
        ):
            scores["answer"] += 0.12
            scores["undecided"] -= 0.05  # "not yet" to "was it done?" is the answer no
        if long_text:
            scores["answer"] += 0.06
            for intent in ("help", "status", "missing", "smalltalk", "navigate", "skip_question", "question"):
                scores[intent] -= 0.05
        if context.field == "action_text" and long_text:
            scores["add_action"] += 0.08
        if context.field not in ACTION_FIELDS:
            scores["answer"] += TEXT_FIELD_ANSWER
        if re.search(r"\?(\s|$)", message):  # a sentence of it ends in a question mark
            scores["answer"] -= 0.03
            if rules.cue("question", message):
                scores["answer"] -= 0.03  # worded as a question and ending in a question mark
        if rules.clitic_question(message):
            for intent in ("missing", "status"):
                scores[intent] -= 0.08  # "saako jättää tyhjäksi?" asks about the rules
        names = (
            self.names.resolve(self._strip_motion(message), limit=1, min_score=0.75)
            if len(message) < 120
            else []
        )
        if names and rules.cue("navigate", message):
            scores["navigate"] += 0.04
        self._weigh_named_field(scores, message, context)
        if rules.cue("undecided", message) and len(message) < 120:
            scores["undecided"] += 0.04
        other = self.field_elsewhere(message, context, raw=raw)
        if other is None:
            scores["answer_elsewhere"] -= 0.06
        elif context.actions and mentions_action and numbers:
            scores["answer_elsewhere"] -= 0.06  # an accepted action named by number: an edit of it
        elif other in ("responsible", "prerequisites") and (other == "responsible") == _person(raw):
            scores["answer_elsewhere"] += 0.06  # a person for the responsible one, none for prerequisites
        elif other in ACTION_FIELDS and not rules.cue("responsible", message):
            scores["answer_elsewhere"] += 0.06  # shape only (a name, years): a little
        elif other == "jarjestamisvastuulliset_organisaatiot" and context.field == "sote_maakunta":
            scores["answer_elsewhere"] += 0.15  # the list's shape says it

    @staticmethod
    def _embedded_instruction(message: str) -> bool:
        return rules.cue("instruction", message)

    def describe(self) -> dict[str, Any]:
        return {"name": self.name, "examples": len(examples()) if self.embeddings is not None else 0}
