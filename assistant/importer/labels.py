"""What the template's labels look like in a document: every heading, field label, area, target, column,
period label and template hint of `TemplateSpec`, in fi, sv and en, as comparison keys.

Matching is tolerant of numbering ("3.1", "3.1.1.", "a)"), case, spacing, a trailing colon and words
hyphenated at line ends ("Tieto-" / "johtamisen"), and nothing else: a label that was reworded is not
recognised (the mapper reports the text instead of guessing).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from assistant.template.spec import (
    LANGS,
    AreaSpec,
    ColumnSpec,
    FieldSpec,
    GroupSpec,
    SectionSpec,
    TargetSpec,
    TemplateSpec,
    Text,
    normalize_name,
)

_NUMBERING = re.compile(r"^\s*(?:\d+(?:\.\d+)*\.?|[a-zA-Z]\s*[).])\s+")
_LETTER = re.compile(r"^\s*([a-zA-Z])\s*\)\s*")
_LINE_END_HYPHEN = re.compile(r"(\w)-\s*\n\s*(\w)")
_EXAMPLE_PREFIXES = ("esim.", "t.ex.", "e.g.")


def dehyphenate(text: str) -> str:
    """Join words split at line ends ("Tieto-\\njohtamisen" -> "Tietojohtamisen") and collapse spaces."""
    return " ".join(_LINE_END_HYPHEN.sub(r"\1\2", text).split())


def key(text: str) -> str:
    """Comparison key of a label as written: numbering and a trailing colon removed, then normalised."""
    text = dehyphenate(text).strip()
    text = _NUMBERING.sub("", text, count=1).strip().rstrip(":").strip()
    return normalize_name(text)


def letter_of(text: str) -> str | None:
    match = _LETTER.match(text)
    return match.group(1).lower() if match else None


def strip_example_prefix(text: str) -> tuple[bool, str]:
    """(True, the rest) when a text starts like a template example ("Esim. ...", "T.ex.", "E.g.")."""
    stripped = text.strip()
    low = stripped.lower()
    for prefix in _EXAMPLE_PREFIXES:
        if low.startswith(prefix):
            return True, stripped[len(prefix) :].strip()
    return False, stripped


def _all(text: Text | None) -> list[str]:
    if text is None:
        return []
    return [v for v in (getattr(text, lang) for lang in LANGS) if v]


@dataclass(frozen=True)
class FieldRef:
    section: SectionSpec
    group: GroupSpec
    field: FieldSpec


@dataclass
class Labels:
    """Lookups from comparison keys to template items, built once per `TemplateSpec`."""

    spec: TemplateSpec
    chapter: set[str] = field(default_factory=set)
    guidance_chapters: dict[str, str] = field(default_factory=dict)
    sections: dict[str, SectionSpec] = field(default_factory=dict)
    table_section: set[str] = field(default_factory=set)
    groups: dict[str, list[tuple[SectionSpec, GroupSpec]]] = field(default_factory=dict)
    fields: dict[str, list[FieldRef]] = field(default_factory=dict)
    areas: dict[str, AreaSpec] = field(default_factory=dict)
    area_prefixes: set[str] = field(default_factory=set)
    targets: dict[str, TargetSpec] = field(default_factory=dict)
    target_line_prefixes: set[str] = field(default_factory=set)
    columns: dict[str, ColumnSpec] = field(default_factory=dict)
    responsible: set[str] = field(default_factory=set)
    period_words: list[str] = field(default_factory=list)
    hints: set[str] = field(default_factory=set)
    instructions: list[str] = field(default_factory=list)
    examples: dict[str, set[str]] = field(default_factory=dict)
    languages: dict[str, str] = field(default_factory=dict)

    @classmethod
    def build(cls, spec: TemplateSpec) -> Labels:
        labels = cls(spec=spec)
        labels.chapter = {key(t) for t in _all(spec.template.title)}
        labels.chapter |= {key(o.title) for o in spec.outline if o.number == "3"}
        for entry in spec.outline:
            if entry.number != "3":
                labels.guidance_chapters[key(entry.title)] = entry.number
        labels.table_section = {key(t) for t in _all(spec.table.title)}
        for section in spec.sections:
            for lang in LANGS:
                text = getattr(section.title, lang)
                if text:
                    labels.sections.setdefault(key(text), section)
                    labels.languages.setdefault(key(text), lang)
            for group in section.groups:
                for text in _all(group.title):
                    labels.groups.setdefault(key(text), []).append((section, group))
                for f in group.fields:
                    for lang in LANGS:
                        text = getattr(f.label, lang)
                        if text:
                            labels.fields.setdefault(key(text), []).append(FieldRef(section, group, f))
                            labels.languages.setdefault(key(text), lang)
                    if f.instruction is not None:
                        labels.instructions.extend(key(t) for t in _all(f.instruction))
                if group.area:
                    # "Kehittämisen osa-alue: HYÖDYT" -> the prefix of every area heading, per language.
                    for text in _all(group.title):
                        if ":" in text:
                            labels.area_prefixes.add(key(text.split(":", 1)[0]))
        for text in _all(spec.instructions.get("general")) + [
            t for value in spec.instructions.values() for t in _all(value)
        ]:
            labels.instructions.append(key(text))
        for area in spec.areas:
            for text in [area.name, *_all(area.label)]:
                labels.areas.setdefault(key(text), area)
            for target in area.targets:
                for text in [target.name, *_all(target.label)]:
                    labels.targets.setdefault(key(text), target)
                labels.examples[target.name] = {key(e) for e in target.examples}
        for column in spec.table.columns:
            for text in _all(column.label):
                labels.columns[key(text)] = column
            if column.key == "kehittamiskohde":
                labels.target_line_prefixes = {key(t) for t in _all(column.label)}
        labels.responsible = {key(t) for t in _all(spec.table.responsible_label)}
        labels.period_words = sorted(
            {t for p in (spec.periods.short, spec.periods.long) for t in _all(p.label)}, key=len, reverse=True
        )
        labels.hints = {key(t) for t in _all(spec.table.prerequisites_hint)}
        for text in _all(spec.table.prerequisites_hint):
            is_example, rest = strip_example_prefix(text)
            if is_example:
                labels.hints.add(key(rest))
        return labels

    # --- lookups ------------------------------------------------------------------------------------

    def area(self, text: str, *, heading: bool) -> AreaSpec | None:
        """The area an area heading names: "Kehittämisen osa-alue: VISIO JA STRATEGIA" (or, for a
        heading-styled paragraph, the area name alone)."""
        flat = dehyphenate(text)
        if ":" in flat:
            prefix, rest = flat.split(":", 1)
            if key(prefix) in self.area_prefixes:
                return self.areas.get(key(rest))
            return None
        return self.areas.get(key(flat)) if heading else None

    def target(self, text: str) -> TargetSpec | None:
        return self.targets.get(key(text))

    def target_line(self, text: str) -> TargetSpec | None:
        """ "Kehittämiskohde: Tietojohtamisen vaikutus tuloksellisuuteen" (the line in 3.5)."""
        flat = dehyphenate(text)
        if ":" not in flat:
            return None
        prefix, rest = flat.split(":", 1)
        return self.target(rest) if key(prefix) in self.target_line_prefixes else None

    def suggest_target(self, text: str) -> TargetSpec | None:
        """The template target closest to an unknown name (exact after normalising, else by similarity)."""
        exact = self.spec.closest_target(dehyphenate(text))
        if exact is not None:
            return exact
        names = {key(t.name): t for t in self.spec.targets}
        close = difflib.get_close_matches(key(text), list(names), n=1, cutoff=0.6)
        return names[close[0]] if close else None

    def is_instruction(self, text: str) -> bool:
        """A paragraph of the template's own guidance (a whole instruction or a sentence of one)."""
        k = key(text)
        return len(k) >= 20 and any(k in instruction for instruction in self.instructions)

    def is_hint(self, text: str) -> bool:
        return key(text) in self.hints

    def example_of(self, target_name: str, text: str) -> bool:
        _, rest = strip_example_prefix(text)
        k = key(rest)
        return k in self.examples.get(target_name, set()) or any(k in ex for ex in self.examples.values())
