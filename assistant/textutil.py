"""Small text helpers shared by the engine, the validator and the exports."""

from __future__ import annotations


def shorten_words(text: str, limit: int, ellipsis: str = " …") -> str:
    """`text` on one line, at most `limit` characters plus the ellipsis, never cut inside a word.

    A first word longer than `limit` is kept whole (a word is never broken)."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat.rfind(" ", 0, limit + 1)
    if cut <= 0:
        cut = flat.find(" ")
        if cut < 0:
            return flat
    return flat[:cut].rstrip(" ,;:–-") + ellipsis


def format_number(value: float | int | None, language: str = "fi") -> str:
    """One number format per language: decimal comma in Finnish and Swedish ("2,5"), point in English;
    no trailing ".0"."""
    if value is None:
        return ""
    text = f"{float(value):.2f}".rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    return text.replace(".", ",") if language in ("fi", "sv") else text


def figure(n: int) -> str:
    """A count for messages in any of our languages: digits grouped by no-break spaces (2 000 000)."""
    return f"{n:,}".replace(",", "\u00a0")
