"""Decisions on the numbered proposals written as sentences, when the reading of the whole message is
not one decision: "Hyväksyn ensimmäisen ja toisen. Kolmas ei sovellu meille" (accept 1 and 2, reject
3), "vi tar första och andra, men inte den tredje", "Otetaan ensimmäinen ehdotus muodossa: <teksti>"
(proposal 1 with the user's words). Each clause that names proposal numbers and says one decision in its
own words (the accept and reject cues of rules.yaml) is that decision; a clause that says neither, or
both, decides nothing. Never an own action: a message that decides on numbered proposals is no action
text of its own.

    readings = decision_readings(text, reading, shown_numbers)  # None: the reading stands
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from assistant.drafting.commands import command_words, parse_command
from assistant.drafting.extract import alternation, words_pattern
from assistant.interpret import rules
from assistant.interpret.models import Interpretation, Slots

READINGS = ("add_action", "accept_proposals", "reject_proposals", "edit_proposal", "request_proposals")
_CLAUSES = re.compile(r"(?<=[.;!?,])\s+|\s+\b(?:mutta|mut|paitsi|men|utom|but|except)\b\s+", re.IGNORECASE)
MIN_EDIT_WORDS = 2  # "muodossa: <text>": the user's wording has at least this many words
_QUOTED = re.compile(r"[\"“”»«'](.+?)[\"“”»«']\s*([.!]?\s*)")


@lru_cache(maxsize=1)
def _reference() -> re.Pattern[str]:
    words = f"{alternation('proposal_words')}|{alternation('ordinal_words')}"
    return re.compile(rf"(?<![\w.])\d{{1,2}}(?![\w.])|(?<!\w)(?:{words})", re.IGNORECASE)


def act_in_turn(
    decided: list[Interpretation],
    act: Callable[[Interpretation], None],
    remove: Callable[[Interpretation], None],
) -> None:
    """Each decision in turn; beside an own action or an acceptance a rejection only removes the proposals
    (`remove`), so that the target does not move on before the own action is filed there, and the
    rejection is not read as the answer to the accepted action's first detail ("1 käy, 2 ei")."""
    other = any(d.intent != "reject_proposals" for d in decided)
    for decision in decided:
        (remove if other and decision.intent == "reject_proposals" else act)(decision)


def refers_by_number(text: str) -> bool:
    """The text names something by its number: a digit or an ordinal word, or the word "proposal"."""
    return _reference().search(text) is not None


def mentions_proposals(text: str) -> bool:
    """The text speaks of the proposals shown ("ehdotukset", "toista ehdotusta", "förslagen", "the
    proposals"), not of one the county will write ("laaditaan ehdotus …")."""
    return words_pattern("shown_proposal_words", whole=False).search(text) is not None


def _decision(clause: str) -> str | None:
    if words_pattern("decline_words").search(clause):
        return "reject_proposals"  # "… emme ota": a taking verb, declined
    accept = (
        rules.cue("accept_proposals", clause)
        or words_pattern("take_words", whole=False).search(clause) is not None
    )
    reject = rules.cue("reject_proposals", clause)
    if accept == reject:
        return None
    return "accept_proposals" if accept else "reject_proposals"


def decision_readings(text: str, reading: Interpretation, shown: list[int]) -> list[Interpretation] | None:
    """The decisions the message's clauses make on the proposals `shown` (numbers as shown), in order;
    None when the reading of the whole message stands (no proposals, a typed command, or no clause that
    decides on a shown number)."""
    if not shown or reading.intent not in READINGS or parse_command(text) is not None:
        return None
    before, own = _own_action_after(text)
    if own:  # "inget av förslagen passar. Egen åtgärd: …": the decision, then the county's own action
        taken = _clause_decisions(before)
        if not taken and reading.intent in ("accept_proposals", "reject_proposals"):
            taken = [Interpretation(intent=reading.intent, slots=reading.slots, confidence=1.0)]
        return [*taken, Interpretation(intent="add_action", slots=Slots(text=own), confidence=1.0)]
    edit = _edit_reading(text, shown)
    if edit is not None:
        return [edit]
    decided = _clause_decisions(text)
    wordless_edit = reading.intent == "edit_proposal" and not reading.slots.text
    if (reading.intent == "add_action" or wordless_edit) and decided:
        # "Hyväksyn ensimmäisen ja toisen ehdotuksen…" is no action of the county's own; an edit without
        # the new wording ("toisen sanamuotoa voisi tarkentaa") leaves the decisions the clauses make
        return decided
    return decided if len({d.intent for d in decided}) > 1 else None


def _clause_decisions(text: str) -> list[Interpretation]:
    """Each clause's decision: on the proposals it names by number, or on all of them."""
    decided: list[Interpretation] = []
    for clause in _clauses(text):
        kind = _decision(clause)
        found = rules.numbers(clause)  # a number not shown is told so by the decision itself
        every = (
            words_pattern("all_shown_words").search(clause)
            and not re.search(r"(?<!\d)\d{1,2}(?!\d)", clause)  # a number names some; a year does not
            and not words_pattern("only_words").search(clause)  # "emme ota kaikkia, vain ykkösen"
        )
        if kind == "reject_proposals" and every:  # "nej till alla tre", "no to all three": none of them
            decided.append(Interpretation(intent=kind, slots=Slots(all=True), confidence=1.0))
        elif kind is not None and found and _reference().search(clause):
            decided.append(Interpretation(intent=kind, slots=Slots(numbers=found), confidence=1.0))
        elif (
            kind == "accept_proposals"
            and words_pattern("all_words").search(clause)
            and mentions_proposals(clause)
        ):
            decided.append(Interpretation(intent=kind, slots=Slots(all=True), confidence=1.0))
        elif kind == "reject_proposals" and not found and mentions_proposals(clause):
            # "inget av förslagen passar", "mikään ehdotuksista ei sovi": none of them
            decided.append(Interpretation(intent=kind, slots=Slots(all=True), confidence=1.0))
    return decided


@lru_cache(maxsize=1)
def _own_marker() -> re.Pattern[str]:
    """The chat command's own-action words followed by a colon, anywhere after the message's start."""
    words = "|".join(re.escape(w) for w in sorted(command_words()["own"], key=len, reverse=True))
    return re.compile(rf"(?<=[\s.,;!?])(?:{words})\s*:\s*", re.IGNORECASE)


def _own_action_after(text: str) -> tuple[str, str]:
    """(what comes before, the own action) when the message ends with "oma: …" / "egen åtgärd: …"
    after something else; ("", "") otherwise."""
    match = _own_marker().search(text)
    if match is None or not text[: match.start()].strip():
        return "", ""
    return text[: match.start()].strip(), text[match.end() :].strip()


def _clauses(text: str) -> list[str]:
    """The text cut where a new decision starts: at a sentence end, a comma or "mutta / men / but"; a
    piece that says no decision of its own belongs to the one before ("hyväksyn 1, 2 ja 3")."""
    clauses: list[str] = []
    for piece in _CLAUSES.split(text):
        if clauses and _decision(piece) is None:
            clauses[-1] = f"{clauses[-1]} {piece}"
        else:
            clauses.append(piece)
    return clauses


def _edit_reading(text: str, shown: list[int]) -> Interpretation | None:
    """One shown proposal taken or edited with the user's wording after a colon ("Otetaan ensimmäinen
    ehdotus muodossa: …", "muokkaisin toista seuraavasti: …", "kolmonen näin muotoiltuna: …"), or the
    proposal alone before a quoted wording ("Kolmas: "…"")."""
    head, colon, wording = text.partition(":")
    numbers = [n for n in rules.numbers(head) if n in shown]
    if not _reference().search(head):
        return None
    if not colon or len(wording.split()) < MIN_EDIT_WORDS or len(numbers) != 1:
        return None
    decision = _decision(head)
    if decision == "reject_proposals":
        return None
    quoted = _QUOTED.fullmatch(wording.strip())
    named_only = not _reference().sub(" ", head).strip(" .,;#-–") and quoted is not None
    worded = words_pattern("edit_form_words", whole=False).search(head) is not None
    if decision != "accept_proposals" and not (rules.cue("edit_proposal", head) or worded or named_only):
        return None
    new_text = quoted.group(1) if quoted is not None else wording.strip()
    return Interpretation(
        intent="edit_proposal", slots=Slots(number=numbers[0], text=new_text), confidence=1.0
    )


QUOTED_WORDS = 3  # a quoted wording of at least this many words is the new text of an edited proposal


def edited_proposal(slots: Slots, text: str, shown: list[int]) -> tuple[int | None, str]:
    """(proposal number, new text) of an edit: the number read, an ordinal word before the colon
    ("muokkaa ykköstä: …"), or the one proposal shown; the new text is the quoted wording when the text
    quotes one ("'<new wording>' - siis …": the remark after it is not the action's text)."""
    from assistant.drafting.action_chat import quoted

    number = slots.number or (slots.numbers[0] if slots.numbers else None)
    if number is None and (said := rules.numbers(text.split(":", 1)[0])):
        number = said[0]
    if number is None and len(shown) == 1:
        number = shown[0]
    new_text = (slots.text or "").strip()
    wording = quoted(new_text) if new_text else None
    if wording and len(wording.split()) >= QUOTED_WORDS:
        new_text = wording
    return number, new_text


def one_of_several(text: str, slots: Slots, shown: list[int]) -> bool:
    """An acceptance of "it" ("ok otetaan se sit", "vi tar den") without a number while several proposals
    are shown: which one is asked, none is taken on a guess (a bare "hyväksy" still takes them all)."""
    if slots.numbers or slots.number or len(shown) < 2 or words_pattern("all_words").search(text):
        return False
    return words_pattern("singular_pronouns").search(text) is not None


def no_action_given(text: str, shown: list[int]) -> str | None:
    """Why a message read as an own action gives none (the message key to say), or None: it speaks of the
    proposals shown and decides nothing; it announces an own action without its text ("Tai hetkinen,
    kirjoitan kuitenkin oman toimenpiteen."); or a sentence of it asks the assistant to change something
    ("… Muuta lyhyen aikavälin aikatauluksi vuosi 2027")."""
    if shown and mentions_proposals(text):
        return "decision_unclear"
    if len(set(rules.numbers(text))) >= 2 and words_pattern("merge_words").search(text):
        return "proposals_merge"  # "1 och 2 båda, men slå ihop dem till en åtgärd"
    own = words_pattern("own_action_words", whole=False).search(text)
    if own and len(text[own.end() :].split()) < OWN_TEXT_WORDS:
        return "own_announced"
    sentences = [s.strip() for s in re.split(r"(?<=[.!?:])\s+", text) if s.strip()]
    if len(sentences) > 1 and any(words_pattern("change_imperatives").match(s) for s in sentences[1:]):
        return "own_is_request"
    return None


OWN_TEXT_WORDS = 3  # fewer words after "oman toimenpiteen" than this: no action's text given
