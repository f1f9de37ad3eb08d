"""The part of a passage worth showing: the sentence(s) that share the most word stems with the question,
or a window of text around a match. Used wherever a cited passage is shown to a person (reviewer answers,
answers to a question typed in the drafting chat, knowledge hints) so that the shown text is the sentence
that answers, not the passage's opening words.

    quote(hit.text, set(analyzer.tokens(question)), analyzer, limit=280)
"""

from __future__ import annotations

import re
from typing import Protocol

# A sentence ends at . ! ? before a capital, a digit or a quote (not after a list number such as "1." or
# "3.1.", but after a year; not after an abbreviation such as "ns." before a lower-case word) or a line end.
_NEXT = r"(?=[A-ZÅÄÖ0-9\"”(])"
_SENTENCE = re.compile(rf"(?<=\D[.!?])\s+{_NEXT}|(?<=\d{{4}}[.!?])\s+{_NEXT}|\n+")
_WORD = re.compile(r"\w+")


class Tokenizer(Protocol):
    def tokens(self, text: str) -> list[str]: ...


def snippet(text: str, start: int, end: int, size: int) -> str:
    """About `size` characters of `text` around [start, end), cut at spaces, with ellipses."""
    text_len = len(text)
    room = max(0, size - (end - start)) // 2
    a, b = max(0, start - room), min(text_len, end + room)
    if a > 0:
        space = text.find(" ", a, start)
        a = space + 1 if space != -1 else a
    if b < text_len:
        space = text.rfind(" ", end, b)
        b = space if space != -1 else b
    body = " ".join(text[a:b].split())
    return ("…" if a > 0 else "") + body + ("…" if b < text_len else "")


def quote(text: str, stems: set[str], analyzer: Tokenizer, limit: int) -> str:
    """The passage's sentence(s) that share the most stems with the question, at most `limit` characters
    (a longer sentence, e.g. a table row, is cut around its first matching word)."""
    sentences = [s.strip() for s in _SENTENCE.split(text) if s and s.strip()]
    if not sentences:
        return ""
    scores = [len(stems & set(analyzer.tokens(s))) for s in sentences]
    best = max(range(len(sentences)), key=lambda i: (scores[i], -i))
    chosen = sentences[best]
    for nxt in sentences[best + 1 :]:
        if len(chosen) + 1 + len(nxt) > limit:
            break
        chosen = f"{chosen} {nxt}"
    if len(chosen) <= limit:
        return chosen
    first = next(
        (m for m in _WORD.finditer(chosen) if stems & set(analyzer.tokens(m.group(0)))),
        None,
    )
    start, end = (first.start(), first.end()) if first else (0, 0)
    return snippet(chosen, start, end, limit)


_HEADING_LINE = re.compile(r"^\s*(?:\d+(?:\.\d+)*\.?\s.*|.*:\s*)$")


def only_headings(text: str) -> bool:
    """A passage of headings and empty form labels only (the template's own form: "3.1.1 Sote-maakunta ja
    organisaatiot …", "- Sote-maakunta:"): every line is a numbered heading or ends with a colon. Nothing
    in it answers a question, so it is not shown as an answer."""
    lines = [line for line in text.splitlines() if line.strip()]
    return bool(lines) and all(_HEADING_LINE.match(line) for line in lines)
