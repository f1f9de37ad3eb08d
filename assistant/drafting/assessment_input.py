"""A county's assessment results in any reasonable layout: one row per area as lines, `;`- or `|`-separated
rows on one line, a table pasted from Excel (tabs), CSV with a header, a Markdown table or the schema's
JSON; decimal comma or point; the area name before or after the numbers; names in fi/sv/en, inflected,
with typos (`area_match`). Every problem of every row is collected (never only the first), by row and
column, and a repeated area is refused.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Literal

from assistant.drafting.area_match import folded, match_area
from assistant.drafting.assessment_lines import SortedLines, sort_lines
from assistant.drafting.extract import ExtractionError, clean_text
from assistant.sanitize import json_depth_exceeds
from assistant.template.spec import TemplateSpec
from assistant.template.validator import MAX_JSON_DEPTH

Column = Literal["area", "maturity", "satisfaction", "row"]
MAX_ROWS = 200
_NUMBER = re.compile(r"(?<![\w.,])[-+]?\d+(?:[.,]\d+)?(?![\w])")
_SCALE = re.compile(
    r"(?:asteikko|asteikolla|skala|skalan|scale)\D{0,12}(\d+(?:[.,]\d+)?)\s*[-–—]\s*(\d+(?:[.,]\d+)?)", re.I
)
_MATURITY_WORDS = ("kypsyys", "kypsyystaso", "nykytila", "taso", "mognad", "mognadsnivå", "maturity", "level")
_SATISFACTION_WORDS = ("tyytyväisyys", "tyytyv", "nöjdhet", "satisfaction")
_AREA_WORDS = ("alue", "osa-alue", "osa alue", "area", "område", "delområde")
_LABEL = re.compile(
    r"\b(?P<word>"
    + "|".join(re.escape(w) for w in (*_MATURITY_WORDS, *_SATISFACTION_WORDS))
    + r")\w*\s*[:=]?\s*",
    re.I,
)


@dataclass(frozen=True)
class AssessmentRow:
    row: int  # 1-based, as the user counts the rows they gave
    area: str
    typed: str  # the name as the user wrote it
    maturity: float | None
    satisfaction: float | None


@dataclass(frozen=True)
class RowProblem:
    row: int
    column: Column
    code: str  # unknown_area | not_a_number | no_values | too_many_values | duplicate_area | out_of_scale
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class ParsedAssessment:
    rows: list[AssessmentRow] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    scale: tuple[float, float] | None = None  # when the text names one ("asteikko 1–7")
    # Numbers of rows refused for another reason, still checked against the scale (every problem at once).
    unchecked: list[tuple[int, Column, float]] = field(default_factory=list)
    set_aside: list[tuple[int, str]] = field(default_factory=list)  # lines that are remarks, not rows
    parenthesised: int = 0  # figures in parentheses left out (an earlier survey's, for comparison)

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not self.problems


UNSUPPORTED_DELIMITERS = (":", "/", "#", "~", "^", "!")


def _number(text: str) -> float:
    return float(text.replace(",", ".").replace("−", "-"))


def _delimiter(lines: list[str]) -> str | None:
    """The cell delimiter of a table: tab, pipe or semicolon; a comma only for CSV (no other delimiter and
    commas not followed by a digit, which would be decimal commas)."""
    for sep in ("\t", "|", ";"):
        if sum(sep in line for line in lines) >= max(1, len(lines) // 2):
            return sep
    if lines and _header_order(lines[0].split(",")) is not None and "," in lines[0]:
        return ","

    def csv_row(line: str) -> bool:  # "Mittarit,2.1,2.4" but not "Mittarit 1,9 2,0" (decimal commas)
        cells = line.split(",")
        name_first = bool(re.search(r"[^\W\d_]", cells[0])) and not re.search(r"\d", cells[0])
        return len(cells) > 1 and name_first and not any(re.search(r"\d\s+\d", c) for c in cells)

    if len(lines) > 1 and all(csv_row(line) for line in lines) and not any(_LABEL.search(x) for x in lines):
        return ","
    return None


def _refuse_unsupported_delimiter(first: str) -> None:
    """A header row whose columns are separated by a character we do not read as a delimiter
    ("osa-alue:kypsyys:tyytyväisyys") is named as such, instead of reading its rows as names."""
    for char in UNSUPPORTED_DELIMITERS:
        if len(first.split(char)) >= 3 and _header_order(first.split(char)) is not None:
            raise ExtractionError("assessment_delimiter", delimiter=char)


def _header_order(cells: list[str]) -> dict[str, int] | None:
    """Column positions from a header row ("alue;tyytyväisyys;kypsyys"), or None if it is not one."""
    lowered = [folded(c.strip()) for c in cells]  # "Omrade;Mognad;Nojdhet" typed without å/ä/ö too
    if any(_NUMBER.search(c) for c in lowered):
        return None
    index: dict[str, int] = {}
    for i, cell in enumerate(lowered):
        if any(cell.startswith(folded(w)) for w in _SATISFACTION_WORDS):
            index.setdefault("satisfaction", i)
        elif any(cell.startswith(folded(w)) for w in _MATURITY_WORDS):
            index.setdefault("maturity", i)
        elif any(cell.startswith(folded(w)) for w in _AREA_WORDS):
            index.setdefault("area", i)
    return index if ("maturity" in index or "satisfaction" in index) else None


_LIST_NUMBER = re.compile(r"^\d{1,2}[.)]\s+(?=[^\W\d_])")  # "1. Visio ja strategia: …" numbered as a list


def _split_rows(text: str) -> list[str]:
    lines = [line for line in text.split("\n") if line.strip()]
    if len(lines) == 1:  # "Visio ja strategia 3 3; Hallintorakenne 3 2" or "A | 3 | 3 || B | 2 | 2"
        for sep in (";", "|"):
            parts = [p for p in lines[0].split(sep) if p.strip()]
            if len(parts) > 1 and all(re.search(r"[^\W\d_]", p) and _NUMBER.search(p) for p in parts):
                return parts
    return lines


def _is_rule(line: str) -> bool:
    """A Markdown table rule such as `|---|:--:|`."""
    return bool(re.fullmatch(r"[\s|:\-+=]+", line))


def parse_assessment_text(text: str, spec: TemplateSpec) -> ParsedAssessment:
    """Every row of a pasted or typed answer; problems of all rows at once."""
    # Tabs are kept (a paste from Excel); other spacing is tidied.
    value = "\n".join(
        re.sub(r"[ \u00a0]+", " ", line).strip(" ")
        for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    ).strip()
    if not clean_text(value):
        raise ExtractionError("empty_answer")
    if value[:1] in "[{":
        return _from_json(value, spec)
    scale = _SCALE.search(value)
    parsed_scale = (_number(scale.group(1)), _number(scale.group(2))) if scale else None
    value = _SCALE.sub(" ", value)
    lines = [_LIST_NUMBER.sub("", line.strip().strip("-•*·").strip()) for line in _split_rows(value)]
    lines = [line for line in lines if line and not _is_rule(line)]
    sep = _delimiter(lines)
    if sep is None and lines:
        _refuse_unsupported_delimiter(lines[0])
    if len(lines) > 1:  # remarks and column names around the rows (one line is a row, whatever it is)
        found = sort_lines(lines, sep, spec, _MATURITY_WORDS, _SATISFACTION_WORDS)
        lines, numbers = found.rows, found.numbers
        intro = " ".join([*found.headings, *(text for n, text in found.set_aside if n < min(numbers or [0]))])
    else:
        found, numbers, intro = SortedLines(), [1], ""
    table = [[c.strip() for c in line.strip("|").split(sep)] if sep else [line] for line in lines]
    result = parse_assessment_table(table, spec, numbers)
    result.scale = parsed_scale
    result.set_aside, result.parenthesised = found.set_aside, found.parenthesised
    if _satisfaction_first(intro):  # "ensin tyytyväisyys, sitten kypsyys": the numbers in that order
        result.rows = [AssessmentRow(r.row, r.area, r.typed, r.satisfaction, r.maturity) for r in result.rows]
    return result


def _satisfaction_first(intro: str) -> bool:
    lowered = intro.lower()
    at = {
        kind: min((m.start() for w in words for m in re.finditer(re.escape(w), lowered)), default=-1)
        for kind, words in (("maturity", _MATURITY_WORDS), ("satisfaction", _SATISFACTION_WORDS))
    }
    return at["satisfaction"] >= 0 and (at["maturity"] < 0 or at["satisfaction"] < at["maturity"])


def parse_assessment_table(
    table: list[list[str]], spec: TemplateSpec, numbers: list[int] | None = None
) -> ParsedAssessment:
    """Rows of cells (from a paste, a CSV or an XLSX sheet); a first row of column names sets the order.
    `numbers`: each row's number as the user counts them (default 1, 2, …; the header is row 1)."""
    result = ParsedAssessment()
    order: dict[str, int] | None = None
    kept = [
        (n, r)
        for n, r in zip(numbers or range(1, len(table) + 1), table, strict=False)
        if any(str(c).strip() for c in r)
    ][: MAX_ROWS + 1]
    if kept and (header := _header_order([str(c) for c in kept[0][1]])) is not None:
        order, kept = header, kept[1:]
    seen: dict[str, int] = {}
    for n, cells in kept:
        row = _row(n, [str(c) if c is not None else "" for c in cells], order, spec, result)
        if row is None:
            continue
        if row.area in seen:
            result.problems.append(
                RowProblem(n, "area", "duplicate_area", {"area": row.area, "first": seen[row.area]})
            )
            continue
        seen[row.area] = n
        result.rows.append(row)
    return result


def _row(
    n: int, cells: list[str], order: dict[str, int] | None, spec: TemplateSpec, out: ParsedAssessment
) -> AssessmentRow | None:
    values: dict[str, str] = {}
    if order is not None:  # a table with named columns
        for column, i in order.items():
            values[column] = cells[i].strip() if i < len(cells) else ""
        if "area" not in order:
            values["area"] = next((c for i, c in enumerate(cells) if i not in order.values()), "")
        name = values.get("area", "")
    else:
        joined = " ".join(cells)
        name, values = _free_row(joined, cells)
    problems_before = len(out.problems)
    match = match_area(name, spec)
    words = name.split()
    if match.area is None and order is None and len(words) > 1:  # "Tiedon käyttö kolme 2": a word as a value
        for cut in (1, 2):
            if len(words) > cut and (shorter := match_area(" ".join(words[:-cut]), spec)).area is not None:
                match, name = shorter, " ".join(words[:-cut])
                bad = " ".join(words[-cut:])  # written where the first value (maturity) goes
                out.problems.append(RowProblem(n, "maturity", "not_a_number", {"value": bad}))
                break
    if match.area is None:
        out.problems.append(
            RowProblem(
                n, "area", "unknown_area", {"typed": name.strip()[:80], "suggestion": match.suggestion}
            )
        )
    numbers: dict[str, float | None] = {}
    for column in ("maturity", "satisfaction"):
        raw = values.get(column, "").strip()
        if not raw:
            numbers[column] = None
            continue
        try:
            numbers[column] = _number(raw)
        except ValueError:
            out.problems.append(RowProblem(n, column, "not_a_number", {"value": raw[:40]}))  # type: ignore[arg-type]
    if "extra" in values:
        out.problems.append(RowProblem(n, "row", "too_many_values", {"values": values["extra"]}))
    if len(out.problems) == problems_before and all(
        numbers.get(c) is None for c in ("maturity", "satisfaction")
    ):
        out.problems.append(RowProblem(n, "row", "no_values", {"typed": name.strip()[:80]}))
    if len(out.problems) > problems_before or match.area is None:
        out.unchecked.extend((n, c, v) for c, v in numbers.items() if v is not None)  # type: ignore[misc]
        return None
    typed = name.strip(" |\t:;,/")  # the name as written, without the cell delimiters around it
    return AssessmentRow(n, match.area, typed, numbers.get("maturity"), numbers.get("satisfaction"))


def _free_row(joined: str, cells: list[str]) -> tuple[str, dict[str, str]]:
    """A row without a header: labelled values ("kypsyys 3, tyytyväisyys 2,5") or the first number the
    maturity and the second the satisfaction; the name is what is left (before or after the numbers)."""
    values: dict[str, str] = {}
    labelled = list(_LABEL.finditer(joined))
    if labelled:
        for match in labelled:
            number = _NUMBER.match(joined, match.end())
            word = match.group("word").lower()
            column = "satisfaction" if any(word.startswith(w) for w in _SATISFACTION_WORDS) else "maturity"
            raw = (
                number.group(0)
                if number
                else joined[match.end() :].split()[0]
                if joined[match.end() :].split()
                else ""
            )
            values.setdefault(column, raw)
        name = _LABEL.sub(" ", joined)
        name = _NUMBER.sub(" ", name)
        return re.sub(r"[\s:=,;–-]+", " ", name).strip(), values
    if len(cells) > 1:  # delimited cells: the first with letters is the name, the others values by position
        at = next((i for i, c in enumerate(cells) if re.search(r"[^\W\d_]", c)), 0)
        name = cells[at]
        others = [c.strip() for i, c in enumerate(cells) if i != at]
    else:
        name = _NUMBER.sub(" ", joined)
        others = [m.group(0) for m in _NUMBER.finditer(joined)]
    for column, raw in zip(("maturity", "satisfaction"), others, strict=False):
        if raw:
            values[column] = raw
    if any(others[2:]):
        values["extra"] = " ".join(o for o in others[2:] if o)
    return re.sub(r"\s+", " ", name).strip(" :=-–,/"), values  # "Mittarit 2,1 / 2,4": no "/" in the name


def _from_json(text: str, spec: TemplateSpec) -> ParsedAssessment:
    if json_depth_exceeds(text, MAX_JSON_DEPTH):  # never parsed: json.loads would recurse that deep
        raise ExtractionError("assessment_nested", limit=MAX_JSON_DEPTH)
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError, ValueError) as exc:
        raise ExtractionError("assessment_json", detail=str(exc)[:120]) from exc
    rows = data.get("alueet") if isinstance(data, dict) else data
    if not isinstance(rows, list) or not rows:
        raise ExtractionError("assessment_json", detail="[]")
    table: list[list[str]] = [["alue", "kypsyys", "tyytyväisyys"]]
    for row in rows[:MAX_ROWS]:
        row = row if isinstance(row, dict) else {}
        name = row.get("alue") or row.get("area") or row.get("område") or ""
        maturity = next((row[k] for k in ("kypsyys", "maturity", "mognad") if k in row), "")
        satisfaction = next(
            (row[k] for k in ("tyytyvaisyys", "tyytyväisyys", "satisfaction", "nöjdhet") if k in row), ""
        )
        table.append([str(name).replace("_", " "), _cell(maturity), _cell(satisfaction)])
    return parse_assessment_table(table, spec)


def _cell(value: Any) -> str:
    return "" if value is None else str(value)


def check_scale(parsed: ParsedAssessment, low: float, high: float) -> None:
    """Out-of-scale values become problems of their row and column."""
    pairs: tuple[tuple[Column, str], ...] = (("maturity", "maturity"), ("satisfaction", "satisfaction"))
    values: list[tuple[int, Column, float | None]] = [
        (row.row, column, getattr(row, attribute)) for row in parsed.rows for column, attribute in pairs
    ]
    values += parsed.unchecked
    for n, column, value in values:
        if value is not None and not low <= value <= high:
            parsed.problems.append(
                RowProblem(n, column, "out_of_scale", {"value": value, "min": low, "max": high})
            )
    parsed.problems.sort(key=lambda p: p.row)


def looks_like_assessment(text: str, spec: TemplateSpec) -> bool:
    """Every line of the text is a row of results (an area and its numbers) with no problem: results
    typed at another question (never stored as that answer)."""
    if len(text) > 5000 or not re.search(r"\d", text):
        return False
    try:
        parsed = parse_assessment_text(text, spec)
    except ExtractionError:
        return False
    return bool(parsed.rows) and not parsed.problems
