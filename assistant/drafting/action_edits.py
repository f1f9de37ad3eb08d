"""Edits of the action table of one area (the plan page's table Save): rows replace the area's actions,
validated before saving. Policy and ordering: see `assistant.drafting.edits`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from assistant.drafting.edit_core import (
    ACTION_PATH,
    ROW_FIELDS,
    TARGET_NOT_IN_AREA,
    TEXT_FIELDS,
    EditResult,
    cell_text,
    conflict_result,
    refused_result,
    save_edit,
    t,
    unchanged_result,
    under,
)
from assistant.paths import KNOWLEDGE_DIR
from assistant.storage import PlanStore
from assistant.template.models import Action
from assistant.template.spec import AreaSpec, TemplateSpec, load_template
from assistant.template.validator import Finding, schema_findings, validate_plan


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
    match = ACTION_PATH.match(finding.path)
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
        return conflict_result(plan_id, expected_version, stored.version, language)
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
        return refused_result(stored.version, too_long, ["/toimenpiteet"], language)
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
        return unchanged_result(stored.version, language)

    plan = stored.plan.model_copy(deep=True)
    try:
        plan.toimenpiteet = actions  # type: ignore[attr-defined]
    except ValidationError as exc:  # more actions than the template's limit
        found = schema_findings(exc, language=language, knowledge_dir=knowledge_dir)
        return refused_result(stored.version, found, ["/toimenpiteet"], language)
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
        if key is None or not any(under(finding.path, p) for p in paths):
            continue
        action_id, field, _code = key
        if key not in known or (action_id, field) in changed_fields:
            blocking.append(finding)
    if blocking:
        return refused_result(stored.version, blocking, paths, language)

    counts = f"+{len(added_at)} ~{len(edited) - len(added_at)} -{len(deleted)}"
    return save_edit(
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
        message=t(language, f"ui.plan.edit.{TARGET_NOT_IN_AREA}", **params),
        params=params,
    )
