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

import math
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from assistant.i18n import load_catalog
from assistant.paths import KNOWLEDGE_DIR
from assistant.storage import ConflictError, PlanStore
from assistant.template.models import Action
from assistant.template.spec import AreaSpec, TemplateSpec, load_template
from assistant.template.validator import Finding, ValidationReport, schema_findings, validate_plan

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

_ACTION_PATH = re.compile(r"^/toimenpiteet/(\d+)(?:/(.*))?$")


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
        return [f for f in self.findings if any(_under(f.path, p) for p in wanted)]


def _under(path: str, prefix: str) -> bool:
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


def _t(language: str, key: str, **params: Any) -> str:
    return load_catalog(language).t(key, **params)


def _conflict(plan_id: str, expected: int, current: int, language: str) -> EditResult:
    exc = ConflictError(plan_id, expected, current)
    return EditResult(saved=False, version=current, conflict=True, message=exc.message(language))


def _save(
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
        message=_t(language, "ui.plan.edit.saved", version=stored.version),
        paths=paths,
        changes=changes,
    )


def _unchanged(version: int, language: str) -> EditResult:
    return EditResult(saved=False, version=version, message=_t(language, "ui.plan.edit.unchanged"))


def _refused(version: int, blocking: list[Finding], paths: list[str], language: str) -> EditResult:
    return EditResult(
        saved=False,
        version=version,
        findings=blocking,
        message=_t(language, "ui.plan.edit.refused", count=len(blocking)),
        paths=paths,
    )


# --- text fields ---------------------------------------------------------------------------------------


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
        return _conflict(plan_id, expected_version, stored.version, language)
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
                return _refused(stored.version, found, [f"/{section.key}/{field.key}"], language)
            changes.append({"path": f"/{section.key}/{field.key}", "old": old, "new": new})
    if not changes:
        return _unchanged(stored.version, language)

    paths = [c["path"] for c in changes]
    before = validate_plan(stored.plan, language=language, knowledge_dir=knowledge_dir)
    after = validate_plan(plan, language=language, knowledge_dir=knowledge_dir)
    known = {(f.path, f.code) for f in before.findings if f.severity == "error"}
    blocking = [
        f
        for f in after.findings
        if f.severity == "error"
        and f.code not in EMPTINESS_CODES
        and any(_under(f.path, p) for p in paths)
        and ((f.path, f.code) not in known or f.path in paths)
    ]
    if blocking:
        return _refused(stored.version, blocking, paths, language)
    keys = ", ".join(p.rsplit("/", 1)[1] for p in paths)
    return _save(
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


# --- the action table of one area ------------------------------------------------------------------------


def area_actions(plan: Any, area: AreaSpec, spec: TemplateSpec) -> list[tuple[int, Action]]:
    """(index, action) of the plan's actions in this area (target names matched like the validator)."""
    return [
        (i, action)
        for i, action in enumerate(plan.toimenpiteet)
        if (found := spec.area_of_target(action.kehittamiskohde)) is not None and found.key == area.key
    ]


def _row_values(row: Mapping[str, Any]) -> dict[str, str]:
    return {name: cell_text(row.get(name)) for name in ROW_FIELDS}


def _action_key(finding: Finding, plan: Any) -> tuple[str, str, str] | None:
    """(action id, field, code) of a finding about an action, else None."""
    match = _ACTION_PATH.match(finding.path)
    if match is None or int(match[1]) >= len(plan.toimenpiteet):
        return None
    return plan.toimenpiteet[int(match[1])].id, match[2] or "", finding.code


def apply_actions_edit(
    store: PlanStore,
    plan_id: str,
    *,
    expected_version: int,
    area_key: str,
    rows: Sequence[Mapping[str, Any]],
    author: str,
    language: str = "fi",
    knowledge_dir: Path = KNOWLEDGE_DIR,
) -> EditResult:
    """Replace the actions of one area with the edited table rows.

    Each row has `id` (None for a new action) and the fields of `ROW_FIELDS`; see the module docstring
    for blank rows, deletions and ordering. Raises `ValueError` for an area the template does not have."""
    spec = load_template(knowledge_dir)
    try:
        area = spec.area(area_key)
    except KeyError:
        raise ValueError(f"the template has no area {area_key!r}") from None

    stored = store.get(plan_id)
    if stored.version != expected_version:
        return _conflict(plan_id, expected_version, stored.version, language)
    old_actions: list[Action] = list(stored.plan.toimenpiteet)  # type: ignore[attr-defined]
    in_area = area_actions(stored.plan, area, spec)
    index_of = {action.id: i for i, action in in_area}

    kept: dict[int, Action] = {}
    added: list[Action] = []
    too_long: list[Finding] = []
    used_ids = {a.id for a in old_actions}
    for number, row in enumerate(rows):
        values = _row_values(row)
        if not any(values[name] for name in TEXT_FIELDS):
            continue  # a blank row: ignored if new, the action deleted if existing
        row_id = cell_text(row.get("id"))
        index = index_of.get(row_id)
        try:  # the schema's limits apply to every cell: all over-long cells are named at once
            if index is not None and index not in kept:
                old = old_actions[index]
                kept[index] = Action.model_validate({**old.model_dump(), **values})
            else:
                action = Action(**values)
                while action.id in used_ids:  # practically never: uuid-based ids
                    action = Action(**values)
                used_ids.add(action.id)
                added.append(action)
        except ValidationError as exc:
            too_long += schema_findings(
                exc, language=language, knowledge_dir=knowledge_dir, prefix=("toimenpiteet", number)
            )
    if too_long:
        return _refused(stored.version, too_long, ["/toimenpiteet"], language)
    deleted = {i for i, _ in in_area if i not in kept}

    # The saved list: kept actions in place, new ones after the area's last existing action.
    insert_after = in_area[-1][0] if in_area else len(old_actions) - 1
    actions: list[Action] = []
    new_index: dict[int, int] = {}
    added_at: list[int] = []
    if insert_after < 0:
        added_at.extend(range(len(added)))
        actions.extend(added)
    for i, action in enumerate(old_actions):
        if i not in deleted:
            new_index[i] = len(actions)
            actions.append(kept.get(i, action))
        if i == insert_after:
            added_at.extend(range(len(actions), len(actions) + len(added)))
            actions.extend(added)

    changes: list[dict[str, Any]] = [
        {"path": f"/toimenpiteet/{i}", "old": old_actions[i].model_dump(mode="json"), "new": None}
        for i in sorted(deleted, reverse=True)
    ]
    changes += [
        {"path": f"/toimenpiteet/{j}", "old": None, "new": actions[j].model_dump(mode="json")}
        for j in added_at
    ]
    changed_fields: set[tuple[str, str]] = set()
    edited: set[int] = set(added_at)
    for i, action in sorted(kept.items()):
        old = old_actions[i]
        for name in ROW_FIELDS:
            if getattr(old, name) != getattr(action, name):
                changed_fields.add((action.id, name))
                edited.add(new_index[i])
                path = f"/toimenpiteet/{new_index[i]}/{name}"
                changes.append({"path": path, "old": getattr(old, name), "new": getattr(action, name)})
    if not changes:
        return _unchanged(stored.version, language)

    plan = stored.plan.model_copy(deep=True)
    try:
        plan.toimenpiteet = actions  # type: ignore[attr-defined]
    except ValidationError as exc:  # more actions than the template's limit
        found = schema_findings(exc, language=language, knowledge_dir=knowledge_dir)
        return _refused(stored.version, found, ["/toimenpiteet"], language)
    paths = [f"/toimenpiteet/{j}" for j in sorted(edited)]
    before = validate_plan(stored.plan, language=language, knowledge_dir=knowledge_dir)
    after = validate_plan(plan, language=language, knowledge_dir=knowledge_dir)
    known = {k for f in before.findings if f.severity == "error" and (k := _action_key(f, stored.plan))}

    blocking: list[Finding] = []
    for j in sorted(edited):
        action = actions[j]
        is_new = j in added_at
        target_changed = is_new or (action.id, "kehittamiskohde") in changed_fields
        its_area = spec.area_of_target(action.kehittamiskohde)
        if (
            target_changed
            and spec.target_by_name(action.kehittamiskohde)
            and its_area
            and its_area.key != area.key
        ):
            blocking.append(_not_in_area(j, action, area, its_area, language))
    for finding in after.findings:
        key = _action_key(finding, plan) if finding.severity == "error" else None
        if key is None or not any(_under(finding.path, p) for p in paths):
            continue
        action_id, field, _code = key
        if key not in known or (action_id, field) in changed_fields:
            blocking.append(finding)
    if blocking:
        return _refused(stored.version, blocking, paths, language)

    counts = f"+{len(added_at)} ~{len(edited) - len(added_at)} -{len(deleted)}"
    return _save(
        store,
        plan_id,
        plan,
        expected_version=expected_version,
        author=author,
        summary=f"edit {area.section} {area.key}: {counts}",
        changes=changes,
        paths=paths,
        report=after,
        language=language,
    )


def _not_in_area(index: int, action: Action, area: AreaSpec, found: AreaSpec, language: str) -> Finding:
    params = {"given": action.kehittamiskohde, "area": area.name, "other": found.name}
    return Finding(
        severity="error",
        code=TARGET_NOT_IN_AREA,
        path=f"/toimenpiteet/{index}/kehittamiskohde",
        message=_t(language, f"ui.plan.edit.{TARGET_NOT_IN_AREA}", **params),
        params=params,
    )
