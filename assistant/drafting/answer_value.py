"""The value a chat answer gives for a name field, without the words that only open the answer
("meillä se on Pohjois-Savon hyvinvointialue" -> "Pohjois-Savon hyvinvointialue"), and the region's name
inside a longer answer, for the plan's metadata and title ("X, johon kuuluu 30 kuntaa" -> "X"). The words
are data (vocabulary.yaml `answer_lead_ins`, `region_name_stops*`)."""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz

from assistant.drafting.action_filter import has_finite_verb
from assistant.drafting.extract import alternation, vocabulary, words_pattern
from assistant.interpret import rules

# Fields whose answer is a name: the lead-in words are left out of the stored value.
NAME_FIELDS = frozenset({"sote_maakunta"})
PREPARER_FIELD = "valmisteluajan_vastuullinen_toimija"
PREPARER_WORDS = 16  # a longer 3.1.2 a) answer is a description of its own: kept as written
MIN_NAME_CHARS = 3
PLAIN_NAME_WORDS = 4  # a name this short may be typed in lower case ("kainuu"); a longer one has a capital
LABEL_MAX_WORDS = 4  # "Nykytila:", "Tietojohtamisen nykytila:" - a longer opening before ':' is content
LABEL_MATCH = 85  # rapidfuzz ratio of the opening against as many words of the field's own label


@lru_cache(maxsize=1)
def _lead_in() -> re.Pattern[str]:
    return re.compile(rf"^\W*(?:{alternation('answer_lead_ins')})(?!\w)[\s:,-]*", re.IGNORECASE)


@lru_cache(maxsize=1)
def _stop() -> re.Pattern[str]:
    words, punct = alternation("region_name_stops"), alternation("region_name_stops_punct")
    return re.compile(rf"(?:{punct})|\s(?:{words})(?!\w)", re.IGNORECASE)


def without_lead_in(text: str) -> str:
    """The answer without the words that only open it; the whole answer when nothing would be left."""
    stripped = text.strip()
    rest = _lead_in().sub("", stripped, count=1).strip()
    return rest if len(rest) >= MIN_NAME_CHARS else stripped


@lru_cache(maxsize=1)
def _preparer_frame() -> tuple[re.Pattern[str], re.Pattern[str]]:
    lead = re.compile(rf"^\W*(?:{alternation('preparer_lead_ins')})(?!\w)[\s:,-]*", re.IGNORECASE)
    joins, tails = alternation("list_words"), alternation("preparer_tails")
    tail = re.compile(rf"[\s,]+(?:(?:{joins})\s+)?(?:{tails})\W*$", re.IGNORECASE)
    return lead, tail


def preparer_value(text: str) -> str:
    """3.1.2 a) without the words that only frame it ("mä oon kehitysjohtaja Pirjo Niemi ja vastaan
    valmistelusta" -> "kehitysjohtaja Pirjo Niemi"); a longer description (more than one sentence or
    `PREPARER_WORDS` words) is kept as written, and so is an answer that would lose everything."""
    stripped = text.strip()
    if len(stripped.split()) > PREPARER_WORDS or re.search(r"[.;!?]\s+\S", stripped):
        return stripped
    lead, tail = _preparer_frame()
    rest = tail.sub("", lead.sub("", stripped, count=1), count=1).strip(" ,.")
    if rest == stripped.strip(" ,.") or len(rest) < MIN_NAME_CHARS:
        return stripped
    return rest  # as typed: "kehitysjohtaja Pirjo Niemi" also reads inside the person question


def name_value(text: str, field: str) -> str:
    """The value to store for `field`: a name field's answer without its lead-in (the preparer's without
    its frame), else the text as is."""
    if field == PREPARER_FIELD:
        return preparer_value(text)
    if field not in NAME_FIELDS:
        return text
    rest = without_lead_in(text).rstrip(" .")  # a name, not a sentence: "Pohjanrannan hyvinvointialue."
    return rest[:1].upper() + rest[1:] if rest[:1].islower() and rest != text.strip() else rest


def region_name(value: str) -> str:
    """The region's name at the start of a 3.1.1 a) answer: up to the first clause that is not the name
    (a comma, a relative clause, "eli …"); the first line when nothing marks the end."""
    first = value.strip().splitlines()[0] if value.strip() else ""
    match = _stop().search(first)
    name = first[: match.start()].strip() if match else first
    return name if len(name) >= MIN_NAME_CHARS else first


@lru_cache(maxsize=1)
def _write_verbs() -> frozenset[str]:
    return frozenset(w.lower() for w in vocabulary()["write_verbs"])


def without_own_label(text: str, labels: list[str]) -> str:
    """The answer without an opening that only names the field asked ("Nykytila: raportointi on …" at
    3.2.1 -> "raportointi on …"; a typo in the name is allowed) or only says to write what follows ("nej
    förresten, skriv: …"); the text as is otherwise."""
    head, colon, rest = text.partition(":")
    words = head.split()
    if not colon or not rest.strip() or not 0 < len(words) <= LABEL_MAX_WORDS + 1:
        return text
    if any(w.strip(",.!").lower() in _write_verbs() for w in words):
        return rest.strip()  # "nej förresten, skriv: …", "kirjaa tähän: …": the text to write follows
    if len(words) > LABEL_MAX_WORDS:
        return text
    opening, n = " ".join(words).lower(), len(words)
    for label in labels:
        names = label.lower().split()
        spans = [" ".join(names[i : i + n]) for i in range(max(1, len(names) - n + 1))]
        if any(fuzz.ratio(opening, span) >= LABEL_MATCH for span in spans):  # the label or its words
            return rest.strip()
    return text


CORRECTION_OPENING_WORDS = 6  # "eiku koko nimi:" - a longer text before the colon is content, not an opening


@lru_cache(maxsize=1)
def _correction_lead() -> re.Pattern[str]:
    return re.compile(rf"(?<!\w)(?:{alternation('correction_leads')})(?!\w)[\s:,-]*", re.IGNORECASE)


def correction_value(text: str) -> str:
    """The new value a correction gives ("eiku koko nimi: X", "nimen pitäisi olla X" -> "X"); "" when the
    message only says that something is wrong."""
    text = " ".join(text.split())
    match = _correction_lead().search(text)
    if match:
        value = text[match.end() :]
    elif ":" in text and len(text.split(":", 1)[0].split()) <= CORRECTION_OPENING_WORDS:
        value = text.split(":", 1)[1]
    else:
        return ""
    value = value.strip(" .,;:\"'”“")
    return value if len(value) >= MIN_NAME_CHARS else ""


def looks_like_name(value: str) -> bool:
    """A region's name: short, or with a capital letter or a region word ("hyvinvointialue"). "eli lyhyt =
    yks vuos, ei kaks ku siinä vanhassa pohjassa" typed at the name is a remark, not the name."""
    if _NOT_A_NAME.search(_PARENTHESISED.sub(" ", value)) or has_finite_verb(value):
        return False  # "Perioderna ska vara 2026–2027 …", "Selvä, kiitos. Aloitetaan sitten alusta."
    if len(value.split()) <= PLAIN_NAME_WORDS or any(c.isupper() for c in value):
        return True
    return rules.matches("region_words", value)


# A year or a second sentence (a capitalised word and another after it; "lyh. IKHVA" in parentheses is an
# abbreviation): what a name never has.
_NOT_A_NAME = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)|[.!?]\s+[A-ZÅÄÖ][a-zåäö]+\s+\w")
_PARENTHESISED = re.compile(r"\([^)]*\)")


def without_acknowledgement(text: str) -> str:
    """An answer without an opening that only acknowledges ("Kiitos. Nykytilassa …", "Hyvä on. Q3/2026.",
    "Okej. Vi har …"): that sentence is no part of the content. A message that is only one is kept."""
    match = words_pattern("acknowledgements").match(text.strip())
    if match is None:
        return text
    rest = text.strip()[match.end() :]
    if not re.match(r"\s*[.!]+\s+\S", rest):  # its own sentence, followed by the answer
        return text
    return rest.lstrip(" .!")
