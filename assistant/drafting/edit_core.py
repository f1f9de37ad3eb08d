"""The shared part of direct plan edits (see `assistant.drafting.edits`): the result type, the row
columns, and the save/refuse/conflict helpers every edit ends with."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, Field

from assistant.i18n import load_catalog
from assistant.storage import ConflictError, PlanStore
from assistant.template.validator import Finding, ValidationReport

# Columns of a table row, in the template's order (the row's `id` is None for a new action).
ROW_FIELDS: tuple[str, ...] = (
    "kehittamiskohde",
    "toimenpide",
    "lyhyt_aikavali",
    "pitka_aikavali",
    "vastuuhenkilo",
    "edellytykset",
)
# A row is an action when one of these has text.
TEXT_FIELDS: tuple[str, ...] = ROW_FIELDS[1:]
# Findings about an empty text field: reported, never blocking (see the module docstring).
EMPTINESS_CODES = frozenset({"required_field_empty", "required_one_of", "required_section_empty"})
TARGET_NOT_IN_AREA = "target_not_in_area"

ACTION_PATH = re.compile(r"^/toimenpiteet/(\d+)(?:/(.*))?$")


class EditResult(BaseModel):
    """What happened to an edit. `findings`: the blocking ones when refused, else the whole plan's."""

    saved: bool
    version: int = Field(description="The stored version after the edit (unchanged when not saved).")
    findings: list[Finding] = Field(default_factory=list)
    conflict: bool = False
    message: str = ""
    paths: list[str] = Field(
        default_factory=list, description="JSON Pointers of what the edit touched, in the edited plan."
    )
    changes: list[dict[str, Any]] = Field(default_factory=list)

    @property
    def refused(self) -> bool:
        """Not saved because of validation errors (not a conflict, not an unchanged value)."""
        return not self.saved and not self.conflict and any(f.severity == "error" for f in self.findings)

    def relevant(self, prefixes: Sequence[str] | None = None) -> list[Finding]:
        """Findings at or below the given JSON Pointers (default: the edited paths)."""
        wanted = list(self.paths if prefixes is None else prefixes)
        return [f for f in self.findings if any(under(f.path, p) for p in wanted)]


def under(path: str, prefix: str) -> bool:
    return path == prefix or path.startswith(prefix.rstrip("/") + "/")


def cell_text(value: Any) -> str:
    """A table or form value as stripped text: None, NaN and pandas' NA become ''."""
    if value is None:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    if type(value).__name__ in {"NAType", "NaTType"}:
        return ""
    return str(value).strip()


def t(language: str, key: str, **params: Any) -> str:
    return load_catalog(language).t(key, **params)


def conflict_result(plan_id: str, expected: int, current: int, language: str) -> EditResult:
    exc = ConflictError(plan_id, expected, current)
    return EditResult(saved=False, version=current, conflict=True, message=exc.message(language))


def save_edit(
    store: PlanStore,
    plan_id: str,
    plan: BaseModel,
    *,
    expected_version: int,
    author: str,
    summary: str,
    changes: list[dict[str, Any]],
    paths: list[str],
    report: ValidationReport,
    language: str,
) -> EditResult:
    try:
        stored = store.save(
            plan_id, plan, expected_version=expected_version, author=author, summary=summary, changes=changes
        )
    except ConflictError as exc:
        return EditResult(
            saved=False,
            version=exc.current_version,
            conflict=True,
            message=exc.message(language),
            paths=paths,
        )
    return EditResult(
        saved=True,
        version=stored.version,
        findings=report.findings,
        message=t(language, "ui.plan.edit.saved", version=stored.version),
        paths=paths,
        changes=changes,
    )


def unchanged_result(version: int, language: str) -> EditResult:
    return EditResult(saved=False, version=version, message=t(language, "ui.plan.edit.unchanged"))


def refused_result(version: int, blocking: list[Finding], paths: list[str], language: str) -> EditResult:
    return EditResult(
        saved=False,
        version=version,
        findings=blocking,
        message=t(language, "ui.plan.edit.refused", count=len(blocking)),
        paths=paths,
    )
