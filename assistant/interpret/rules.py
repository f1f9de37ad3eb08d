"""Exact rules of the offline interpreter: numbers (digits and ordinal words), years and periods,
the language of a message and the word cues of `data/rules.yaml`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import Stemmer
from rapidfuzz import fuzz

from assistant.datafile import read_yaml
from assistant.interpret.names import fold, morphology, words_of

_DATA = Path(__file__).with_name("data")
RULE_CHARS = 5000  # the rules read at most this much of a message (a paste of assessment rows fits)
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_YEAR_RANGE = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*(?:[-–—]|\.\.|to|till|asti)\s*((?:19|20)\d{2})(?!\d)")
_SHORT_END = re.compile(r"(?<!\d)((?:19|20)\d{2})(\s*[-–—]\s*)(\d{2})(?!\d|[.,]\d)")  # "2026-27," too


def _full_end(m: re.Match[str]) -> str:
    """'2026-27' -> '2026-2027' (the end in the start's century, when it comes after the start)."""
    start, dash, end = m.group(1), m.group(2), m.group(3)
    full = start[:2] + end
    return f"{start}{dash}{full}" if int(full) > int(start) else m.group(0)


_SMALL_NUMBER = re.compile(r"(?<![\d.,/:€])\b(\d{1,2})\b(?![.,]\d|\s*(?:€|%|k€|htv|kpl|/))")
_NUMBER_RANGE = re.compile(r"(?<![\d.,])\b(\d{1,2})\s*[-–]\s*(\d{1,2})\b(?![.,]\d)")
_SCORE = re.compile(r"(?<![\d/])(\d(?:[.,]\d{1,2})?)(?![\d/%])")


@lru_cache(maxsize=1)
def rules() -> dict[str, Any]:
    return read_yaml(_DATA / "rules.yaml", strings=True)


@lru_cache(maxsize=64)
def pattern(source: str) -> re.Pattern[str]:
    return re.compile(source, re.IGNORECASE)


def cue(name: str, text: str) -> bool:
    """True when the cue of `rules.yaml` (an intent or a `field_cues` key) matches the folded text, or
    one of its words has a base form listed under `lemmas` (any inflection)."""
    data = rules()
    source = data["cues"].get(name) or data["field_cues"].get(name)
    if source and pattern(source).search(fold(text)):
        return True
    if name == "undecided":
        return undecided_by_structure(text)
    if name == "question" and question_frame(text):
        return True
    return lemma_cue(name, text) or (name == "question" and clitic_question(text))


def question_frame(text: str) -> bool:
    """The message asks the assistant in indirect or polite words ("haluaisin tietää…", "jag undrar…",
    "could you explain…"), wherever in it and with or without a question mark."""
    return bool(pattern(rules()["question_frames"]).search(fold(text)))


def asks_about_source(text: str) -> bool:
    """A question about where the proposals shown (or one of them) come from: worded as a question,
    pointing at them (a number, a proposal, "that one") and asking for a source, document or page."""
    folded = fold(text)
    return (
        cue("question", folded)
        and bool(numbers(folded) or matches("chat_objects", folded) or matches("proposal_pointers", folded))
        and matches("proposal_source", folded)
    )


def undecided_by_structure(text: str) -> bool:
    """A decision word with a negation or a later time near it (`DECISION_WINDOW` words): the answer is not
    decided yet ("nimetään vasta ensi vuonna"; not "ei hyödynnetä …, jokainen päätös perustuu tietoon")."""
    markers = pattern(rules()["open_markers"])
    if len(text) > 200 or not markers.search(fold(text)):
        return False
    listed = rules()["decision_lemmas"]
    finnish = frozenset(listed["fi"])
    stems = frozenset(_STEMMERS[lang].stemWord(w) for lang in ("sv", "en") for w in listed[lang])
    words = _CONTRACTED.findall(fold(text))[:LEMMA_WORDS]  # "haven't" is one word here
    decided = [i for i, w in enumerate(words) if _word_lemmas(w) & (finnish | stems)]
    opened = [i for i, w in enumerate(words) if markers.fullmatch(w)]
    return any(abs(i - j) <= DECISION_WINDOW for i in decided for j in opened)


DECISION_WINDOW = 3
_CONTRACTED = re.compile(r"[0-9a-zåäöéü]+(?:['’][a-z]+)?")


@lru_cache(maxsize=4096)
def clitic_question(text: str) -> bool:
    """Finnish yes/no questions open with a verb carrying the -ko/-kö clitic ("pitääkö", "voinko",
    "kannattaako"), with or without a question mark: read from Voikko's analysis, not a word list."""
    first = words_of(text)[:1]
    if not first or len(first[0]) < 4:
        return False
    return any(
        a.get("KYSYMYSLIITE") == "true" and a.get("CLASS") == "teonsana"
        for a in morphology().analyses(first[0])
    )


_STEMMERS = {"sv": Stemmer.Stemmer("swedish"), "en": Stemmer.Stemmer("english")}
LEMMA_WORDS = 40  # the words of a message whose base forms are looked up


@lru_cache(maxsize=64)
def _lemma_sets(name: str) -> tuple[frozenset[str], frozenset[str]]:
    """(Finnish base forms, Swedish and English stems) listed for a cue."""
    listed = rules().get("lemmas", {}).get(name) or {}
    finnish = frozenset(w.lower() for w in listed.get("fi", []))
    stems = frozenset(
        _STEMMERS[lang].stemWord(w.lower()) for lang in ("sv", "en") for w in listed.get(lang, [])
    )
    return finnish, stems


@lru_cache(maxsize=4096)
def _word_lemmas(text: str) -> frozenset[str]:
    """Base forms (Voikko) and Swedish/English stems of the message's first words."""
    morph = morphology()
    out: set[str] = set()
    for word in words_of(text)[:LEMMA_WORDS]:
        if word.isdigit():
            continue
        out.add(word)
        if morph.has_voikko:
            out.update(morph.forms(word))
        out.update(s.stemWord(word) for s in _STEMMERS.values())
    return frozenset(out)


def lemma_cue(name: str, text: str) -> bool:
    finnish, stems = _lemma_sets(name)
    if not finnish and not stems:
        return False
    lemmas = _word_lemmas(text)
    return bool(lemmas & finnish or lemmas & stems)


def matches(key: str, text: str) -> bool:
    return bool(pattern(rules()[key]).search(fold(text)))


def matches_label(text: str) -> bool:
    """The text labels its numbers as maturity or satisfaction."""
    labels = rules()["assessment_labels"]
    folded = fold(text)
    return bool(pattern(labels["maturity"]).search(folded) or pattern(labels["satisfaction"]).search(folded))


def names_a_period(text: str) -> bool:
    return bool(pattern(rules()["period_words"]["period"]).search(fold(text)))


@dataclass(frozen=True)
class ExactCommand:
    intent: str
    argument: str
    numbers: tuple[int, ...]


def exact_command(text: str) -> ExactCommand | None:
    """A message that is a command phrase of `rules.yaml`, alone or followed by numbers ("hyväksy 1 3")
    or by ':' and a text ("oma: Laadimme ...", "muokkaa 2: ..."); the longest phrase wins."""
    folded = fold(text).strip()
    phrases = sorted(
        ((phrase.lower(), intent) for intent, items in rules()["commands"].items() for phrase in items),
        key=lambda p: -len(p[0]),
    )
    for phrase, intent in phrases:
        if folded.rstrip(" .!") == phrase:
            return ExactCommand(intent, "", ())
        if not folded.startswith(phrase) or len(folded) == len(phrase):
            continue
        rest = text.strip()[len(phrase) :]
        if rest[:1] not in (" ", ":", ","):
            continue
        argument = rest.lstrip(" :,.-–").strip()
        head = argument.split(":", 1)[0]
        if re.fullmatch(r"[\d\s,;&+]*(?:(?:ja|och|and)[\d\s,]*)*", head) and head.strip():
            nums = tuple(int(n) for n in re.findall(r"\d+", head))
            decision = intent in ("accept_proposals", "reject_proposals")
            if decision and head != argument:
                continue  # "hyväksyn 1:n kunhan ...": more than numbers, not a bare decision
            if intent in ("accept_proposals", "reject_proposals", "edit_proposal"):
                return ExactCommand(intent, argument, nums)
        if intent in ("add_action", "navigate") or (intent == "edit_proposal" and ":" in rest):
            nums = tuple(int(n) for n in re.findall(r"\d+", head)) if intent == "edit_proposal" else ()
            return ExactCommand(intent, argument, nums)
    return _mistyped_decision(folded)


DECISION_TYPO_MIN = 80  # rapidfuzz ratio from which a mistyped decision word is that word ("godknän")
_DECISION_REST = re.compile(
    r"^(?:\s*(?:\d{1,2}|ja|och|and|&|,|\+|ehdotu\w*|ehdotus|förslag\w*|proposals?|nro))+\s*[.!]?$"
)


def _mistyped_decision(folded: str) -> ExactCommand | None:
    """A decision on shown proposals with its verb mistyped and only numbers after it ("hyvksy 2",
    "Godknän förslag 1"): the accept or reject command."""
    head, _, rest = folded.partition(" ")
    numbers = tuple(int(n) for n in re.findall(r"\d{1,2}", rest))
    if len(head) < 5 or not numbers or not _DECISION_REST.match(rest):
        return None
    words = [
        (phrase.lower(), intent)
        for intent in ("accept_proposals", "reject_proposals")
        for phrase in rules()["commands"][intent]
        if " " not in phrase
    ]
    scored = [(fuzz.ratio(head, phrase), intent) for phrase, intent in words]
    score, intent = max(scored)
    return ExactCommand(intent, rest.strip(), numbers) if score >= DECISION_TYPO_MIN else None


def strip_motion(text: str) -> str:
    """The text without its navigation words ("mene", "gå till", "take me to")."""
    return pattern(rules()["cues"]["navigate"]).sub(" ", fold(text)).strip()


def instruction_sentences(text: str) -> list[str]:
    """The sentences of a text that are instructions to the assistant (never content)."""
    sentences = re.split(r"(?<=[.!?])\s+|\n+", text)
    return [s for s in sentences if s.strip() and cue("instruction", s)]


def language_of(text: str, default: str = "fi") -> str:
    folded = fold(text)
    scores = {lang: len(pattern(src).findall(folded)) for lang, src in rules()["language_markers"].items()}
    if not any(scores.values()):
        return default
    best = max(scores, key=lambda k: (scores[k], k == default))
    return best


def _base_forms(word: str) -> frozenset[str]:
    """Voikko's base forms of a Finnish word (none without Voikko)."""
    morph = morphology()
    return morph.forms(word) if morph.has_voikko else frozenset()


def numbers(text: str, *, limit: int = 20) -> list[int]:
    """Small numbers a message gives (digits and ordinal words, in order), not years or amounts."""
    folded = fold(text)
    found: list[tuple[int, int]] = []
    for m in _SMALL_NUMBER.finditer(folded):
        n = int(m.group(1))
        if 1 <= n <= limit:
            found.append((m.start(), n))
    for value, stems in rules()["ordinals"].items():
        for stem in stems:
            for m in re.finditer(rf"\b{re.escape(stem)}\w*", folded):
                word = m.group(0)
                if len(stem) <= 3 and word != stem and stem not in _base_forms(word):
                    continue  # short words ("en", "tre") only as whole words or inflected ("ekan")
                if word in _NOT_NUMBERS:
                    continue  # "smaller ones" is no number
                found.append((m.start(), int(value)))
    for m in _NUMBER_RANGE.finditer(folded):  # "2-4", "2–4": every number of the range
        low, high = int(m.group(1)), int(m.group(2))
        if 1 <= low < high <= limit and high - low < 10:
            found += [(m.start() + k, n) for k, n in enumerate(range(low + 1, high))]
    seen: list[int] = []
    found = [(at, n) for at, n in found if not _pronoun_one(folded, at)]
    for _, n in sorted(found):
        if n not in seen:
            seen.append(n)
    return seen


_NOT_NUMBERS = frozenset({"ones"})  # words that start like an ordinal word and are none
_ORDINAL_BEFORE = re.compile(
    r"(first|second|third|fourth|fifth|\d(?:st|nd|rd|th)|last|this|that|which|each|every)\s+$"
)


def _pronoun_one(folded: str, at: int) -> bool:
    """ "one" after an ordinal or a determiner ("the second one", "this one") is a pronoun, not 1."""
    return folded.startswith("one", at) and bool(_ORDINAL_BEFORE.search(folded[max(0, at - 12) : at]))


def years(text: str) -> list[int]:
    return [int(y) for y in _YEAR.findall(text)]


PERIOD_LABEL_AFTER = 20  # characters after a year range where its label may stand


@dataclass(frozen=True)
class PeriodSlots:
    short: list[int] | None
    long: list[int] | None


@dataclass(frozen=True)
class _Span:
    """A year range ("2026–2027") or, after a period's label, a single year ("lyhyt aikaväli on 2027")."""

    start: int
    end: int
    years: tuple[int, int]


def _spans(folded: str, label_ends: list[int]) -> list[_Span]:
    spans = []
    refused = re.compile(rules()["period_words"]["not_this"])
    taken = []
    for m in _YEAR_RANGE.finditer(folded):
        taken.append((m.start(), m.end()))
        if refused.search(folded[max(0, m.start() - 40) : m.start()]):
            continue  # "…, int 2020–2025": the periods not wanted
        low, high = sorted((int(m.group(1)), int(m.group(2))))
        spans.append(_Span(m.start(), m.end(), (low, high)))
    for m in _YEAR.finditer(folded):  # a year of its own: a one-year period right after its label
        if any(a <= m.start() < b for a, b in taken):
            continue
        before = [end for end in label_ends if end <= m.start()]
        gap = folded[max(before) : m.start()] if before else "-"
        allowed = rules()["period_words"]["label_to_year"]
        if before and all(w in allowed for w in re.findall(r"\w+", gap)):
            spans.append(_Span(m.start(), m.end(), (int(m.group(0)), int(m.group(0)))))
    return sorted(spans, key=lambda s: s.start)


def periods(text: str) -> PeriodSlots | None:
    """ "lyhyt aikaväli 2026–2027 ja pitkä 2028–2030" -> short/long; a period word must be near a range
    (or, after its label, a single year: "lyhyt aikaväli on 2027" is 2027–2027). A range may end in two
    digits ("2026-27")."""
    folded = _SHORT_END.sub(_full_end, fold(text))
    words = rules()["period_words"]
    labels = [
        (x.start(), x.end(), kind)
        for kind in ("short", "long")
        for x in pattern(words[kind]).finditer(folded)
    ]
    ranges = _spans(folded, [stop for _, stop, _ in labels])
    if not ranges or (not any(r.years[0] != r.years[1] for r in ranges) and not labels):
        return None
    if not pattern(words["period"]).search(folded) and not labels:
        return None
    short: list[int] | None = None
    long: list[int] | None = None
    if not labels and len(ranges) == 2:  # "periods 2026-2027 and 2028-2030": short first, then long
        first, second = (list(r.years) for r in ranges)
        return PeriodSlots(first, second) if first[1] <= second[0] else None
    # Labels stand either before their ranges ("short term 2025-2026, long ...") or, when the first range
    # has none before it, after them ("2025–2026 short term and 2027–2030 long term").
    follows = not any(stop <= ranges[0].start for _, stop, _ in labels)
    for n, m in enumerate(ranges):
        start = ranges[n - 1].end if n else 0
        end = ranges[n + 1].start if n + 1 < len(ranges) else len(folded)
        near: list[tuple[int, str]] = []  # (distance, kind) of the labels between the neighbouring ranges
        for at, stop, kind in labels:
            if not follows and start <= at and stop <= m.start:
                near.append((m.start - stop, kind))
            elif follows and m.end <= at < end and at - m.end <= PERIOD_LABEL_AFTER:
                near.append((at - m.end, kind))  # "2025–2026 short term": the label follows
        if not near:
            continue
        kind = min(near)[1]
        span = list(m.years)
        if kind == "short":
            short = span
        else:
            long = span
    if short is None and long is None:
        return None
    return PeriodSlots(short, long)
