"""What the model's readings mean at the moment they were typed, where the message's own words settle it
(applied to the intent model's probabilities before the readings are filled):

- A question to the assistant in indirect or polite words ("haluaisin tietää…", "selittäisitkö", "jag
  undrar…", "could you explain…") opening the message is a question, never content: the share of the
  answer-like readings moves to it (the worst misreading is a question stored as a field's value).
- A command to delete or move an action, or to skip a target, names what it acts on (a number, an action,
  a proposal, a target, a pointing word). Without one, "poistetaan päällekkäiset mittarit" or "hylätään
  nykyinen sähköpostijakelu" at a target's question describes the county's own work: the answer.
- An action typed at a target's question with no proposals shown is the answer to that question (stored as
  the county's own action either way); `add_action` is kept for an action added in so many words, or
  one for another target. While proposals are shown, text that answers is an action of the county's own
  beside them (`add_action`).
- While a detail of an action is asked, skipping without a word for the whole target skips the question.
- A correction says outright that something was wrong, or (when short) names the field it corrects; text
  that only shares a weaker word with corrections ("…, verrataan edelliseen") is the answer.
- At a target's question there is no other question to skip: skipping with a word for the target skips it.
- Asking what is missing ("vilka åtgärder saknar …?") is no request for proposals unless it asks for them.
- Text that opens with another text field's label and a colon ("Uppföljning: …", "Nykytila: …") belongs
  there (one label only: "Nykytila: … Tavoite: …" may be the answer to a field that asks for both).
- Content whose opening says it is about another text field (how the plan is followed up, and how often;
  the current state typed where the goals are asked) is offered there (`topic_field`).
- At a target's question, text opening with what we do ("Nimeämme…", "Laaditaan…": a Finnish verb in the
  first person plural or the passive) is the action itself, even when it names a detail ("…nimeämme
  vastuuhenkilön…"): the answer, not content for the detail.
- Asking or wishing to leave the field asked open for now ("voimmeko jättää kohdan avoimeksi?", "can we
  leave the owner blank?") records an open item: it is neither a question about the rules nor content.
- A value given before a contrast ("kehitysjohtaja, mutta varahenkilöä ei ole vielä nimetty") answers the
  question; only the detail after it is open."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

from assistant.interpret import rules
from assistant.interpret.models import ACTION_FIELDS, InterpretContext
from assistant.interpret.names import morphology, words_of
from assistant.interpret.person import a_person_only

if TYPE_CHECKING:
    from assistant.interpret.offline import OfflineInterpreter
    from assistant.interpret.slots import SlotReader

_OPENS_YES_NO = re.compile(r"^\W*(kyllä|joo|juu|ei|on|nej|inte|ja|yes|no|not)\b")
_FIRST_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n")
LONG_QUESTION_CHARS = 300  # a question frame inside a longer text is part of content
# Readings a question frame turns into the question (the others name what they do: navigation, help …).
AS_QUESTION = (
    *("answer", "answer_elsewhere", "instruction", "correction"),
    *("undecided", "smalltalk", "add_action"),
)
WHY_SOURCES = (
    *("answer", "add_action", "request_proposals", "accept_proposals", "reject_proposals"),
    *("edit_proposal", "skip_question", "skip_target"),
)
YES_NO_FIELD = "arviointi_toteutettu"
UNDECIDED_CHARS = 120  # a longer text saying something is not decided gives content as well
CONSIDERED = 0.02  # a reading with a smaller share is not worth the look-ups that would move it
LONG_CORRECTION_CHARS = 180  # a longer text names other fields' topics as content, not as what it corrects
NEEDS_OBJECT = ("delete_action", "move_action", "skip_target")


def _move(probabilities: dict[str, float], sources: tuple[str, ...], to: str) -> None:
    for intent in sources:
        if intent != to and probabilities.get(intent):
            probabilities[to] = probabilities.get(to, 0.0) + probabilities[intent]
            probabilities[intent] = 0.0


# Intents whose own words make an opening imperative a chat command or a question, not an instruction.
COMMAND_CUES = (
    *("navigate", "skip_question", "skip_target", "accept_proposals", "reject_proposals", "edit_proposal"),
    *("request_proposals", "add_action", "edit_action", "move_action", "delete_action", "question"),
    *("help", "status", "missing", "correction", "undecided"),
)


def orders(reading: str) -> bool:
    """A Finnish message that opens with an imperative and hands the work over ("täytä loput itse",
    "keksi meille tulokset", "kopioi … sellaisenaan"), and is none of the chat's commands: an instruction
    to the assistant, never a field's content."""
    first = words_of(reading)[:1]
    if not first or len(first[0]) < 3 or not rules.matches("delegating_words", reading):
        return False
    if any(rules.cue(intent, reading) for intent in COMMAND_CUES):
        return False
    analyses = morphology().analyses(first[0])
    return any(a.get("MOOD") == "imperative" and a.get("PERSON") == "2" for a in analyses)


CORRECTION_SOURCES = ("answer", "answer_elsewhere", "undecided", "skip_question", "add_action")


def corrects_other(
    interpreter: OfflineInterpreter, message: str, reading: str, context: InterpretContext
) -> bool:
    """A short text that names another field than the one asked and says a value there is replaced or
    was wrong ("yhteistyömallissa ohjausryhmä kokoontuu joka toinen kuukausi, ei kuukausittain", "the
    county name should be X, not Y", "sori kirjotin alueen nimen väärin")."""
    asks = rules.question_frame(reading) or message.rstrip().endswith("?")
    if len(message) >= LONG_CORRECTION_CHARS or asks:
        return False
    if rules.matches("replaced_words", reading) and interpreter.named_field(reading, context):
        return True  # the field named first, its new value, then the old one ("…, ei kuukausittain")
    says = rules.matches("error_words", reading) or rules.matches("correction_words", reading)
    if not (says or rules.cue("correction", reading)):
        return False
    field = interpreter.corrected_field(reading, context)
    return field is not None and field != context.field


def names_an_object(reading: str) -> bool:
    """The message points at one of the chat's objects (or gives a number or says "the last")."""
    return (
        bool(rules.numbers(reading))
        or rules.matches("chat_objects", reading)
        or rules.matches("last_words", reading)
    )


LEAVE_OPEN_SOURCES = ("question", "answer", "skip_question", "missing", "help", "status", "instruction")


def leaves_open(reading: str) -> bool:
    """Asking or wishing to leave the field asked open for now, not the whole target or every field."""
    return rules.matches("leave_open", reading) and not rules.matches("whole_target", reading)


def value_then_open(reading: str) -> bool:
    """A value, then a contrast and what is still open: the opening words give something, and are not
    themselves "not decided" or a bare negation."""
    found = rules.pattern(rules.rules()["contrast_words"]).search(reading)
    if found is None:
        return False
    head = reading[: found.start()]
    markers = rules.pattern(rules.rules()["open_markers"])
    given = [w for w in words_of(head) if not markers.fullmatch(w)]
    return bool(given) and not rules.cue("undecided", head)


FOLLOW_UP_FIELD = "seuranta_ja_arviointi"
CURRENT_STATE_FIELD = "nykytilan_kuvaus"
GOAL_FIELDS = ("kuvaus_suhteessa_nykytilaan", "tavoiteltavat_tulokset")
# Where content about time to come belongs when typed at a field about the present or the past: an action
# (3.4) at the current state; the plan for the assessment at whether or how it was done.
PLANNED_ELSEWHERE = {
    CURRENT_STATE_FIELD: "action_text",
    "arviointi_toteutettu": "arvioinnin_suunnitelma",
    "arvioinnin_tulokset": "arvioinnin_suunnitelma",
}
COOPERATION_FIELD = "alueellisen_yhteistyon_malli"
COOPERATION_ELSEWHERE = ("jarjestamisvastuulliset_organisaatiot", "valmisteluajan_vastuullinen_toimija")
TOPIC_MAX_CHARS = 300  # placed by meaning up to this long
TOPIC_CHARS = 200  # a longer text is an answer that may touch other fields' topics too


def topic_field(reading: str, field: str) -> str | None:
    """The text field a short content message at another text field is about, by its opening."""
    if len(reading) >= TOPIC_CHARS:
        return None
    topics = rules.rules()["field_topics"]
    if field not in (FOLLOW_UP_FIELD, "arvioinnin_suunnitelma") and all(
        rules.pattern(topics[key]).search(reading) for key in ("follow_up", "how_often")
    ):
        return FOLLOW_UP_FIELD
    planned = rules.pattern(topics["planned"]).search(reading) and not rules.pattern(
        topics["present"]
    ).search(reading)
    answered = field == "arviointi_toteutettu" and _OPENS_YES_NO.match(reading)  # "ei vielä, …": the answer
    if planned and field in PLANNED_ELSEWHERE and not rules.cue("undecided", reading) and not answered:
        return PLANNED_ELSEWHERE[field]  # what will be done, typed where what is (or was) done is asked
    cooperates = rules.pattern(topics["cooperation"]).search(reading) and any(
        rules.pattern(topics[key]).search(reading) for key in ("how_often", "taking_part")
    )
    if field in COOPERATION_ELSEWHERE and cooperates:
        return COOPERATION_FIELD  # how the organisations work together, typed at who they are or who prepares
    present = rules.pattern(topics["present"]).search(reading)
    if field == CURRENT_STATE_FIELD and not present and opens_with_our_doing(reading, planned=True):
        return "action_text"  # "Laaditaan strategia …" at the current state: what will be done
    now = rules.pattern(topics["current_state"]).search(reading)
    if field in GOAL_FIELDS and now and not rules.pattern(topics["aim"]).search(reading):
        return CURRENT_STATE_FIELD
    return None


LABEL_WORDS = 4  # a label before a colon is this short


def labelled_elsewhere(interpreter: OfflineInterpreter, reading: str, context: InterpretContext) -> bool:
    """The text opens with one label, another text field's, and a colon."""
    head, colon, rest = reading.partition(":")
    if not colon or not 0 < len(head.split()) <= LABEL_WORDS or ":" in rest:
        return False
    return interpreter.named_field(reading, context) is not None


def explicit_add(interpreter: OfflineInterpreter, reading: str, context: InterpretContext) -> bool:
    """An action added in so many words ("oma: …", "lisää toimenpide", "add an action") or for another
    target than the one asked."""
    return (
        rules.cue("add_action", reading)
        or rules.lemma_cue("add_verbs", reading)
        or interpreter.mentioned_target(reading, exclude=context.target) is not None
    )


def reframe(
    probabilities: dict[str, float],
    interpreter: OfflineInterpreter,
    message: str,
    reading: str,
    context: InterpretContext,
) -> dict[str, float]:
    """The probabilities with the share of readings the message's words rule out moved to the reading
    they mean (the total is kept)."""
    out = dict(probabilities)
    opening = _FIRST_SENTENCE.split(reading.strip(), maxsplit=1)[0]
    if len(message) < LONG_QUESTION_CHARS and rules.question_frame(opening):
        sources = AS_QUESTION if rules.cue("help", reading) else (*AS_QUESTION, "help")
        _move(out, sources, "question")
    if rules.matches("why_words", reading):  # "miksi ehdotit kolmosta?": a reason asked, no decision
        _move(out, WHY_SOURCES, "question")
    if context.proposals and rules.asks_about_source(reading):  # "mistä ehdotus 2 on peräisin?"
        _move(out, WHY_SOURCES, "question")
    if not names_an_object(reading):
        skips = rules.cue("skip_target", reading) or rules.cue("skip_question", reading)
        _move(out, NEEDS_OBJECT if not skips else NEEDS_OBJECT[:2], "answer")
    if out.get("correction", 0.0) >= CONSIDERED and not (
        rules.matches("correction_words", reading)
        or (len(message) < LONG_CORRECTION_CHARS and interpreter.corrected_field(reading, context))
    ):
        _move(out, ("correction",), "answer")
    if context.field != "action_text" and max(out, key=out.__getitem__) == "answer" and orders(reading):
        _move(out, ("answer", "answer_elsewhere", "undecided"), "instruction")
    if corrects_other(interpreter, message, reading, context):
        _move(out, CORRECTION_SOURCES, "correction")
    if context.field == "action_text" and rules.matches("whole_target", reading):
        _move(out, ("skip_question",), "skip_target")
    if rules.cue("missing", reading) and not rules.cue("request_proposals", reading):
        _move(out, ("request_proposals",), "missing")
    if context.field in interpreter.text_fields and labelled_elsewhere(interpreter, reading, context):
        _move(out, ("answer",), "answer_elsewhere")
    if context.field in interpreter.text_fields and topic_field(reading, context.field):
        _move(out, ("answer",), "answer_elsewhere")
    if (
        len(message) < UNDECIDED_CHARS
        and context.field != YES_NO_FIELD  # "not yet" to "was it done?" is the answer no
        and rules.cue("undecided", opening)  # "Anna Ek. Varahenkilöstä ei ole päätetty": a value first
        and not value_then_open(reading)
    ):
        _move(out, ("answer", "skip_question"), "undecided")  # "we haven't decided it yet": an open item
    hedged = rules.matches("open_hedges", reading) or rules.cue("undecided", reading)
    if value_then_open(reading) or not hedged:  # no negation, doubt or later time: not an open item
        _move(out, ("undecided",), "answer")
    if context.field != YES_NO_FIELD and leaves_open(reading):  # "voimmeko jättää kohdan auki?"
        _move(out, LEAVE_OPEN_SOURCES, "undecided")
    elif len(message) >= UNDECIDED_CHARS and not rules.cue("undecided", reading):
        _move(out, ("undecided",), "answer")  # a long text that never says what is open is content
    if context.field in ACTION_FIELDS[1:] and not rules.matches("whole_target", reading):
        _move(out, ("skip_target",), "skip_question")
    elif context.field in ACTION_FIELDS[1:] and not rules.matches("question_words", reading):
        _move(out, ("skip_question",), "skip_target")  # "jätetään tämä osa-alue kokonaan tyhjäksi"
    elif context.field in ACTION_FIELDS[1:] and not rules.matches("target_words", reading):
        _move(out, ("skip_target",), "skip_question")  # "ohitetaan tämä kysymys kokonaan"
    if rules.matches("export_blockers", reading):  # "mikä estää viennin?": what is still missing
        _move(out, ("question", "answer", "help", "status"), "missing")
    if (
        context.field == "action_text"
        and not context.proposals
        and out.get("add_action", 0.0) >= CONSIDERED
        and not explicit_add(interpreter, reading, context)
    ):
        _move(out, ("add_action",), "answer")
    if context.field == "action_text" and context.proposals:
        _move(out, ("answer",), "add_action")
    if moves_action(interpreter, reading, context):
        _move(out, MOVE_SOURCES, "move_action")
    if content_elsewhere(interpreter, out, message, context):
        _move(out, ("answer",), "answer_elsewhere")
    if another_detail(interpreter, message, reading, context):
        _move(out, ("answer",), "answer_elsewhere")
    if context.field == "action_text" and opens_with_our_doing(reading):
        _move(out, ("answer_elsewhere",), "add_action" if context.proposals else "answer")
    return out


SWAPPED_WORDS = 6  # a detail typed at another detail's question is this short (a date, a name)


def another_detail(
    interpreter: OfflineInterpreter, message: str, reading: str, context: InterpretContext
) -> bool:
    """A short answer at the person's or the prerequisites' question that is all another detail: a date
    ("syksyllä 2026", "by the end of 2027") or a person's name with a role at the prerequisites."""
    if context.field not in ("responsible", "prerequisites") or len(message.split()) > SWAPPED_WORDS:
        return False
    other = interpreter.field_elsewhere(reading, context, raw=message)
    if other == "responsible":
        return context.field == "prerequisites" and a_person_only(message)
    return other in ("schedule_short", "schedule_long") and not rules.cue(context.field, reading)


def opens_with_our_doing(reading: str, *, planned: bool = False) -> bool:
    """The text opens with a Finnish verb saying what we (or one) will do: the first person plural or the
    passive of the indicative ("rakennamme", "laaditaan"). `planned`: only a form that cannot be the past
    ("hankimme" may be either: it is not)."""
    first = words_of(reading)[:1]
    if not first:
        return False
    analyses = morphology().analyses(first[0])
    if planned and any(a.get("TENSE") == "past_imperfective" for a in analyses):
        return False
    return any(
        a.get("CLASS") == "teonsana"
        and a.get("MOOD") == "indicative"
        and (a.get("PERSON") == "4" or (a.get("PERSON") == "1" and a.get("NUMBER") == "plural"))
        for a in analyses
    )


STEM_CHARS = 5
ACTION_WORD_RATIO = 85
_ACTION_WORD = re.compile(r"(toimenpi\w*|åtgärd\w*|\bactions?\b)")
# Readings a message that names an accepted action and another target is not, unless it says so.
MOVE_SOURCES = (
    *("answer", "answer_elsewhere", "add_action", "edit_action"),
    *("accept_proposals", "reject_proposals", "edit_proposal", "navigate"),
)


def moves_action(interpreter: OfflineInterpreter, reading: str, context: InterpretContext) -> bool:
    """An accepted action named (by number, ordinal or "the last") together with another target, and
    nothing else to do with it: no new text, no field of it, no word of adding or deleting ("toimenpide 3
    -> Resurssit", "Action 2 should sit under data integration", "kakkostoimenpide kuuluu …")."""
    if not context.actions or not names_action_word(reading) or ":" in reading:
        return False
    if not (rules.numbers(reading) or rules.matches("last_words", reading) or context.actions == 1):
        return False  # which action: a number, "the last", or the only one ("flytta åtgärden till …")
    adds = rules.cue("add_action", reading) or rules.lemma_cue("add_verbs", reading)
    if adds and not rules.cue("move_action", reading):
        return False  # "lisää toimenpide 2 kohteeseen …": an action added
    target = interpreter.mentioned_target(reading, exclude=context.target, loose=True)
    if target is None or rules.cue("delete_action", reading):
        return False
    stems = {w[:STEM_CHARS] for w in words_of(target)}  # "Resurssit" names a target, not the resources
    outside = " ".join(w for w in words_of(reading) if w[:STEM_CHARS] not in stems)
    return interpreter._action_field(outside, context) == "action_text"


def names_action_word(reading: str) -> bool:
    """The word for an action, also mistyped ("toimenpde", "timenpide")."""
    if _ACTION_WORD.search(reading):
        return True
    return any(
        fuzz.ratio(word[: len(form)], form) >= ACTION_WORD_RATIO
        for word in words_of(reading)
        if len(word) >= 6
        for form in ("toimenpide", "toimenpiteen", "åtgärd")
    )


def names_asked(interpreter: SlotReader, reading: str, field: str) -> bool:
    """The text names the field asked, or the section or group it is in ("tavoitteet" at 3.3)."""
    group = next(
        (g.id for s in interpreter.spec.sections for g in s.groups for f in g.fields if f.key == field), ""
    )
    for match in interpreter.names.find_mentions(reading):
        if (match.kind == "field" and match.key == field) or (
            match.kind == "section" and (group == match.key or group.startswith(match.key + "."))
        ):
            return True
    return False


def content_elsewhere(
    interpreter: OfflineInterpreter, probabilities: dict[str, float], message: str, context: InterpretContext
) -> bool:
    """Content read as the answer to a text field that clearly fits another field's description better
    (by meaning: field_topics.py), and is not worded as a question."""
    if max(probabilities, key=probabilities.__getitem__) != "answer" or message.rstrip().endswith("?"):
        return False
    if len(message) > TOPIC_MAX_CHARS:
        return False  # a long answer touches other fields' topics too
    if context.field == YES_NO_FIELD and _OPENS_YES_NO.match(message.lower()):
        return False  # "kyllä, ja tulokset olivat …": the yes answers what was asked
    other = interpreter.topic_elsewhere(message, context)
    if other == CURRENT_STATE_FIELD and not rules.pattern(rules.rules()["field_topics"]["present"]).search(
        message.lower()
    ):
        return False  # the current state is said in the present ("nyt", "tällä hetkellä", "we have")
    return other is not None
