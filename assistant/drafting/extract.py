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

from assistant.template.spec import TemplateSpec, normalize_name

MAX_FIELD_CHARS = 10_000
_VOCAB_FILE = Path(__file__).with_name("vocabulary.yaml")
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


def field_value(text: str, *, kind: str = "text") -> str:
    """The value recorded for a text field: cleaned; a list field becomes one item per line."""
    value = clean_text(text)
    if not value:
        raise ExtractionError("empty_answer")
    if len(value) > MAX_FIELD_CHARS:
        raise ExtractionError("too_long", length=len(value), limit=MAX_FIELD_CHARS)
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


def parse_assessment(text: str, spec: TemplateSpec) -> list[AreaScore]:
    """Lines like `Mittarit 2,0 2,4` or `visio ja strategia: kypsyys 3, tyytyväisyys 2.5`, or CSV."""
    value = clean_text(text)
    if value[:1] in "[{":
        return parse_assessment_json(value, spec)
    header = [h.strip().lower() for h in re.split(r"[,;\t]", value.split("\n")[0])]
    if len(header) > 1 and set(header) & set(_CSV_COLUMNS["area"]):
        return parse_assessment_csv(value, spec)
    scores: list[AreaScore] = []
    unknown: list[str] = []
    for line in value.split("\n"):
        line = line.strip(" -•*")
        if not line:
            continue
        first_number = _NUMBER.search(line)
        name = line[: first_number.start()] if first_number else line
        name = re.sub(
            r"(kypsyys|tyytyväisyys|mognad|nöjdhet|maturity|satisfaction)\s*[:=]?", "", name, flags=re.I
        )
        area = _area_for(name.strip(" :=-–"), spec)
        numbers = [_number(n) for n in _NUMBER.findall(line[first_number.start() :])] if first_number else []
        if area is None or not numbers:
            unknown.append(line)
            continue
        scores.append(AreaScore(area, numbers[0], numbers[1] if len(numbers) > 1 else None))
    if unknown or not scores:
        raise ExtractionError("assessment_unparsed", lines=" | ".join(unknown[:3]) or value[:80])
    return scores


def parse_assessment_json(text: str, spec: TemplateSpec) -> list[AreaScore]:
    """`[{"alue": "mittarit", "kypsyys": 2.0, "tyytyvaisyys": 2.2}, ...]` (or {"alueet": [...]}, the
    schema's own `arviointitulokset` form)."""
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


def parse_assessment_csv(text: str, spec: TemplateSpec) -> list[AreaScore]:
    """CSV with a header naming the area, maturity and satisfaction columns (`,` or `;` separated)."""
    try:
        dialect = csv.Sniffer().sniff(text.split("\n")[0], delimiters=",;\t")
        rows = list(csv.reader(io.StringIO(text), dialect))
    except csv.Error as exc:
        raise ExtractionError("assessment_csv", detail=str(exc)) from exc
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
    for n, row in enumerate(rows[1:], 2):
        if not any(cell.strip() for cell in row):
            continue
        area = _area_for(row[index["area"]], spec) if len(row) > index["area"] else None
        if area is None:
            raise ExtractionError(
                "assessment_csv",
                detail=f"row {n}: unknown area {row[index['area']]!r}"
                if len(row) > index["area"]
                else f"row {n}: too few columns",
            )
        values: dict[str, float | None] = {}
        for col in ("maturity", "satisfaction"):
            cell = row[index[col]].strip() if col in index and len(row) > index[col] else ""
            try:
                values[col] = _number(cell) if cell else None
            except ValueError as exc:
                raise ExtractionError("assessment_csv", detail=f"row {n}: {cell!r} is not a number") from exc
        scores.append(AreaScore(area, values["maturity"], values["satisfaction"]))
    return scores
