"""Offline extraction: the user's answer goes to the field that was asked, cleaned and structured by rules
(lists split, years recognised, assessment results parsed). No model, no guessing beyond these rules."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from assistant.template.spec import TemplateSpec, load_template, normalize_name

MAX_FIELD_CHARS = load_template().limits.field_chars  # knowledge/template.yaml `limits`
MAX_PROBLEMS_SHOWN = 30
MAX_ASSESSMENT_DEPTH = 16  # JSON nesting of assessment results (the schema's own form needs 3)
_VOCAB_FILE = Path(__file__).with_name("vocabulary.yaml")
_YEAR_RANGE = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*(?:[-–—]|\.\.|to|till|asti)\s*((?:19|20)\d{2})(?!\d)")
_YEAR = re.compile(r"(?<![\d,.])((?:19|20)\d{2})(?![\d,.]?\d)")
_NUMBER = re.compile(r"(?<![\w.])(\d+(?:[.,]\d+)?)(?![\w])")


@lru_cache(maxsize=1)
def vocabulary() -> dict[str, list[str]]:
    return yaml.load(_VOCAB_FILE.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


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
    if kind == "list":
        items = split_list(value)
        value = "\n".join(f"- {item}" for item in items) if len(items) > 1 else value
    return value


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


def _span(years: list[int]) -> str:
    lo, hi = min(years), max(years)
    return str(lo) if lo == hi else f"{lo}–{hi}"


def parse_schedule(text: str, periods: Periods) -> tuple[str, str]:
    """Split a schedule answer into the short-term and long-term cells by the years it names.

    `2021` -> ("2021", ""); `2021–2023` -> ("2021", "2022–2023"); `syksy 2022` -> ("", "syksy 2022").
    Text without a year, or with years outside both periods, is an error (the user is asked again)."""
    value = clean_text(text)
    years: set[int] = set()
    for a, b in _YEAR_RANGE.findall(value):
        lo, hi = sorted((int(a), int(b)))
        years.update(range(lo, hi + 1))
    years.update(int(y) for y in _YEAR.findall(value))
    if not years:
        raise ExtractionError(
            "no_years",
            short=f"{periods.short[0]}–{periods.short[1]}",
            long=f"{periods.long[0]}–{periods.long[1]}",
        )
    short = sorted(y for y in years if periods.short[0] <= y <= periods.short[1])
    long = sorted(y for y in years if periods.long[0] <= y <= periods.long[1])
    outside = sorted(years - set(short) - set(long))
    if outside:
        raise ExtractionError(
            "years_outside",
            years=", ".join(map(str, outside)),
            short=f"{periods.short[0]}–{periods.short[1]}",
            long=f"{periods.long[0]}–{periods.long[1]}",
        )
    if short and not long:
        return value, ""
    if long and not short:
        return "", value
    return _span(short), _span(long)


@dataclass(frozen=True)
class AreaScore:
    area: str
    maturity: float | None
    satisfaction: float | None


def _area_for(text: str, spec: TemplateSpec) -> str | None:
    key = normalize_name(text)
    if not key:
        return None
    for area in spec.areas:
        names = [area.name, area.key, *(area.label.get(lang) for lang in ("fi", "sv", "en"))]
        if any(
            normalize_name(n) and (key.startswith(normalize_name(n)) or normalize_name(n).startswith(key))
            for n in names
        ):
            return area.key
    return None


def _number(text: str) -> float:
    return float(text.replace(",", "."))


class _Problems:
    """Every bad row and cell of an assessment answer, collected before anything is recorded."""

    def __init__(self, scale: tuple[float, float] | None) -> None:
        self.items: list[tuple[str, dict[str, object]]] = []
        self.scale = scale
        self.first_row: dict[str, int] = {}

    def add(self, code: str, **params: object) -> None:
        self.items.append((code, params))

    def number(self, cell: str, row: int, column: str) -> float | None:
        cell = cell.strip().replace("\u2212", "-")
        if not cell:
            return None
        try:
            value = _number(cell)
        except ValueError:
            self.add("assessment_problem_number", row=row, column=column, value=cell[:40])
            return None
        if value != value or value in (float("inf"), float("-inf")):
            self.add("assessment_problem_number", row=row, column=column, value=cell[:40])
            return None
        if self.scale is not None and not self.scale[0] <= value <= self.scale[1]:
            low, high = (f"{x:g}" for x in self.scale)
            self.add(
                "assessment_problem_scale", row=row, column=column, value=f"{value:g}", min=low, max=high
            )
        return value

    def area(self, raw: str, spec: TemplateSpec, row: int) -> str | None:
        area = _area_for(raw, spec)
        if area is None:
            self.add("assessment_problem_area", row=row, value=raw.strip()[:60])
            return None
        if area in self.first_row:
            self.add(
                "assessment_problem_duplicate", row=row, value=raw.strip()[:60], first=self.first_row[area]
            )
            return None
        self.first_row[area] = row
        return area

    def raise_if_any(self) -> None:
        if self.items:
            raise ExtractionError("assessment_problems", count=len(self.items), problems=self.items)


def parse_assessment(
    text: str, spec: TemplateSpec, scale: tuple[float, float] | None = (1.0, 5.0)
) -> list[AreaScore]:
    """Lines like `Mittarit 2,0 2,4` or `visio ja strategia: kypsyys 3, tyytyväisyys 2.5`, or CSV.

    Every unknown area, duplicated area, non-number and number outside `scale` is reported at once
    (`assessment_problems`); a table separated by a character we do not read is named
    (`assessment_delimiter`)."""
    value = clean_text(text)
    if value[:1] in "[{":
        return parse_assessment_json(value, spec)
    first_line = value.split("\n")[0]
    header = [h.strip().lower() for h in re.split(r"[,;\t|]", first_line)]
    if len(header) > 1 and set(header) & set(_CSV_COLUMNS["area"]):
        return parse_assessment_csv(value, spec, scale)
    _check_delimiter(first_line)
    scores: list[AreaScore] = []
    unknown: list[str] = []
    problems = _Problems(scale)
    lines = [line.strip(" -•*") for line in value.split("\n")]
    for row, line in enumerate(lines, 1):
        if not line or _SCALE_LINE.fullmatch(line):
            continue
        first_number = _NUMBER.search(line)
        name = line[: first_number.start()] if first_number else line
        name = re.sub(
            r"(kypsyys|tyytyväisyys|mognad|nöjdhet|maturity|satisfaction)\s*[:=]?", "", name, flags=re.I
        )
        numbers = _NUMBER.findall(line[first_number.start() :]) if first_number else []
        if _area_for(name.strip(" :=-–"), spec) is None or not numbers:
            unknown.append(line[:120])
            continue
        area = problems.area(name.strip(" :=-–"), spec, row)
        maturity = problems.number(numbers[0], row, "1")
        satisfaction = problems.number(numbers[1], row, "2") if len(numbers) > 1 else None
        if area is not None:
            scores.append(AreaScore(area, maturity, satisfaction))
    if unknown or not scores:
        shown = unknown[:MAX_PROBLEMS_SHOWN]
        raise ExtractionError("assessment_unparsed", lines=" | ".join(shown) or value[:80])
    problems.raise_if_any()
    return scores


_SCALE_LINE = re.compile(r"(?:asteikko|skala|scale)\s*\d+\s*[-–]\s*\d+", re.IGNORECASE)
_HEADER_WORDS = re.compile(r"(osa-?alue|alue|area|område|delområde)\b", re.IGNORECASE)


def _check_delimiter(first_line: str) -> None:
    """A header line naming the columns but separated by an unsupported character: name that character."""
    if not _HEADER_WORDS.match(first_line.strip()):
        return
    others = [ch for ch in first_line if not (ch.isalnum() or ch in " -_.,;\t|")]
    if others:
        delimiter = max(set(others), key=others.count)
        raise ExtractionError("assessment_delimiter", delimiter=delimiter)


def parse_assessment_json(text: str, spec: TemplateSpec) -> list[AreaScore]:
    """`[{"alue": "mittarit", "kypsyys": 2.0, "tyytyvaisyys": 2.2}, ...]` (or {"alueet": [...]}, the
    schema's own `arviointitulokset` form)."""
    from assistant.sanitize import json_depth_exceeds

    if json_depth_exceeds(text, MAX_ASSESSMENT_DEPTH):
        raise ExtractionError("assessment_nested", limit=MAX_ASSESSMENT_DEPTH)
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError, ValueError) as exc:
        raise ExtractionError("assessment_csv", detail=f"JSON: {exc}") from exc
    rows = data.get("alueet") if isinstance(data, dict) else data
    if not isinstance(rows, list) or not rows:
        raise ExtractionError("assessment_csv", detail="JSON: expected a list of areas")
    scores: list[AreaScore] = []
    for n, row in enumerate(rows, 1):
        if not isinstance(row, dict):
            raise ExtractionError("assessment_csv", detail=f"JSON item {n} is not an object")
        area = _area_for(str(row.get("alue") or row.get("area") or ""), spec)
        if area is None:
            raise ExtractionError("assessment_csv", detail=f"JSON item {n}: unknown area {row.get('alue')!r}")
        values = []
        for key in (("kypsyys", "maturity"), ("tyytyvaisyys", "satisfaction")):
            raw = next((row[k] for k in key if k in row), None)
            if raw is not None and not isinstance(raw, int | float):
                raise ExtractionError("assessment_csv", detail=f"JSON item {n}: {raw!r} is not a number")
            values.append(None if raw is None else float(raw))
        scores.append(AreaScore(area, values[0], values[1]))
    return scores


_CSV_COLUMNS = {
    "area": ("alue", "osa-alue", "area", "område", "delområde"),
    "maturity": ("kypsyys", "kypsyystaso", "maturity", "mognad", "mognadsnivå", "nykytila"),
    "satisfaction": ("tyytyväisyys", "satisfaction", "nöjdhet"),
}


def parse_assessment_csv(
    text: str, spec: TemplateSpec, scale: tuple[float, float] | None = (1.0, 5.0)
) -> list[AreaScore]:
    """CSV with a header naming the area, maturity and satisfaction columns (`,` `;` tab or `|` separated).
    Every bad row and cell is reported at once; nothing is recorded while any is wrong."""
    try:
        dialect = csv.Sniffer().sniff(text.split("\n")[0], delimiters=",;\t|")
        rows = list(csv.reader(io.StringIO(text), dialect))
    except csv.Error as exc:
        raise ExtractionError("assessment_csv", detail=str(exc)) from exc
    if dialect.delimiter == "|":  # a Markdown table: drop the outer bars and the separator row
        rows = [[c for c in r[1 if r and not r[0].strip() else 0 :]] for r in rows]
        rows = [r[:-1] if r and not r[-1].strip() else r for r in rows]
        rows = [r for r in rows if not all(re.fullmatch(r"\s*:?-+:?\s*", c) for c in r if c.strip())]
    if len(rows) < 2:
        raise ExtractionError("assessment_csv", detail="no data rows")
    header = [h.strip().lower() for h in rows[0]]
    index: dict[str, int] = {}
    for col, names in _CSV_COLUMNS.items():
        for i, h in enumerate(header):
            if h in names:
                index[col] = i
    if "area" not in index or not ({"maturity", "satisfaction"} & set(index)):
        raise ExtractionError("assessment_csv", detail=f"header {rows[0]}")
    scores: list[AreaScore] = []
    problems = _Problems(scale)
    for n, row in enumerate(rows[1:], 2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) <= index["area"]:
            problems.add("assessment_problem_columns", row=n)
            continue
        area = problems.area(row[index["area"]], spec, n)
        values: dict[str, float | None] = {}
        for col in ("maturity", "satisfaction"):
            cell = row[index[col]] if col in index and len(row) > index[col] else ""
            values[col] = problems.number(cell, n, rows[0][index[col]].strip() if col in index else col)
        if area is not None:
            scores.append(AreaScore(area, values["maturity"], values["satisfaction"]))
    problems.raise_if_any()
    return scores
