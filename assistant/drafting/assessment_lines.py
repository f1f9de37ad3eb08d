"""Which lines of pasted assessment results are rows: a paste from a report or an e-mail carries lines
around the table that are none ("Liitän kyselyn tulokset (syyskuu 2025, n=84) …", "Osa-alue  Kypsyys
Tyytyväisyys" aligned with spaces, "Huom. hyötyjen osa-alue ei ollut mukana …"), and values in
parentheses beside the result (an earlier survey's figure for comparison: "3,2 (2,9)"). Those lines are
set aside and named to the user; the parenthesised figures are left out and the user is told."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.drafting.area_match import folded, match_area
from assistant.template.spec import TemplateSpec

REMARK_WORDS = 3  # a line of this many words with no result in it and no area is a remark, not a row
_WORDS = re.compile(r"[^\W\d_]+")
_NOT_VALUES = re.compile(r"\d+\s*/\s*\d{4}|\bn\s*=\s*\d+|\d{4}")  # "11/2025", "n=84", a year
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
MAX_VALUE = 10.0  # results are on a small scale; a larger figure in a line is a count, a date or a year
_IN_PARENTHESES = re.compile(r"\(\s*(?:[-+]?\d+(?:[.,]\d+)?|[-–—]+)\s*\)")  # "(2,9)", "(–)"


@dataclass
class SortedLines:
    rows: list[str] = field(default_factory=list)
    numbers: list[int] = field(default_factory=list)  # each row's line number as the user counts them
    set_aside: list[tuple[int, str]] = field(default_factory=list)  # remarks: (line number, text)
    headings: list[str] = field(default_factory=list)  # column names written above the rows
    parenthesised: int = 0  # figures in parentheses left out


def _has_values(line: str) -> bool:
    """A figure that can be a result (a small number), not a year, a date or a respondent count."""
    rest = _NOT_VALUES.sub(" ", line)
    return any(float(n.replace(",", ".")) <= MAX_VALUE for n in _NUMBER.findall(rest))


def names_columns(line: str, maturity: tuple[str, ...], satisfaction: tuple[str, ...]) -> bool:
    """The line names the value columns ("kypsyys / tyytyväisyys", "Mognad;Nojdhet")."""
    lowered = folded(line)
    return any(folded(w) in lowered for w in (*maturity, *satisfaction))


def sort_lines(
    lines: list[str],
    sep: str | None,
    spec: TemplateSpec,
    maturity: tuple[str, ...],
    satisfaction: tuple[str, ...],
) -> SortedLines:
    """Rows kept in order with their line numbers; remarks and column headings above free rows set
    aside. A delimited table's own header row is kept (it sets the columns)."""
    out = SortedLines()
    for number, line in enumerate(lines, 1):
        stripped, dropped = _IN_PARENTHESES.subn(" ", line)
        if sep is not None and sep in line:
            out.parenthesised += dropped
            out.rows.append(re.sub(r"[ ]{2,}", " ", stripped).strip())
            out.numbers.append(number)
            continue
        words = _WORDS.findall(line)
        if not _has_values(stripped) and not (words and match_area(" ".join(words), spec).area):
            if names_columns(line, maturity, satisfaction):
                out.headings.append(line)
                continue
            if len(words) >= REMARK_WORDS or line.endswith(":"):
                out.set_aside.append((number, line))
                continue
        out.parenthesised += dropped
        out.rows.append(re.sub(r"[ ]{2,}", " ", stripped).strip())
        out.numbers.append(number)
    return out
