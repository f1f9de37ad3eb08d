"""Results of an import: the plan (or None), what could not be mapped, and the validation report."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.i18n import load_catalog
from assistant.template.validator import ValidationReport

ImportFormat = Literal["json", "docx"]
MappingSeverity = Literal["warning", "info"]


class Location(BaseModel):
    """Where in the document a finding is: the heading it is under, and the table cell if any.

    `table` is the 1-based number of the table in the document, `row` the 1-based row in that table
    (the header row is row 1) and `column` the column's header text (or its 1-based number)."""

    model_config = ConfigDict(extra="forbid")

    heading: str = ""
    table: int | None = None
    row: int | None = None
    column: str = ""

    def describe(self, language: str = "fi") -> str:
        """ "<heading> / taulukko 2 / rivi 3 / sarake Toimenpiteet" in the given language."""
        t = load_catalog(language).t
        parts = [self.heading] if self.heading else []
        if self.table is not None:
            parts.append(t("importer.location.table", number=self.table))
        if self.row is not None:
            parts.append(t("importer.location.row", number=self.row))
        if self.column:
            parts.append(t("importer.location.column", name=self.column))
        return " / ".join(parts)


class MappingFinding(BaseModel):
    """Something in the document that was not mapped to the plan as it stands (or was mapped with care).

    warning: content that was NOT imported (or imported differently than written): the user should look.
    info: template material that was skipped on purpose (example actions, instructions, hints)."""

    model_config = ConfigDict(extra="forbid")

    severity: MappingSeverity
    code: str
    location: Location = Field(default_factory=Location)
    message: str
    params: dict[str, Any] = Field(default_factory=dict)


class ImportResult(BaseModel):
    """`plan` is None when the content could not be turned into a plan (then `validation` says why)."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    format: ImportFormat
    plan: Any | None = None
    findings: list[MappingFinding] = Field(default_factory=list)
    validation: ValidationReport

    @property
    def ok(self) -> bool:
        """True when there is a plan to store."""
        return self.plan is not None

    def warnings(self) -> list[MappingFinding]:
        return [f for f in self.findings if f.severity == "warning"]

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "imported": self.ok,
            "findings": [f.model_dump(mode="json") for f in self.findings],
            "validation": self.validation.to_json_dict(),
        }
