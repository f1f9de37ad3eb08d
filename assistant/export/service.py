"""The export service: validation and export bound to one template (KNOWLEDGE_DIR), built by the
composition root (`assistant.container`). The functions of `assistant.export` do the work."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from assistant.export import ExportResult, export_plan, render
from assistant.export.gate import Checked, check_plan
from assistant.template.validator import ValidationReport, validate_plan


class Exporter:
    def __init__(self, knowledge_dir: Path) -> None:
        self.knowledge_dir = knowledge_dir

    def validate(self, plan: Any, *, language: str = "fi") -> ValidationReport:
        """Every finding of the template's rules (the plan may be a model, a dict or JSON bytes)."""
        return validate_plan(plan, language=language, knowledge_dir=self.knowledge_dir)

    def check(self, plan: Any, *, language: str = "fi", draft: bool = False) -> Checked:
        """The export gate: `ExportRefused` for a plan with errors unless `draft`."""
        return check_plan(plan, language=language, draft=draft, knowledge_dir=self.knowledge_dir)

    def render(
        self,
        checked: Checked,
        fmt: str,
        *,
        language: str,
        today: date | None = None,
        version: int | None = None,
    ) -> ExportResult:
        """Write a plan that passed `check` in `fmt` (docx, md, json, xlsx); `version`: the stored
        version shown in the document's header block."""
        return render(
            checked, fmt, language=language, today=today, knowledge_dir=self.knowledge_dir, version=version
        )

    def export(
        self,
        plan: Any,
        fmt: str,
        *,
        language: str | None = None,
        draft: bool = False,
        today: date | None = None,
        version: int | None = None,
    ) -> ExportResult:
        """Validate and write in one step (`language` None: the plan's own; `version`: the stored
        version shown in the document's header block)."""
        return export_plan(
            plan,
            fmt,
            language=language,
            draft=draft,
            today=today,
            knowledge_dir=self.knowledge_dir,
            version=version,
        )
