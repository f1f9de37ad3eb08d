"""The validation gate in front of every export: a plan with errors is refused unless exported as a draft.

`check_plan` validates the plan (a plan model, a dict or JSON) with `validate_plan` and returns the parsed
plan with its report. It raises `ExportRefused` when the plan has errors and `draft` is false, and also
when the data cannot be read as a plan at all (schema errors leave nothing to export, draft or not).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from assistant.i18n import load_catalog
from assistant.paths import KNOWLEDGE_DIR
from assistant.template.validator import Finding, ValidationReport, validate_plan


class ExportError(Exception):
    """Base class of export errors; `message(lang)` is the user-facing text from the `export.error.*` keys."""

    key: str = "failed"

    def params(self) -> dict[str, Any]:
        return {}

    def message(self, lang: str = "fi") -> str:
        return load_catalog(lang).t(f"export.error.{self.key}", **self.params())


class ExportRefused(ExportError):
    """The plan has validation errors (or is not a plan): it is not exported. Carries the full report."""

    def __init__(self, report: ValidationReport, *, unreadable: bool = False) -> None:
        self.report = report
        self.unreadable = unreadable
        self.key = "unreadable" if unreadable else "refused"
        super().__init__(f"export refused: {report.counts()['error']} validation errors")

    @property
    def errors(self) -> list[Finding]:
        return self.report.by_severity("error")

    def params(self) -> dict[str, Any]:
        return {"count": len(self.errors)}


class UnknownFormat(ExportError):
    key = "unknown_format"

    def __init__(self, fmt: str, known: tuple[str, ...]) -> None:
        super().__init__(f"unknown export format {fmt!r}")
        self.fmt, self.known = fmt, known

    def params(self) -> dict[str, Any]:
        return {"format": self.fmt, "formats": ", ".join(self.known)}


class UnknownLanguage(ExportError):
    key = "unknown_language"

    def __init__(self, language: str) -> None:
        super().__init__(f"unknown export language {language!r}")
        self.language = language

    def params(self) -> dict[str, Any]:
        return {"language": self.language}


@dataclass(frozen=True)
class Checked:
    """A plan that passed the gate (valid, or a draft) and its validation report."""

    plan: BaseModel
    report: ValidationReport
    draft: bool


def check_plan(
    plan: Any, *, language: str = "fi", draft: bool = False, knowledge_dir: Path = KNOWLEDGE_DIR
) -> Checked:
    """Validate `plan`; refuse it (ExportRefused) if it has errors and `draft` is false."""
    report = validate_plan(plan, language=language, knowledge_dir=knowledge_dir)
    if report.plan is None:
        raise ExportRefused(report, unreadable=True)
    if not report.valid and not draft:
        raise ExportRefused(report)
    return Checked(plan=report.plan, report=report, draft=draft)
