"""Years in a schedule cell: recognised only to check the text against its period, never to rewrite it."""

from __future__ import annotations

import re

DASH = r"\s*(?:[-–—]|\.\.)\s*"
# A year: 19xx/20xx, not part of a longer number and not an amount ("2000 €").
YEAR = re.compile(r"(?<![\d,.])((?:19|20)\d{2})(?![\d,.]?\d)(?!\s*(?:€|e\b|eur|euro|k€|mk))", re.I)
_YEAR_RANGE = re.compile(rf"(?<!\d)((?:19|20)\d{{2}}){DASH}((?:19|20)\d{{2}})(?!\d)")
# Month/year as written in plans: "4/2021", "11.2021".
_MONTH_YEAR = re.compile(r"(?<![\d.,/])(1[0-2]|0?[1-9])\s*[/.]\s*((?:19|20)\d{2})(?!\d)")
# A season, quarter or month with a two-digit year: "kevät -26", "syksyllä '27", "Q3/27", "hösten -26".
_SEASON_SHORT_YEAR = re.compile(
    r"\b(?:kevä\w*|kesä\w*|syks\w*|talv\w*|\w+kuu\w*|vår\w*|höst\w*|sommar\w*|vinter\w*|spring|summer|autumn"
    r"|fall|winter|q[1-4]|h[12])\s*[-'’/]\s*(\d{2})(?![\d.,])",
    re.I,
)


def years_in(text: str) -> list[int]:
    """Every year the text names (ranges expanded), in order of first appearance."""
    found: list[int] = []
    for a, b in _YEAR_RANGE.findall(text):
        lo, hi = sorted((int(a), int(b)))
        found += [y for y in range(lo, hi + 1) if y not in found]
    found += [y for y in (int(m) for m in YEAR.findall(text)) if y not in found]
    found += [y for _, y in month_years(text) if y not in found]
    found += [y for y in (2000 + int(m) for m in _SEASON_SHORT_YEAR.findall(text)) if y not in found]
    return found


def month_years(text: str) -> list[tuple[int, int]]:
    """(month, year) pairs such as "4/2021" or "11.2021"."""
    return [(int(m), int(y)) for m, y in _MONTH_YEAR.findall(text)]


def cell_warning(text: str, start: int, end: int) -> list[int] | None:
    """Years of a schedule cell when none of them falls in its period (the text is probably in the wrong
    period's cell); None when the cell names no year or at least one year in the period. A cell that
    plans within the period and mentions another year ("the 2022 budget is prepared in autumn 2021") is
    fine."""
    years = years_in(text)
    if not years or any(start <= y <= end for y in years):
        return None
    return sorted(years)


def period_of_text(text: str, short: tuple[int, int], long: tuple[int, int]) -> str | None:
    """ "short" or "long": the period of the earliest year the text names within a period; None if none."""
    for year in sorted(years_in(text)):
        for which, (start, end) in (("short", short), ("long", long)):
            if start <= year <= end:
                return which
    return None
