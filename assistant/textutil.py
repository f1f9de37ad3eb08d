"""Small text helpers shared by the engine, the validator and the exports."""

from __future__ import annotations

from collections.abc import Iterable


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


def format_number(value: float | int | None, language: str = "fi", places: int | None = None) -> str:
    """One number format per language: decimal comma in Finnish and Swedish ("2,5"), point in English;
    no trailing ".0" unless `places` asks for that many decimals (a column of results: "2,0" beside
    "2,5")."""
    if value is None:
        return ""
    if places is not None:
        text = f"{float(value):.{places}f}"
    else:
        text = f"{float(value):.2f}".rstrip("0").rstrip(".")
    if text.lstrip("-").strip("0.") == "":
        text = "0" if places in (None, 0) else f"{0:.{places}f}"
    return text.replace(".", ",") if language in ("fi", "sv") else text


def decimal_places(values: Iterable[float | int | None], most: int = 2) -> int:
    """The decimals a column of numbers needs to show each as given (at most `most`): 1 for 2.0, 2.5."""
    needed = 0
    for value in values:
        if value is None:
            continue
        text = f"{float(value):.{most}f}".rstrip("0")
        needed = max(needed, len(text.split(".", 1)[1]) if "." in text else 0)
    return needed


def figure(n: int) -> str:
    """A count for messages in any of our languages: digits grouped by no-break spaces (2 000 000)."""
    return f"{n:,}".replace(",", "\u00a0")


def period_text(start: int, end: int) -> str:
    """A plan period as shown to people: "2026–2027", and a period of one year as that year ("2027")."""
    return str(start) if start == end else f"{start}–{end}"
