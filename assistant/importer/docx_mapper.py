"""Map a DOCX laid out like the template (our own export, or the template filled in by hand) to a plan.

What is mapped (labels from `TemplateSpec`, see `labels.py`):
- title page: a Title-styled paragraph -> meta.title, a Subtitle -> meta.region (else the answer of
  3.1 a); other title-page text is skipped (reported as info);
- section, group and field headings -> the answers under them: every following paragraph until the
  next recognised heading or label (or any other heading-styled paragraph) is one line of the answer.
  A field label may also be a bold paragraph, an "a) label:" line, or start a paragraph ("label: answer",
  or bold label followed by the answer). A group with one field (3.2.1, the 3.5 parts) opens that field;
- 3.4/3.5 tables, found by their header row (the four column labels): one action per row, the target
  cell repeated or vertically merged, the schedule cell parsed by its period labels (`schedule.py`),
  "[n]" markers at the end of the action cell resolved from the sources appendix;
- tables without that header are read as layout boxes when they contain template labels (a
  hand-filled template keeps its fields in boxes), otherwise reported as extra tables.

Everything else is reported as a `MappingFinding` with its location instead of being guessed: unknown
targets (kept as written, so the validator refuses the plan until they are fixed, with the closest
template name suggested), cells merged across columns, missing or unknown columns, extra tables, text
outside any known field, template example actions still written "Esim. ...", unlabelled schedule text.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from assistant.i18n import load_catalog
from assistant.importer.assessment import AssessmentReader
from assistant.importer.docx_reader import Cell, DocxContent, Para, Row, TableBlock
from assistant.importer.labels import FieldRef, Labels, dehyphenate, key, letter_of, strip_example_prefix
from assistant.importer.models import Location, MappingFinding, MappingSeverity
from assistant.importer.schedule import ParsedSchedule, parse_schedule
from assistant.importer.sources import SourcesAppendix
from assistant.template.spec import AreaSpec, AssessmentModelSpec, GroupSpec, SectionSpec, TargetSpec

_MARKERS = re.compile(r"(?:\s*\[\s*\d+(?:\s*[,;]\s*\d+)*\s*\])+\s*$")
_NUMBER = re.compile(r"\d+")
SNIPPET = 80

TABLE_SECTION = "table"


def action_id(position: int, target: str) -> str:
    """Deterministic id of the n-th imported action (a document has no ids; see README)."""
    return hashlib.sha1(f"import:{position}:{target}".encode()).hexdigest()[:12]


def _join_lines(lines: list[str]) -> str:
    """Lines of a cell as one text: blank lines at the ends dropped, runs of blank lines kept as one."""
    out: list[str] = []
    for line in lines:
        if not line.strip() and (not out or not out[-1].strip()):
            continue
        out.append(line.rstrip() if not line.strip() else line)
    while out and not out[-1].strip():
        out.pop()
    return "\n".join(out).strip()


def _snippet(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= SNIPPET else flat[: SNIPPET - 1] + "…"


@dataclass
class RawAction:
    target: str
    location: Location
    text: str = ""
    schedule: ParsedSchedule = field(default_factory=ParsedSchedule)
    prerequisites: str = ""
    markers: list[int] = field(default_factory=list)
    template_example: bool = False


@dataclass
class _Outside:
    heading: str
    texts: list[str] = field(default_factory=list)
    table: int | None = None


class DocxMapper:
    """One use per document: `map(content)` returns the plan data (a dict) and fills `findings`."""

    def __init__(
        self,
        labels: Labels,
        *,
        language: str = "fi",
        sources: SourcesAppendix | None = None,
        assessment_model: AssessmentModelSpec | None = None,
    ) -> None:
        self.labels = labels
        self.spec = labels.spec
        self.catalog = load_catalog(language)
        self.sources = sources or SourcesAppendix(labels)
        self.assessment = AssessmentReader(labels, assessment_model)
        self.findings: list[MappingFinding] = []
        # state
        self.front = True
        self.skip: str | None = None  # "guidance" | "sources" | "appendix"
        self.heading = ""
        self.section: SectionSpec | str | None = None
        self.group: GroupSpec | None = None
        self.field: FieldRef | None = None
        self.area: AreaSpec | None = None
        self.recognised = 0
        self.structure: set[str] = set()  # distinct template headings, labels and action tables found
        self.skeleton_ranges: Counter[tuple[int, int]] = Counter()
        self.unknown_reported: set[tuple[int | None, str]] = set()
        # results
        self.title = ""
        self.region = ""
        self.front_texts: list[str] = []
        self.answers: dict[tuple[str, str], list[str]] = {}
        self.actions: list[RawAction] = []
        self.outside: list[_Outside] = []
        self.skipped: Counter[str] = Counter()
        self.language_votes: Counter[str] = Counter()

    # --- findings ----------------------------------------------------------------------------------

    def add(
        self, severity: MappingSeverity, code: str, location: Location | None = None, **params: Any
    ) -> None:
        loc = location or Location(heading=self.heading)
        message = self.catalog.t(
            f"importer.finding.{code}", where=loc.describe(self.catalog.language) or "-", **params
        )
        self.findings.append(
            MappingFinding(severity=severity, code=code, location=loc, message=message, params=params)
        )

    def _outside_text(self, text: str, table: int | None = None) -> None:
        last = self.outside[-1] if self.outside else None
        if last is None or last.heading != self.heading or last.table != table:
            last = _Outside(heading=self.heading, table=table)
            self.outside.append(last)
        last.texts.append(text)

    def _flush_outside(self) -> None:
        for block in self.outside:
            self.add(
                "warning",
                "text_outside",
                Location(heading=block.heading, table=block.table),
                count=len(block.texts),
                text="\n".join(block.texts),
                snippet=_snippet(block.texts[0]),
            )
        self.outside.clear()

    # --- structure ---------------------------------------------------------------------------------

    def _set_heading(self, text: str, *, evidence: bool = True) -> None:
        self.heading = dehyphenate(text)
        self.front = False
        if evidence:
            self.structure.add(key(text))

    def structure_count(self) -> int:
        return len(self.structure)

    def _vote(self, text: str) -> None:
        lang = self.labels.languages.get(key(text))
        if lang:
            self.language_votes[lang] += 1

    def _enter_group(self, section: SectionSpec, group: GroupSpec) -> None:
        self.section, self.group, self.field = section, group, None
        if group.area:
            self.area = self.spec.area(group.area)
        if len(group.fields) == 1:
            self.field = FieldRef(section, group, group.fields[0])

    def _pick_field(self, refs: list[FieldRef]) -> FieldRef:
        for ref in refs:
            if self.group is not None and ref.group is self.group:
                return ref
        for ref in refs:
            if isinstance(self.section, SectionSpec) and ref.section is self.section:
                return ref
        return refs[0]

    def _pick_group(self, options: list[tuple[SectionSpec, GroupSpec]]) -> tuple[SectionSpec, GroupSpec]:
        for section, group in options:
            if section is self.section:
                return section, group
        return options[0]

    def _structure(self, para: Para) -> bool:
        """Handle `para` if it is a heading or label of the template; True when it was."""
        text = para.text.strip()
        k = key(text)
        if not k:
            return False
        labels = self.labels
        if k in labels.chapter:
            self._set_heading(text, evidence=False)
            self.skip, self.section, self.group, self.field, self.area = None, None, None, None, None
            return True
        if k in labels.guidance_chapters:
            self._set_heading(text, evidence=False)
            self.skip, self.section, self.group, self.field = "guidance", None, None, None
            return True
        if k in labels.sections:
            self._set_heading(text)
            self._vote(text)
            section = labels.sections[k]
            self.skip, self.section, self.group, self.field, self.area = None, section, None, None, None
            if len(section.groups) == 1:
                self._enter_group(section, section.groups[0])
            return True
        if k in labels.table_section:
            self._set_heading(text)
            self.skip, self.section, self.group, self.field, self.area = None, TABLE_SECTION, None, None, None
            return True
        if k in labels.groups:
            self._set_heading(text)
            self.skip = None
            self._enter_group(*self._pick_group(labels.groups[k]))
            return True
        area = labels.area(text, heading=para.kind == "heading")
        if area is not None:
            self._set_heading(text)
            self.skip, self.area, self.field = None, area, None
            if area.section == "3.4":
                self.section, self.group = TABLE_SECTION, None
            return True
        target = labels.target_line(text)
        if target is not None:
            self.structure.add(key(text))
            return True
        if k in labels.fields:
            self._open_field(self._pick_field(labels.fields[k]), text)
            return True
        if self.sources.is_heading(text):
            self._set_heading(text, evidence=False)
            self.skip, self.section, self.group, self.field = "sources", None, None, None
            return True
        if self.assessment.is_heading(text):
            self._set_heading(text, evidence=False)
            self.skip, self.field = "assessment", None
            return True
        if self.sources.is_orphans_heading(text):
            self._set_heading(text, evidence=False)
            self.skip, self.section, self.group, self.field, self.area = None, TABLE_SECTION, None, None, None
            return True
        if self.sources.is_other_appendix(text):
            self._set_heading(text, evidence=False)
            self.skip, self.section, self.group, self.field = "appendix", None, None, None
            return True
        return self._inline_label(para)

    def _open_field(self, ref: FieldRef, text: str) -> None:
        self.structure.add(f"field:{ref.field.key}")
        self.front = False
        self._vote(text)
        self.skip = None
        self.section, self.group, self.field = ref.section, ref.group, ref
        self.heading = dehyphenate(text)
        written = letter_of(text)
        if written and ref.field.letter and written != ref.field.letter:
            self.add("info", "letter_differs", given=written, expected=ref.field.letter)
        self.answers.setdefault((ref.section.key, ref.field.key), [])

    def _inline_label(self, para: Para) -> bool:
        """ "label: answer", a bold label followed by the answer, or "b) reworded label:" in a group."""
        text = para.text.strip()
        candidates: list[tuple[str, str]] = []
        if ":" in text:
            prefix, rest = text.split(":", 1)
            candidates.append((prefix, rest))
        if para.bold_prefix and text.startswith(para.bold_prefix):
            candidates.append((para.bold_prefix, text[len(para.bold_prefix) :].lstrip(" :")))
        for prefix, rest in candidates:
            refs = self.labels.fields.get(key(prefix))
            if refs:
                self._open_field(self._pick_field(refs), prefix)
                if rest.strip():
                    self._answer(rest.strip())
                return True
        # "b) Some reworded label:" while in a group that has a field b): mapped by its letter, reported.
        letter = letter_of(text)
        if letter and self.group is not None and (text.endswith(":") or para.all_bold):
            for f in self.group.fields:
                if f.letter == letter:
                    assert isinstance(self.section, SectionSpec)
                    ref = FieldRef(self.section, self.group, f)
                    self._open_field(ref, text)
                    self.add(
                        "warning",
                        "label_reworded",
                        given=_snippet(text),
                        expected=f"{f.letter}) {f.label.get(self.catalog.language)}",
                    )
                    return True
        return False

    def _answer(self, text: str) -> None:
        assert self.field is not None
        self.answers.setdefault((self.field.section.key, self.field.field.key), []).append(text)

    # --- paragraphs --------------------------------------------------------------------------------

    def paragraph(self, para: Para, *, in_table: int | None = None) -> None:
        text = para.text.strip()
        if not text:
            if self.field is not None and self.skip is None and not self.front:
                self._answer("")  # a blank line inside an answer (leading/trailing ones are dropped)
            return
        if self.front and in_table is None and para.kind in ("title", "subtitle"):
            if para.kind == "title" and not self.title:
                self.title = " ".join(text.split())
            elif para.kind == "subtitle" and not self.region:
                self.region = " ".join(text.split())
            else:
                self.front_texts.append(text)
            return
        if self.skip == "sources" and para.kind != "heading" and self.sources.add_entry(text):
            return
        if self.skip == "assessment" and para.kind != "heading" and self.assessment.note(text):
            return
        if self._structure(para):
            return
        if para.kind == "heading":  # a heading the template does not have ends the current field
            self.heading = dehyphenate(text)
            self.field = None
            if self.skip == "guidance":
                self.skipped["guidance"] += 1
                return
            if self.skip in ("sources", "appendix"):
                self.skip = None
            self._outside_text(text, in_table)
            return
        if self.skip == "guidance":
            self.skipped["guidance"] += 1
            return
        if self.skip == "appendix":
            self.skipped["appendix"] += 1
            return
        if self.front:
            self.front_texts.append(text)
            return
        if self.labels.is_instruction(text):
            self.skipped["instruction"] += 1
            return
        if self.field is not None:
            self._answer(para.text)
            return
        if self.sources.is_boilerplate(text):
            return
        self._outside_text(text, in_table)

    # --- tables ------------------------------------------------------------------------------------

    def _header(self, rows: list[Row]) -> tuple[int, dict[str, Cell], list[Cell]] | None:
        """Index of the header row, its recognised cells by column key, and its unknown cells."""
        for index, row in enumerate(rows[:4]):
            known: dict[str, Cell] = {}
            unknown: list[Cell] = []
            for cell in row.cells:
                column = self.labels.columns.get(key(cell.text))
                if column is not None and column.key not in known:
                    known[column.key] = cell
                else:
                    unknown.append(cell)
            if len(known) >= 2:
                return index, known, unknown
        return None

    def table(self, table: TableBlock) -> None:
        if self.skip == "sources" and self.sources.is_table(table):
            for text in self.sources.add_table(table):
                self._outside_text(text, table.number)
            return
        if self.skip == "assessment" and self.assessment.is_table(table):
            for text in self.assessment.table(table):
                loc = Location(heading=self.heading, table=table.number)
                self.add("warning", "assessment_row_not_imported", loc, text=text)
            return
        header = self._header(table.rows)
        if header is None:
            self._layout_table(table)
            return
        self.structure.add(f"table:{table.number}")
        self.front = False
        self.field = None
        index, known, unknown = header
        for row in table.rows[:index]:  # rows above the header: an area title row
            text = " ".join(c.text for c in row.cells if c.text).strip()
            if not text:
                continue
            area = self.labels.area(text, heading=True)
            if area is not None:
                self._set_heading(text)
                self.area = area
            else:
                self._outside_text(text, table.number)
        self._action_rows(table, index, known, unknown)

    def _layout_table(self, table: TableBlock) -> None:
        """A table without the action-table header: a layout box (read like body text) or an extra table."""
        if self.skip in ("guidance", "appendix") or self.front:
            self.skipped["table"] += 1
            return
        paras = [p for row in table.rows for cell in row.cells for p in cell.paras]
        has_labels = any(
            key(p.text)
            and (
                key(p.text) in self.labels.sections
                or key(p.text) in self.labels.groups
                or key(p.text) in self.labels.fields
                or key(p.text.split(":", 1)[0]) in self.labels.fields
                or self.labels.area(p.text, heading=False) is not None
            )
            for p in paras
        )
        if has_labels:
            for para in paras:
                self.paragraph(para, in_table=table.number)
            return
        text = " | ".join(c.text for c in table.rows[0].cells if c.text) if table.rows else ""
        self.add(
            "warning",
            "extra_table",
            Location(heading=self.heading, table=table.number),
            rows=len(table.rows),
            snippet=_snippet(text),
            text="\n".join(" | ".join(c.text for c in r.cells) for r in table.rows),
        )

    def column_name(self, column_key: str) -> str:
        for column in self.spec.table.columns:
            if column.key == column_key:
                return column.label.get(self.catalog.language) or column_key
        return column_key

    def _action_rows(
        self, table: TableBlock, header_index: int, known: dict[str, Cell], unknown: list[Cell]
    ) -> None:
        number = table.number
        columns = [c.key for c in self.spec.table.columns]
        for missing in (c for c in columns if c not in known):
            self.add(
                "warning",
                "missing_column",
                Location(heading=self.heading, table=number),
                column=self.column_name(missing),
            )
        for cell in unknown:
            if cell.text:
                self.add(
                    "warning",
                    "unknown_column",
                    Location(heading=self.heading, table=number, column=_snippet(cell.text)),
                    column=_snippet(cell.text),
                )
        grid_start = {k: c.col for k, c in known.items()}
        mapped_cols = {c.col for c in known.values()}
        unknown_cols = {c.col: c.text for c in unknown}
        width = max((c.col + c.span for r in table.rows for c in r.cells), default=0)
        previous: dict[int, str] = {}
        last_target: str | None = None
        for r_index in range(header_index + 1, len(table.rows)):
            row = table.rows[r_index]
            row_no = r_index + 1
            loc = Location(heading=self.heading, table=number, row=row_no)
            texts = [c.text for c in row.cells]
            if not any(texts):
                continue
            if self._header_again(row):
                continue
            if len(row.cells) == 1 and row.cells[0].span >= max(width, 2):
                text = row.cells[0].text
                area = self.labels.area(text, heading=True)
                if area is not None:
                    self._set_heading(text)
                    self.area = area
                else:
                    self.add("warning", "merged_row", loc, text=text, snippet=_snippet(text))
                continue
            values: dict[int, str] = {}
            paras: dict[int, list[Para]] = {}
            for cell in row.cells:
                covered = [c for c in range(cell.col, cell.col + cell.span) if c in mapped_cols]
                if len(covered) > 1:
                    names = [self.column_name(k) for k, col in grid_start.items() if col in covered]
                    if cell.text:
                        self.add(
                            "warning",
                            "merged_cell",
                            loc.model_copy(update={"column": " + ".join(names)}),
                            columns=" + ".join(names),
                            text=cell.text,
                            snippet=_snippet(cell.text),
                        )
                    for c in covered:
                        values[c] = ""
                        paras[c] = []
                    continue
                col = covered[0] if covered else cell.col
                if cell.vmerge == "continue":
                    values[col] = previous.get(col, "")
                    paras[col] = []
                    if values[col] and col != grid_start.get("kehittamiskohde"):
                        self.add(
                            "info",
                            "merged_cell_copied",
                            loc.model_copy(
                                update={"column": self.column_name(self._key_at(grid_start, col))}
                            ),
                        )
                    continue
                values[col] = cell.text
                paras[col] = cell.paras
                if col not in mapped_cols and cell.text:
                    self.add(
                        "warning",
                        "unknown_column_text",
                        loc.model_copy(update={"column": _snippet(unknown_cols.get(col, str(col + 1)))}),
                        text=cell.text,
                        snippet=_snippet(cell.text),
                    )
            previous.update({c: v for c, v in values.items()})
            last_target = self._row(loc, grid_start, values, paras, last_target)

    @staticmethod
    def _key_at(grid_start: dict[str, int], col: int) -> str:
        return next((k for k, c in grid_start.items() if c == col), str(col))

    def _header_again(self, row: Row) -> bool:
        hits = sum(1 for c in row.cells if self.labels.columns.get(key(c.text)) is not None)
        return hits >= 2

    def _row(
        self,
        loc: Location,
        grid_start: dict[str, int],
        values: dict[int, str],
        paras: dict[int, list[Para]],
        last_target: str | None,
    ) -> str | None:
        def get(column: str) -> str:
            col = grid_start.get(column)
            return values.get(col, "") if col is not None else ""

        def cell_paras(column: str) -> list[Para]:
            col = grid_start.get(column)
            if col is None:
                return []
            return paras.get(col) or [Para(text=line) for line in values.get(col, "").split("\n")]

        target_text, matched = self._target_cell(get("kehittamiskohde"), cell_paras("kehittamiskohde"))
        action_text, markers, example = self._action_cell(
            cell_paras("toimenpiteet"), loc, matched.name if matched else ""
        )
        schedule_text = get("aikataulu_ja_vastuuhenkilo")
        schedule = parse_schedule(schedule_text, self.labels)
        prerequisites = self._prerequisites(cell_paras("edellytykset"))
        has_content = bool(
            action_text or prerequisites or schedule.unlabelled or any(s.text for s in schedule.segments)
        )
        if "kehittamiskohde" not in grid_start:
            if has_content or target_text:
                self.add("warning", "row_not_imported", loc, text=" | ".join(v for v in values.values() if v))
            return last_target
        target: TargetSpec | None = None
        name = target_text
        if target_text:
            target = matched
            if target is None:
                if (loc.table, target_text) not in self.unknown_reported:
                    self.unknown_reported.add((loc.table, target_text))  # once per table (merged cells)
                    suggestion = self.labels.suggest_target(target_text)
                    self.add(
                        "warning",
                        "unknown_target",
                        loc.model_copy(update={"column": self.column_name("kehittamiskohde")}),
                        given=target_text,
                        suggestion=suggestion.name if suggestion else "-",
                    )
            else:
                name = target.name
                self._check_area(target, loc)
        elif has_content:
            if last_target is None:
                self.add("warning", "row_without_target", loc, text=action_text or schedule_text)
                return None
            name = last_target
            self.add("info", "target_from_row_above", loc, target=name)
        if not has_content:
            self.skeleton_ranges.update(schedule.ranges())
            return name or last_target
        if schedule.unlabelled:
            self.add(
                "warning",
                "schedule_unlabelled",
                loc.model_copy(update={"column": self.column_name("aikataulu_ja_vastuuhenkilo")}),
                text=schedule.unlabelled,
                snippet=_snippet(schedule.unlabelled),
            )
        self.actions.append(
            RawAction(
                target=name,
                location=loc,
                text=action_text,
                schedule=schedule,
                prerequisites=prerequisites,
                markers=markers,
                template_example=example,
            )
        )
        return name

    def _check_area(self, target: TargetSpec, loc: Location) -> None:
        area = self.spec.area_of_target(target.name)
        if self.area is not None and area is not None and area.key != self.area.key:
            self.add(
                "warning",
                "target_in_other_area",
                loc,
                target=target.name,
                area=area.name,
                heading_area=self.area.name,
            )

    def _target_cell(self, text: str, paras: list[Para]) -> tuple[str, TargetSpec | None]:
        """The target a cell names: its whole text (hyphenated lines joined), or its first paragraph when
        the other paragraphs are translations of the same target (our sv/en export)."""
        written = dehyphenate(text)
        target = self.labels.target(written)
        if target is not None or not written:
            return written, target
        lines = [dehyphenate(p.text) for p in paras if p.text.strip()]
        if len(lines) > 1:
            first = self.labels.target(lines[0])
            if first is not None and all(self.labels.target(line) is first for line in lines[1:]):
                return lines[0], first
        return written, None

    def _action_cell(self, paras: list[Para], loc: Location, name: str) -> tuple[str, list[int], bool]:
        """The action text (template examples removed), its "[n]" source markers, and whether it is a
        template example kept on purpose (not italic, no "Esim.")."""
        lines: list[str] = []
        column = self.column_name("toimenpiteet")
        kept_example = False
        for para in paras:
            text = para.text.strip()
            if not text:
                lines.append("")
                continue
            is_example_prefixed, _ = strip_example_prefix(text)
            known = self.labels.example_of(name, _MARKERS.sub("", text))
            if is_example_prefixed:
                self.add(
                    "info" if known else "warning",
                    "example_not_imported" if known else "esim_not_imported",
                    loc.model_copy(update={"column": column}),
                    text=text,
                    snippet=_snippet(text),
                )
                continue
            if known and para.all_italic:
                self.add(
                    "info",
                    "example_not_imported",
                    loc.model_copy(update={"column": column}),
                    text=text,
                    snippet=_snippet(text),
                )
                continue
            kept_example = kept_example or known
            lines.append(para.text)
        text = _join_lines(lines)
        markers: list[int] = []
        match = _MARKERS.search(text)
        if match:
            markers = [int(n) for n in _NUMBER.findall(match.group(0))]
            text = text[: match.start()].rstrip()
        only_example = kept_example and len([line for line in lines if line.strip()]) == 1
        return text, markers, only_example

    def _prerequisites(self, paras: list[Para]) -> str:
        """The prerequisites cell without the template's hint ("Esim. tarvittavat resurssit, investoinnit",
        which a hand-filled template often keeps, split over two lines)."""
        lines = [line for para in paras for line in para.text.split("\n")]
        kept: list[str] = []
        i = 0
        while i < len(lines):
            for width in (1, 2, 3):
                window = lines[i : i + width]
                if len(window) == width and window[-1].strip() and self.labels.is_hint("\n".join(window)):
                    self.skipped["hint"] += 1
                    i += width
                    break
            else:
                kept.append(lines[i])
                i += 1
        return _join_lines(kept)

    # --- the document --------------------------------------------------------------------------------

    def run(self, content: DocxContent) -> None:
        for block in content.blocks:
            if isinstance(block, Para):
                self.paragraph(block)
            else:
                self.table(block)
        self._flush_outside()
        for profile in self.assessment.problems:
            self.add("warning", "assessment_profile_unknown", Location(), profile=profile)
        if self.front_texts:
            self.add(
                "info",
                "front_matter_skipped",
                Location(heading=""),
                count=len(self.front_texts),
                text="\n".join(self.front_texts),
            )
        for reason, count in sorted(self.skipped.items()):
            self.add("info", f"skipped_{reason}", Location(heading=""), count=count)
