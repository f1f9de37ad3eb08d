"""Direct edits of a stored plan (a text field, or the action table of one area), validated before saving.

UI-independent: the plan page uses it, and so can any other editor. Each edit

1. loads the stored plan and refuses a stale `expected_version` (a conflict, nothing saved);
2. builds the edited plan (actions of other areas, and the sources, status and origin of existing
   actions, are kept);
3. validates it with `validate_plan`, and refuses the edit when it *introduces* an error on what was
   edited: an unknown or misspelt target name, a year outside the plan's periods, a row with text but no
   schedule, responsible person or prerequisites. Nothing is saved and the blocking findings are returned;
4. otherwise saves it as one revision with the author and the changes `{path, old, new}`, and returns the
   new version with the plan's remaining findings.

Policy for emptiness: clearing a text field of 3.1-3.3 or 3.5 is allowed even when the template requires
it (a user rewriting a section must be able to empty it first); the resulting `required_field_empty`
finding is returned with the saved result instead of blocking. A table row is different: a row that has
text is an action, and an action without a schedule, a responsible person or prerequisites is an invalid
value of the table (the template: "Lisää kaikille toimenpiteille aikataulu, vastuuhenkilö ja
edellytykset/vaatimukset"). Errors that already existed before the edit, in fields the edit did not
touch, do not block (an action drafted in the chat without a responsible person can still be edited).

Rows of a table edit: a row whose text fields are all empty is ignored (a blank new row) or, for an
existing action, deletes it; an action of the area missing from the rows is deleted. New actions are
inserted after the area's last existing action (at the end of the plan when the area had none).

Change paths form a sequential patch: deletions first (indices of the stored plan, last first), then
insertions and field changes (indices of the saved plan).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from assistant.drafting.action_edits import apply_actions_edit, area_actions
from assistant.drafting.edit_core import (
    EMPTINESS_CODES,
    ROW_FIELDS,
    TARGET_NOT_IN_AREA,
    TEXT_FIELDS,
    EditResult,
    cell_text,
    conflict_result,
    refused_result,
    save_edit,
    unchanged_result,
    under,
)
from assistant.paths import KNOWLEDGE_DIR
from assistant.storage import PlanStore
from assistant.template.spec import load_template
from assistant.template.validator import schema_findings, validate_plan

__all__ = [
    "EMPTINESS_CODES",
    "ROW_FIELDS",
    "TARGET_NOT_IN_AREA",
    "TEXT_FIELDS",
    "EditResult",
    "apply_actions_edit",
    "apply_field_edit",
    "apply_section_edit",
    "area_actions",
    "cell_text",
]


def apply_field_edit(
    store: PlanStore,
    plan_id: str,
    *,
    expected_version: int,
    section_key: str,
    field_key: str,
    value: str | None,
    author: str,
    language: str = "fi",
    knowledge_dir: Path = KNOWLEDGE_DIR,
) -> EditResult:
    """Set one text field of 3.1-3.3 or 3.5 (`section_key` is the section's key or number).

    Raises `ValueError` for a section or field the template does not have, `PlanNotFoundError` when the
    plan does not exist."""
    return apply_section_edit(
        store,
        plan_id,
        expected_version=expected_version,
        section_key=section_key,
        values={field_key: value},
        author=author,
        language=language,
        knowledge_dir=knowledge_dir,
    )


def apply_section_edit(
    store: PlanStore,
    plan_id: str,
    *,
    expected_version: int,
    section_key: str,
    values: Mapping[str, str | None],
    author: str,
    language: str = "fi",
    knowledge_dir: Path = KNOWLEDGE_DIR,
) -> EditResult:
    """Set several text fields of one section at once: one revision for all of them (a form's Save)."""
    spec = load_template(knowledge_dir)
    try:
        section = spec.section(section_key)
    except KeyError:
        raise ValueError(f"the template has no section {section_key!r}") from None
    unknown = sorted(set(values) - {f.key for f in section.fields})
    if unknown:
        raise ValueError(f"section {section.id} has no field(s) {', '.join(map(repr, unknown))}")

    stored = store.get(plan_id)
    if stored.version != expected_version:
        return conflict_result(plan_id, expected_version, stored.version, language)
    current = getattr(stored.plan, section.key)
    plan = stored.plan.model_copy(deep=True)
    edited = getattr(plan, section.key)
    changes: list[dict[str, Any]] = []
    for field in section.fields:  # the template's order
        if field.key not in values:
            continue
        old, new = getattr(current, field.key), cell_text(values[field.key])
        if new != old:
            try:
                setattr(edited, field.key, new)  # the schema's limits (and text repair) apply here
            except ValidationError as exc:
                found = schema_findings(
                    exc, language=language, knowledge_dir=knowledge_dir, prefix=(section.key,)
                )
                return refused_result(stored.version, found, [f"/{section.key}/{field.key}"], language)
            changes.append({"path": f"/{section.key}/{field.key}", "old": old, "new": new})
    if not changes:
        return unchanged_result(stored.version, language)

    paths = [c["path"] for c in changes]
    before = validate_plan(stored.plan, language=language, knowledge_dir=knowledge_dir)
    after = validate_plan(plan, language=language, knowledge_dir=knowledge_dir)
    known = {(f.path, f.code) for f in before.findings if f.severity == "error"}
    blocking = [
        f
        for f in after.findings
        if f.severity == "error"
        and f.code not in EMPTINESS_CODES
        and any(under(f.path, p) for p in paths)
        and ((f.path, f.code) not in known or f.path in paths)
    ]
    if blocking:
        return refused_result(stored.version, blocking, paths, language)
    keys = ", ".join(p.rsplit("/", 1)[1] for p in paths)
    return save_edit(
        store,
        plan_id,
        plan,
        expected_version=expected_version,
        author=author,
        summary=f"edit {section.id}: {keys}",
        changes=changes,
        paths=paths,
        report=after,
        language=language,
    )
