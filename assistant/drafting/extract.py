"""Offline extraction: the user's answer goes to the field that was asked, cleaned and structured by rules
(lists split, years recognised, assessment results parsed). No model, no guessing beyond these rules."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from assistant.datafile import read_yaml
from assistant.template.spec import load_template

MAX_FIELD_CHARS = load_template().limits.field_chars  # knowledge/template.yaml `limits`
MAX_PROBLEMS_SHOWN = 30
MAX_ASSESSMENT_DEPTH = 16  # JSON nesting of assessment results (the schema's own form needs 3)
_VOCAB_FILE = Path(__file__).with_name("vocabulary.yaml")
_NUMBER = re.compile(r"(?<![\w.])(\d+(?:[.,]\d+)?)(?![\w])")


@lru_cache(maxsize=1)
def vocabulary() -> dict[str, list[str]]:
    return read_yaml(_VOCAB_FILE, strings=True)


@lru_cache(maxsize=64)
def alternation(key: str) -> str:
    """The words of vocabulary list `key` as one regular-expression alternation, longest first (so that
    "pitkällä aikavälillä" is tried before "pitkä")."""
    return "|".join(re.escape(w) for w in sorted(vocabulary()[key], key=len, reverse=True))


@lru_cache(maxsize=64)
def words_pattern(key: str, *, whole: bool = True) -> re.Pattern[str]:
    """The words of vocabulary list `key` as a case-insensitive pattern that matches them at a word's start,
    and (`whole`) at its end too."""
    end = r"(?!\w)" if whole else ""
    return re.compile(rf"(?<!\w)(?:{alternation(key)}){end}", re.IGNORECASE)


class ExtractionError(ValueError):
    """The answer cannot be recorded; `code` names the reason for the message catalog."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def clean_text(text: str) -> str:
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.replace("\r\n", "\n").split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


def field_value(text: str, *, kind: str = "text", limit: int | None = None) -> str:
    """The value recorded for a text field: cleaned; a list field becomes one item per line. Longer than
    `limit` (default: the template's limit of a text field) is refused with the length and the limit."""
    value = clean_text(text)
    limit = MAX_FIELD_CHARS if limit is None else limit
    if not value:
        raise ExtractionError("empty_answer")
    if len(value) > limit:
        raise ExtractionError("too_long", length=len(value), limit=limit)
    if kind == "list" and looks_like_list(value):
        items = split_list(value)
        value = "\n".join(f"- {item}" for item in items) if len(items) > 1 else value
    return value


LIST_ITEM_WORDS = 6


def looks_like_list(text: str) -> bool:
    """One item per line or `;`-separated, or short names (capitalised) separated by commas and "ja";
    never prose (sentences, clauses, items longer than a name), which is kept as written."""
    if "\n" in text.strip():
        return True
    if re.search(r"[.!?]\s+[A-ZÅÄÖ]", text) or text.rstrip().endswith((".", "!", "?")):
        return False  # sentences
    items = split_list(text)
    return all(len(item.split()) <= LIST_ITEM_WORDS and item[:1].isupper() for item in items)


def split_list(text: str) -> list[str]:
    """`A, B ja C` / one per line / `A; B` -> [A, B, C]. Commas inside parentheses do not split."""
    parts = re.split(r"\n+|;|,(?![^(]*\))", text)
    words = "|".join(re.escape(w) for w in vocabulary()["list_words"])
    items: list[str] = []
    for part in parts:
        items += re.split(rf"\s+(?:{words})\s+(?=[A-ZÅÄÖ])", part.strip())
    return [re.sub(r"^[-•*·]\s*", "", i).strip(" .") for i in items if i.strip(" .-•*·")]


def yes_no(text: str) -> bool | None:
    """True/False when the answer starts with a yes or no word, else None."""
    lowered = clean_text(text).lower()
    vocab = vocabulary()
    for word in sorted(vocab["no"], key=len, reverse=True):
        if lowered == word or re.match(rf"{re.escape(word)}\b", lowered):
            return False
    for word in sorted(vocab["yes"], key=len, reverse=True):
        if lowered == word or re.match(rf"{re.escape(word)}\b", lowered):
            return True
    return None


@dataclass(frozen=True)
class Periods:
    short: tuple[int, int]
    long: tuple[int, int]
