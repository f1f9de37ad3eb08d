"""The assessment results per area that our DOCX export writes after 3.2.2, read back.

Layout (assistant/export): a heading (`export.assessment.title`), a note paragraph built from
`export.assessment.scale` and `export.assessment.profile` ("Asteikko 1–5 · Kypsyysprofiili: experimenter")
and a table Osa-alue | <maturity> | <satisfaction> | Huomio, numbers with a decimal comma in fi/sv. Every
label is taken from the catalogs and `knowledge/assessment_model.yaml`, in all three languages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from assistant.i18n import LANGUAGES, load_catalog
from assistant.importer.docx_reader import TableBlock
from assistant.importer.labels import Labels, key
from assistant.template.spec import AssessmentModelSpec

_NUMBER = r"(-?\d+(?:[.,]\d+)?)"


def _number(text: str) -> float | None:
    """ "2,15" / "2.15" -> 2.15; "" -> None; anything else raises ValueError."""
    text = text.strip().replace("\u2212", "-")
    if not text:
        return None
    if not re.fullmatch(_NUMBER, text):
        raise ValueError(text)
    return float(text.replace(",", "."))


def _pattern(template: str, names: dict[str, str]) -> re.Pattern[str]:
    """A regex from a catalog message: literal text escaped, `{name}` replaced by a group."""
    parts = re.split(r"(\{\w+\})", template)
    out = []
    for part in parts:
        if part.startswith("{") and part.endswith("}") and part[1:-1] in names:
            out.append(f"(?P<{part[1:-1]}>{names[part[1:-1]]})")
        else:
            out.append(re.escape(part))
    return re.compile("".join(out), re.IGNORECASE)


@dataclass
class AssessmentReader:
    labels: Labels
    model: AssessmentModelSpec | None
    data: dict[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._headings: set[str] = set()
        self._scale: list[re.Pattern[str]] = []
        self._profile: list[re.Pattern[str]] = []
        self._columns: dict[str, set[str]] = {
            "area": set(),
            "maturity": set(),
            "satisfaction": set(),
            "note": set(),
        }
        for lang in LANGUAGES:
            catalog = load_catalog(lang)
            self._headings.add(key(catalog.t("export.assessment.title")))
            self._scale.append(
                _pattern(catalog.t("export.assessment.scale"), {"min": _NUMBER, "max": _NUMBER})
            )
            self._profile.append(_pattern(catalog.t("export.assessment.profile"), {"profile": r"[^·\n]+"}))
            for name in self._columns:
                self._columns[name].add(key(catalog.t(f"export.assessment.{name}")))
        self._profiles: dict[str, str] = {}
        if self.model is not None:
            for f in self.model.result_fields:
                if f.key in self._columns:
                    self._columns[f.key] |= {key(t) for t in (f.label.fi, f.label.sv, f.label.en) if t}
            for p in self.model.maturity_profiles:
                for text in (p.key, p.label.fi, p.label.sv, p.label.en):
                    if text:
                        self._profiles[key(text)] = p.key
        self._headings.discard("")

    def is_heading(self, text: str) -> bool:
        return key(text) in self._headings

    def note(self, text: str) -> bool:
        """Read the scale/profile note; False when the paragraph is not one."""
        found = False
        for pattern in self._scale:
            match = pattern.search(text)
            if match:
                self.data["asteikko_min"] = _number(match.group("min"))
                self.data["asteikko_max"] = _number(match.group("max"))
                found = True
                break
        for pattern in self._profile:
            match = pattern.search(text)
            if match:
                raw = match.group("profile").split("·")[0].strip()
                profile = self._profiles.get(key(raw))
                if profile is None:
                    self.problems.append(raw)
                else:
                    self.data["profiili"] = profile
                found = True
                break
        return found

    def is_table(self, table: TableBlock) -> bool:
        if not table.rows:
            return False
        header = {key(c.text) for c in table.rows[0].cells}
        return bool(header & self._columns["area"]) and bool(header & self._columns["maturity"])

    def table(self, table: TableBlock) -> list[str]:
        """Rows as AreaResult data; returns the texts of rows that could not be read."""
        index: dict[str, int] = {}
        for i, cell in enumerate(table.rows[0].cells):
            for name, keys in self._columns.items():
                if key(cell.text) in keys and name not in index:
                    index[name] = i
        rejected: list[str] = []
        rows = self.data.setdefault("alueet", [])
        for row in table.rows[1:]:
            cells = [c.text for c in row.cells]
            if not any(cells):
                continue

            def get(name: str, cells: list[str] = cells) -> str:
                i = index.get(name)
                return cells[i].strip() if i is not None and i < len(cells) else ""

            area = self.labels.areas.get(key(get("area")))
            try:
                maturity, satisfaction = _number(get("maturity")), _number(get("satisfaction"))
            except ValueError:
                area = None
            if area is None:
                rejected.append(" | ".join(c for c in cells if c))
                continue
            rows.append(
                {"alue": area.key, "kypsyys": maturity, "tyytyvaisyys": satisfaction, "huomio": get("note")}
            )
        return rejected

    def result(self) -> dict[str, Any] | None:
        return dict(self.data) if self.data.get("alueet") else None
