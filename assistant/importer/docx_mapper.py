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

from assistant.importer.docx_reader import DocxContent, Para
from assistant.importer.docx_state import SNIPPET, TABLE_SECTION, RawAction, _snippet, action_id
from assistant.importer.docx_tables import ActionTables
from assistant.importer.labels import FieldRef, dehyphenate, key, letter_of
from assistant.importer.models import Location
from assistant.template.spec import GroupSpec, SectionSpec

__all__ = ["SNIPPET", "TABLE_SECTION", "DocxMapper", "RawAction", "action_id"]


class DocxMapper(ActionTables):
    """One use per document: `map(content)` returns the plan data (a dict) and fills `findings`."""

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
