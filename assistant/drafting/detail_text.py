"""The value a chat message gives for an action's detail, without the words that name it
("toimenpiteen 1 vastuuhenkilö on X" -> "X", "edellytykset: X" -> "X"; the words are data,
vocabulary.yaml `detail_*`), and the words that name an action after the word "action" ("poista
toimenpide X" -> "X"). The one place for both: the flow and the interpreter's slots use these."""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.drafting.commands import parse_command
from assistant.drafting.extract import alternation, vocabulary
from assistant.template.schedule_years import years_in

__all__ = [
    "DETAIL_FIELD",
    "DETAIL_WORDS",
    "FIELD_DETAIL",
    "action_argument",
    "detail_value",
    "field_value_of",
    "leading_detail",
    "names_action",
]

# The engine's names of an action's details -> the interpreter's action field ids.
DETAIL_FIELD = {
    "schedule": "schedule_short",
    "pitka_aikavali": "schedule_long",
    "vastuuhenkilo": "responsible",
    "edellytykset": "prerequisites",
}
FIELD_DETAIL = {
    "schedule_short": "schedule",
    "schedule_long": "schedule",
    "responsible": "vastuuhenkilo",
    "prerequisites": "edellytykset",
}

DETAIL_WORDS = {
    "vastuuhenkilo": "detail_responsible",
    "edellytykset": "detail_prerequisites",
    "schedule": "detail_schedule",
}
_ACTION_LEAD = re.compile(
    r"^\W*(?:toimenpitee\w*|toimenpide|åtgärd\w*|actions?)\s+(?:n:o\s*|nro\s*|nr\s*)?(\d{1,3})\b",
    re.IGNORECASE,
)
_ACTION_REF = r"(?:toimenpi\w*|åtgärd\w*|actions?)\s+(?:n:o\s*|nro\s*|nr\s*)?\d{1,3}"
_AFTER_ACTION_WORD = re.compile(r"\b(?:toimenpi\w*|åtgärd\w*|actions?)\b[\s:,-]*(?P<rest>.*)$", re.I | re.S)


@lru_cache(maxsize=4)
def _detail_regex(detail: str) -> re.Pattern[str]:
    name, copula = alternation(DETAIL_WORDS[detail]), alternation("detail_copulas")
    # the detail's name (inflected), optionally "of action N", then ':' or a copula, or a translative
    # form ("vastuuhenkilöksi X") that needs none
    return re.compile(
        rf"(?<!\w)(?P<word>(?:{name})\w*)(?:\s+(?:of\s+(?:the\s+)?|för\s+)?{_ACTION_REF})?"
        rf"\s*(?P<sep>:|(?:{copula})(?!\w)(?!\s+be\b))?\s*",  # "to be decided" gives no value
        re.IGNORECASE,
    )


def detail_value(text: str, detail: str) -> str | None:
    """The value a message gives for an action's detail, without the words that name it: after the
    detail's name and ':' or a copula ("edellytykset: X", "toimenpiteen 1 vastuuhenkilö on X"); for a
    schedule without its name, the whole message when it names a year and is not an edit command. None
    when the message gives no value ("muuta toimenpiteen 1 vastuuhenkilöä")."""
    stripped = text.strip()
    for match in _detail_regex(detail).finditer(stripped):
        if match.group("sep") or match.group("word").lower().endswith(("ksi", "ks")):  # "vastuuhenkilöks X"
            value = stripped[match.end() :].strip(" \t.,;\"'“”")
            value = re.sub(r"^(?:että|att|that)\s+", "", value, flags=re.IGNORECASE)  # "… on, että X": X
            return value or None
    if _detail_regex(detail).search(stripped):
        return None  # the detail is named but no value follows: it is asked
    if detail == "schedule" and years_in(stripped):
        command = parse_command(stripped)
        return None if command is not None and command.name == "edit" else stripped
    return None


@lru_cache(maxsize=1)
def _lead_filler() -> re.Pattern[str]:
    return re.compile(rf"^\W*(?:{alternation('detail_lead_fillers')})\b[\s,:.-]*", re.IGNORECASE)


def leading_detail(text: str) -> tuple[str, int | None] | None:
    """(detail, action number) when the message starts by naming an action's detail and then gives its
    value ("edellytykset: X", "toimenpiteen 1 vastuuhenkilö on X", "åtgärd 2 ansvarig: X")."""
    text = _lead_filler().sub("", text, count=1)  # "siis edellytys: X": a filler word first
    match = _ACTION_LEAD.match(text)
    number = int(match.group(1)) if match else None
    rest = (text[match.end() :] if match else text).strip()
    for detail in DETAIL_WORDS:
        found = _detail_regex(detail).match(rest)
        separated = found is not None and (found.group("sep") or found.group("word").lower().endswith("ksi"))
        if found is not None and separated and rest[found.end() :].strip():
            return detail, number
    return None


def field_value_of(text: str, field: str | None) -> str | None:
    """The new value a message gives for an action's field (the interpreter's field ids): a detail's
    value without the words naming it; the action's text after a colon. None when no value is given."""
    detail = FIELD_DETAIL.get(field or "")
    if detail is not None and (value := detail_value(text, detail)) is not None:
        return value
    _, colon, rest = text.partition(":")
    return rest.strip() or None if colon else None


def action_argument(text: str) -> str:
    """What names the action in a remove/edit message: the delete command's argument, else what follows
    the word "action" ("poista toimenpide X" -> "X"); "" when the word is not there."""
    command = parse_command(text)
    if command is not None and command.name == "delete_action":
        return command.argument
    match = _AFTER_ACTION_WORD.search(text)
    return match.group("rest").strip() if match else ""


def names_action(text: str) -> bool:
    """The message names an action by the word ("toimenpiteen 2 aikataulu", "åtgärd 1", "action 3")."""
    return _AFTER_ACTION_WORD.search(text) is not None


ROLE_WORDS = 3


def role_only(text: str) -> bool:
    """A role or team and nothing else ("controller", "talousjohtaja", "ICT-chefen", "analytics team"):
    at most `ROLE_WORDS` words, no digit, the last one ending like a role (vocabulary `role_endings`)."""
    words = re.findall(r"[^\W\d_]+", text.lower())
    if not 1 <= len(words) <= ROLE_WORDS or re.search(r"\d", text):
        return False
    return any(words[-1].endswith(e) for e in vocabulary()["role_endings"])
