"""Typed view of `knowledge/template.yaml` and `knowledge/assessment_model.yaml`.

Everything else (plan schema, validator, prompts, UI forms, exports) is derived from these objects.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, model_validator

from assistant.datafile import read_yaml
from assistant.paths import KNOWLEDGE_DIR

LANGS = ("fi", "sv", "en")


class Text(BaseModel):
    """A text in Finnish with optional Swedish and English translations (ours)."""

    model_config = ConfigDict(extra="forbid")

    fi: str | None = None
    sv: str | None = None
    en: str | None = None

    def get(self, language: str = "fi") -> str:
        value = getattr(self, language, None) if language in LANGS else None
        return value or self.fi or self.en or self.sv or ""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FieldSpec(_Strict):
    key: str
    label: Text
    letter: str | None = None
    required: bool = False
    instruction: Text | None = None


class GroupSpec(_Strict):
    id: str
    title: Text
    area: str | None = None
    fields: list[FieldSpec]
    required_one_of: list[str] = Field(default_factory=list)


class SectionSpec(_Strict):
    id: str
    key: str
    title: Text
    required: bool = True
    groups: list[GroupSpec]

    @property
    def fields(self) -> list[FieldSpec]:
        return [f for g in self.groups for f in g.fields]


class TargetSpec(_Strict):
    key: str
    name: str
    label: Text
    examples: list[str] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _finnish_label_is_the_name(cls, data: Any) -> Any:
        """The Finnish label of a target is its exact template name."""
        if isinstance(data, dict) and isinstance(data.get("label"), dict):
            data = {**data, "label": {"fi": data.get("name"), **data["label"]}}
        return data

    def display(self, language: str = "fi") -> str:
        return self.name if language == "fi" else (self.label.get(language) or self.name)


class AreaSpec(_Strict):
    key: str
    name: str
    section: str
    label: Text
    targets: list[TargetSpec]


class ColumnSpec(_Strict):
    key: str
    label: Text


class TableSpec(_Strict):
    id: str
    title: Text
    columns: list[ColumnSpec]
    responsible_label: Text
    prerequisites_hint: Text


class PeriodSpec(_Strict):
    start: int
    end: int
    label: Text


class PeriodsSpec(_Strict):
    short: PeriodSpec
    long: PeriodSpec


class TemplateInfo(_Strict):
    id: str
    doc_id: str
    title: Text
    publisher: str
    year: int
    translations_are_ours: bool


class RulesSpec(_Strict):
    data_protection_terms: list[str]


class OutlineEntry(_Strict):
    number: str
    title: str


class LimitsSpec(_Strict):
    """Size limits of a plan (knowledge/template.yaml `limits`): characters per text, items per list."""

    field_chars: int = Field(gt=0)
    title_chars: int = Field(gt=0)
    region_chars: int = Field(gt=0)
    action_text_chars: int = Field(gt=0)
    action_short_chars: int = Field(gt=0)
    note_chars: int = Field(gt=0)
    source_chars: int = Field(gt=0)
    actions: int = Field(gt=0)
    sources_per_action: int = Field(gt=0)


class Derived:
    """Objects built from a spec and kept with it; not part of the spec's value (always equal)."""

    def __init__(self) -> None:
        self.plan_model: type[BaseModel] | None = None
        self.target_areas: dict[str, AreaSpec] | None = None  # normalised target name -> its area

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Derived)  # (defining __eq__ makes it unhashable, like the spec)


class TemplateSpec(_Strict):
    schema_version: str
    template: TemplateInfo
    outline: list[OutlineEntry]
    periods: PeriodsSpec
    instructions: dict[str, Text]
    sections: list[SectionSpec]
    table: TableSpec
    areas: list[AreaSpec]
    rules: RulesSpec
    limits: LimitsSpec
    # What is derived from this spec once (the plan model: assistant.template.models.plan_model_of).
    _derived: Derived = PrivateAttr(default_factory=lambda: Derived())

    @model_validator(mode="after")
    def _unique_keys(self) -> TemplateSpec:
        keys = [f.key for s in self.sections for f in s.fields]
        targets = [t.key for a in self.areas for t in a.targets]
        names = [normalize_name(t.name) for a in self.areas for t in a.targets]
        for what, values in (("field", keys), ("target", targets), ("target name", names)):
            dupes = {v for v in values if values.count(v) > 1}
            if dupes:
                raise ValueError(f"duplicate {what} keys in template: {sorted(dupes)}")
        return self

    # --- lookups -------------------------------------------------------------------------------
    def heading_numbers(self) -> dict[str, str]:
        """Normalised heading title -> its number in the template (chapters, sections, groups)."""
        numbers = {normalize_name(o.title): o.number for o in self.outline}
        numbers[normalize_name(self.table.title.fi or "")] = self.table.id
        for section in self.sections:
            numbers[normalize_name(section.title.fi or "")] = section.id
            for group in section.groups:
                if group.area is None and normalize_name(group.title.fi or "") not in numbers:
                    numbers[normalize_name(group.title.fi or "")] = group.id
        return numbers

    @property
    def targets(self) -> list[TargetSpec]:
        return [t for a in self.areas for t in a.targets]

    def has_action_table(self, area: AreaSpec) -> bool:
        """Whether the area has a 3.4 action table (HYÖDYT, in 3.5, has none: never "without actions")."""
        return area.section == self.table.id

    @property
    def action_areas(self) -> list[AreaSpec]:
        """The areas with an action table (the nine 3.4 areas)."""
        return [a for a in self.areas if self.has_action_table(a)]

    def section(self, key_or_id: str) -> SectionSpec:
        for s in self.sections:
            if key_or_id in (s.key, s.id):
                return s
        raise KeyError(key_or_id)

    def area(self, key: str) -> AreaSpec:
        for a in self.areas:
            if key in (a.key, a.name):
                return a
        raise KeyError(key)

    def area_of_target(self, target_name: str) -> AreaSpec | None:
        index = self._derived.target_areas
        if index is None:  # the spec is frozen: built once (the first area wins, as a scan would)
            index = {}
            for a in self.areas:
                for t in a.targets:
                    index.setdefault(normalize_name(t.name), a)
            self._derived.target_areas = index
        return index.get(normalize_name(target_name))

    def target_by_name(self, name: str) -> TargetSpec | None:
        """Exact match on the template's target name."""
        for t in self.targets:
            if t.name == name:
                return t
        return None

    def closest_target(self, name: str) -> TargetSpec | None:
        """A target whose name matches after removing case, hyphenation and spacing differences."""
        wanted = normalize_name(name)
        for t in self.targets:
            if normalize_name(t.name) == wanted:
                return t
        return None


_NON_ALNUM = re.compile(r"[^0-9a-zåäö]+")


def normalize_name(name: str) -> str:
    """Comparison key for names: NFC, lower case, no hyphens or spaces.

    `Tieto- johtamisen` and `tietojohtamisen` get the same key."""
    return _NON_ALNUM.sub("", unicodedata.normalize("NFC", name).lower())


class AssessmentPublication(_Strict):
    title: str
    series: str
    short_name: str


class LabelledKey(_Strict):
    key: str
    label: Text


class AssessmentModelSpec(_Strict):
    publication: AssessmentPublication
    facts: dict[str, list[str]]
    maturity_profiles: list[LabelledKey]
    result_fields: list[LabelledKey]
    areas: list[str]


def _read_yaml(path: Path) -> dict:
    return read_yaml(path)


@lru_cache(maxsize=4)
def load_template(knowledge_dir: Path = KNOWLEDGE_DIR) -> TemplateSpec:
    return TemplateSpec.model_validate(_read_yaml(knowledge_dir / "template.yaml"))


@lru_cache(maxsize=4)
def load_assessment_model(knowledge_dir: Path = KNOWLEDGE_DIR) -> AssessmentModelSpec:
    model = AssessmentModelSpec.model_validate(_read_yaml(knowledge_dir / "assessment_model.yaml"))
    template = load_template(knowledge_dir)
    unknown = [a for a in model.areas if a not in {x.key for x in template.areas}]
    if unknown:
        raise ValueError(f"assessment_model.yaml names areas missing from template.yaml: {unknown}")
    return model
